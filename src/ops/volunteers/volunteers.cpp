#include "ops/volunteers/volunteers.hpp"

#include <vector>

#include "ops/audit/audit.hpp"
#include "ops/plain_text.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kDay = 86400;

constexpr const char* kVolunteerColumns =
    "SELECT v.id, v.resident_id, r.name, r.phone, v.grid_code, v.pledge, v.skills, "
    "v.availability, v.party_member, v.team_id, v.created_at, vt.name FROM volunteers v "
    "JOIN residents r ON r.id = v.resident_id LEFT JOIN volunteer_teams vt ON vt.id = v.team_id ";

constexpr const char* kTeamColumns =
    "SELECT t.id, t.name, t.kind, t.region_code, t.leader_id, r.name, t.created_at, "
    "(SELECT COUNT(*) FROM volunteers m WHERE m.team_id = t.id) FROM volunteer_teams t "
    "LEFT JOIN volunteers l ON l.id = t.leader_id LEFT JOIN residents r ON r.id = l.resident_id ";

Volunteer VolunteerOf(const store::Row& r, bool clear) {
  Volunteer v;
  v.id = r.Int(0);
  v.resident_id = r.Int(1);
  v.name = clear ? r.Text(2) : MaskName(r.Text(2));
  v.phone = clear ? r.Text(3) : MaskPhone(r.Text(3));
  v.grid_code = r.Text(4);
  v.pledge = r.Text(5);
  v.skills = r.Text(6);
  v.availability = r.Text(7);
  v.party_member = r.Int(8) != 0;
  if (!r.IsNull(9)) {
    v.team_id = r.Int(9);
    v.team_name = r.Text(11);
  }
  v.created_at = r.Int(10);
  return v;
}

VolunteerTeam TeamOf(const store::Row& r, bool clear) {
  VolunteerTeam t;
  t.id = r.Int(0);
  t.name = r.Text(1);
  t.kind = r.Text(2);
  t.region_code = r.Text(3);
  if (!r.IsNull(4)) {
    t.leader_id = r.Int(4);
    t.leader_name = clear ? r.Text(5) : MaskName(r.Text(5));
  }
  t.created_at = r.Int(6);
  t.members = r.Int(7);
  return t;
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  return Status::Ok();
}

// The minutes each of `volunteers` was on duty up to `now`, in all and in
// the last 24 hours.
Status AddMinutesWorked(store::Transaction& tx, std::vector<Volunteer>& volunteers, int64_t now) {
  if (volunteers.empty()) return Status::Ok();
  std::string in = "?";
  store::Params params{now, now, now, now, now - kDay, now - kDay, now - kDay};
  params.emplace_back(volunteers.front().id);
  for (size_t i = 1; i < volunteers.size(); ++i) {
    in += ", ?";
    params.emplace_back(volunteers[i].id);
  }
  params.emplace_back(now);
  auto rows = tx.Query(
      "SELECT volunteer_id, SUM((CASE WHEN ends_at < ? THEN ends_at ELSE ? END) - starts_at), "
      "SUM((CASE WHEN ends_at < ? THEN ends_at ELSE ? END) - "
      "(CASE WHEN starts_at > ? THEN starts_at ELSE ? END)) FILTER (WHERE ends_at > ?) "
      "FROM duty_shifts WHERE volunteer_id IN (" +
          in + ") AND starts_at < ? GROUP BY volunteer_id",
      params);
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    for (Volunteer& v : volunteers)
      if (v.id == r.Int(0)) {
        v.minutes_worked = r.Int(1) / 60;
        v.minutes_last_24h = r.Int(2) / 60;
      }
  return Status::Ok();
}

}  // namespace

VolunteerService::VolunteerService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Volunteer> VolunteerService::Enroll(const AccessContext& ctx, const VolunteerInput& in) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  if (Status s = CheckPlainText("pledge", in.pledge, kMaxPledgeChars, true); !s) return s.error();
  if (Status s = CheckPlainText("skills", in.skills, 200, false, true); !s) return s.error();
  if (Status s = CheckPlainText("availability", in.availability, 200, false, true); !s)
    return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "resident " + std::to_string(in.resident_id) + " not found";
  auto resident =
      tx->QueryOne("SELECT grid_code FROM residents WHERE id = ?", {in.resident_id}, missing);
  if (!resident) return resident.error();
  const std::string grid = resident->Text(0);
  if (!InScope(ctx, grid)) return Error{ErrorCode::kNotFound, missing};
  auto already = tx->Query("SELECT id FROM volunteers WHERE resident_id = ?", {in.resident_id});
  if (!already) return already.error();
  if (!already->empty())
    return Error{ErrorCode::kConflict, "resident " + std::to_string(in.resident_id) +
                                           " is volunteer " +
                                           std::to_string(already->front().Int(0)) + " already"};
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO volunteers (resident_id, grid_code, pledge, skills, availability, "
      "party_member, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.resident_id, grid, in.pledge, in.skills, in.availability, int64_t{in.party_member}, now,
       ctx.user_id});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  auto read = tx->QueryOne(std::string(kVolunteerColumns) + "WHERE v.id = ?", {id});
  if (!read) return read.error();
  if (Status s = AppendAudit(*tx, ctx, now, "create", "volunteer", std::to_string(id),
                             "resident " + std::to_string(in.resident_id), grid);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return VolunteerOf(*read, HasPermission(ctx.role, Permission::kSeeUnmasked));
}

