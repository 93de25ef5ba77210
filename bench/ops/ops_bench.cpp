// Operations benchmark (issues #3 and #18): import of N residents from CSV
// into a fresh database, then coverage of the whole city for a campaign over it.
//   fk_ops_bench DB_URL [RESIDENTS=1000000] [GRIDS=400]
// DB_URL: a SQLite file path (must not exist yet) or a postgresql:// URL of
// an empty database. GRIDS: a multiple of 100 (4 districts x 5 streets x 5
// communities, GRIDS / 100 grids each). Prints one line per measurement: the
// import also its own CPU time (the rest is the server's), the time per row
// of its first and second half, the database's size and this process's peak
// resident memory. Numbers: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
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

// 4 districts x 5 streets x 5 communities x (GRIDS / 100) grids; with three
// people to a household and 400 grids, 1,000,000 residents are about 830
// households a grid.
constexpr int kDistricts = 4, kStreets = 5, kCommunities = 5;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_ops_bench: %s\n", e.message.c_str());
  return 1;
}

// This process's peak resident memory (VmHWM), in MB; -1 if unknown.
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  return -1;
}

// The database's size in MB: PostgreSQL's pg_database_size, SQLite's pages
// (page_count x page_size: the same whether or not the write-ahead log has
// been copied into the file yet).
double DatabaseMb(store::Database& db) {
  auto lease = db.Acquire();
  if (!lease) return -1;
  auto rows = (*lease)->Query(db.dialect() == store::Dialect::kPostgres
                                  ? "SELECT pg_database_size(current_database())"
                                  : "SELECT page_count * page_size FROM pragma_page_count(), "
                                    "pragma_page_size()");
  return rows && !rows->empty() ? static_cast<double>((*rows)[0].Int(0)) / 1e6 : -1;
}

int Run(const std::string& url, int64_t residents, int grids_per_community) {
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
        for (int g = 1; g <= grids_per_community; ++g) {
          std::snprintf(buf, sizeof buf, "%03d", g);
          grids.push_back(community + buf);
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
  // The import reports progress every kImportProgressRows rows read; rows
  // are written in batches as they are read, so the first report at or past
  // half the rows splits the import in two halves (within one batch).
  // CPU time too: on a machine shared with other work, wall time mostly
  // measures the wait for a core, and the CPU time (this process's: SQLite
  // runs in it; on PostgreSQL only the client's) is what the rows cost.
  double half_s = 0, half_cpu = 0;
  int64_t half_rows = 0;
  auto cpu_since = [&] { return static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC; };
  auto progress = [&](int64_t rows) {
    if (half_rows == 0 && rows >= residents / 2 && rows < residents) {
      half_s = Seconds(t0);
      half_cpu = cpu_since();
      half_rows = rows;
    }
  };
  auto report = registry.ImportResidentsCsv(officer, csv, ImportMode::kAllOrNothing, progress);
  if (!report) return Fail(report.error());
  const double import_s = Seconds(t0), import_cpu = cpu_since();
  // The rest of the wall time is the database server's (or waiting for disk).
  std::printf("import: %lld imported, %zu rejected, %.2f s (client CPU %.2f s)\n",
              static_cast<long long>(report->imported), report->rejected.size(), import_s,
              import_cpu);
  if (half_rows > 0) {
    const double first = static_cast<double>(half_rows);
    const double second = static_cast<double>(residents - half_rows);
    std::printf(
        "import per row, wall: %.1f us overall, first half %.1f us (%lld rows), second half "
        "%.1f us (with the commit), second / first %.2f\n",
        import_s * 1e6 / static_cast<double>(residents), half_s * 1e6 / first,
        static_cast<long long>(half_rows), (import_s - half_s) * 1e6 / second,
        ((import_s - half_s) / second) / (half_s / first));
    std::printf(
        "import per row, client CPU: first half %.1f us, second half %.1f us, second / first "
        "%.2f\n",
        half_cpu * 1e6 / first, (import_cpu - half_cpu) * 1e6 / second,
        ((import_cpu - half_cpu) / second) / (half_cpu / first));
  }
  std::printf("database: %.0f MB; bench process peak RSS %.0f MB\n", DatabaseMb(**db), PeakRssMb());

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
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines as they come, also into a pipe
  const int grids = argc >= 4 ? std::atoi(argv[3]) : 400;
  if (argc < 2 || argc > 4 || grids < 100 || grids % 100 != 0 || grids > 99900) {
    std::fprintf(stderr, "usage: fk_ops_bench DB_URL [RESIDENTS] [GRIDS, a multiple of 100]\n");
    return 2;
  }
  return fk::ops::Run(argv[1], argc >= 3 ? std::atoll(argv[2]) : 1000000, grids / 100);
}
