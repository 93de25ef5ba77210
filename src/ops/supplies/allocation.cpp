// SupplyService's allocations: the rule (hospitals first, then per-household
// rations for communities), its result, and the movements that carry it out.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "ops/audit/audit.hpp"
#include "ops/supplies/ledger.hpp"
#include "ops/supplies/supplies.hpp"

namespace fk::ops {
namespace {

using supplies_internal::AppendMovement;
using supplies_internal::ApplyDeltas;
using supplies_internal::LoadDepot;
using supplies_internal::StockDelta;
using supplies_internal::UseSince;

// Shares `available` among `needs`: every need in full when they fit, else
// in proportion to the needs, the units left by rounding down going to the
// largest remainders (ties: the earlier index, i.e. the smaller depot id).
std::vector<int64_t> Split(int64_t available, const std::vector<int64_t>& needs) {
  __int128 total = 0;
  for (int64_t n : needs) total += n;
  if (total <= available) return needs;
  std::vector<int64_t> out(needs.size());
  std::vector<std::pair<__int128, size_t>> remainders;
  int64_t given = 0;
  for (size_t i = 0; i < needs.size(); ++i) {
    const __int128 scaled = static_cast<__int128>(available) * needs[i];
    out[i] = static_cast<int64_t>(scaled / total);
    given += out[i];
    remainders.emplace_back(scaled % total, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < available && k < remainders.size(); ++k, ++given)
    ++out[remainders[k].second];
  return out;
}

nlohmann::json RuleJson(const AllocationRule& r) {
  return {{"item", r.item},
          {"from_depot_id", r.from_depot_id},
          {"region_code", r.region_code},
          {"quantity", r.quantity},
          {"hospital_days", r.hospital_days},
          {"per_household", r.per_household}};
}

nlohmann::json SharesJson(const std::vector<AllocationShare>& shares) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : shares)
    out.push_back({{"depot_id", s.depot_id},
                   {"name", s.name},
                   {"kind", DepotKindName(s.kind)},
                   {"households", s.households},
                   {"need", s.need},
                   {"quantity", s.quantity}});
  return out;
}

Allocation AllocationOf(const store::Row& r) {
  Allocation a;
  a.id = r.Int(0);
  const auto rule = nlohmann::json::parse(r.Text(1));
  a.rule = {rule.at("item"),     rule.at("from_depot_id"), rule.at("region_code"),
            rule.at("quantity"), rule.at("hospital_days"), rule.at("per_household")};
  for (const auto& s : nlohmann::json::parse(r.Text(2)))
    a.shares.push_back({s.at("depot_id"), s.at("name"),
                        *ParseDepotKind(s.at("kind").get<std::string>()), s.at("households"),
                        s.at("need"), s.at("quantity")});
  a.allocated = r.Int(3);
  a.created_at = r.Int(4);
  a.created_by = r.Int(5);
  return a;
}

constexpr const char* kAllocationColumns =
    "SELECT id, rule, result, allocated, created_at, created_by FROM supply_allocations ";

}  // namespace

