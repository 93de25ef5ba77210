#include "ops/supplies/supplies.hpp"

#include <array>

#include "ops/audit/audit.hpp"
#include "ops/supplies/ledger.hpp"

namespace fk::ops {
namespace {

using supplies_internal::AppendMovement;
using supplies_internal::ApplyDeltas;
using supplies_internal::LoadDepot;
using supplies_internal::StockDelta;

constexpr std::array<std::string_view, 3> kDepotKinds = {"warehouse", "hospital", "community"};
constexpr std::array<std::string_view, 6> kMovementKinds = {
    "production", "donation", "receipt", "transfer", "allocation", "consumption"};

std::string ItemList() {
  std::string out;
  for (const auto& item : SupplyItems()) out += (out.empty() ? "" : ", ") + std::string(item.code);
  return out;
}

Status CheckQuantity(int64_t quantity) {
  if (quantity < 1 || quantity > kMaxMovementQuantity)
    return InvalidArgument("quantity: must be a whole number from 1 to " +
                           std::to_string(kMaxMovementQuantity));
  return Status::Ok();
}

// Which depots a movement of `kind` names: from, to, or both.
Status CheckEnds(const MovementInput& in) {
  const bool from = in.from_depot_id.has_value(), to = in.to_depot_id.has_value();
  const std::string kind(MovementKindName(in.kind));
  switch (in.kind) {
    case MovementKind::kProduction:
    case MovementKind::kDonation:
    case MovementKind::kReceipt:
      if (from) return InvalidArgument("from_depot_id: a " + kind + " comes from outside");
      if (!to) return InvalidArgument("to_depot_id: a " + kind + " needs the receiving depot");
      return Status::Ok();
    case MovementKind::kConsumption:
      if (to) return InvalidArgument("to_depot_id: consumption leaves the depots");
      if (!from) return InvalidArgument("from_depot_id: consumption needs the depot using it");
      return Status::Ok();
    case MovementKind::kTransfer:
      if (!from || !to)
        return InvalidArgument(std::string(from ? "to_depot_id" : "from_depot_id") +
                               ": a transfer needs both depots");
      if (*in.from_depot_id == *in.to_depot_id)
        return InvalidArgument("to_depot_id: must differ from from_depot_id");
      return Status::Ok();
    case MovementKind::kAllocation:
      break;
  }
  return InvalidArgument("kind: allocation movements come only from an allocation");
}

Movement MovementOf(const store::Row& r) {
  Movement m{r.Int(0), *ParseMovementKind(r.Text(1)), r.Text(2)};
  if (!r.IsNull(3)) m.from_depot_id = r.Int(3);
  if (!r.IsNull(4)) m.to_depot_id = r.Int(4);
  m.quantity = r.Int(5);
  m.at = r.Int(6);
  m.by_user = r.Int(7);
  if (!r.IsNull(8)) m.allocation_id = r.Int(8);
  m.note = r.Text(9);
  return m;
}

}  // namespace

const std::vector<SupplyItem>& SupplyItems() {
  static const std::vector<SupplyItem> items = {
      {"mask", "医用外科口罩", "Medical masks", "piece"},
      {"n95", "N95口罩", "N95 respirators", "piece"},
      {"protective_suit", "医用防护服", "Protective suits", "set"},
      {"goggles", "护目镜", "Goggles", "piece"},
      {"gloves", "医用手套", "Medical gloves", "pair"},
      {"disinfectant", "消毒液", "Disinfectant", "litre"},
      {"test_kit", "核酸检测试剂", "Test kits", "test"},
  };
  return items;
}

bool IsSupplyItem(std::string_view code) {
  for (const auto& item : SupplyItems())
    if (item.code == code) return true;
  return false;
}

std::string_view DepotKindName(DepotKind kind) { return kDepotKinds[static_cast<int>(kind)]; }

std::optional<DepotKind> ParseDepotKind(std::string_view name) {
  for (size_t i = 0; i < kDepotKinds.size(); ++i)
    if (kDepotKinds[i] == name) return static_cast<DepotKind>(i);
  return std::nullopt;
}

std::string_view MovementKindName(MovementKind kind) {
  return kMovementKinds[static_cast<int>(kind)];
}

std::optional<MovementKind> ParseMovementKind(std::string_view name) {
  for (size_t i = 0; i < kMovementKinds.size(); ++i)
    if (kMovementKinds[i] == name) return static_cast<MovementKind>(i);
  return std::nullopt;
}

SupplyService::SupplyService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Depot> SupplyService::CreateDepot(const AccessContext& ctx, std::string name,
                                         std::string kind, std::string region_code) {
  if (name.empty()) return InvalidArgument("name: must not be empty");
  auto depot_kind = ParseDepotKind(kind);
  if (!depot_kind) return InvalidArgument("kind: must be warehouse, hospital or community");
  if (Status s = supplies_internal::CheckRegionCode("region_code", region_code); !s)
    return s.error();
  if (Status s = Require(ctx, Permission::kManageSupplies, region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + region_code + " does not exist");
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO depots (name, kind, region_code, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
      "RETURNING id",
      {name, kind, region_code, now, ctx.user_id});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s =
          AppendAudit(*tx, ctx, now, "create", "depot", std::to_string(id), kind, region_code);
      !s)
    return s.error();
  auto depot = LoadDepot(*tx, ctx, id);
  if (!depot) return depot;
  if (Status s = tx->Commit(); !s) return s.error();
  return depot;
}

Result<Depot> SupplyService::GetDepot(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  return LoadDepot(*tx, ctx, id);
}

Result<Page<Depot>> SupplyService::Depots(const AccessContext& ctx, std::string region_code,
                                          int64_t after_id, int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  if (region_code.empty()) region_code = ctx.scope;
  if (!region_code.empty()) {
    if (Status s = supplies_internal::CheckRegionCode("region", region_code); !s) return s.error();
  }
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  const std::string prefix = SubtreePrefix(region_code);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id, name, kind, region_code FROM depots WHERE region_code >= ? AND region_code < ? "
      "AND id > ? ORDER BY id LIMIT ?",
      {prefix, PrefixEnd(prefix), after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Depot> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    Depot d{r.Int(0), r.Text(1), *ParseDepotKind(r.Text(2)), r.Text(3), {}};
    for (const auto& item : SupplyItems()) d.stock.push_back({std::string(item.code), 0});
    page.items.push_back(std::move(d));
  }
  if (page.items.empty()) return page;
  auto stock = tx->Query(
      "SELECT depot_id, item, quantity FROM supply_stock WHERE depot_id >= ? AND depot_id <= ?",
      {page.items.front().id, page.items.back().id});
  if (!stock) return stock.error();
  for (const auto& r : *stock) {
    for (auto& d : page.items) {
      if (d.id != r.Int(0)) continue;
      for (auto& line : d.stock)
        if (line.item == r.Text(1)) line.quantity = r.Int(2);
    }
  }
  return page;
}

namespace {

// Checks `in` and applies it in `tx` at time `at`; the recorded movement.
Result<Movement> RecordIn(store::Transaction& tx, const AccessContext& ctx, const MovementInput& in,
                          int64_t at) {
  if (!IsSupplyItem(in.item))
    return InvalidArgument("item: unknown item " + in.item + "; one of " + ItemList());
  if (Status s = CheckQuantity(in.quantity); !s) return s.error();
  if (Status s = CheckEnds(in); !s) return s.error();
  std::vector<StockDelta> deltas;
  for (auto [depot, sign] : {std::pair{in.from_depot_id, -1}, {in.to_depot_id, 1}}) {
    if (!depot) continue;
    auto d = LoadDepot(tx, ctx, *depot);
    if (!d) return d.error();
    deltas.push_back({*depot, sign * in.quantity});
  }
  if (Status s = ApplyDeltas(tx, in.item, std::move(deltas)); !s) return s.error();
  Movement m{0,           in.kind, in.item,     in.from_depot_id, in.to_depot_id,
             in.quantity, at,      ctx.user_id, std::nullopt,     in.note};
  auto id = AppendMovement(tx, m);
  if (!id) return id.error();
  m.id = *id;
  return m;
}

}  // namespace

Result<Movement> SupplyService::Record(const AccessContext& ctx, const MovementInput& in) {
  if (Status s = Require(ctx, Permission::kManageSupplies); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto m = RecordIn(*tx, ctx, in, clock_());
  if (!m) return m;
  if (Status s = tx->Commit(); !s) return s.error();
  return m;
}

Result<int64_t> SupplyService::RecordHistory(const AccessContext& ctx,
                                             const std::vector<Timed>& movements) {
  if (Status s = Require(ctx, Permission::kManageSupplies); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  for (size_t i = 0; i < movements.size(); ++i) {
    auto m = RecordIn(*tx, ctx, movements[i].input, movements[i].at);
    if (!m) {
      Error e = m.error();
      e.message = "movements[" + std::to_string(i) + "]: " + e.message;
      return e;
    }
  }
  if (Status s = tx->Commit(); !s) return s.error();
  return static_cast<int64_t>(movements.size());
}

Result<Page<Movement>> SupplyService::Movements(const AccessContext& ctx, int64_t depot_id,
                                                int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto depot = LoadDepot(*tx, ctx, depot_id);
  if (!depot) return depot.error();
  // Newest first: the two indexes (from_depot_id, id) and (to_depot_id, id)
  // each read backwards from the cursor.
  auto rows = tx->Query(
      "SELECT id, kind, item, from_depot_id, to_depot_id, quantity, at, by_user, allocation_id, "
      "note FROM supply_movements WHERE (from_depot_id = ? OR to_depot_id = ?) AND (? = 0 OR id "
      "< ?) ORDER BY id DESC LIMIT ?",
      {depot_id, depot_id, after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Movement> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(MovementOf(r));
  }
  return page;
}

}  // namespace fk::ops
