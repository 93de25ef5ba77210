// Treatment and quarantine facilities (定点医院, 应急医院, 方舱医院, 隔离点)
// placed in the region tree, their beds by kind with staffed capacity and
// live occupancy, the medical staff attached to each, and medical
// reinforcement teams (驰援医疗队) whose arrival raises staffed capacity.
// Patients (admissions, transfers, discharges, dispatch) are in
// admissions.hpp. Occupancy never exceeds staffed capacity and never goes
// below zero: every change is a conditional UPDATE of one facility_beds row
// backed by CHECK constraints, so concurrent requests cannot overbook.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

enum class FacilityKind {
  kDesignatedHospital,
  kEmergencyHospital,
  kShelterHospital,
  kQuarantineSite
};
enum class BedKind { kGeneral, kIcu, kQuarantineRoom };

// "designated_hospital", "emergency_hospital", "shelter_hospital",
// "quarantine_site"; "general", "icu", "quarantine_room" (API and database names).
std::string_view FacilityKindName(FacilityKind kind);
std::optional<FacilityKind> ParseFacilityKind(std::string_view name);
std::string_view BedKindName(BedKind kind);
std::optional<BedKind> ParseBedKind(std::string_view name);

struct Beds {
  BedKind kind = BedKind::kGeneral;
  int64_t beds = 0;      // physical beds
  int64_t staffed = 0;   // beds the present staff can run (<= beds)
  int64_t occupied = 0;  // open admissions (<= staffed)
};

struct Facility {
  int64_t id = 0;
  std::string name;
  FacilityKind kind = FacilityKind::kDesignatedHospital;
  std::string region_code;  // where it stands (any level of the tree)
  std::string address;
  std::vector<Beds> beds{};  // the kinds it has, in BedKind order
};

struct FacilityInput {
  std::string name;
  std::string kind;  // FacilityKindName
  std::string region_code;
  std::string address;
};

struct FacilityStaffMember {
  int64_t user_id = 0;
  std::string username, display_name;
};

struct MedicalTeam {
  int64_t id = 0;
  std::string name;          // e.g. "上海市第三批援鄂医疗队"
  std::string origin;        // sending province or organisation
  int64_t size = 0;          // people
  std::string arrival_date;  // YYYY-MM-DD, planned or actual
  int64_t facility_id = 0;   // assigned facility
  BedKind bed_kind = BedKind::kGeneral;
  int64_t beds_staffed = 0;  // staffed beds its arrival adds (capped at the facility's beds)
  bool arrived = false;
  int64_t raised_by = 0;  // what its arrival added (0 before arrival)
};

struct MedicalTeamInput {
  std::string name, origin;
  int64_t size = 0;
  std::string arrival_date;
  int64_t facility_id = 0;
  std::string bed_kind;  // BedKindName
  // Staffed beds the team runs; absent: size / kStaffPerBed of the bed kind.
  std::optional<int64_t> beds_staffed;
};

// Staff a bed needs, for the default capacity of a team: an ICU bed 4
// (China's ICU guideline, 中国重症加强治疗病房建设与管理指南 2006: at least
// 0.8 doctors and 2.5-3 nurses a bed, 3.8 rounded up); any other bed 1 (an
// assumption, of the order of Wuchang Fangcang's 868 staff for its 1,124
// patients, /work/shared/reference/wuhan-2020.md §3.1).
int64_t StaffPerBed(BedKind kind);

class FacilityService {
 public:
  FacilityService(store::Database& db, Clock clock = SystemClock());

  // Needs kManageFacilities in scope of the region, which must exist.
  // kInvalidArgument naming the field (empty name, unknown kind or region).
  Result<Facility> Create(const AccessContext& ctx, const FacilityInput& input);
  // Needs kReadStats; a facility outside the scope is kNotFound.
  Result<Facility> Get(const AccessContext& ctx, int64_t id);
  // Facilities in the subtree of `region_code` (default: the caller's scope),
  // ordered by id; `after_id` is the last id of the previous page.
  Result<Page<Facility>> List(const AccessContext& ctx, std::string region_code, int64_t after_id,
                              int limit);
  // Sets the beds and staffed capacity of one kind (creating the kind).
  // Needs kManageFacilities in scope. kInvalidArgument when staffed > beds
  // or a number is negative; kConflict when staffed would fall below the
  // beds occupied now (discharge or transfer first). Nothing changes on error.
  Result<Facility> SetBeds(const AccessContext& ctx, int64_t id, std::string_view bed_kind,
                           int64_t beds, int64_t staffed);
  // Replaces the medical staff accounts attached to the facility (who may
  // admit and discharge there). Each must be an active medical_staff
  // account whose scope holds the facility. Needs kManageFacilities in scope.
  Status SetStaff(const AccessContext& ctx, int64_t id, const std::vector<int64_t>& user_ids);
  Result<std::vector<FacilityStaffMember>> Staff(const AccessContext& ctx, int64_t id);

  // Medical teams. Create needs kManageFacilities in scope of the assigned
  // facility; List shows the teams of facilities in scope, newest first.
  Result<MedicalTeam> CreateTeam(const AccessContext& ctx, const MedicalTeamInput& input);
  Result<Page<MedicalTeam>> Teams(const AccessContext& ctx, int64_t after_id, int limit);
  // Records the team's arrival: the facility's staffed beds of the team's
  // kind rise by beds_staffed, capped at its beds (raised_by says what was
  // added). kConflict when it has arrived already.
  Result<MedicalTeam> RecordArrival(const AccessContext& ctx, int64_t team_id);

 private:
  store::Database& db_;
  Clock clock_;
};

// Shared by the facility and admission services: the facility `id` with its
// beds, or kNotFound ("facility N not found") when missing or outside the
// scope of `ctx`.
Result<Facility> LoadFacility(store::Transaction& tx, const AccessContext& ctx, int64_t id);

}  // namespace fk::ops