Result<Allocation> SupplyService::Allocate(const AccessContext& ctx, const AllocationRule& in,
                                           bool dry_run) {
  if (Status s = Require(ctx, Permission::kManageSupplies); !s) return s.error();
  AllocationRule rule = in;
  if (!IsSupplyItem(rule.item)) return InvalidArgument("item: unknown item " + rule.item);
  if (rule.quantity < 1 || rule.quantity > kMaxMovementQuantity)
    return InvalidArgument("quantity: must be a whole number from 1 to " +
                           std::to_string(kMaxMovementQuantity));
  if (rule.hospital_days < 0 || rule.hospital_days > 365)
    return InvalidArgument("hospital_days: must be 0..365");
  if (rule.per_household < 0 || rule.per_household > 10000)
    return InvalidArgument("per_household: must be 0..10000");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto source = LoadDepot(*tx, ctx, rule.from_depot_id);
  if (!source) return source.error();
  for (const auto& line : source->stock) {
    if (line.item == rule.item && line.quantity < rule.quantity)
      return Error{ErrorCode::kConflict, "quantity: depot " + std::to_string(source->id) +
                                             " holds " + std::to_string(line.quantity) + " " +
                                             rule.item + ", fewer than " +
                                             std::to_string(rule.quantity)};
  }
  if (rule.region_code.empty()) rule.region_code = source->region_code;
  if (Status s = supplies_internal::CheckRegionCode("region_code", rule.region_code); !s)
    return s.error();
  if (Status s = Require(ctx, Permission::kManageSupplies, rule.region_code); !s) return s.error();
  const std::string prefix = SubtreePrefix(rule.region_code);
  auto targets = tx->Query(
      "SELECT id, name, kind, region_code FROM depots WHERE region_code >= ? AND region_code < ? "
      "AND kind IN ('hospital', 'community') AND id <> ? ORDER BY id",
      {prefix, PrefixEnd(prefix), rule.from_depot_id});
  if (!targets) return targets.error();
  const int64_t now = clock_();
  auto use = UseSince(*tx, prefix, rule.item, now - int64_t{kUseWindowDays} * 86400);
  if (!use) return use.error();
  std::vector<AllocationShare> hospitals, communities;
  for (const auto& t : *targets) {
    AllocationShare s{t.Int(0), t.Text(1), *ParseDepotKind(t.Text(2))};
    if (s.kind == DepotKind::kHospital) {
      // Enough for hospital_days at the recent daily use, less what it holds.
      int64_t used = 0;
      for (auto [depot, q] : *use)
        if (depot == s.depot_id) used = q;
      auto held = tx->Query("SELECT quantity FROM supply_stock WHERE depot_id = ? AND item = ?",
                            {s.depot_id, rule.item});
      if (!held) return held.error();
      const int64_t has = held->empty() ? 0 : held->front().Int(0);
      const int64_t want = (used * rule.hospital_days + kUseWindowDays - 1) / kUseWindowDays;
      s.need = std::max<int64_t>(0, want - has);
      hospitals.push_back(std::move(s));
    } else {
      const std::string area = SubtreePrefix(t.Text(3));
      auto n =
          tx->QueryOne("SELECT COUNT(*) FROM households WHERE grid_code >= ? AND grid_code < ?",
                       {area, PrefixEnd(area)});
      if (!n) return n.error();
      s.households = n->Int(0);
      s.need = s.households * rule.per_household;
      communities.push_back(std::move(s));
    }
  }
  Allocation a{0, rule, {}, 0, now, ctx.user_id};
  int64_t left = rule.quantity;
  for (auto* tier : {&hospitals, &communities}) {
    std::vector<int64_t> needs;
    for (const auto& s : *tier) needs.push_back(s.need);
    const auto got = Split(left, needs);
    for (size_t i = 0; i < tier->size(); ++i) {
      (*tier)[i].quantity = got[i];
      left -= got[i];
      a.allocated += got[i];
      a.shares.push_back((*tier)[i]);
    }
  }
  std::vector<StockDelta> deltas{{rule.from_depot_id, -a.allocated}};
  for (const auto& s : a.shares)
    if (s.quantity > 0) deltas.push_back({s.depot_id, s.quantity});
  // Checked on a dry run too, so that its answer is the real one's.
  if (Status s = ApplyDeltas(*tx, rule.item, deltas); !s) return s.error();
  if (dry_run) return a;  // the transaction rolls back
  auto row = tx->QueryOne(
      "INSERT INTO supply_allocations (item, from_depot_id, region_code, rule, result, allocated, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {rule.item, rule.from_depot_id, rule.region_code, RuleJson(rule).dump(),
       SharesJson(a.shares).dump(), a.allocated, now, ctx.user_id});
  if (!row) return row.error();
  a.id = row->Int(0);
  for (const auto& s : a.shares) {
    if (s.quantity == 0) continue;
    auto m = AppendMovement(*tx, {0, MovementKind::kAllocation, rule.item, rule.from_depot_id,
                                  s.depot_id, s.quantity, now, ctx.user_id, a.id, ""});
    if (!m) return m.error();
  }
  if (Status s = AppendAudit(*tx, ctx, now, "allocate", "supplies", std::to_string(a.id),
                             std::to_string(a.allocated) + " " + rule.item, rule.region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return a;
}

Result<Allocation> SupplyService::GetAllocation(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  const std::string missing = "allocation " + std::to_string(id) + " not found";
  auto row = tx->QueryOne(std::string(kAllocationColumns) + "WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  Allocation a = AllocationOf(*row);
  if (!InScope(ctx, a.rule.region_code)) return Error{ErrorCode::kNotFound, missing};
  return a;
}

Result<Page<Allocation>> SupplyService::Allocations(const AccessContext& ctx, int64_t after_id,
                                                    int limit) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows =
      tx->Query(std::string(kAllocationColumns) +
                    "WHERE region_code >= ? AND region_code < ? AND (? = 0 OR id < ?) "
                    "ORDER BY id DESC LIMIT ?",
                {prefix, PrefixEnd(prefix), after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Allocation> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(AllocationOf(r));
  }
  return page;
}

}  // namespace fk::ops
