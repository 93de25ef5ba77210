#include "ops/supervision/supervision.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "ops/audit/audit.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

std::string TeamMissing(int64_t id) { return "team " + std::to_string(id) + " not found"; }

Revisit RevisitOf(const store::Row& r) {
  Revisit v{r.Int(0), r.Int(1), r.Text(2), {}, !r.IsNull(4), r.IsNull(5) ? 0 : r.Int(5),
            r.Int(6), r.Int(7)};
  if (!r.IsNull(3)) v.revisitor = r.Int(3);
  return v;
}

constexpr const char* kRevisitColumns =
    "r.id, r.task_id, r.grid_code, r.revisitor_id, r.revisited_at, r.disagreements, r.team_id, "
    "r.campaign_id";

Status CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  return Status::Ok();
}

// The members of `team` (ids and usernames, by id).
Status LoadMembers(store::Transaction& tx, SupervisionTeam& team) {
  auto rows = tx.Query(
      "SELECT u.id, u.username FROM supervision_members m JOIN users u ON u.id = m.user_id "
      "WHERE m.team_id = ? ORDER BY u.id",
      {team.id});
  if (!rows) return rows.error();
  for (const auto& m : *rows) {
    team.members.push_back(m.Int(0));
    team.usernames.push_back(m.Text(1));
  }
  return Status::Ok();
}

}  // namespace

SupervisionService::SupervisionService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<SupervisionTeam> SupervisionService::Team(store::Transaction& tx, const AccessContext& ctx,
                                                 int64_t team_id) {
  auto row = tx.QueryOne("SELECT id, name, region_code FROM supervision_teams WHERE id = ?",
                         {team_id}, TeamMissing(team_id));
  if (!row) return row.error();
  SupervisionTeam team{row->Int(0), row->Text(1), row->Text(2), {}, {}};
  // A team out of the caller's scope answers as a missing one.
  if (!InScope(ctx, team.region_code)) return Error{ErrorCode::kNotFound, TeamMissing(team_id)};
  if (Status s = LoadMembers(tx, team); !s) return s.error();
  return team;
}

Result<SupervisionTeam> SupervisionService::CreateTeam(const AccessContext& ctx,
                                                       const std::string& name,
                                                       const std::string& region_code,
                                                       const std::vector<std::string>& members) {
  if (name.empty() || name.size() > 200) return InvalidArgument("name: must be 1 to 200 bytes");
  if (members.empty() || members.size() > kMaxTeamMembers)
    return InvalidArgument("members: must be 1 to " + std::to_string(kMaxTeamMembers) + " users");
  if (!LevelOfCode(region_code))
    return InvalidArgument("region_code: " + region_code + " is not a region code");
  if (Status s = Require(ctx, Permission::kIssueDirectives, region_code); !s) return s.error();
  const std::set<std::string> names(members.begin(), members.end());
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + region_code + " does not exist");
  // One message for a missing, inactive, out-of-region or non-visiting
  // account: the answer tells nothing more about accounts elsewhere.
  std::set<int64_t> unique;
  for (const std::string& username : names) {
    if (username.empty() || username.size() > 64)
      return InvalidArgument("members: a username is 1 to 64 bytes");
    auto user = tx->Query("SELECT id, role, scope FROM users WHERE username = ? AND active = 1",
                          {username});
    if (!user) return user.error();
    const auto role = user->empty() ? std::nullopt : ParseRole(user->front().Text(1));
    if (!role || !HasPermission(*role, Permission::kRecordVisits) ||
        !user->front().Text(2).starts_with(SubtreePrefix(region_code))) {
      return InvalidArgument("members: " + username +
                             " is not an active account that records visits in region " +
                             region_code);
    }
    unique.insert(user->front().Int(0));
  }
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO supervision_teams (name, region_code, created_by, created_at) "
      "VALUES (?, ?, ?, ?) RETURNING id",
      {name, region_code, ctx.user_id, now});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  for (int64_t m : unique) {
    auto in = tx->Exec("INSERT INTO supervision_members (team_id, user_id) VALUES (?, ?)", {id, m});
    if (!in) return in.error();
  }
  if (Status s = AppendAudit(*tx, ctx, now, "create", "supervision_team", std::to_string(id),
                             std::to_string(unique.size()) + " members", region_code);
      !s)
    return s.error();
  SupervisionTeam team{id, name, region_code, {}, {}};
  if (Status s = LoadMembers(*tx, team); !s) return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return team;
}

