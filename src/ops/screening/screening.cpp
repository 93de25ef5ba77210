#include "ops/screening/screening.hpp"

#include <ctime>
#include <map>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/client_id.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

std::string Day(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::vector<std::string> Findings(const VisitInput& v) {
  std::vector<std::string> out;
  if (v.temperature && *v.temperature >= kFeverCelsius) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "temperature %.1f", *v.temperature);
    out.emplace_back(buf);
  }
  if (v.symptoms) out.emplace_back("symptoms");
  if (v.high_risk_travel) out.emplace_back("high-risk travel");
  if (v.case_contact) out.emplace_back("case contact");
  return out;
}

// Whether a repeated send carries what the first one did.
bool SameContent(const VisitInput& a, const VisitInput& b) {
  return a.task_id == b.task_id && a.resident_id == b.resident_id && a.present == b.present &&
         a.temperature == b.temperature && a.symptoms == b.symptoms &&
         a.high_risk_travel == b.high_risk_travel && a.case_contact == b.case_contact &&
         a.note == b.note;
}

// Claims `v.client_id` for (campaign, worker) in `tx`. Answers nothing when
// the id is new (the claim is written; it stands or falls with the visit),
// the first send's answer when it is a repeat, kConflict when the id came
// with other content. On PostgreSQL a concurrent claim of the same id waits
// for the other transaction; once it commits the row is read (READ
// COMMITTED: each statement sees what was committed before it).
Result<std::optional<VisitResult>> ClaimClientId(store::Transaction& tx, const VisitInput& v,
                                                 int64_t campaign_id, int64_t worker_id,
                                                 int64_t now) {
  store::Params params{campaign_id, worker_id,     v.client_id,
                       v.task_id,   v.resident_id, int64_t{v.present}};
  params.push_back(store::OrNull(v.temperature));
  for (bool b : {v.symptoms, v.high_risk_travel, v.case_contact}) params.emplace_back(int64_t{b});
  params.emplace_back(v.note);
  params.emplace_back(now);
  auto claimed = tx.Exec(
      "INSERT INTO visit_submissions (campaign_id, worker_id, client_id, task_id, resident_id, "
      "present, temperature, symptoms, high_risk_travel, case_contact, note, received_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (campaign_id, worker_id, client_id) DO NOTHING",
      params);
  if (!claimed) return claimed.error();
  if (*claimed == 1) return std::optional<VisitResult>{};
  auto first = tx.QueryOne(
      "SELECT task_id, resident_id, present, temperature, symptoms, high_risk_travel, "
      "case_contact, note FROM visit_submissions "
      "WHERE campaign_id = ? AND worker_id = ? AND client_id = ?",
      {campaign_id, worker_id, v.client_id});
  if (!first) return first.error();
  VisitInput was{first->Int(0), first->Int(1), first->Int(2) != 0};
  if (!first->IsNull(3)) was.temperature = first->Real(3);
  was.symptoms = first->Int(4) != 0;
  was.high_risk_travel = first->Int(5) != 0;
  was.case_contact = first->Int(6) != 0;
  was.note = first->Text(7);
  if (!SameContent(was, v)) {
    return Error{ErrorCode::kConflict,
                 "client_id: " + v.client_id +
                     " was already sent with other content; a new visit needs a new id"};
  }
  auto visit = tx.QueryOne("SELECT id FROM screening_visits WHERE task_id = ? AND resident_id = ?",
                           {was.task_id, was.resident_id});
  if (!visit) return visit.error();
  VisitResult result{visit->Int(0), false, Findings(was), true};
  result.flagged = !result.findings.empty();
  return std::optional<VisitResult>{std::move(result)};
}

Result<Campaign> LoadCampaign(store::Transaction& tx, int64_t id) {
  auto row = tx.QueryOne(
      "SELECT id, name, region_code, start_date, end_date, "
      "(SELECT COALESCE(SUM(households), 0) FROM coverage_grids "
      "WHERE campaign_id = campaigns.id) "
      "FROM campaigns WHERE id = ?",
      {id}, "campaign " + std::to_string(id) + " not found");
  if (!row) return row.error();
  return Campaign{row->Int(0), row->Text(1), row->Text(2), row->Text(3), row->Text(4), row->Int(5)};
}

}  // namespace

