// Households and residents (全覆盖登记). Thread-safe: holds references to
// the Database and the AuditWriter (both must outlive it) and a clock.
//
// Every method takes the acting user's AccessContext and
// - checks the role's permission and that the grid is in the user's scope
//   (kPermissionDenied otherwise; an out-of-scope id is kNotFound, so ids
//   of other areas are not revealed);
// - writes an audit record (ops/audit): a change appends it in its own
//   transaction; a read reads in a read transaction, then waits until the
//   AuditWriter has committed its record (group commit), and fails with
//   kInternal or kResourceExhausted, answering nothing, if that commit fails;
// - returns personal data masked (ops/registry/masking.hpp) unless
//   `unmasked` is asked for AND the role has Permission::kSeeUnmasked
//   (asking without it is kPermissionDenied).
//
// Nothing outside the caller's scope shows through a write: an ID number
// already registered in the caller's scope is kConflict "id_number: already
// registered" (the caller can see that registration anyway), but one
// registered only elsewhere is registered again, exactly as a new number is
// (same answer, same report, the same statements but one more row written
// in the same transaction), and each such pair of registrations of one
// person in two grids (人户分离) becomes a RegistrationConflict for the
// officers whose scope holds both to resolve.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/audit/audit_writer.hpp"
#include "ops/audit/search_terms.hpp"
#include "ops/common.hpp"
#include "ops/registry/resident_id.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct Household {
  int64_t id = 0;
  std::string grid_code;
  std::string building, unit, room;
};

struct HouseholdMove {
  std::string from_grid, to_grid;
  int64_t moved_at = 0;
  int64_t moved_by = 0;
  std::string reason;
};

struct ResidentInput {
  std::string name{};
  Sex sex = Sex::kMale;
  std::string birth_date{};  // YYYY-MM-DD
  std::string id_number{};
  std::string phone{};
  bool elderly_alone = false;
  bool chronic_illness = false;
  bool pregnant = false;
  std::optional<std::string> high_risk_return_date{};  // returned from a high-risk area on
};

struct Resident {
  int64_t id = 0;
  int64_t household_id = 0;
  std::string grid_code;
  ResidentInput data;  // masked unless asked and allowed
};

// Checks one resident's fields; kInvalidArgument naming the field
// ("name: must not be empty", "phone: must be a mobile number ...", id_number
// rules; the phone rule is ops/phone.hpp).
Status ValidateResident(const ResidentInput& r);

// The ID number and phone in their stored forms (CanonicalResidentId,
// CanonicalPhone); a phone that is not valid stays as given, for
// ValidateResident to name.
ResidentInput CanonicalResident(ResidentInput r);

// Exact search by ID number, phone or full name, and by a name prefix
// longer than the one character a masked name shows, would let a reader of
// masked data test candidates for what the mask hides: only roles with
// Permission::kSeeUnmasked may use them, others get kPermissionDenied naming
// the parameter. Each search is audited with its filters; those terms only
// as keyed hashes (ops/audit/search_terms.hpp).
struct ResidentQuery {
  std::string region_code{};  // subtree to search; "" = the user's scope
  std::string name{};         // exact name, or prefix when it ends with '*'
  std::string id_number{};    // exact
  std::string phone{};        // exact
  std::string address{};      // substring of "building-unit-room"
  int64_t after_id = 0;       // keyset cursor: next_cursor of the previous page
  int limit = 50;             // 1..kMaxPageSize
  bool unmasked = false;
};

// The residents of the households a caller visits in a screening campaign,
// for the grid worker's phone to keep before going out (one paged call
// instead of one a household).
struct CampaignResidentsQuery {
  int64_t campaign_id = 0;
  bool remaining = false;  // only households whose task is not visited yet
  int64_t after_id = 0;    // keyset cursor: next_cursor of the previous page
  int limit = 200;         // 1..kMaxPageSize
  bool unmasked = false;
};

// One person registered in two grids: the later registration, made by a
// caller whose scope did not hold the earlier one, and the earlier one.
struct RegistrationConflict {
  int64_t id = 0;
  std::string id_number;  // masked (MaskIdNumber)
  std::string region;     // the smallest region holding both grids when it was found
  int64_t resident_id = 0;
  std::string grid_code;
  int64_t other_resident_id = 0;
  std::string other_grid_code;
  int64_t created_at = 0;
};

// AddResident's work inside the caller's transaction `tx`, for a service
// that registers a person as part of a change of its own (a case reported
// for someone not yet registered, ops/cases): canonical form and
// validation, the registration lock (so it must be the first write of
// `tx`), the household in the caller's scope (kNotFound otherwise), the
// ID number rule of the top of this file, the row, its conflicts and its
// audit record ("create" "resident"). Does not check a permission: the
// caller has checked its own. Nothing is committed.
Result<Resident> RegisterResident(store::Transaction& tx, const AccessContext& ctx, int64_t now,
                                  int64_t household_id, const ResidentInput& given);

class RegistryService {
 public:
  RegistryService(store::Database& db, AuditWriter& audit, Clock clock = SystemClock());

