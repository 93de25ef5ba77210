// Medical supplies (物资): items held at depots (warehouse, hospital,
// community) placed in the region tree, a ledger of movements that is the
// only way stock changes, allocation by rule, and days of supply left.
//
// Promises:
// - Stock never goes negative, even under concurrent requests: a movement
//   that takes from a depot takes only what the depot holds at that moment
//   (a guarded UPDATE inside the movement's transaction), else it changes
//   nothing and answers kConflict naming what the depot holds.
// - A transfer or an allocation is one transaction: every half of it, or
//   nothing. Rows are locked in depot-id order, so two transfers in opposite
//   directions cannot deadlock on PostgreSQL.
// - For every depot and item, the movements into it minus the movements out
//   of it equal its stock (tests/ops/supplies_concurrency_test.cpp).
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// The fixed list of items, in display order.
struct SupplyItem {
  std::string_view code;     // "mask", "n95", ...
  std::string_view name_zh;  // "医用外科口罩"
  std::string_view name_en;
  std::string_view unit;  // "piece", "set", "pair", "litre", "test"
};
const std::vector<SupplyItem>& SupplyItems();
bool IsSupplyItem(std::string_view code);

enum class DepotKind { kWarehouse, kHospital, kCommunity };
std::string_view DepotKindName(DepotKind kind);  // "warehouse", "hospital", "community"
std::optional<DepotKind> ParseDepotKind(std::string_view name);

enum class MovementKind { kProduction, kDonation, kReceipt, kTransfer, kAllocation, kConsumption };
std::string_view MovementKindName(MovementKind kind);  // "production", ...
std::optional<MovementKind> ParseMovementKind(std::string_view name);

// Largest quantity of one movement (a billion masks).
constexpr int64_t kMaxMovementQuantity = 1'000'000'000;
// Days of consumption the daily use is averaged over (an assumption: a week
// smooths the weekday pattern of hospital use and still follows a surge).
constexpr int kUseWindowDays = 7;

struct StockLine {
  std::string item;
  int64_t quantity = 0;
};

struct Depot {
  int64_t id = 0;
  std::string name;
  DepotKind kind = DepotKind::kWarehouse;
  std::string region_code;
  std::vector<StockLine> stock{};  // every item, in SupplyItems order
};

struct MovementInput {
  MovementKind kind = MovementKind::kReceipt;
  std::string item;
  std::optional<int64_t> from_depot_id{};  // transfer, consumption
  std::optional<int64_t> to_depot_id{};    // production, donation, receipt, transfer
  int64_t quantity = 0;
  std::string note{};
};

struct Movement {
  int64_t id = 0;
  MovementKind kind = MovementKind::kReceipt;
  std::string item;
  std::optional<int64_t> from_depot_id{}, to_depot_id{};
  int64_t quantity = 0;
  int64_t at = 0;  // unix seconds
  int64_t by_user = 0;
  std::optional<int64_t> allocation_id{};
  std::string note{};
};

// One item's days of supply left at a depot or summed over a region.
struct DaysLeft {
  std::string item;
  int64_t quantity = 0;
  double daily_use = 0;               // average over kUseWindowDays
  std::optional<double> days_left{};  // quantity / daily_use; none without use
  // "out" (nothing left), "warning" (fewer than warn_days left) or "ok".
  std::string status = "ok";
};

struct DepotDaysLeft {
  int64_t depot_id = 0;
  std::string name;
  DepotKind kind = DepotKind::kWarehouse;
  std::string region_code;
  std::vector<DaysLeft> items{};  // the items the depot has held
};

struct RegionDaysLeft {
  std::string code;  // the region asked for, then each child region holding depots
  std::vector<DaysLeft> items{};
};

struct DaysLeftReport {
  std::string region_code;
  int warn_days = 0;
  std::vector<RegionDaysLeft> regions{};  // the region itself first, then children by code
  std::vector<DepotDaysLeft> depots{};    // by region code, then id
  int64_t warnings = 0;                   // depot lines with status warning or out
};

// The rule of an allocation: hospitals first, each brought up to
// hospital_days of its recent daily use; what remains goes to the community
// depots, per_household of the item for each household registered under
// the depot's region. When the quantity falls short of a tier's needs, the
// tier shares it in proportion to the needs (largest remainder, ties by
// depot id). What nobody needs stays at the source.
struct AllocationRule {
  std::string item;
  int64_t from_depot_id = 0;
  std::string region_code;  // the targets: depots in this subtree
  int64_t quantity = 0;     // at most what the source holds
  int64_t hospital_days = 14;
  int64_t per_household = 20;  // e.g. 20 masks a household
};

struct AllocationShare {
  int64_t depot_id = 0;
  std::string name{};
  DepotKind kind = DepotKind::kCommunity;
  int64_t households = 0;  // communities
  int64_t need = 0;
  int64_t quantity = 0;
};

struct Allocation {
  int64_t id = 0;  // 0 for a dry run
  AllocationRule rule{};
  std::vector<AllocationShare> shares{};  // hospitals, then communities, by depot id
  int64_t allocated = 0;
  int64_t created_at = 0;
  int64_t created_by = 0;
};

class SupplyService {
 public:
  SupplyService(store::Database& db, Clock clock = SystemClock());

  // Needs kManageSupplies in scope of `region_code`; the region must exist.
  Result<Depot> CreateDepot(const AccessContext& ctx, std::string name, std::string kind,
                            std::string region_code);
  // A depot in the caller's scope with its stock; kNotFound otherwise. Needs kReadStats.
  Result<Depot> GetDepot(const AccessContext& ctx, int64_t id);
  // Depots under `region_code` (default: the caller's scope), by id.
  Result<Page<Depot>> Depots(const AccessContext& ctx, std::string region_code, int64_t after_id,
                             int limit);

  // Records one movement (not kAllocation: see Allocate). Needs
  // kManageSupplies; every depot it names must be in the caller's scope
  // (else kNotFound, as for a missing one). kConflict when the source holds
  // less than `quantity`; nothing is written then.
  Result<Movement> Record(const AccessContext& ctx, const MovementInput& input);
  // Records a history of movements with their own times (unix seconds), in
  // one transaction: all of them, or none when any is refused (the error
  // names its index, "movements[3]: ..."). For loading past records (the
  // demo's month of movements). Same rules and permission as Record.
  struct Timed {
    int64_t at = 0;
    MovementInput input;
  };
  Result<int64_t> RecordHistory(const AccessContext& ctx, const std::vector<Timed>& movements);
  // Movements into or out of a depot in scope, newest first.
  Result<Page<Movement>> Movements(const AccessContext& ctx, int64_t depot_id, int64_t after_id,
                                   int limit);

  // Computes the allocation of `rule` and, unless `dry_run`, records it:
  // the allocation row (rule and result kept) and one movement per share,
  // all in one transaction. Needs kManageSupplies in scope of the source
  // depot and of the target region.
  Result<Allocation> Allocate(const AccessContext& ctx, const AllocationRule& rule, bool dry_run);
  Result<Allocation> GetAllocation(const AccessContext& ctx, int64_t id);
  // Allocations whose target region lies in the caller's scope, newest first.
  Result<Page<Allocation>> Allocations(const AccessContext& ctx, int64_t after_id, int limit);

  // Days of supply left at each depot under `region_code` and summed for
  // the region and each of its children; "warning" below `warn_days` (1..90).
  Result<DaysLeftReport> DaysLeftOf(const AccessContext& ctx, std::string region_code,
                                    int warn_days);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