Result<Page<SupervisionTeam>> SupervisionService::Teams(const AccessContext& ctx, int64_t after_id,
                                                        int limit) {
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id, name, region_code FROM supervision_teams WHERE id > ? AND region_code >= ? "
      "AND region_code < ? ORDER BY id LIMIT ?",
      {after_id, prefix, PrefixEnd(prefix), static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<SupervisionTeam> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    SupervisionTeam team{r.Int(0), r.Text(1), r.Text(2), {}, {}};
    if (Status s = LoadMembers(*tx, team); !s) return s.error();
    page.items.push_back(std::move(team));
  }
  return page;
}

Result<Page<Revisit>> SupervisionService::Round(const AccessContext& ctx, int64_t team_id,
                                                int64_t campaign_id, int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto team = Team(*tx, ctx, team_id);
  if (!team) return team.error();
  auto rows = tx->Query(std::string("SELECT ") + kRevisitColumns +
                            " FROM revisits r WHERE r.team_id = ? AND r.campaign_id = ? AND "
                            "r.id > ? ORDER BY r.id LIMIT ?",
                        {team_id, campaign_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Revisit> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(RevisitOf(r));
  }
  return page;
}

namespace {

constexpr const char* kTaskFrom =
    " FROM revisits r JOIN screening_tasks t ON t.id = r.task_id "
    "JOIN households h ON h.id = t.household_id ";

RevisitTask TaskOf(const store::Row& r) {
  return {RevisitOf(r), r.Int(8), r.Text(9), r.Text(10), r.Text(11), {}};
}

}  // namespace

Result<Page<RevisitTask>> SupervisionService::Mine(const AccessContext& ctx, int64_t after_id,
                                                   int limit) {
  if (Status s = Require(ctx, Permission::kRecordVisits); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      std::string("SELECT ") + kRevisitColumns + ", h.id, h.building, h.unit, h.room" + kTaskFrom +
          "WHERE r.revisitor_id = ? AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?",
      {ctx.user_id, after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<RevisitTask> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().revisit.id;
      break;
    }
    page.items.push_back(TaskOf(r));
  }
  return page;
}

Result<RevisitTask> SupervisionService::MyRevisit(store::Transaction& tx, const AccessContext& ctx,
                                                  int64_t revisit_id) {
  if (Status s = Require(ctx, Permission::kRecordVisits); !s) return s.error();
  const std::string missing = "re-visit " + std::to_string(revisit_id) + " not found";
  auto row = tx.QueryOne(std::string("SELECT ") + kRevisitColumns +
                             ", h.id, h.building, h.unit, h.room" + kTaskFrom + "WHERE r.id = ?",
                         {revisit_id}, missing);
  if (!row) return row.error();
  RevisitTask task = TaskOf(*row);
  // Given to someone else (or to nobody): as a missing one.
  if (task.revisit.revisitor != ctx.user_id) return Error{ErrorCode::kNotFound, missing};
  return task;
}

Result<RevisitTask> SupervisionService::Household(const AccessContext& ctx, int64_t revisit_id) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto task = MyRevisit(*tx, ctx, revisit_id);
  if (!task) return task.error();
  auto people = tx->Query("SELECT id, name FROM residents WHERE household_id = ? ORDER BY id",
                          {task->household_id});
  if (!people) return people.error();
  for (const auto& p : *people) task->residents.push_back({p.Int(0), MaskName(p.Text(1))});
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "revisit", std::to_string(revisit_id),
                             std::to_string(task->residents.size()) + " residents (masked)",
                             task->revisit.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return task;
}

