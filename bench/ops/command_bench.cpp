// Command benchmark (issue #16): a directive to a city of 14,040 grids (13
// districts x 12 streets x 9 communities x 10 grids, Wuhan's size), issued,
// then its level-by-level view and a page of overdue units, after a third of
// the grids have completed and the deadline has passed; then the day's
// daily-report roll-up of the city with two grids in three reported, and its CSV.
// Every community has a depot with ten days of consumption of three items, so
// the roll-up's supply figures (days left per depot) are read as in a city.
//   fk_command_bench DB_URL
// DB_URL: a SQLite file path (must not exist yet) or a postgresql:// URL of
// an empty database. Prints one line per measurement. Numbers: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "ops/directives/directives.hpp"
#include "ops/reports/daily_reports.hpp"
#include "ops/schema.hpp"
#include "ops/supplies/supplies.hpp"
#include "store/database.hpp"

namespace fk::ops {
namespace {

constexpr int kDistricts = 13, kStreets = 12, kCommunities = 9, kGrids = 10;
constexpr int64_t kIssue = 1580515200;  // 2020-02-01 00:00 UTC

double Ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_command_bench: %s\n", e.message.c_str());
  return 1;
}

template <typename T>
Status Done(const Result<T>& r) {
  if (!r) return r.error();
  return Status::Ok();
}

// The process's CPU time in ms (this process's part of a run on a busy machine).
double CpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// min / median / max wall time of 21 runs of `step`, and the median CPU time
// (SQLite runs in the process; PostgreSQL's own CPU is not counted).
template <typename Step>
int Time(const char* what, Step step) {
  std::vector<double> ms, cpu;
  for (int i = 0; i < 21; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuMs();
    if (Status s = step(); !s) return Fail(s.error());
    ms.push_back(Ms(t0));
    cpu.push_back(CpuMs() - c0);
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%s, 21 runs: min %.1f ms, median %.1f ms, max %.1f ms; CPU median %.1f ms\n", what,
              ms.front(), ms[ms.size() / 2], ms.back(), cpu[cpu.size() / 2]);
  return 0;
}

// A depot in every community (1,404) with a receipt and ten days of
// consumption of three items before `day_end`; one in five runs short.
int AddDepots(store::Database& db, const AccessContext& keeper, int64_t day_end) {
  SupplyService supplies(db, [day_end] { return day_end; });
  auto t0 = std::chrono::steady_clock::now();
  char buf[32];
  std::vector<SupplyService::Timed> history;
  int64_t depots = 0, movements = 0;
  auto flush = [&]() -> Status {
    auto n = supplies.RecordHistory(keeper, history);
    if (!n) return n.error();
    movements += *n;
    history.clear();
    return Status::Ok();
  };
  for (int d = 1; d <= kDistricts; ++d)
    for (int st = 1; st <= kStreets; ++st)
      for (int c = 1; c <= kCommunities; ++c) {
        std::snprintf(buf, sizeof buf, "4201%02d%03d%03d", d, st, c);
        auto depot =
            supplies.CreateDepot(keeper, std::string("社区物资点") + buf, "community", buf);
        if (!depot) return Fail(depot.error());
        const bool short_of_stock = ++depots % 5 == 0;
        for (const char* item : {"mask", "n95", "disinfectant"}) {
          history.push_back(
              {day_end - 11 * 86400,
               {MovementKind::kReceipt, item, {}, depot->id, short_of_stock ? 300 : 100000}});
          for (int day = 10; day >= 1; --day)
            history.push_back(
                {day_end - day * 86400, {MovementKind::kConsumption, item, depot->id, {}, 20}});
        }
        if (history.size() >= 3000)
          if (Status s = flush(); !s) return Fail(s.error());
      }
  if (Status s = flush(); !s) return Fail(s.error());
  std::printf("depots: %lld, movements: %lld, %.1f ms\n", static_cast<long long>(depots),
              static_cast<long long>(movements), Ms(t0));
  return 0;
}

int Run(const std::string& url) {
  auto db = store::Database::Open(url);
  if (!db) return Fail(db.error());
  if (auto v = MigrateOps(**db); !v) return Fail(v.error());
  {
    // The tree, written directly (RegionService audits every region).
    auto tx = (*db)->Begin();
    if (!tx) return Fail(tx.error());
    int64_t regions = 0;
    auto add = [&](const std::string& code) -> Status {
      const std::string parent = ParentCode(code);
      ++regions;
      auto r = tx->Exec(
          "INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
          {code, "区域" + code, parent.empty() ? store::Value(nullptr) : store::Value(parent),
           static_cast<int64_t>(*LevelOfCode(code))});
      if (!r) return r.error();
      return Status::Ok();
    };
    char buf[32];
    for (const char* code : {"420000", "420100"})
      if (Status s = add(code); !s) return Fail(s.error());
    for (int d = 1; d <= kDistricts; ++d) {
      std::snprintf(buf, sizeof buf, "4201%02d", d);
      const std::string district = buf;
      if (Status s = add(district); !s) return Fail(s.error());
      for (int st = 1; st <= kStreets; ++st) {
        std::snprintf(buf, sizeof buf, "%s%03d", district.c_str(), st);
        const std::string street = buf;
        if (Status s = add(street); !s) return Fail(s.error());
        for (int c = 1; c <= kCommunities; ++c) {
          std::snprintf(buf, sizeof buf, "%s%03d", street.c_str(), c);
          const std::string community = buf;
          if (Status s = add(community); !s) return Fail(s.error());
          for (int g = 1; g <= kGrids; ++g) {
            std::snprintf(buf, sizeof buf, "%s%03d", community.c_str(), g);
            if (Status s = add(buf); !s) return Fail(s.error());
          }
        }
      }
    }
    if (Status s = tx->Commit(); !s) return Fail(s.error());
    std::printf("regions: %lld (%d grids)\n", static_cast<long long>(regions),
                kDistricts * kStreets * kCommunities * kGrids);
  }
  (void)(*db)->RefreshStatistics({"regions"});
  int64_t now = kIssue;
  const AccessContext command{1, Role::kCommandCentre, "420100", "127.0.0.1"};
  if (int rc = AddDepots(**db, command, kIssue + 2 * 86400); rc) return rc;
  DirectiveService directives(**db, [&now] { return now; });
  auto t0 = std::chrono::steady_clock::now();
  auto d = directives.Issue(command, {"全市封闭管理", "全市小区实行封闭管理",
                                      Measure::kClosedManagement, "420100", kIssue + 86400});
  if (!d) return Fail(d.error());
  std::printf("issue to 420100: %lld units in %.1f ms\n", static_cast<long long>(d->units), Ms(t0));
  {
    // A third of the grids complete (directly: one statement, not 4,680 calls).
    auto tx = (*db)->Begin();
    if (!tx) return Fail(tx.error());
    auto done = tx->Exec(
        "UPDATE directive_units SET acknowledged_at = ?, completed_at = ?, note = 'done' "
        "WHERE directive_id = ? AND level = 6 AND CAST(substr(code, 15, 1) AS INTEGER) % 3 = 1",
        {kIssue + 60, kIssue + 120, d->id});
    if (!done) return Fail(done.error());
    if (Status s = tx->Commit(); !s) return Fail(s.error());
    std::printf("grids completed: %lld\n", static_cast<long long>(*done));
  }
  (void)(*db)->RefreshStatistics({"directive_units"});
  now = kIssue + 2 * 86400;  // past the deadline: the rest are overdue
  int64_t overdue = 0;
  if (int rc = Time("view of the city (command centre)",
                    [&]() -> Status {
                      auto v = directives.View(command, d->id);
                      if (!v) return v.error();
                      overdue = v->levels.back().overdue;
                      return Status::Ok();
                    });
      rc)
    return rc;
  std::printf("overdue grids in the view: %lld\n", static_cast<long long>(overdue));
  const AccessContext district{2, Role::kDistrictOfficer, "420107", "127.0.0.1"};
  if (int rc = Time("view of one district (district officer)",
                    [&]() -> Status { return Done(directives.View(district, d->id)); });
      rc)
    return rc;
  if (int rc = Time("page of 50 overdue grids of the city",
                    [&]() -> Status {
                      return Done(directives.Units(command, d->id, "420100", RegionLevel::kGrid,
                                                   UnitState::kOverdue, "", 50));
                    });
      rc)
    return rc;
  if (int rc = Time("my list (a grid worker)", [&]() -> Status {
        const AccessContext grid{3, Role::kGridWorker, "420107006004003", "127.0.0.1"};
        return Done(directives.List(grid, 0, 20));
      }))
    return rc;
  {
    // Two grids in three report on 2020-02-03 (directly, one statement).
    auto tx = (*db)->Begin();
    if (!tx) return Fail(tx.error());
    auto sent = tx->Exec(
        "INSERT INTO daily_reports (day, grid_code, screened, flagged, problems, needs, "
        "submitted_at, submitted_by) SELECT '2020-02-03', code, 40, 1, '', '', ?, 1 FROM regions "
        "WHERE level = 6 AND CAST(substr(code, 15, 1) AS INTEGER) % 3 <> 0",
        {kIssue + 2 * 86400});
    if (!sent) return Fail(sent.error());
    if (Status s = tx->Commit(); !s) return Fail(s.error());
    std::printf("daily reports of 2020-02-03: %lld\n", static_cast<long long>(*sent));
  }
  (void)(*db)->RefreshStatistics({"daily_reports"});
  now = kIssue + 2 * 86400 + 12 * 3600;  // past the hour: the rest are missing
  DailyReportService reports(**db, [&now] { return now; });
  int64_t missing = 0, depots = 0, short_lines = 0;
  if (int rc = Time("daily-report roll-up of the city (13 districts)",
                    [&]() -> Status {
                      auto r = reports.Rollup(command, "420100", "2020-02-03");
                      if (!r) return r.error();
                      missing = r->total.missing;
                      depots = r->total.supply_depots;
                      short_lines = r->total.supply_short;
                      return Status::Ok();
                    });
      rc)
    return rc;
  std::printf("missing grids in the roll-up: %lld; depots %lld, short item lines %lld\n",
              static_cast<long long>(missing), static_cast<long long>(depots),
              static_cast<long long>(short_lines));
  if (int rc = Time(
          "daily-report CSV of the city (every level, 15,614 rows)",
          [&]() -> Status { return Done(reports.RollupCsv(command, "420100", "2020-02-03")); });
      rc)
    return rc;
  return 0;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fk_command_bench DB_URL\n");
    return 2;
  }
  return fk::ops::Run(argv[1]);
}
