// ReadDaysLeft and SupplyService::DaysLeftOf: days of supply left per depot from the last
// kUseWindowDays of consumption, summed for a region and its children. Two
// reads (stock, and each depot's recent consumption as one range of the
// partial index supply_movements_use_depot), joined in memory.
#include <cmath>
#include <map>
#include <unordered_map>

#include "ops/supplies/days_left.hpp"
#include "ops/supplies/ledger.hpp"
#include "ops/supplies/supplies.hpp"

namespace fk::ops {
namespace {

DaysLeft Figure(std::string item, int64_t quantity, int64_t used, int warn_days) {
  DaysLeft d{std::move(item), quantity, static_cast<double>(used) / kUseWindowDays};
  if (used > 0) d.days_left = static_cast<double>(quantity) / d.daily_use;
  if (quantity == 0)
    d.status = "out";
  else if (d.days_left && *d.days_left < warn_days)
    d.status = "warning";
  return d;
}

int ItemIndex(std::string_view code) {
  const auto& items = SupplyItems();
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].code == code) return static_cast<int>(i);
  return -1;
}

}  // namespace

Result<DaysLeftReport> ReadDaysLeft(store::Transaction& tx, const std::string& region_code,
                                    int warn_days, int64_t now) {
  const std::string prefix = SubtreePrefix(region_code);
  const size_t n_items = SupplyItems().size();
  // depot id * n_items + item index -> quantity used in the window.
  std::unordered_map<int64_t, int64_t> used;
  Status read_use = tx.ForEachRow(
      "SELECT m.from_depot_id, m.item, m.quantity FROM depots d "
      "JOIN supply_movements m ON m.from_depot_id = d.id AND m.kind = 'consumption' AND m.at >= ? "
      "WHERE d.region_code >= ? AND d.region_code < ?",
      {now - int64_t{kUseWindowDays} * 86400, prefix, PrefixEnd(prefix)},
      [&](const store::RowView& r) {
        // Summed here rather than by GROUP BY, which would sort every row.
        const int item = ItemIndex(r.Text(1));
        if (item >= 0) used[r.Int(0) * static_cast<int64_t>(n_items) + item] += r.Int(2);
        return true;
      });
  if (!read_use) return read_use.error();
  DaysLeftReport report{region_code, warn_days};
  // Per region: quantity and use per item.
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> sums;
  std::map<std::string, std::string> child_of;  // depot region -> child of region_code
  auto add = [&](const std::string& code, int item, int64_t quantity, int64_t use) {
    auto& v = sums[code];
    if (v.empty()) v.assign(n_items, {-1, 0});
    if (v[item].first < 0) v[item].first = 0;
    v[item].first += quantity;
    v[item].second += use;
  };
  Status read_stock = tx.ForEachRow(
      "SELECT d.id, d.name, d.kind, d.region_code, s.item, s.quantity FROM depots d "
      "JOIN supply_stock s ON s.depot_id = d.id WHERE d.region_code >= ? AND d.region_code < ? "
      "ORDER BY d.region_code, d.id",
      {prefix, PrefixEnd(prefix)}, [&](const store::RowView& r) {
        const int64_t id = r.Int(0);
        const int item = ItemIndex(r.Text(4));
        if (item < 0) return true;
        if (report.depots.empty() || report.depots.back().depot_id != id) {
          report.depots.push_back({id,
                                   std::string(r.Text(1)),
                                   ParseDepotKind(r.Text(2)).value_or(DepotKind::kWarehouse),
                                   std::string(r.Text(3)),
                                   {}});
        }
        auto& depot = report.depots.back();
        const int64_t quantity = r.Int(5);
        auto u = used.find(id * static_cast<int64_t>(n_items) + item);
        const int64_t use = u == used.end() ? 0 : u->second;
        depot.items.push_back(
            Figure(std::string(SupplyItems()[item].code), quantity, use, warn_days));
        if (depot.items.back().status != "ok") ++report.warnings;
        add(region_code, item, quantity, use);
        auto child = child_of.find(depot.region_code);
        if (child == child_of.end()) {
          std::string c = depot.region_code;
          while (!c.empty() && ParentCode(c) != region_code) c = ParentCode(c);
          child = child_of.emplace(depot.region_code, c).first;
        }
        if (!child->second.empty() && child->second != region_code)
          add(child->second, item, quantity, use);
        return true;
      });
  if (!read_stock) return read_stock.error();
  auto figures = [&](const std::string& code) {
    RegionDaysLeft out{code, {}};
    auto it = sums.find(code);
    if (it == sums.end()) return out;
    for (size_t i = 0; i < n_items; ++i) {
      if (it->second[i].first < 0) continue;
      out.items.push_back(Figure(std::string(SupplyItems()[i].code), it->second[i].first,
                                 it->second[i].second, warn_days));
    }
    return out;
  };
  report.regions.push_back(figures(region_code));
  for (const auto& [code, _] : sums)
    if (code != region_code) report.regions.push_back(figures(code));
  return report;
}

Result<DaysLeftReport> SupplyService::DaysLeftOf(const AccessContext& ctx, std::string region_code,
                                                 int warn_days) {
  if (warn_days < 1 || warn_days > 90) return InvalidArgument("warn_days: must be 1..90");
  if (region_code.empty()) region_code = ctx.scope;
  if (!region_code.empty()) {
    if (Status s = supplies_internal::CheckRegionCode("region", region_code); !s) return s.error();
  }
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  return ReadDaysLeft(*tx, region_code, warn_days, clock_());
}

}  // namespace fk::ops
