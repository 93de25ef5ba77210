#include "ops/facilities/admissions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/facilities/facility_internal.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 4> kSeverities = {"mild", "moderate", "severe", "critical"};
constexpr int kMaxSuggestions = 50;

constexpr const char* kAdmissionColumns =
    "a.id, a.resident_id, r.name, r.grid_code, a.facility_id, a.bed_kind, a.severity, a.case_id, "
    "a.admitted_on, a.discharged_on, a.outcome, a.transferred_to";

Admission AdmissionOf(const store::Row& r) {
  Admission a{r.Int(0), r.Int(1), MaskName(r.Text(2)), r.Text(3), r.Int(4)};
  a.bed_kind = *ParseBedKind(r.Text(5));
  a.severity = *ParseSeverity(r.Text(6));
  if (!r.IsNull(7)) a.case_id = r.Int(7);
  a.admitted_on = r.Text(8);
  if (!r.IsNull(9)) a.discharged_on = r.Text(9);
  a.outcome = r.Text(10);
  if (!r.IsNull(11)) a.transferred_to = r.Int(11);
  return a;
}

Result<Admission> LoadAdmission(store::Transaction& tx, int64_t id) {
  auto row = tx.QueryOne(std::string("SELECT ") + kAdmissionColumns +
                             " FROM admissions a JOIN residents r ON r.id = a.resident_id "
                             "WHERE a.id = ?",
                         {id}, "admission " + std::to_string(id) + " not found");
  if (!row) return row.error();
  return AdmissionOf(*row);
}

// The facility, when the caller may treat patients there: kManagePatients,
// the facility in scope, and for medical staff a place on its staff.
Result<Facility> FacilityToTreatIn(store::Transaction& tx, const AccessContext& ctx,
                                   int64_t facility_id) {
  if (Status s = Require(ctx, Permission::kManagePatients); !s) return s.error();
  auto f = LoadFacility(tx, ctx, facility_id);
  if (!f) return f;
  if (ctx.role == Role::kMedicalStaff) {
    auto staff = IsFacilityStaff(tx, ctx.user_id, facility_id);
    if (!staff) return staff.error();
    if (!*staff)
      return Error{ErrorCode::kPermissionDenied, "facility " + std::to_string(facility_id) +
                                                     ": you are not on its medical staff"};
  }
  return f;
}

struct Person {
  std::string grid_code;
};

// The resident, when the caller may bring them to a bed: officers residents
// of their scope, a facility's staff (`at_facility_staff`) anyone
// registered (a hospital receives people from every district).
Result<Person> PersonToAdmit(store::Transaction& tx, const AccessContext& ctx, int64_t resident_id,
                             bool at_facility_staff) {
  const std::string missing = "resident_id: resident " + std::to_string(resident_id) + " not found";
  auto row = tx.Query("SELECT grid_code FROM residents WHERE id = ?", {resident_id});
  if (!row) return row.error();
  if (row->empty() || (!at_facility_staff && !InScope(ctx, row->at(0).Text(0))))
    return Error{ErrorCode::kNotFound, missing};
  return Person{row->at(0).Text(0)};
}

struct ValidInput {
  BedKind bed;
  Severity severity;
  std::string date;
};

Result<ValidInput> Validate(const AdmissionInput& in, int64_t now) {
  auto bed = ParseBedKind(in.bed_kind);
  if (!bed)
    return InvalidArgument("bed_kind: " + in.bed_kind + " is not general, icu or quarantine_room");
  auto severity = ParseSeverity(in.severity);
  if (!severity)
    return InvalidArgument("severity: " + in.severity +
                           " is not mild, moderate, severe or critical");
  if (in.case_id && *in.case_id < 1) return InvalidArgument("case_id: must be a positive id");
  auto date = DateOrToday("date", in.date, now);
  if (!date) return date.error();
  return ValidInput{*bed, *severity, std::move(*date)};
}

// Takes a bed of `bed` at the facility and writes the admission, in `tx`.
Result<int64_t> TakeBed(store::Transaction& tx, const AccessContext& ctx, const Facility& f,
                        int64_t resident_id, const ValidInput& v, std::optional<int64_t> case_id,
                        int64_t now) {
  auto open = tx.Query("SELECT id FROM admissions WHERE resident_id = ? AND discharged_at IS NULL",
                       {resident_id});
  if (!open) return open.error();
  if (!open->empty()) {
    return Error{ErrorCode::kConflict, "resident_id: resident " + std::to_string(resident_id) +
                                           " is already admitted (admission " +
                                           std::to_string(open->at(0).Int(0)) +
                                           "); transfer or discharge them first"};
  }
  const std::string bed(BedKindName(v.bed));
  // The one place occupancy rises: only while a staffed bed is free.
  auto took = tx.Exec(
      "UPDATE facility_beds SET occupied = occupied + 1 "
      "WHERE facility_id = ? AND kind = ? AND occupied < staffed",
      {f.id, bed});
  if (!took) return took.error();
  if (*took == 0) {
    return Error{ErrorCode::kConflict,
                 "bed_kind: facility " + std::to_string(f.id) + " has no free " + bed + " bed"};
  }
  auto row = tx.QueryOne(
      "INSERT INTO admissions (resident_id, facility_id, bed_kind, severity, case_id, "
      "admitted_on, admitted_at, admitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {resident_id, f.id, bed, std::string(SeverityName(v.severity)), store::OrNull(case_id),
       v.date, now, ctx.user_id});
  if (!row) {
    // A concurrent admission of the same person won the unique index.
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict,
                   "resident_id: resident " + std::to_string(resident_id) + " is already admitted"};
    return row.error();
  }
  return row->Int(0);
}

