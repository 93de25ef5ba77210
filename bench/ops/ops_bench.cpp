// Operations benchmark (issue #3): import of N residents from CSV into a
// fresh database, then coverage of the whole city for a campaign over it.
//   fk_ops_bench DB_URL [RESIDENTS=1000000]
// DB_URL: a SQLite file path (must not exist yet) or a postgresql:// URL of
// an empty database. Prints one line per measurement (the import also its own
// CPU time, so that the rest is the server's). Numbers: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "ops/regions/regions.hpp"
#include "ops/registry/registry.hpp"
#include "ops/schema.hpp"
#include "ops/screening/screening.hpp"
#include "store/database.hpp"
#include "synthetic.hpp"

namespace fk::ops {
namespace {

// 4 districts x 5 streets x 5 communities x 4 grids = 400 grids; with three
// people to a household, 1,000,000 residents are about 830 households a grid.
constexpr int kDistricts = 4, kStreets = 5, kCommunities = 5, kGrids = 4;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_ops_bench: %s\n", e.message.c_str());
  return 1;
}

int Run(const std::string& url, int64_t residents) {
  auto db = store::Database::Open(url);
  if (!db) return Fail(db.error());
  if (auto v = MigrateOps(**db); !v) return Fail(v.error());
  const AccessContext admin{1, Role::kAdministrator, "", "127.0.0.1"};
  const AccessContext officer{2, Role::kDistrictOfficer, "420100", "127.0.0.1"};
  RegionService regions(**db);
  std::vector<std::string> grids;
  auto add = [&](const std::string& code) {
    return regions.Create(admin, {code, "区域" + code, "", RegionLevel::kProvince});
  };
  for (const char* code : {"420000", "420100"})
    if (Status s = add(code); !s) return Fail(s.error());
  char buf[32];
  for (int d = 1; d <= kDistricts; ++d) {
    std::snprintf(buf, sizeof buf, "4201%02d", d);
    const std::string district = buf;
    if (Status s = add(district); !s) return Fail(s.error());
    for (int s1 = 1; s1 <= kStreets; ++s1) {
      const std::string street = district + "00" + std::to_string(s1);
      if (Status s = add(street); !s) return Fail(s.error());
      for (int c = 1; c <= kCommunities; ++c) {
        const std::string community = street + "00" + std::to_string(c);
        if (Status s = add(community); !s) return Fail(s.error());
        for (int g = 1; g <= kGrids; ++g) {
          grids.push_back(community + "00" + std::to_string(g));
          if (Status s = add(grids.back()); !s) return Fail(s.error());
        }
      }
    }
  }

  auto t0 = std::chrono::steady_clock::now();
  const std::string csv = synthetic::Csv(0, residents, grids);
  std::printf("generate csv: %lld rows, %.1f MB, %.2f s\n", static_cast<long long>(residents),
              csv.size() / 1e6, Seconds(t0));
  AuditWriter audit_writer(**db);
  RegistryService registry(**db, audit_writer);
  t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  auto report = registry.ImportResidentsCsv(officer, csv, ImportMode::kAllOrNothing);
  if (!report) return Fail(report.error());
  // The rest of the wall time is the database server's (or waiting for disk).
  std::printf("import: %lld imported, %zu rejected, %.2f s (client CPU %.2f s)\n",
              static_cast<long long>(report->imported), report->rejected.size(), Seconds(t0),
              static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC);

  ScreeningService screening(**db);
  t0 = std::chrono::steady_clock::now();
  auto campaign = screening.CreateCampaign(officer, "bench", "420100", "2020-02-17", "2020-02-19");
  if (!campaign) return Fail(campaign.error());
  std::printf("campaign: %lld tasks, %.2f s\n", static_cast<long long>(campaign->tasks),
              Seconds(t0));
  {
    // Half of the households visited, everyone in them screened, one in 50 flagged.
    auto tx = (*db)->Begin();
    if (!tx) return Fail(tx.error());
    auto n = tx->Exec(
        "UPDATE screening_tasks SET visited_at = 1582000000, screened = residents, "
        "flagged = CASE WHEN id % 50 = 0 THEN 1 ELSE 0 END WHERE campaign_id = ? AND id % 2 = 0",
        {campaign->id});
    if (!n) return Fail(n.error());
    // The same totals RecordVisit keeps, summed once (bench setup only).
    auto totals = tx->Exec(
        "UPDATE coverage_grids SET households_visited = (SELECT COUNT(visited_at) FROM "
        "screening_tasks t WHERE t.campaign_id = coverage_grids.campaign_id AND t.grid_code = "
        "coverage_grids.grid_code), residents_screened = (SELECT SUM(screened) FROM "
        "screening_tasks t WHERE t.campaign_id = coverage_grids.campaign_id AND t.grid_code = "
        "coverage_grids.grid_code), flagged = (SELECT SUM(flagged) FROM screening_tasks t WHERE "
        "t.campaign_id = coverage_grids.campaign_id AND t.grid_code = coverage_grids.grid_code) "
        "WHERE campaign_id = ?",
        {campaign->id});
    if (!totals) return Fail(totals.error());
    if (Status s = tx->Commit(); !s) return Fail(s.error());
  }
  std::vector<double> ms;
  size_t rows = 0;
  for (int i = 0; i < 21; ++i) {
    t0 = std::chrono::steady_clock::now();
    auto coverage = screening.CoverageOf(officer, campaign->id, "420100");
    if (!coverage) return Fail(coverage.error());
    ms.push_back(Seconds(t0) * 1000);
    rows = coverage->size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "coverage of 420100: %zu regions, 21 runs: min %.1f ms, median %.1f ms, max %.1f ms\n", rows,
      ms.front(), ms[ms.size() / 2], ms.back());
  return 0;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: fk_ops_bench DB_URL [RESIDENTS]\n");
    return 2;
  }
  return fk::ops::Run(argv[1], argc == 3 ? std::atoll(argv[2]) : 1000000);
}