Result<Page<Volunteer>> VolunteerService::List(const AccessContext& ctx,
                                               std::optional<int64_t> team_id, int64_t after_id,
                                               int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kVolunteerColumns) +
                            "WHERE v.grid_code >= ? AND v.grid_code < ? AND (? = 0 OR v.team_id "
                            "= ?) AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?",
                        {prefix, PrefixEnd(prefix), int64_t{team_id.has_value()},
                         team_id.value_or(0), after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  Page<Volunteer> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(VolunteerOf(r, clear));
  }
  const int64_t now = clock_();
  if (Status s = AddMinutesWorked(*tx, page.items, now); !s) return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, "read", "volunteers",
                             std::to_string(page.items.size()) + " volunteers",
                             clear ? "unmasked" : "masked");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<VolunteerTeam> VolunteerService::CreateTeam(const AccessContext& ctx,
                                                   const std::string& name, const std::string& kind,
                                                   const std::string& region_code) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  if (Status s = CheckPlainText("name", name, 100, false); !s) return s.error();
  if (kind != "commando" && kind != "vanguard")
    return InvalidArgument("kind: must be commando or vanguard");
  if (!LevelOfCode(region_code).ok())
    return InvalidArgument("region_code: " + region_code +
                           " is not a region code (6, 9, 12 or 15 digits)");
  if (Status s = Require(ctx, Permission::kManageVolunteers, region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + region_code + " does not exist");
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO volunteer_teams (name, kind, region_code, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {name, kind, region_code, now, ctx.user_id});
  if (!row) return row.error();
  VolunteerTeam t{.id = row->Int(0), .name = name, .kind = kind, .region_code = region_code};
  t.created_at = now;
  if (Status s = AppendAudit(*tx, ctx, now, "create", "volunteer_team", std::to_string(t.id), kind,
                             region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return t;
}

Result<Page<VolunteerTeam>> VolunteerService::Teams(const AccessContext& ctx, int64_t after_id,
                                                    int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kTeamColumns) +
                            "WHERE t.region_code >= ? AND t.region_code < ? AND t.id > ? "
                            "ORDER BY t.id LIMIT ?",
                        {prefix, PrefixEnd(prefix), after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  Page<VolunteerTeam> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(TeamOf(r, clear));
  }
  return page;
}

Result<Volunteer> VolunteerService::SetTeam(const AccessContext& ctx, int64_t volunteer_id,
                                            std::optional<int64_t> team_id) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "volunteer " + std::to_string(volunteer_id) + " not found";
  auto row =
      tx->QueryOne(std::string(kVolunteerColumns) + "WHERE v.id = ?", {volunteer_id}, missing);
  if (!row) return row.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  Volunteer v = VolunteerOf(*row, clear);
  if (!InScope(ctx, v.grid_code)) return Error{ErrorCode::kNotFound, missing};
  if (team_id) {
    const std::string no_team = "team " + std::to_string(*team_id) + " not found";
    auto team =
        tx->QueryOne("SELECT region_code FROM volunteer_teams WHERE id = ?", {*team_id}, no_team);
    if (!team) return team.error();
    if (!InScope(ctx, team->Text(0))) return Error{ErrorCode::kNotFound, no_team};
    if (!InScope(team->Text(0), v.grid_code))
      return InvalidArgument("team_id: volunteer " + std::to_string(volunteer_id) +
                             " lives outside the region of team " + std::to_string(*team_id));
  }
  if (v.team_id && v.team_id != team_id) {
    auto up = tx->Exec("UPDATE volunteer_teams SET leader_id = NULL WHERE id = ? AND leader_id = ?",
                       {*v.team_id, volunteer_id});
    if (!up) return up.error();
  }
  auto up = tx->Exec("UPDATE volunteers SET team_id = ? WHERE id = ?",
                     {team_id ? store::Value(*team_id) : store::Value(nullptr), volunteer_id});
  if (!up) return up.error();
  v.team_id = team_id;
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "set_team", "volunteer", std::to_string(volunteer_id),
                      team_id ? "team " + std::to_string(*team_id) : "no team", v.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return v;
}

Result<VolunteerTeam> VolunteerService::SetLeader(const AccessContext& ctx, int64_t team_id,
                                                  int64_t volunteer_id) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "team " + std::to_string(team_id) + " not found";
  auto team =
      tx->QueryOne("SELECT region_code FROM volunteer_teams WHERE id = ?", {team_id}, missing);
  if (!team) return team.error();
  const std::string region = team->Text(0);
  if (!InScope(ctx, region)) return Error{ErrorCode::kNotFound, missing};
  auto member =
      tx->Query("SELECT 1 FROM volunteers WHERE id = ? AND team_id = ?", {volunteer_id, team_id});
  if (!member) return member.error();
  if (member->empty())
    return InvalidArgument("volunteer_id: volunteer " + std::to_string(volunteer_id) +
                           " is not a member of team " + std::to_string(team_id));
  auto up =
      tx->Exec("UPDATE volunteer_teams SET leader_id = ? WHERE id = ?", {volunteer_id, team_id});
  if (!up) return up.error();
  auto read = tx->QueryOne(std::string(kTeamColumns) + "WHERE t.id = ?", {team_id});
  if (!read) return read.error();
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "set_leader", "volunteer_team", std::to_string(team_id),
                      "volunteer " + std::to_string(volunteer_id), region);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return TeamOf(*read, HasPermission(ctx.role, Permission::kSeeUnmasked));
}

}  // namespace fk::ops
