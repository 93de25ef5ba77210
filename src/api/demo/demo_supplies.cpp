#include "api/demo/demo_supplies.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/demo/demo_spread.hpp"

namespace fk::api {
namespace {

struct DistrictDepots {
  int64_t warehouse = 0, hospital = 0;
  std::vector<int64_t> communities;
};

using demo_spread::Spread;

}  // namespace

Status StoreSupplies(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                     int days, int64_t now) {
  using K = ops::MovementKind;
  std::vector<DistrictDepots> districts;
  for (const auto& d : pop.districts) {
    DistrictDepots depots;
    auto w = s.supplies.CreateDepot(ctx, d.name + "物资储备库", "warehouse", d.code);
    if (!w.ok()) return w.error();
    auto h = s.supplies.CreateDepot(ctx, d.name + "定点医院", "hospital", d.code);
    if (!h.ok()) return h.error();
    depots.warehouse = w->id;
    depots.hospital = h->id;
    for (uint32_t st = d.first_child; st < d.end_child; ++st) {
      const auto& street = pop.streets[st];
      for (uint32_t c = street.first_child; c < street.end_child; ++c) {
        const auto& community = pop.communities[c];
        auto depot =
            s.supplies.CreateDepot(ctx, community.name + "物资点", "community", community.code);
        if (!depot.ok()) return depot.error();
        depots.communities.push_back(depot->id);
      }
    }
    districts.push_back(std::move(depots));
  }
  std::vector<ops::SupplyService::Timed> history;
  auto add = [&](int64_t at, K kind, const char* item, std::optional<int64_t> from,
                 std::optional<int64_t> to, int64_t quantity, std::string note = {}) {
    if (quantity > 0) history.push_back({at, {kind, item, from, to, quantity, std::move(note)}});
  };
  const int64_t start = now - int64_t{days} * 86400;
  for (const auto& d : districts) {
    // A donation to start with, then the factories' daily output.
    add(start, K::kDonation, "mask", {}, d.warehouse, 200000, "社会捐赠");
    add(start, K::kDonation, "n95", {}, d.warehouse, 20000, "社会捐赠");
    add(start, K::kDonation, "protective_suit", {}, d.warehouse, 3000, "社会捐赠");
    add(start, K::kReceipt, "disinfectant", {}, d.warehouse, 5000, "市级调拨");
    add(start, K::kReceipt, "test_kit", {}, d.warehouse, 20000, "市级调拨");
  }
  for (int day = 0; day < days; ++day) {
    const int64_t at = start + int64_t{day} * 86400 + 8 * 3600;
    for (const auto& d : districts) {
      add(at, K::kProduction, "mask", {}, d.warehouse, 5000 + Spread(day, d.warehouse, 2000));
      if (day % 7 == 0) {
        // The weekly round: the hospital gets two weeks of use, each
        // community a ration of masks and disinfectant.
        add(at, K::kTransfer, "n95", d.warehouse, d.hospital, 560);
        add(at, K::kTransfer, "protective_suit", d.warehouse, d.hospital, 210);
        add(at, K::kTransfer, "mask", d.warehouse, d.hospital, 2800);
        for (int64_t c : d.communities) {
          add(at, K::kTransfer, "mask", d.warehouse, c, 1400);
          add(at, K::kTransfer, "disinfectant", d.warehouse, c, 40);
        }
      }
      const int64_t noon = at + 4 * 3600;
      add(noon, K::kConsumption, "n95", d.hospital, {}, 30 + Spread(day, d.hospital, 20));
      add(noon, K::kConsumption, "protective_suit", d.hospital, {},
          10 + Spread(day, d.hospital, 6));
      add(noon, K::kConsumption, "mask", d.hospital, {}, 150 + Spread(day, d.hospital, 80));
      for (size_t i = 0; i < d.communities.size(); ++i) {
        // The first community of each district uses more than its ration:
        // the pages show it running low.
        const int64_t c = d.communities[i];
        add(noon, K::kConsumption, "mask", c, {}, (i == 0 ? 220 : 120) + Spread(day, c, 60));
        add(noon, K::kConsumption, "disinfectant", c, {}, 3 + Spread(day, c, 3));
      }
    }
  }
  // The first community's overuse would overdraw it between rounds: take
  // only what is there (the ledger refuses more), by capping per depot.
  std::vector<ops::SupplyService::Timed> feasible;
  std::map<std::pair<int64_t, std::string>, int64_t> stock;
  for (auto& m : history) {
    auto& in = m.input;
    if (in.from_depot_id) {
      int64_t& held = stock[{*in.from_depot_id, in.item}];
      in.quantity = std::min(in.quantity, held);
      if (in.quantity == 0) continue;
      held -= in.quantity;
    }
    if (in.to_depot_id) stock[{*in.to_depot_id, in.item}] += in.quantity;
    feasible.push_back(std::move(m));
  }
  auto recorded = s.supplies.RecordHistory(ctx, feasible);
  if (!recorded.ok()) return recorded.error();
  return Status::Ok();
}

}  // namespace fk::api