Result<std::vector<Revisit>> SupervisionService::DrawRound(const AccessContext& ctx,
                                                           int64_t team_id, int64_t campaign_id,
                                                           int per_mille, uint64_t seed) {
  if (per_mille < 1 || per_mille > 1000) return InvalidArgument("per_mille: must be 1 to 1000");
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto team = Team(*tx, ctx, team_id);
  if (!team) return team.error();
  auto campaign = tx->Query("SELECT 1 FROM campaigns WHERE id = ?", {campaign_id});
  if (!campaign) return campaign.error();
  if (campaign->empty())
    return InvalidArgument("campaign_id: campaign " + std::to_string(campaign_id) + " not found");
  auto existing = tx->Query("SELECT 1 FROM revisits WHERE team_id = ? AND campaign_id = ? LIMIT 1",
                            {team_id, campaign_id});
  if (!existing) return existing.error();
  if (!existing->empty()) {
    return Error{ErrorCode::kConflict, "team " + std::to_string(team_id) +
                                           " already drew its round of campaign " +
                                           std::to_string(campaign_id)};
  }
  const std::string prefix = SubtreePrefix(team->region_code);
  // The visited households of the campaign in the team's region and who
  // recorded their visits.
  auto rows = tx->Query(
      "SELECT t.id, t.grid_code, v.worker_id FROM screening_tasks t "
      "JOIN screening_visits v ON v.task_id = t.id "
      "WHERE t.campaign_id = ? AND t.grid_code >= ? AND t.grid_code < ? ORDER BY t.id",
      {campaign_id, prefix, PrefixEnd(prefix)});
  if (!rows) return rows.error();
  std::map<int64_t, VisitedTask> tasks;
  std::map<int64_t, std::string> grid_of;
  for (const auto& r : *rows) {
    VisitedTask& t = tasks[r.Int(0)];
    t.task_id = r.Int(0);
    t.first_visitors.push_back(r.Int(2));
    grid_of[r.Int(0)] = r.Text(1);
  }
  std::vector<VisitedTask> list;
  for (auto& [id, t] : tasks) list.push_back(std::move(t));
  const auto draw = DrawRevisits(seed, per_mille, list, team->members);
  const int64_t now = clock_();
  std::vector<Revisit> out;
  for (const auto& d : draw) {
    auto in = tx->QueryOne(
        "INSERT INTO revisits (team_id, campaign_id, seed, task_id, grid_code, revisitor_id, "
        "drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {team_id, campaign_id, static_cast<int64_t>(seed), d.task_id, grid_of[d.task_id],
         store::OrNull(d.revisitor), now});
    if (!in) return in.error();
    out.push_back(
        {in->Int(0), d.task_id, grid_of[d.task_id], d.revisitor, false, 0, team_id, campaign_id});
  }
  if (Status s = AppendAudit(*tx, ctx, now, "create", "revisit_round",
                             std::to_string(team_id) + "/" + std::to_string(campaign_id),
                             std::to_string(out.size()) + " households", team->region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Revisit> SupervisionService::Record(const AccessContext& ctx, int64_t revisit_id,
                                           const std::vector<RevisitFinding>& findings) {
  if (findings.empty()) return InvalidArgument("findings: at least one person");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto task = MyRevisit(*tx, ctx, revisit_id);
  if (!task) return task.error();
  Revisit v = task->revisit;
  if (v.done) {
    return Error{ErrorCode::kConflict,
                 "re-visit " + std::to_string(revisit_id) + " was already recorded"};
  }
  auto first = tx->Query(
      "SELECT r.id, v.present, v.flagged FROM residents r "
      "JOIN screening_tasks t ON t.household_id = r.household_id AND t.id = ? "
      "LEFT JOIN screening_visits v ON v.task_id = t.id AND v.resident_id = r.id",
      {v.task_id});
  if (!first) return first.error();
  std::map<int64_t, std::optional<std::pair<bool, bool>>> visit_of;
  for (const auto& r : *first) {
    if (r.IsNull(1)) {
      visit_of[r.Int(0)] = std::nullopt;
    } else {
      visit_of[r.Int(0)] = std::pair{r.Int(1) != 0, r.Int(2) != 0};
    }
  }
  int64_t disagreements = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    auto it = visit_of.find(f.resident_id);
    if (it == visit_of.end()) {
      return InvalidArgument("findings[" + std::to_string(i) +
                             "].resident_id: not a member of the household");
    }
    if (!it->second || it->second->first != f.present || it->second->second != f.flagged)
      ++disagreements;
  }
  const int64_t now = clock_();
  auto up = tx->Exec(
      "UPDATE revisits SET revisited_at = ?, disagreements = ? WHERE id = ? AND revisited_at IS "
      "NULL",
      {now, disagreements, revisit_id});
  if (!up) return up.error();
  for (const auto& f : findings) {
    if (Status s = AppendAudit(*tx, ctx, now, "revisit", "resident", std::to_string(f.resident_id),
                               "", v.grid_code);
        !s)
      return s.error();
  }
  if (Status s = tx->Commit(); !s) return s.error();
  v.done = true;
  v.disagreements = disagreements;
  return v;
}

Result<QualityReport> SupervisionService::Quality(const AccessContext& ctx, int64_t team_id,
                                                  int64_t campaign_id) {
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto team = Team(*tx, ctx, team_id);
  if (!team) return team.error();
  // Each re-visited household counts for each worker who visited it first.
  // The worker's account comes along for the name, shown only when its
  // scope lies in the caller's.
  auto rows = tx->Query(
      "SELECT DISTINCT r.id, r.grid_code, r.disagreements, v.worker_id, u.display_name, u.scope "
      "FROM revisits r JOIN screening_visits v ON v.task_id = r.task_id "
      "LEFT JOIN users u ON u.id = v.worker_id "
      "WHERE r.team_id = ? AND r.campaign_id = ? AND r.revisited_at IS NOT NULL",
      {team_id, campaign_id});
  if (!rows) return rows.error();
  std::map<std::string, QualityScore> workers, grids;
  std::set<int64_t> counted;
  auto add = [](QualityScore& q, const std::string& key, bool disagreed) {
    q.key = key;
    ++q.revisited;
    q.disagreeing += disagreed;
  };
  for (const auto& r : *rows) {
    const bool disagreed = r.Int(2) > 0;
    const std::string worker = std::to_string(r.Int(3));
    QualityScore& w = workers[worker];
    add(w, worker, disagreed);
    if (!r.IsNull(4) && InScope(ctx, r.Text(5))) w.name = r.Text(4);
    if (counted.insert(r.Int(0)).second) add(grids[r.Text(1)], r.Text(1), disagreed);
  }
  QualityReport out;
  auto mark = tx->Query(
      "SELECT issued_at, issued_by, directives FROM supervision_corrections "
      "WHERE team_id = ? AND campaign_id = ?",
      {team_id, campaign_id});
  if (!mark) return mark.error();
  if (!mark->empty())
    out.corrections = CorrectionsMark{mark->at(0).Int(0), mark->at(0).Int(1), mark->at(0).Int(2)};
  auto finish = [](std::map<std::string, QualityScore>& from, std::vector<QualityScore>& to) {
    for (auto& [key, q] : from) {
      q.score_per_mille = 1000 - 1000 * q.disagreeing / q.revisited;
      to.push_back(q);
    }
  };
  finish(workers, out.by_worker);
  finish(grids, out.by_grid);
  return out;
}

Result<std::vector<Directive>> SupervisionService::IssueCorrections(const AccessContext& ctx,
                                                                    int64_t team_id,
                                                                    int64_t campaign_id,
                                                                    int64_t deadline) {
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  const int64_t now = clock_();
  if (Status s = CheckDeadline(deadline, now); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto team = Team(*tx, ctx, team_id);
  if (!team) return team.error();
  auto rows = tx->Query(
      "SELECT grid_code, COUNT(*) FROM revisits WHERE team_id = ? AND campaign_id = ? AND "
      "disagreements > 0 GROUP BY grid_code ORDER BY grid_code",
      {team_id, campaign_id});
  if (!rows) return rows.error();
  // The mark first: of two calls racing, the second finds it (or waits for
  // the first's row and then finds it) and issues nothing.
  auto mark = tx->Exec(
      "INSERT INTO supervision_corrections (team_id, campaign_id, issued_by, issued_at, "
      "directives) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, campaign_id) DO NOTHING",
      {team_id, campaign_id, ctx.user_id, now, static_cast<int64_t>(rows->size())});
  if (!mark) return mark.error();
  if (*mark != 1) {
    return Error{ErrorCode::kConflict, "team " + std::to_string(team_id) +
                                           " already issued the corrections of campaign " +
                                           std::to_string(campaign_id)};
  }
  std::vector<Directive> out;
  for (const auto& r : *rows) {
    auto d = IssueDirective(
        *tx, ctx,
        {"督导整改：复核不一致",
         std::to_string(r.Int(1)) + " households re-visited by supervision team " +
             std::to_string(team_id) + " disagree with the first visit of campaign " +
             std::to_string(campaign_id) + ": screen them again and report",
         Measure::kCorrection, r.Text(0), deadline},
        now);
    if (!d) return d.error();
    out.push_back(std::move(*d));
  }
  if (Status s = tx->Commit(); !s) return s.error();
  if (!out.empty()) (void)db_.RefreshStatistics({"directive_units"});
  return out;
}

}  // namespace fk::ops
