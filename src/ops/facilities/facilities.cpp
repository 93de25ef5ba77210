#include "ops/facilities/facilities.hpp"

#include <algorithm>
#include <array>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/facilities/facility_internal.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 4> kFacilityKinds = {
    "designated_hospital", "emergency_hospital", "shelter_hospital", "quarantine_site"};
constexpr std::array<std::string_view, 3> kBedKinds = {"general", "icu", "quarantine_room"};
constexpr int64_t kMaxBeds = 100'000;      // beds of one kind in one facility
constexpr int64_t kMaxTeamSize = 100'000;  // people in one team
constexpr size_t kMaxStaff = 500;          // accounts attached to one facility

Status CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  return Status::Ok();
}

Result<std::vector<Beds>> LoadBeds(store::Transaction& tx, int64_t facility_id) {
  auto rows = tx.Query(
      "SELECT kind, beds, staffed, occupied FROM facility_beds WHERE facility_id = ? "
      "ORDER BY kind",
      {facility_id});
  if (!rows) return rows.error();
  std::vector<Beds> out;
  for (const auto& r : *rows)
    out.push_back({*ParseBedKind(r.Text(0)), r.Int(1), r.Int(2), r.Int(3)});
  return out;
}

MedicalTeam TeamOf(const store::Row& r) {
  MedicalTeam t{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Int(5)};
  t.bed_kind = *ParseBedKind(r.Text(6));
  t.beds_staffed = r.Int(7);
  t.arrived = !r.IsNull(8);
  t.raised_by = r.Int(9);
  return t;
}

constexpr const char* kTeamColumns =
    "t.id, t.name, t.origin, t.size, t.arrival_date, t.facility_id, t.bed_kind, t.beds_staffed, "
    "t.arrived_at, t.raised_by";

}  // namespace

std::string_view FacilityKindName(FacilityKind kind) {
  return kFacilityKinds[static_cast<int>(kind)];
}
std::optional<FacilityKind> ParseFacilityKind(std::string_view name) {
  for (size_t i = 0; i < kFacilityKinds.size(); ++i)
    if (kFacilityKinds[i] == name) return static_cast<FacilityKind>(i);
  return std::nullopt;
}
std::string_view BedKindName(BedKind kind) { return kBedKinds[static_cast<int>(kind)]; }
std::optional<BedKind> ParseBedKind(std::string_view name) {
  for (size_t i = 0; i < kBedKinds.size(); ++i)
    if (kBedKinds[i] == name) return static_cast<BedKind>(i);
  return std::nullopt;
}

int64_t StaffPerBed(BedKind kind) { return kind == BedKind::kIcu ? 4 : 1; }

int64_t DayNumberOf(int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
}

std::string DayText(int64_t day_number) {
  return AddDays(Date{1970, 1, 1}, static_cast<int>(day_number));
}

std::string DayOf(int64_t unix_seconds) { return DayText(DayNumberOf(unix_seconds)); }

Result<bool> IsFacilityStaff(store::Transaction& tx, int64_t user_id, int64_t facility_id) {
  auto row = tx.Query("SELECT 1 FROM facility_staff WHERE facility_id = ? AND user_id = ?",
                      {facility_id, user_id});
  if (!row) return row.error();
  return !row->empty();
}

Result<std::string> DateOrToday(const std::string& field, const std::string& date, int64_t now) {
  if (date.empty()) return DayOf(now);
  if (!ParseDate(date)) return InvalidArgument(field + ": " + date + " is not a YYYY-MM-DD date");
  return date;
}

Result<Beds> LockBeds(store::Transaction& tx, int64_t facility_id, BedKind kind) {
  // A no-op UPDATE takes PostgreSQL's row lock (SQLite's write transaction
  // holds the whole database) and answers the row as it now is.
  auto row = tx.QueryOne(
      "UPDATE facility_beds SET beds = beds WHERE facility_id = ? AND kind = ? "
      "RETURNING beds, staffed, occupied",
      {facility_id, std::string(BedKindName(kind))},
      "bed_kind: facility " + std::to_string(facility_id) + " has no " +
          std::string(BedKindName(kind)) + " beds");
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound)
      return Error{ErrorCode::kConflict, row.error().message};
    return row.error();
  }
  return Beds{kind, row->Int(0), row->Int(1), row->Int(2)};
}