ScreeningService::ScreeningService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Campaign> ScreeningService::CreateCampaign(const AccessContext& ctx, std::string name,
                                                  std::string region_code, std::string start_date,
                                                  std::string end_date) {
  if (name.empty()) return InvalidArgument("name: must not be empty");
  auto start = ParseDate(start_date);
  if (!start) return InvalidArgument("start_date: " + start_date + " is not a YYYY-MM-DD date");
  auto end = ParseDate(end_date);
  if (!end) return InvalidArgument("end_date: " + end_date + " is not a YYYY-MM-DD date");
  if (DaysFromCivil(*end) < DaysFromCivil(*start))
    return InvalidArgument("end_date: before start_date");
  if (Status s = Require(ctx, Permission::kRunScreening, region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->QueryOne("SELECT code FROM regions WHERE code = ?", {region_code},
                             "region_code: region " + region_code + " does not exist");
  if (!region) {
    if (region.error().code != ErrorCode::kNotFound) return region.error();
    return Error{ErrorCode::kInvalidArgument, region.error().message};
  }
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO campaigns (name, region_code, start_date, end_date, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {name, region_code, start_date, end_date, ctx.user_id, now});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  const std::string prefix = SubtreePrefix(region_code);
  auto tasks = tx->Exec(
      "INSERT INTO screening_tasks (campaign_id, household_id, grid_code, residents) "
      "SELECT ?, h.id, h.grid_code, (SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id) "
      "FROM households h WHERE h.grid_code >= ? AND h.grid_code < ? ORDER BY h.id",
      {id, prefix, PrefixEnd(prefix)});
  if (!tasks) return tasks.error();
  auto totals = tx->Exec(
      "INSERT INTO coverage_grids (campaign_id, grid_code, households, households_visited, "
      "residents, residents_screened, flagged) "
      "SELECT ?, grid_code, COUNT(*), 0, SUM(residents), 0, 0 FROM screening_tasks "
      "WHERE campaign_id = ? GROUP BY grid_code",
      {id, id});
  if (!totals) return totals.error();
  // Round robin over each grid's workers (leaders and workers with accounts).
  auto staff = tx->Query(
      "SELECT grid_code, user_id FROM grid_staff WHERE user_id IS NOT NULL AND duty IN ('worker', "
      "'leader') AND grid_code >= ? AND grid_code < ? ORDER BY grid_code, duty DESC, id",
      {prefix, PrefixEnd(prefix)});
  if (!staff) return staff.error();
  std::map<std::string, std::vector<int64_t>> workers;
  for (const auto& r : *staff) workers[r.Text(0)].push_back(r.Int(1));
  if (!workers.empty()) {
    auto list = tx->Query(
        "SELECT id, grid_code FROM screening_tasks WHERE campaign_id = ? ORDER BY grid_code, id",
        {id});
    if (!list) return list.error();
    std::map<std::string, size_t> next;
    for (const auto& t : *list) {
      auto w = workers.find(t.Text(1));
      if (w == workers.end()) continue;
      size_t& k = next[w->first];
      auto up = tx->Exec("UPDATE screening_tasks SET assignee_id = ? WHERE id = ?",
                         {w->second[k++ % w->second.size()], t.Int(0)});
      if (!up) return up.error();
    }
  }
  if (Status s = AppendAudit(*tx, ctx, now, "create", "campaign", std::to_string(id),
                             std::to_string(*tasks) + " tasks", region_code);
      !s)
    return s.error();
  auto campaign = LoadCampaign(*tx, id);
  if (!campaign) return campaign;
  if (Status s = tx->Commit(); !s) return s.error();
  // A task for every household: a bulk load (store::Database::RefreshStatistics).
  // The campaign is committed whatever it answers; PostgreSQL's autovacuum
  // samples the tables later if not.
  (void)db_.RefreshStatistics({"screening_tasks", "coverage_grids"});
  return campaign;
}

Result<Campaign> ScreeningService::GetCampaign(const AccessContext& ctx, int64_t id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto c = LoadCampaign(*tx, id);
  if (!c) return c;
  // Visible to users whose scope overlaps the campaign's region.
  if (!InScope(ctx, c->region_code) && !InScope(c->region_code, ctx.scope))
    return Error{ErrorCode::kNotFound, "campaign " + std::to_string(id) + " not found"};
  return c;
}

Result<Page<Campaign>> ScreeningService::Campaigns(const AccessContext& ctx, int64_t after_id,
                                                   int limit) {
  if (!HasPermission(ctx.role, Permission::kRunScreening) &&
      !HasPermission(ctx.role, Permission::kRecordVisits)) {
    return Error{ErrorCode::kPermissionDenied,
                 "screening campaigns are for roles that run screening or record visits, not " +
                     std::string(RoleName(ctx.role))};
  }
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id, name, region_code, start_date, end_date, "
      "(SELECT COALESCE(SUM(households), 0) FROM coverage_grids "
      "WHERE campaign_id = campaigns.id) "
      "FROM campaigns WHERE ? = 0 OR id < ? ORDER BY id DESC",
      {after_id, after_id});
  if (!rows) return rows.error();
  Page<Campaign> page;
  for (const auto& r : *rows) {
    Campaign c{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)};
    if (!InScope(ctx, c.region_code) && !InScope(c.region_code, ctx.scope)) continue;
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(std::move(c));
  }
  return page;
}

