#include "ops/supervision/supervision.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "ops/audit/audit.hpp"

namespace fk::ops {
namespace {

std::string TeamMissing(int64_t id) { return "team " + std::to_string(id) + " not found"; }

Revisit RevisitOf(const store::Row& r) {
  Revisit v{r.Int(0), r.Int(1), r.Text(2), {}, !r.IsNull(4), r.IsNull(5) ? 0 : r.Int(5)};
  if (!r.IsNull(3)) v.revisitor = r.Int(3);
  return v;
}

constexpr const char* kRevisitColumns =
    "id, task_id, grid_code, revisitor_id, revisited_at, disagreements";

}  // namespace

SupervisionService::SupervisionService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<SupervisionTeam> SupervisionService::Team(store::Transaction& tx, const AccessContext& ctx,
                                                 int64_t team_id) {
  auto row = tx.QueryOne("SELECT id, name, region_code FROM supervision_teams WHERE id = ?",
                         {team_id}, TeamMissing(team_id));
  if (!row) return row.error();
  SupervisionTeam team{row->Int(0), row->Text(1), row->Text(2), {}};
  // A team out of the caller's scope answers as a missing one.
  if (!InScope(ctx, team.region_code)) return Error{ErrorCode::kNotFound, TeamMissing(team_id)};
  auto members = tx.Query(
      "SELECT user_id FROM supervision_members WHERE team_id = ? ORDER BY user_id", {team_id});
  if (!members) return members.error();
  for (const auto& m : *members) team.members.push_back(m.Int(0));
  return team;
}

Result<SupervisionTeam> SupervisionService::CreateTeam(const AccessContext& ctx,
                                                       const std::string& name,
                                                       const std::string& region_code,
                                                       const std::vector<int64_t>& members) {
  if (name.empty() || name.size() > 200) return InvalidArgument("name: must be 1 to 200 bytes");
  if (members.empty() || members.size() > kMaxTeamMembers)
    return InvalidArgument("members: must be 1 to " + std::to_string(kMaxTeamMembers) + " users");
  if (!LevelOfCode(region_code))
    return InvalidArgument("region_code: " + region_code + " is not a region code");
  if (Status s = Require(ctx, Permission::kIssueDirectives, region_code); !s) return s.error();
  std::set<int64_t> unique(members.begin(), members.end());
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + region_code + " does not exist");
  for (int64_t id : unique) {
    auto user = tx->Query("SELECT 1 FROM users WHERE id = ? AND active = 1", {id});
    if (!user) return user.error();
    if (user->empty())
      return InvalidArgument("members: user " + std::to_string(id) + " is not an active account");
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
  if (Status s = tx->Commit(); !s) return s.error();
  return SupervisionTeam{id, name, region_code, {unique.begin(), unique.end()}};
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
    out.push_back({in->Int(0), d.task_id, grid_of[d.task_id], d.revisitor, false, 0});
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
  const std::string missing = "re-visit " + std::to_string(revisit_id) + " not found";
  auto row = tx->QueryOne(std::string("SELECT ") + kRevisitColumns + " FROM revisits WHERE id = ?",
                          {revisit_id}, missing);
  if (!row) return row.error();
  Revisit v = RevisitOf(*row);
  // Given to someone else (or to nobody): as a missing one.
  if (v.revisitor != ctx.user_id) return Error{ErrorCode::kNotFound, missing};
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
  auto rows = tx->Query(
      "SELECT DISTINCT r.id, r.grid_code, r.disagreements, v.worker_id FROM revisits r "
      "JOIN screening_visits v ON v.task_id = r.task_id "
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
    add(workers[worker], worker, disagreed);
    if (counted.insert(r.Int(0)).second) add(grids[r.Text(1)], r.Text(1), disagreed);
  }
  QualityReport out;
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
  std::vector<std::pair<std::string, int64_t>> grids;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto team = Team(*tx, ctx, team_id);
    if (!team) return team.error();
    auto rows = tx->Query(
        "SELECT grid_code, COUNT(*) FROM revisits WHERE team_id = ? AND campaign_id = ? AND "
        "disagreements > 0 GROUP BY grid_code ORDER BY grid_code",
        {team_id, campaign_id});
    if (!rows) return rows.error();
    for (const auto& r : *rows) grids.emplace_back(r.Text(0), r.Int(1));
  }
  DirectiveService directives(db_, clock_);
  std::vector<Directive> out;
  for (const auto& [grid, households] : grids) {
    auto d = directives.Issue(
        ctx, {"督导整改：复核不一致",
              std::to_string(households) + " households re-visited by supervision team " +
                  std::to_string(team_id) + " disagree with the first visit of campaign " +
                  std::to_string(campaign_id) + ": screen them again and report",
              Measure::kCorrection, grid, deadline});
    if (!d) return d.error();
    out.push_back(std::move(*d));
  }
  return out;
}

}  // namespace fk::ops