Result<Facility> LoadFacility(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  const std::string missing = "facility " + std::to_string(id) + " not found";
  auto row = tx.QueryOne("SELECT id, name, kind, region_code, address FROM facilities WHERE id = ?",
                         {id}, missing);
  if (!row) return row.error();
  if (!InScope(ctx, row->Text(3))) return Error{ErrorCode::kNotFound, missing};
  Facility f{row->Int(0), row->Text(1), *ParseFacilityKind(row->Text(2)), row->Text(3),
             row->Text(4)};
  auto beds = LoadBeds(tx, id);
  if (!beds) return beds.error();
  f.beds = std::move(*beds);
  return f;
}

FacilityService::FacilityService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Facility> FacilityService::Create(const AccessContext& ctx, const FacilityInput& in) {
  if (in.name.empty()) return InvalidArgument("name: must not be empty");
  if (!ParseFacilityKind(in.kind)) {
    return InvalidArgument("kind: " + in.kind +
                           " is not designated_hospital, emergency_hospital, shelter_hospital or "
                           "quarantine_site");
  }
  if (!LevelOfCode(in.region_code))
    return InvalidArgument("region_code: " + in.region_code + " is not a region code");
  if (Status s = Require(ctx, Permission::kManageFacilities, in.region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {in.region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + in.region_code + " does not exist");
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO facilities (name, kind, region_code, address, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {in.name, in.kind, in.region_code, in.address, ctx.user_id, now});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s = AppendAudit(*tx, ctx, now, "create", "facility", std::to_string(id), in.name,
                             in.region_code);
      !s)
    return s.error();
  auto f = LoadFacility(*tx, ctx, id);
  if (!f) return f;
  if (Status s = tx->Commit(); !s) return s.error();
  return f;
}

Result<Facility> FacilityService::Get(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  return LoadFacility(*tx, ctx, id);
}

Result<Page<Facility>> FacilityService::List(const AccessContext& ctx, std::string region_code,
                                             int64_t after_id, int limit) {
  if (region_code.empty()) region_code = ctx.scope;
  if (Status s = CheckLimit(limit); !s) return s.error();
  if (!region_code.empty() && !LevelOfCode(region_code))
    return InvalidArgument("region: " + region_code + " is not a region code");
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  const std::string prefix = SubtreePrefix(region_code);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id, name, kind, region_code, address FROM facilities "
      "WHERE region_code >= ? AND region_code < ? AND id > ? ORDER BY id LIMIT ?",
      {prefix, PrefixEnd(prefix), after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Facility> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    Facility f{r.Int(0), r.Text(1), *ParseFacilityKind(r.Text(2)), r.Text(3), r.Text(4)};
    auto beds = LoadBeds(*tx, f.id);
    if (!beds) return beds.error();
    f.beds = std::move(*beds);
    page.items.push_back(std::move(f));
  }
  return page;
}

Result<Facility> FacilityService::SetBeds(const AccessContext& ctx, int64_t id,
                                          std::string_view bed_kind, int64_t beds,
                                          int64_t staffed) {
  auto kind = ParseBedKind(bed_kind);
  if (!kind)
    return InvalidArgument("kind: " + std::string(bed_kind) +
                           " is not general, icu or quarantine_room");
  if (beds < 0 || beds > kMaxBeds)
    return InvalidArgument("beds: must be 0.." + std::to_string(kMaxBeds));
  if (staffed < 0 || staffed > beds) return InvalidArgument("staffed: must be 0..beds");
  if (Status s = Require(ctx, Permission::kManageFacilities); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = LoadFacility(*tx, ctx, id);
  if (!f) return f;
  const std::string name(BedKindName(*kind));
  auto inserted = tx->Exec(
      "INSERT INTO facility_beds (facility_id, kind, beds, staffed, occupied) "
      "VALUES (?, ?, 0, 0, 0) ON CONFLICT (facility_id, kind) DO NOTHING",
      {id, name});
  if (!inserted) return inserted.error();
  auto now_beds = LockBeds(*tx, id, *kind);
  if (!now_beds) return now_beds.error();
  if (staffed < now_beds->occupied) {
    return Error{ErrorCode::kConflict,
                 "staffed: " + std::to_string(now_beds->occupied) + " " + name +
                     " beds are occupied; discharge or transfer patients first"};
  }
  auto up =
      tx->Exec("UPDATE facility_beds SET beds = ?, staffed = ? WHERE facility_id = ? AND kind = ?",
               {beds, staffed, id, name});
  if (!up) return up.error();
  const int64_t now = clock_();
  if (Status s = AppendAudit(
          *tx, ctx, now, "update", "facility", std::to_string(id),
          name + " beds " + std::to_string(beds) + " staffed " + std::to_string(staffed),
          f->region_code);
      !s)
    return s.error();
  auto out = LoadFacility(*tx, ctx, id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Status FacilityService::SetStaff(const AccessContext& ctx, int64_t id,
                                 const std::vector<int64_t>& user_ids) {
  if (user_ids.size() > kMaxStaff)
    return InvalidArgument("user_ids: at most " + std::to_string(kMaxStaff) + " accounts");
  if (Status s = Require(ctx, Permission::kManageFacilities); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = LoadFacility(*tx, ctx, id);
  if (!f) return f.error();
  std::vector<int64_t> ids = user_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int64_t user : ids) {
    auto row = tx->Query("SELECT role, scope, active FROM users WHERE id = ?", {user});
    if (!row) return row.error();
    // One answer for a missing account, another role, an inactive one and
    // one whose scope does not hold the facility: officers may not learn
    // which accounts exist from it.
    if (row->empty() || row->at(0).Text(0) != RoleName(Role::kMedicalStaff) ||
        row->at(0).Int(2) == 0 || !InScope(row->at(0).Text(1), f->region_code)) {
      return InvalidArgument("user_ids: user " + std::to_string(user) +
                             " is not an active medical_staff account whose scope holds the "
                             "facility");
    }
  }
  if (auto r = tx->Exec("DELETE FROM facility_staff WHERE facility_id = ?", {id}); !r)
    return r.error();
  for (int64_t user : ids) {
    if (auto r =
            tx->Exec("INSERT INTO facility_staff (facility_id, user_id) VALUES (?, ?)", {id, user});
        !r)
      return r.error();
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "update", "facility_staff", std::to_string(id),
                             std::to_string(ids.size()) + " accounts", f->region_code);
      !s)
    return s;
  return tx->Commit();
}

Result<std::vector<FacilityStaffMember>> FacilityService::Staff(const AccessContext& ctx,
                                                                int64_t id) {
  if (Status s = Require(ctx, Permission::kManageFacilities); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto f = LoadFacility(*tx, ctx, id);
  if (!f) return f.error();
  auto rows = tx->Query(
      "SELECT u.id, u.username, u.display_name FROM facility_staff s "
      "JOIN users u ON u.id = s.user_id WHERE s.facility_id = ? ORDER BY u.id",
      {id});
  if (!rows) return rows.error();
  std::vector<FacilityStaffMember> out;
  for (const auto& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

Result<MedicalTeam> FacilityService::CreateTeam(const AccessContext& ctx,
                                                const MedicalTeamInput& in) {
  if (in.name.empty()) return InvalidArgument("name: must not be empty");
  if (in.origin.empty()) return InvalidArgument("origin: must not be empty");
  if (in.size < 1 || in.size > kMaxTeamSize)
    return InvalidArgument("size: must be 1.." + std::to_string(kMaxTeamSize));
  if (!ParseDate(in.arrival_date))
    return InvalidArgument("arrival_date: " + in.arrival_date + " is not a YYYY-MM-DD date");
  auto kind = ParseBedKind(in.bed_kind);
  if (!kind)
    return InvalidArgument("bed_kind: " + in.bed_kind + " is not general, icu or quarantine_room");
  const int64_t staffed = in.beds_staffed.value_or(in.size / StaffPerBed(*kind));
  if (staffed < 0 || staffed > kMaxBeds)
    return InvalidArgument("beds_staffed: must be 0.." + std::to_string(kMaxBeds));
  if (Status s = Require(ctx, Permission::kManageFacilities); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = LoadFacility(*tx, ctx, in.facility_id);
  if (!f) {
    if (f.error().code != ErrorCode::kNotFound) return f.error();
    return InvalidArgument("facility_id: " + f.error().message);
  }
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO medical_teams (name, origin, size, arrival_date, facility_id, bed_kind, "
      "beds_staffed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.name, in.origin, in.size, in.arrival_date, in.facility_id,
       std::string(BedKindName(*kind)), staffed, ctx.user_id, now});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s = AppendAudit(*tx, ctx, now, "create", "medical_team", std::to_string(id),
                             in.name + ", " + std::to_string(in.size) + " people", f->region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return MedicalTeam{id,    in.name, in.origin, in.size, in.arrival_date, in.facility_id,
                     *kind, staffed, false,     0};
}

Result<Page<MedicalTeam>> FacilityService::Teams(const AccessContext& ctx, int64_t after_id,
                                                 int limit) {
  if (Status s = Require(ctx, Permission::kReadStats); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows =
      tx->Query(std::string("SELECT ") + kTeamColumns +
                    " FROM medical_teams t JOIN facilities f ON f.id = t.facility_id "
                    "WHERE f.region_code >= ? AND f.region_code < ? AND (? = 0 OR t.id < ?) "
                    "ORDER BY t.id DESC LIMIT ?",
                {prefix, PrefixEnd(prefix), after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<MedicalTeam> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(TeamOf(r));
  }
  return page;
}

Result<MedicalTeam> FacilityService::RecordArrival(const AccessContext& ctx, int64_t team_id) {
  if (Status s = Require(ctx, Permission::kManageFacilities); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "medical team " + std::to_string(team_id) + " not found";
  auto row =
      tx->QueryOne(std::string("SELECT ") + kTeamColumns + " FROM medical_teams t WHERE t.id = ?",
                   {team_id}, missing);
  if (!row) return row.error();
  MedicalTeam team = TeamOf(*row);
  auto f = LoadFacility(*tx, ctx, team.facility_id);
  if (!f) {
    if (f.error().code == ErrorCode::kNotFound) return Error{ErrorCode::kNotFound, missing};
    return f.error();
  }
  auto beds = LockBeds(*tx, team.facility_id, team.bed_kind);
  if (!beds) return beds.error();
  const int64_t raised = std::min(team.beds_staffed, beds->beds - beds->staffed);
  const int64_t now = clock_();
  // Marked first, on the condition that it is not yet: a second arrival
  // (or a concurrent one) changes nothing.
  auto marked = tx->Exec(
      "UPDATE medical_teams SET arrived_at = ?, raised_by = ? WHERE id = ? AND arrived_at IS NULL",
      {now, raised, team_id});
  if (!marked) return marked.error();
  if (*marked == 0)
    return Error{ErrorCode::kConflict, "medical team " + std::to_string(team_id) + " has arrived"};
  auto up =
      tx->Exec("UPDATE facility_beds SET staffed = staffed + ? WHERE facility_id = ? AND kind = ?",
               {raised, team.facility_id, std::string(BedKindName(team.bed_kind))});
  if (!up) return up.error();
  if (Status s = AppendAudit(*tx, ctx, now, "arrive", "medical_team", std::to_string(team_id),
                             "staffed +" + std::to_string(raised), f->region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  team.arrived = true;
  team.raised_by = raised;
  return team;
}

}  // namespace fk::ops
