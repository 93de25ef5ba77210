// Patients in facilities: admissions, transfers and discharges, which move
// the live occupancy of the facility's beds; bed suggestions for a person by
// severity, free beds and distance; and dispatch (床位调度), an admission
// made from a suggestion and recorded with it.
//
// Who: officers with kManagePatients act on facilities in their scope;
// medical staff (also kManagePatients) only on facilities they are attached
// to (FacilityService::SetStaff). A person is a registered resident (their
// resident id); facility staff may admit any resident (a hospital receives
// people from anywhere: audited), officers only residents of their scope.
// A person has at most one open admission (a partial unique index), so no
// one occupies two beds. case_id is a nullable reference to the case module
// (issue 13, cases), joined once both are in the tree.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ops/cases/case_rules.hpp"  // Severity and ParseSeverity, shared with cases
#include "ops/facilities/facilities.hpp"

namespace fk::ops {

std::string_view SeverityName(Severity severity);  // "mild", ... "critical"

struct Admission {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string name;       // masked
  std::string grid_code;  // the resident's grid
  int64_t facility_id = 0;
  BedKind bed_kind = BedKind::kGeneral;
  Severity severity = Severity::kMild;
  std::optional<int64_t> case_id{};
  std::string admitted_on{};                   // YYYY-MM-DD
  std::optional<std::string> discharged_on{};  // YYYY-MM-DD
  std::string outcome{};                       // "", "recovered", "died", "transferred", "other"
  std::optional<int64_t> transferred_to{};     // the admission at the next facility
};

struct AdmissionInput {
  int64_t resident_id = 0;
  std::string bed_kind;  // BedKindName
  std::string severity;  // SeverityName
  std::optional<int64_t> case_id;
  std::string date;  // YYYY-MM-DD; empty: today
};

struct Suggestion {
  int64_t facility_id = 0;
  std::string name;
  FacilityKind kind = FacilityKind::kDesignatedHospital;
  std::string region_code;
  BedKind bed_kind = BedKind::kGeneral;
  int64_t free_beds = 0;
  int tree_distance = 0;                // levels up to the common region (0: same region)
  std::optional<double> distance_km{};  // between region centroids, when both have shapes
};

struct Dispatch {
  int64_t id = 0;
  Admission admission;
  int rank = 0;  // the facility's place in the suggestions at dispatch (0: not suggested)
};

// The bed kinds and facility kinds that suit a severity, best first: a
// critical patient an ICU bed in a hospital; a severe one an ICU or general
// bed in a designated or emergency hospital; mild and moderate cases a
// shelter hospital's general bed first (the triage of Wuhan from 3 Feb 2020:
// Fangcang for mild cases, hospitals for severe and critical ones,
// /work/shared/reference/wuhan-2020.md §1), then a hospital's general bed.
struct BedNeed {
  BedKind bed;
  FacilityKind facility;
};
std::vector<BedNeed> BedNeedsOf(Severity severity);

class AdmissionService {
 public:
  AdmissionService(store::Database& db, Clock clock = SystemClock());

  // Admits the resident to a bed of the kind: occupancy rises by one when a
  // staffed bed is free, else kResourceExhausted ("facility 3 has no free
  // icu bed"). kConflict when the person already has an open admission.
  Result<Admission> Admit(const AccessContext& ctx, int64_t facility_id, const AdmissionInput& in);
  // Ends an open admission: outcome "recovered", "died" or "other"; the bed is freed.
  Result<Admission> Discharge(const AccessContext& ctx, int64_t facility_id, int64_t admission_id,
                              std::string outcome, std::string date);
  // Moves the patient to a bed at another facility (in the caller's scope) in
  // one transaction: if the target has no free bed nothing changes. Answers
  // the new admission.
  Result<Admission> Transfer(const AccessContext& ctx, int64_t facility_id, int64_t admission_id,
                             int64_t to_facility_id, const AdmissionInput& in);
  // Open admissions of the facility (masked names), ordered by id; audited.
  Result<Page<Admission>> Patients(const AccessContext& ctx, int64_t facility_id, int64_t after_id,
                                   int limit);
  // Facilities in the caller's scope with a free staffed bed that suits the
  // severity (BedNeedsOf order), nearest first: by region-tree distance from
  // the resident's grid, then centroid distance, then most free beds.
  // At most `limit` entries.
  Result<std::vector<Suggestion>> Suggest(const AccessContext& ctx, int64_t resident_id,
                                          std::string severity, int limit);
  // Admits the resident at the facility and records the dispatch with the
  // facility's rank among the suggestions at that moment.
  Result<Dispatch> DispatchTo(const AccessContext& ctx, int64_t facility_id,
                              const AdmissionInput& in);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
