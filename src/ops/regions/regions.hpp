// The region tree (province > city > district > street > community > grid)
// and each grid's responsible people (分片包干). Thread-safe: holds only a
// reference to the Database, which must outlive it. Region names and codes are
// not personal data; writes need Permission::kManageRegions in scope.
#pragma once

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
  std::string phone;
  std::optional<int64_t> user_id;  // the user account, when the person has one
};

class RegionService {
 public:
  explicit RegionService(store::Database& db) : db_(db) {}

  // Adds one region. kInvalidArgument for a malformed code, a level that does
  // not follow the parent's, a missing parent; kConflict if the code exists.
  Status Create(const AccessContext& ctx, const Region& region);
  Result<Region> Get(std::string_view code);
  // `code` and everything below it, ordered by code; `max_level` limits depth.
  Result<std::vector<Region>> Subtree(std::string_view code,
                                      std::optional<RegionLevel> max_level = {});
  Result<std::vector<Region>> Children(std::string_view code);

  // Imports the tree from CSV (UTF-8, optional BOM). Headers, any order:
  // code|代码, name|名称, parent_code|上级代码 (optional: derived from the code),
  // level|级别 (optional: derived from the code). Parents may appear in any
  // row order. One transaction; see ImportMode.
  Result<ImportReport> ImportCsv(const AccessContext& ctx, std::string_view csv, ImportMode mode);

  // Replaces the grid's staff list. kInvalidArgument unless `grid_code` is a grid.
  Status SetGridStaff(const AccessContext& ctx, std::string_view grid_code,
                      const std::vector<GridStaffMember>& staff);
  Result<std::vector<GridStaffMember>> GridStaff(std::string_view grid_code);

 private:
  store::Database& db_;
};

}  // namespace fk::ops
