// The region tree (province > city > district > street > community > grid)
// and each grid's responsible people (分片包干). Thread-safe: holds only a
// reference to the Database, which must outlive it, and a clock. Region names
// and codes are not personal data; writes need Permission::kManageRegions in
// scope. Every change is audited (action create, import, import_rejected,
// update or delete; entity region or grid_staff) under the region changed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct Region {
  std::string code;
  std::string name;
  std::string parent_code;  // "" for a root
  RegionLevel level = RegionLevel::kProvince;
};

enum class GridDuty { kLeader, kWorker, kPartyPost };  // 网格长, 网格员, 党员先锋岗
std::string_view DutyName(GridDuty duty);              // "leader", "worker", "party_post"
std::optional<GridDuty> ParseDuty(std::string_view name);

struct GridStaffMember {
  GridDuty duty = GridDuty::kWorker;
  std::string name;
  std::string phone;               // "" or a number (ops/phone.hpp), stored as digits
  std::optional<int64_t> user_id;  // the user account, when the person has one
};

// At most this many people on one grid's staff list.
constexpr std::size_t kMaxGridStaff = 50;
// A region's name, in bytes (as the API's body schema says).
constexpr std::size_t kMaxRegionName = 200;

// Checks a staff list on its own (no database): at most one leader and one
// party_post, any number of workers (kMaxGridStaff in all); every name
// non-empty and at most 100 bytes; phone empty or a number by the
// registry's rule (ops/phone.hpp); a user account at most once. kInvalidArgument naming the member
// by its index in the list as the API does, e.g. "items[1].duty: a grid has at most one leader
// (items[0] is one)".
Status ValidateGridStaff(const std::vector<GridStaffMember>& staff);

class RegionService {
 public:
  explicit RegionService(store::Database& db, Clock clock = SystemClock())
      : db_(db), clock_(std::move(clock)) {}

  // Adds one region. kInvalidArgument for a malformed code, a level that does
  // not follow the parent's, a missing parent; kConflict if the code exists.
  Status Create(const AccessContext& ctx, const Region& region);
  // Renames a region. kManageRegions with the region in scope; the name is
  // checked as Create checks it (not empty, at most kMaxRegionName bytes,
  // UTF-8); kNotFound when the region does not exist. Audited with the old
  // and new names.
  Status Rename(const AccessContext& ctx, std::string_view code, std::string_view name);
  // Deletes a region made in error, only when nothing hangs on it: no child
  // regions, households, grid staff, campaigns, screening records or user
  // accounts scoped there; else kConflict saying what. kManageRegions with
  // the region in scope; kNotFound when it does not exist. Audited.
  Status Delete(const AccessContext& ctx, std::string_view code);
  Result<Region> Get(std::string_view code);
  // `code` and everything below it, ordered by code; `max_level` limits depth.
  Result<std::vector<Region>> Subtree(std::string_view code,
                                      std::optional<RegionLevel> max_level = {});
  Result<std::vector<Region>> Children(std::string_view code);

  // Imports the tree from CSV (UTF-8, optional BOM). Headers, any order:
  // code|代码, name|名称, parent_code|上级代码 (optional: derived from the code),
  // level|级别 (optional: derived from the code). Parents may appear in any
  // row order. A row that is not valid UTF-8 is rejected (kNotUtf8). One
  // transaction; see ImportMode. Audited (import, or import_rejected after
  // the rollback of a refused all-or-nothing import).
  Result<ImportReport> ImportCsv(const AccessContext& ctx, std::string_view csv, ImportMode mode);

  // Replaces the grid's staff list, in one transaction with its audit record
  // (action "update", entity "grid_staff", entity id the grid code; the
  // detail counts duties and lists user ids, never names or phones). On any
  // error nothing changes. Checks, in this order:
  // - `grid_code` is a 15-digit grid code, else kInvalidArgument
  //   "grid_code: ... is not a grid code";
  // - kManageRegions and the grid in the caller's scope, else kPermissionDenied;
  // - ValidateGridStaff(staff);
  // - the grid exists, else kNotFound "grid ... not found";
  // - each user_id is an active grid_worker or community_officer account
  //   whose scope is the grid or contains it, else kInvalidArgument
  //   "items[i].user_id: ...".
  Status SetGridStaff(const AccessContext& ctx, std::string_view grid_code,
                      const std::vector<GridStaffMember>& staff);
  // The staff in the order they were set; empty for a grid without staff.
  Result<std::vector<GridStaffMember>> GridStaff(std::string_view grid_code);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