// Frees the bed of an open admission and closes it with `outcome`.
Status EndAdmission(store::Transaction& tx, const AccessContext& ctx, const Admission& a,
                    const std::string& outcome, const std::string& date, int64_t now) {
  auto closed = tx.Exec(
      "UPDATE admissions SET discharged_on = ?, discharged_at = ?, discharged_by = ?, outcome = ? "
      "WHERE id = ? AND discharged_at IS NULL",
      {date, now, ctx.user_id, outcome, a.id});
  if (!closed) return closed.error();
  if (*closed == 0)
    return Error{ErrorCode::kConflict, "admission " + std::to_string(a.id) + " has ended"};
  auto freed = tx.Exec(
      "UPDATE facility_beds SET occupied = occupied - 1 "
      "WHERE facility_id = ? AND kind = ? AND occupied > 0",
      {a.facility_id, std::string(BedKindName(a.bed_kind))});
  if (!freed) return freed.error();
  if (*freed == 0)
    return Error{ErrorCode::kInternal, "facility " + std::to_string(a.facility_id) +
                                           ": an open admission without an occupied bed"};
  return Status::Ok();
}

// The open admission `admission_id` of the facility.
Result<Admission> OpenAdmission(store::Transaction& tx, int64_t facility_id, int64_t admission_id) {
  const std::string missing = "admission " + std::to_string(admission_id) + " not found";
  auto a = LoadAdmission(tx, admission_id);
  if (!a) return a;
  if (a->facility_id != facility_id)
    return Error{ErrorCode::kNotFound, missing + " at facility " + std::to_string(facility_id)};
  if (a->discharged_on)
    return Error{ErrorCode::kConflict,
                 "admission " + std::to_string(admission_id) + " ended on " + *a->discharged_on};
  return a;
}

double HaversineKm(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = M_PI / 180.0, kEarthKm = 6371.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

struct Point {
  double lon, lat;
};

// The centroid of the region or of its nearest ancestor with a shape.
Result<std::optional<Point>> CentroidOf(store::Transaction& tx, const std::string& code,
                                        std::map<std::string, std::optional<Point>>& cache) {
  if (auto it = cache.find(code); it != cache.end()) return it->second;
  std::optional<Point> found;
  for (std::string c = code; !c.empty(); c = ParentCode(c)) {
    auto row = tx.Query("SELECT centroid_lon, centroid_lat FROM region_shapes WHERE code = ?", {c});
    if (!row) return row.error();
    if (!row->empty()) {
      found = Point{row->at(0).Real(0), row->at(0).Real(1)};
      break;
    }
  }
  cache[code] = found;
  return found;
}

int TreeDistance(const std::string& from, const std::string& to) {
  const std::string common = CommonAncestor(from, to);
  auto level = LevelOfCode(from);
  if (!level) return 6;
  if (common.empty()) return static_cast<int>(*level);
  return static_cast<int>(*level) - static_cast<int>(*LevelOfCode(common));
}

Result<std::vector<Suggestion>> SuggestIn(store::Transaction& tx, const AccessContext& ctx,
                                          const std::string& grid, Severity severity, int limit) {
  const std::vector<BedNeed> needs = BedNeedsOf(severity);
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto rows = tx.Query(
      "SELECT f.id, f.name, f.kind, f.region_code, b.kind, b.staffed - b.occupied "
      "FROM facilities f JOIN facility_beds b ON b.facility_id = f.id "
      "WHERE b.occupied < b.staffed AND f.region_code >= ? AND f.region_code < ?",
      {prefix, PrefixEnd(prefix)});
  if (!rows) return rows.error();
  std::map<std::string, std::optional<Point>> centroids;
  auto home = CentroidOf(tx, grid, centroids);
  if (!home) return home.error();
  struct Ranked {
    size_t need;
    Suggestion s;
  };
  std::vector<Ranked> ranked;
  for (const auto& r : *rows) {
    const auto facility = *ParseFacilityKind(r.Text(2));
    const auto bed = *ParseBedKind(r.Text(4));
    auto need = std::find_if(needs.begin(), needs.end(), [&](const BedNeed& n) {
      return n.bed == bed && n.facility == facility;
    });
    if (need == needs.end()) continue;
    Suggestion s{r.Int(0), r.Text(1), facility, r.Text(3), bed, r.Int(5)};
    s.tree_distance = TreeDistance(grid, s.region_code);
    auto there = CentroidOf(tx, s.region_code, centroids);
    if (!there) return there.error();
    if (*home && *there)
      s.distance_km = HaversineKm((*home)->lon, (*home)->lat, (*there)->lon, (*there)->lat);
    ranked.push_back({static_cast<size_t>(need - needs.begin()), std::move(s)});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.need != b.need) return a.need < b.need;
    if (a.s.tree_distance != b.s.tree_distance) return a.s.tree_distance < b.s.tree_distance;
    const double da = a.s.distance_km.value_or(0), db = b.s.distance_km.value_or(0);
    if (da != db) return da < db;
    if (a.s.free_beds != b.s.free_beds) return a.s.free_beds > b.s.free_beds;
    return a.s.facility_id < b.s.facility_id;
  });
  std::vector<Suggestion> out;
  for (auto& r : ranked) {
    if (static_cast<int>(out.size()) == limit) break;
    out.push_back(std::move(r.s));
  }
  return out;
}

}  // namespace