Result<Page<ScreeningTask>> ScreeningService::Tasks(const AccessContext& ctx, int64_t campaign_id,
                                                    int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // Pages run in (grid_code, id) order, the order of the screening_tasks_page
  // index (campaign_id, grid_code, id); see KeysetPageStart. That index read
  // in order is the one good plan for any campaign, region, cursor and
  // worker (a worker's scope is one grid), so PostgreSQL may reuse it.
  const auto plan = store::PlanChoice::kReused;
  auto start = KeysetPageStart(*tx, "screening_tasks", "grid_code", after_id, prefix, plan);
  if (!start) return start.error();
  store::Params params{campaign_id, PrefixEnd(prefix)};
  // The household's address comes by its primary key, one row a task.
  std::string sql =
      "SELECT t.id, t.campaign_id, t.household_id, t.grid_code, t.assignee_id, t.residents, "
      "t.screened, t.flagged, t.visited_at, h.building, h.unit, h.room "
      "FROM screening_tasks t JOIN households h ON h.id = t.household_id "
      "WHERE t.campaign_id = ? AND t.grid_code < ? AND " +
      start->Condition("t.grid_code", "t.id", params);
  if (ctx.role == Role::kGridWorker) {
    sql += " AND (t.assignee_id = ? OR t.assignee_id IS NULL)";
    params.emplace_back(ctx.user_id);
  }
  sql += " ORDER BY t.grid_code, t.id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  Page<ScreeningTask> page;
  Status read = tx->ForEachRow(
      sql, params,
      [&](const store::RowView& r) {
        if (static_cast<int>(page.items.size()) == limit) {
          page.next_cursor = page.items.back().id;
          return false;
        }
        ScreeningTask t{r.Int(0),
                        r.Int(1),
                        r.Int(2),
                        std::string(r.Text(3)),
                        {},
                        r.Int(5),
                        r.Int(6),
                        r.Int(7),
                        !r.IsNull(8),
                        std::string(r.Text(9)),
                        std::string(r.Text(10)),
                        std::string(r.Text(11))};
        if (!r.IsNull(4)) t.assignee_id = r.Int(4);
        page.items.push_back(std::move(t));
        return true;
      },
      plan);
  if (!read) return read.error();
  return page;
}

