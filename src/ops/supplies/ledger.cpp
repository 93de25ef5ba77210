#include "ops/supplies/ledger.hpp"

#include <algorithm>

namespace fk::ops::supplies_internal {

Status ApplyDeltas(store::Transaction& tx, const std::string& item,
                   std::vector<StockDelta> deltas) {
  std::sort(deltas.begin(), deltas.end(),
            [](const StockDelta& a, const StockDelta& b) { return a.depot_id < b.depot_id; });
  for (const auto& d : deltas) {
    if (d.delta > 0) {
      auto added = tx.Exec(
          "INSERT INTO supply_stock (depot_id, item, quantity) VALUES (?, ?, ?) "
          "ON CONFLICT (depot_id, item) DO UPDATE SET quantity = supply_stock.quantity + "
          "excluded.quantity",
          {d.depot_id, item, d.delta});
      if (!added) return added.error();
    } else if (d.delta < 0) {
      // The guard is evaluated on the row as locked (PostgreSQL re-reads a
      // row changed by a concurrent transaction before updating it), so two
      // takes cannot both pass on the same units.
      auto taken = tx.Exec(
          "UPDATE supply_stock SET quantity = quantity - ? "
          "WHERE depot_id = ? AND item = ? AND quantity >= ?",
          {-d.delta, d.depot_id, item, -d.delta});
      if (!taken) return taken.error();
      if (*taken == 1) continue;
      auto held = tx.Query("SELECT quantity FROM supply_stock WHERE depot_id = ? AND item = ?",
                           {d.depot_id, item});
      if (!held) return held.error();
      const int64_t has = held->empty() ? 0 : held->front().Int(0);
      return Error{ErrorCode::kConflict, "quantity: depot " + std::to_string(d.depot_id) +
                                             " holds " + std::to_string(has) + " " + item +
                                             ", fewer than " + std::to_string(-d.delta)};
    }
  }
  return Status::Ok();
}

Status CheckRegionCode(std::string_view field, const std::string& code) {
  if (LevelOfCode(code).ok()) return Status::Ok();
  return InvalidArgument(std::string(field) + ": " + code +
                         " is not a region code (6, 9, 12 or 15 digits)");
}

Result<int64_t> AppendMovement(store::Transaction& tx, const Movement& m) {
  auto row = tx.QueryOne(
      "INSERT INTO supply_movements (kind, item, from_depot_id, to_depot_id, quantity, at, "
      "by_user, allocation_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {std::string(MovementKindName(m.kind)), m.item, store::OrNull(m.from_depot_id),
       store::OrNull(m.to_depot_id), m.quantity, m.at, m.by_user, store::OrNull(m.allocation_id),
       m.note});
  if (!row) return row.error();
  return row->Int(0);
}

Result<Depot> LoadDepot(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  const std::string missing = "depot " + std::to_string(id) + " not found";
  auto row =
      tx.QueryOne("SELECT id, name, kind, region_code FROM depots WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  if (!InScope(ctx, row->Text(3))) return Error{ErrorCode::kNotFound, missing};
  Depot d{row->Int(0), row->Text(1), *ParseDepotKind(row->Text(2)), row->Text(3), {}};
  auto stock = tx.Query("SELECT item, quantity FROM supply_stock WHERE depot_id = ?", {id});
  if (!stock) return stock.error();
  for (const auto& item : SupplyItems()) {
    StockLine line{std::string(item.code), 0};
    for (const auto& r : *stock)
      if (r.Text(0) == item.code) line.quantity = r.Int(1);
    d.stock.push_back(std::move(line));
  }
  return d;
}

Result<std::vector<std::pair<int64_t, int64_t>>> UseSince(store::Transaction& tx,
                                                          const std::string& prefix,
                                                          const std::string& item, int64_t since) {
  auto rows = tx.Query(
      "SELECT m.from_depot_id, SUM(m.quantity) FROM supply_movements m "
      "JOIN depots d ON d.id = m.from_depot_id "
      "WHERE m.kind = 'consumption' AND m.at >= ? AND m.item = ? "
      "AND d.region_code >= ? AND d.region_code < ? GROUP BY m.from_depot_id",
      {since, item, prefix, PrefixEnd(prefix)});
  if (!rows) return rows.error();
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Int(1));
  return out;
}

}  // namespace fk::ops::supplies_internal