std::string_view SeverityName(Severity severity) { return kSeverities[static_cast<int>(severity)]; }

std::vector<BedNeed> BedNeedsOf(Severity severity) {
  using B = BedKind;
  using F = FacilityKind;
  switch (severity) {
    case Severity::kCritical:
      return {{B::kIcu, F::kDesignatedHospital}, {B::kIcu, F::kEmergencyHospital}};
    case Severity::kSevere:
      return {{B::kIcu, F::kDesignatedHospital},
              {B::kIcu, F::kEmergencyHospital},
              {B::kGeneral, F::kDesignatedHospital},
              {B::kGeneral, F::kEmergencyHospital}};
    case Severity::kModerate:
    case Severity::kMild:
      break;
  }
  return {{B::kGeneral, F::kShelterHospital},
          {B::kGeneral, F::kDesignatedHospital},
          {B::kGeneral, F::kEmergencyHospital}};
}

AdmissionService::AdmissionService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Admission> AdmissionService::Admit(const AccessContext& ctx, int64_t facility_id,
                                          const AdmissionInput& in) {
  const int64_t now = clock_();
  auto v = Validate(in, now);
  if (!v) return v.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = FacilityToTreatIn(*tx, ctx, facility_id);
  if (!f) return f.error();
  auto person = PersonToAdmit(*tx, ctx, in.resident_id, ctx.role == Role::kMedicalStaff);
  if (!person) return person.error();
  auto id = TakeBed(*tx, ctx, *f, in.resident_id, *v, in.case_id, now);
  if (!id) return id.error();
  if (Status s = AppendAudit(*tx, ctx, now, "admit", "resident", std::to_string(in.resident_id),
                             "facility " + std::to_string(facility_id) + " " + in.bed_kind,
                             person->grid_code);
      !s)
    return s.error();
  auto out = LoadAdmission(*tx, *id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Admission> AdmissionService::Discharge(const AccessContext& ctx, int64_t facility_id,
                                              int64_t admission_id, std::string outcome,
                                              std::string date) {
  if (outcome != "recovered" && outcome != "died" && outcome != "other")
    return InvalidArgument("outcome: " + outcome + " is not recovered, died or other");
  const int64_t now = clock_();
  auto day = DateOrToday("date", date, now);
  if (!day) return day.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = FacilityToTreatIn(*tx, ctx, facility_id);
  if (!f) return f.error();
  auto a = OpenAdmission(*tx, facility_id, admission_id);
  if (!a) return a;
  if (*day < a->admitted_on)
    return InvalidArgument("date: " + *day + " is before the admission on " + a->admitted_on);
  if (Status s = EndAdmission(*tx, ctx, *a, outcome, *day, now); !s) return s.error();
  if (Status s =
          AppendAudit(*tx, ctx, now, "discharge", "resident", std::to_string(a->resident_id),
                      "facility " + std::to_string(facility_id) + " " + outcome, a->grid_code);
      !s)
    return s.error();
  auto out = LoadAdmission(*tx, admission_id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Admission> AdmissionService::Transfer(const AccessContext& ctx, int64_t facility_id,
                                             int64_t admission_id, int64_t to_facility_id,
                                             const AdmissionInput& in) {
  const int64_t now = clock_();
  auto v = Validate(in, now);
  if (!v) return v.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto from = FacilityToTreatIn(*tx, ctx, facility_id);
  if (!from) return from.error();
  auto a = OpenAdmission(*tx, facility_id, admission_id);
  if (!a) return a;
  if (to_facility_id == facility_id && v->bed == a->bed_kind)
    return InvalidArgument("to_facility_id: the patient is in a " + in.bed_kind + " bed there");
  if (v->date < a->admitted_on)
    return InvalidArgument("date: " + v->date + " is before the admission on " + a->admitted_on);
  auto to = LoadFacility(*tx, ctx, to_facility_id);
  if (!to) {
    if (to.error().code != ErrorCode::kNotFound) return to.error();
    return InvalidArgument("to_facility_id: " + to.error().message);
  }
  // Free first, then take: a move within one facility between kinds, and
  // the target's "no free bed" rolls the whole transfer back.
  if (Status s = EndAdmission(*tx, ctx, *a, "transferred", v->date, now); !s) return s.error();
  auto id = TakeBed(*tx, ctx, *to, a->resident_id, *v, in.case_id ? in.case_id : a->case_id, now);
  if (!id) return id.error();
  if (auto r = tx->Exec("UPDATE admissions SET transferred_to = ? WHERE id = ?", {*id, a->id}); !r)
    return r.error();
  if (Status s = AppendAudit(*tx, ctx, now, "transfer", "resident", std::to_string(a->resident_id),
                             "facility " + std::to_string(facility_id) + " -> " +
                                 std::to_string(to_facility_id) + " " + in.bed_kind,
                             a->grid_code);
      !s)
    return s.error();
  auto out = LoadAdmission(*tx, *id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Page<Admission>> AdmissionService::Patients(const AccessContext& ctx, int64_t facility_id,
                                                   int64_t after_id, int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = FacilityToTreatIn(*tx, ctx, facility_id);
  if (!f) return f.error();
  auto rows = tx->Query(std::string("SELECT ") + kAdmissionColumns +
                            " FROM admissions a JOIN residents r ON r.id = a.resident_id "
                            "WHERE a.facility_id = ? AND a.discharged_at IS NULL AND a.id > ? "
                            "ORDER BY a.id LIMIT ?",
                        {facility_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Admission> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(AdmissionOf(r));
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "admissions",
                             "facility " + std::to_string(facility_id),
                             std::to_string(page.items.size()) + " people", f->region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<std::vector<Suggestion>> AdmissionService::Suggest(const AccessContext& ctx,
                                                          int64_t resident_id, std::string severity,
                                                          int limit) {
  auto level = ParseSeverity(severity);
  if (!level)
    return InvalidArgument("severity: " + severity + " is not mild, moderate, severe or critical");
  if (limit < 1 || limit > kMaxSuggestions)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxSuggestions));
  if (Status s = Require(ctx, Permission::kManagePatients); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto person = PersonToAdmit(*tx, ctx, resident_id, false);
  if (!person) return person.error();
  return SuggestIn(*tx, ctx, person->grid_code, *level, limit);
}

Result<Dispatch> AdmissionService::DispatchTo(const AccessContext& ctx, int64_t facility_id,
                                              const AdmissionInput& in) {
  const int64_t now = clock_();
  auto v = Validate(in, now);
  if (!v) return v.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = FacilityToTreatIn(*tx, ctx, facility_id);
  if (!f) return f.error();
  auto person = PersonToAdmit(*tx, ctx, in.resident_id, false);
  if (!person) return person.error();
  auto suggestions = SuggestIn(*tx, ctx, person->grid_code, v->severity, kMaxSuggestions);
  if (!suggestions) return suggestions.error();
  int rank = 0;
  for (size_t i = 0; i < suggestions->size(); ++i) {
    if ((*suggestions)[i].facility_id == facility_id && (*suggestions)[i].bed_kind == v->bed) {
      rank = static_cast<int>(i) + 1;
      break;
    }
  }
  auto id = TakeBed(*tx, ctx, *f, in.resident_id, *v, in.case_id, now);
  if (!id) return id.error();
  auto row = tx->QueryOne(
      "INSERT INTO dispatches (admission_id, resident_id, facility_id, severity, suggestion_rank, "
      "dispatched_by, dispatched_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {*id, in.resident_id, facility_id, in.severity, static_cast<int64_t>(rank), ctx.user_id,
       now});
  if (!row) return row.error();
  if (Status s = AppendAudit(*tx, ctx, now, "dispatch", "resident", std::to_string(in.resident_id),
                             "facility " + std::to_string(facility_id) + " " + in.bed_kind +
                                 " rank " + std::to_string(rank),
                             person->grid_code);
      !s)
    return s.error();
  auto a = LoadAdmission(*tx, *id);
  if (!a) return a.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return Dispatch{row->Int(0), std::move(*a), rank};
}

}  // namespace fk::ops