Result<VisitResult> ScreeningService::RecordVisit(const AccessContext& ctx, const VisitInput& v) {
  if (Status s = Require(ctx, Permission::kRecordVisits); !s) return s.error();
  if (v.temperature && (*v.temperature < 34.0 || *v.temperature > 43.0))
    return InvalidArgument("temperature: must be between 34 and 43 °C");
  if (!v.present && (v.temperature || v.symptoms))
    return InvalidArgument("present: an absent person has no temperature or symptoms");
  if (!v.client_id.empty() && !ValidClientId(v.client_id)) {
    return InvalidArgument(kClientIdRule);
  }
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "task " + std::to_string(v.task_id) + " not found";
  auto task = tx->QueryOne(
      "SELECT household_id, grid_code, campaign_id, visited_at, screened, flagged "
      "FROM screening_tasks WHERE id = ?",
      {v.task_id}, missing);
  if (!task) return task.error();
  const std::string grid = task->Text(1);
  if (!InScope(ctx, grid)) return Error{ErrorCode::kNotFound, missing};
  if (v.campaign_id != 0 && task->Int(2) != v.campaign_id)
    return Error{ErrorCode::kNotFound, missing + " in campaign " + std::to_string(v.campaign_id)};
  const int64_t now = clock_();
  if (!v.client_id.empty()) {
    auto first = ClaimClientId(*tx, v, task->Int(2), ctx.user_id, now);
    if (!first) return first.error();
    if (*first) return std::move(**first);  // a repeat: nothing is written
  }
  auto person = tx->Query("SELECT 1 FROM residents WHERE id = ? AND household_id = ?",
                          {v.resident_id, task->Int(0)});
  if (!person) return person.error();
  if (person->empty()) return InvalidArgument("resident_id: not a member of the task's household");
  VisitResult result{0, false, Findings(v)};
  result.flagged = !result.findings.empty();
  // A repeated visit updates the person's visit in place: its id (the
  // Flagged cursor) and campaign stay.
  store::Params params{ctx.user_id, now, Day(now), int64_t{v.present}};
  params.push_back(store::OrNull(v.temperature));
  for (bool b : {v.symptoms, v.high_risk_travel, v.case_contact}) params.emplace_back(int64_t{b});
  params.emplace_back(v.note);
  params.emplace_back(int64_t{result.flagged});
  params.emplace_back(grid);
  params.emplace_back(task->Int(2));
  params.emplace_back(v.task_id);
  params.emplace_back(v.resident_id);
  auto recorded = tx->QueryOne(
      "INSERT INTO screening_visits (worker_id, visited_at, visit_day, present, temperature, "
      "symptoms, high_risk_travel, case_contact, note, flagged, grid_code, campaign_id, "
      "task_id, resident_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (task_id, resident_id) DO UPDATE SET worker_id = excluded.worker_id, "
      "visited_at = excluded.visited_at, visit_day = excluded.visit_day, "
      "present = excluded.present, temperature = excluded.temperature, "
      "symptoms = excluded.symptoms, high_risk_travel = excluded.high_risk_travel, "
      "case_contact = excluded.case_contact, note = excluded.note, flagged = excluded.flagged, "
      "grid_code = excluded.grid_code RETURNING id",
      params);
  if (!recorded) return recorded.error();
  result.visit_id = recorded->Int(0);
  auto up = tx->Exec(
      "UPDATE screening_tasks SET visited_at = ?, "
      "screened = (SELECT COUNT(*) FROM screening_visits WHERE task_id = ?), "
      "flagged = (SELECT COUNT(*) FROM screening_visits WHERE task_id = ? AND flagged = 1) "
      "WHERE id = ?",
      {now, v.task_id, v.task_id, v.task_id});
  if (!up) return up.error();
  // The grid's running totals move by the task's change.
  auto after =
      tx->QueryOne("SELECT screened, flagged FROM screening_tasks WHERE id = ?", {v.task_id});
  if (!after) return after.error();
  auto totals = tx->Exec(
      "UPDATE coverage_grids SET households_visited = households_visited + ?, "
      "residents_screened = residents_screened + ?, flagged = flagged + ? "
      "WHERE campaign_id = ? AND grid_code = ?",
      {int64_t{task->IsNull(3)}, after->Int(0) - task->Int(4), after->Int(1) - task->Int(5),
       task->Int(2), grid});
  if (!totals) return totals.error();
  if (Status s = AppendAudit(*tx, ctx, now, "screen", "resident", std::to_string(v.resident_id),
                             result.flagged ? "flagged" : "", grid);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return result;
}

Result<std::vector<Coverage>> ScreeningService::CoverageOf(const AccessContext& ctx,
                                                           int64_t campaign_id,
                                                           std::string region_code) {
  auto campaign = GetCampaign(ctx, campaign_id);
  if (!campaign) return campaign.error();
  if (region_code.empty())
    region_code = InScope(ctx, campaign->region_code) ? campaign->region_code : ctx.scope;
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  auto level = LevelOfCode(region_code);
  if (!level) return level.error();
  const std::string prefix = SubtreePrefix(region_code);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // Running totals per grid; the levels above are sums over code prefixes.
  auto rows = tx->Query(
      "SELECT grid_code, households, households_visited, residents, residents_screened, flagged "
      "FROM coverage_grids WHERE campaign_id = ? AND grid_code >= ? AND grid_code < ?",
      {campaign_id, prefix, PrefixEnd(prefix)});
  if (!rows) return rows.error();
  std::map<std::string, Coverage> by_code;
  auto add = [&](const std::string& code, RegionLevel lvl, const store::Row& r) {
    Coverage& c = by_code[code];
    c.code = code;
    c.level = lvl;
    c.households += r.Int(1);
    c.households_visited += r.Int(2);
    c.residents += r.Int(3);
    c.residents_screened += r.Int(4);
    c.flagged += r.Int(5);
  };
  for (const auto& r : *rows) {
    const std::string grid = r.Text(0);
    add(grid, RegionLevel::kGrid, r);
    add(grid.substr(0, 12), RegionLevel::kCommunity, r);
    add(grid.substr(0, 9), RegionLevel::kStreet, r);
    add(grid.substr(0, 6), RegionLevel::kDistrict, r);
    if (*level < RegionLevel::kDistrict) add(region_code, *level, r);
  }
  std::vector<Coverage> out;
  for (auto& [code, c] : by_code)
    if (c.level >= *level) out.push_back(std::move(c));
  return out;
}

Result<Page<FlaggedPerson>> ScreeningService::Flagged(const AccessContext& ctx, int64_t campaign_id,
                                                      int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  // Pages run in (grid_code, visit id) order, the order of the partial index
  // screening_visits_flagged (campaign_id, grid_code, id) WHERE flagged = 1;
  // see KeysetPageStart. Visits are never deleted (RecordVisit updates a
  // repeated visit), so a cursor's row stays.
  auto start = KeysetPageStart(*tx, "screening_visits", "grid_code", after_id, prefix,
                               store::PlanChoice::kPerCall);
  if (!start) return start.error();
  store::Params params{campaign_id, PrefixEnd(prefix)};
  const std::string sql =
      "SELECT v.id, v.resident_id, v.grid_code, r.name, v.temperature, v.symptoms, "
      "v.high_risk_travel, v.case_contact FROM screening_visits v "
      "JOIN residents r ON r.id = v.resident_id "
      "WHERE v.campaign_id = ? AND v.flagged = 1 AND v.grid_code < ? AND " +
      start->Condition("v.grid_code", "v.id", params) + " ORDER BY v.grid_code, v.id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  Page<FlaggedPerson> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().visit_id;
      break;
    }
    VisitInput v;
    if (!r.IsNull(4)) v.temperature = r.Real(4);
    v.symptoms = r.Int(5) != 0;
    v.high_risk_travel = r.Int(6) != 0;
    v.case_contact = r.Int(7) != 0;
    page.items.push_back({r.Int(0), r.Int(1), r.Text(2), MaskName(r.Text(3)), Findings(v)});
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "flagged",
                             "campaign " + std::to_string(campaign_id),
                             std::to_string(page.items.size()) + " people");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

}  // namespace fk::ops