  Result<Household> CreateHousehold(const AccessContext& ctx, const Household& household);
  Result<Household> GetHousehold(const AccessContext& ctx, int64_t id);
  // Moves the household and its residents to `to_grid`, recording the move.
  Status MoveHousehold(const AccessContext& ctx, int64_t household_id, std::string_view to_grid,
                       std::string_view reason);
  Result<std::vector<HouseholdMove>> MoveHistory(const AccessContext& ctx, int64_t household_id);

  // kConflict "id_number: already registered" for a number registered in
  // the caller's scope; a number registered only outside it is registered
  // and a RegistrationConflict recorded (see the top of this file).
  Result<Resident> AddResident(const AccessContext& ctx, int64_t household_id,
                               const ResidentInput& input);
  Result<Resident> GetResident(const AccessContext& ctx, int64_t id, bool unmasked = false);
  // The same rule for the new ID number as AddResident. Changing the number
  // closes the resident's open conflicts about the old one.
  Status UpdateResident(const AccessContext& ctx, int64_t id, const ResidentInput& input);
  // Deletes a registration made in error. Screening records are never
  // deleted, so a resident whose household is in a screening campaign, or a
  // household with residents or in a campaign, is kept: kConflict saying
  // why. `reason` (required, at most 500 bytes) goes to the audit log.
  // Deleting a resident closes their open registration conflicts.
  Status DeleteResident(const AccessContext& ctx, int64_t id, std::string_view reason);
  // Deletes the household's move history with it.
  Status DeleteHousehold(const AccessContext& ctx, int64_t id, std::string_view reason);
  Result<std::vector<Resident>> HouseholdResidents(const AccessContext& ctx, int64_t household_id,
                                                   bool unmasked = false);
  // Residents in (grid_code, id) order, not id order: a page of any subtree
  // is read from the grid index in time proportional to the page.
  Result<Page<Resident>> Search(const AccessContext& ctx, const ResidentQuery& query);

  // The residents of the households of the tasks ScreeningService::Tasks
  // lists to the caller in campaign `q.campaign_id` (those in the caller's
  // scope and the campaign's region; a grid worker: their own tasks and
  // their grid's unassigned ones), in (grid_code, id) order with keyset
  // pages as Search. Needs kReadRegistry; masked unless `unmasked` (needs
  // kSeeUnmasked). kNotFound "campaign N not found" for a campaign that is
  // missing or does not overlap the caller's scope. Each page is audited
  // (read, campaign N, with the count) before it is returned.
  Result<Page<Resident>> CampaignResidents(const AccessContext& ctx,
                                           const CampaignResidentsQuery& q);

  // The open registration conflicts whose both grids lie in the caller's
  // scope, in (region, id) order (keyset pages as Search). Needs
  // Permission::kWriteRegistry; the read is audited.
  Result<Page<RegistrationConflict>> Conflicts(const AccessContext& ctx, int64_t after_id,
                                               int limit);
  // Resolves an open conflict by keeping `keep` (one of its two residents)
  // and deleting the other registration, as DeleteResident does (kConflict
  // when that one's household is in a screening campaign); closes every
  // other open conflict of the deleted resident. kNotFound for a conflict
  // that is missing or not wholly in the caller's scope; kConflict when it
  // is already resolved; kInvalidArgument "keep: ..." when `keep` is not
  // one of its residents. Audited with `reason` (required, as for deletion).
  Status ResolveConflict(const AccessContext& ctx, int64_t conflict_id, int64_t keep,
                         std::string_view reason);

  // CSV import (UTF-8, optional BOM), one transaction. Headers, any order:
  // grid_code|网格代码, building|楼栋, unit|单元, room|房号, name|姓名,
  // sex|性别 (male/female/男/女), birth_date|出生日期, id_number|身份证号,
  // phone|电话|手机, optional elderly_alone|独居老人, chronic_illness|慢性病,
  // pregnant|孕妇 (1/0/是/否), high_risk_return_date|高风险地区返回日期.
  // Households are found or created by (grid, building, unit, room).
  // Every rejected row is reported with its line and reason; a row that is
  // not valid UTF-8 with kNotUtf8 (ops/csv.hpp), before any other check
  // (the checks that need no database: ops/registry/resident_csv.hpp).
  // Numbers registered outside the caller's scope: see the top of this
  // file. Audited: "import" with the counts, or, for an all-or-nothing
  // import refused, "import_rejected" after its rollback (AuditRejectedImport).
  // `progress` (optional) is called as ops/common.hpp describes.
  Result<ImportReport> ImportResidentsCsv(const AccessContext& ctx, std::string_view csv,
                                          ImportMode mode, const ImportProgress& progress = {});
  // CSV of the residents of `region_code`'s subtree (English headers), masked
  // unless `unmasked` (needs kSeeUnmasked), grid by grid and by id within a
  // grid: the order of the residents_grid index, so nothing is sorted.
  // Cells are written by CsvField: a formula is neutralised.
  Result<std::string> ExportResidentsCsv(const AccessContext& ctx, std::string_view region_code,
                                         bool unmasked);

 private:
  store::Database& db_;
  AuditWriter& audit_;
  Clock clock_;
  SearchTermKey terms_;
};

}  // namespace fk::ops
