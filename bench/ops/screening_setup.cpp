// Setup of the screening replay through HTTP (issue 18,
// bench/ops/run-screening-http.sh): on a city that fk_ops_bench imported,
// WORKERS grid workers with accounts (one a grid, the grids spread evenly over
// the city), a district officer for the coverage, and a fresh campaign over
// the city (its tasks of those grids assigned to their worker). Writes the
// plan the load generator (screening_load.cpp) replays: a first line
// "campaign ID", then one line "USERNAME GRID TASK_ID RESIDENT_ID" per person
// of the workers' grids, in task order.
//   fk_screening_setup DB_URL WORKERS PLAN_FILE PASSWORD
// Every account gets PASSWORD, hashed at libsodium's least Argon2id cost (as
// the tests do; the server verifies a hash at the cost written in it), and
// one hash is made and copied to the other workers' rows (bench setup only):
// at full cost, 0.1 s of a core a login, the logins of hundreds of workers
// took minutes on a shared machine at `nice 19` and timed out, and logins
// are not what the replay measures.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <sodium.h>

#include "ops/schema.hpp"
#include "ops/screening/screening.hpp"
#include "ops/users/users.hpp"
#include "store/database.hpp"

namespace fk::ops {
namespace {

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_screening_setup: %s\n", e.message.c_str());
  return 1;
}

int Run(const std::string& url, int workers, const std::string& plan_path,
        const std::string& password) {
  auto db = store::Database::Open(url);
  if (!db) return Fail(db.error());
  if (auto v = MigrateOps(**db); !v) return Fail(v.error());
  UserOptions cheap;
  cheap.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
  cheap.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
  UserService users(**db, SystemClock(), cheap);
  auto officer = users.CreateBySystem(
      {"bench-officer", "压测区指挥部 bench officer", Role::kDistrictOfficer, "420100"}, password,
      false, "bench");
  if (!officer) return Fail(officer.error());
  std::vector<std::string> grids;
  {
    auto lease = (*db)->Acquire();
    if (!lease) return Fail(lease.error());
    auto rows = (*lease)->Query("SELECT code FROM regions WHERE level = ? ORDER BY code",
                                {static_cast<int64_t>(RegionLevel::kGrid)});
    if (!rows) return Fail(rows.error());
    for (const auto& r : *rows) grids.push_back(r.Text(0));
  }
  if (workers < 1 || static_cast<size_t>(workers) > grids.size()) {
    std::fprintf(stderr, "fk_screening_setup: WORKERS must be 1..%zu (the city's grids)\n",
                 grids.size());
    return 2;
  }
  std::vector<std::string> chosen;  // the workers' grids, spread over the city
  for (int w = 0; w < workers; ++w) chosen.push_back(grids[w * grids.size() / workers]);
  auto username = [](int w) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "bench-w%05d", w);
    return std::string(buf);
  };
  auto first = users.CreateBySystem({username(0), "网格员 0", Role::kGridWorker, chosen[0]},
                                    password, false, "bench");
  if (!first) return Fail(first.error());
  {
    auto tx = (*db)->Begin();
    if (!tx) return Fail(tx.error());
    for (int w = 0; w < workers; ++w) {
      if (w > 0) {
        auto copied = tx->Exec(
            "INSERT INTO users (username, display_name, role, scope, password_hash, created_at) "
            "SELECT ?, ?, role, ?, password_hash, created_at FROM users WHERE id = ?",
            {username(w), "网格员 " + std::to_string(w), chosen[w], first->id});
        if (!copied) return Fail(copied.error());
      }
      auto staff = tx->Exec(
          "INSERT INTO grid_staff (grid_code, duty, name, phone, user_id) "
          "SELECT ?, 'worker', display_name, '13800000000', id FROM users WHERE username = ?",
          {chosen[w], username(w)});
      if (!staff) return Fail(staff.error());
    }
    if (Status s = tx->Commit(); !s) return Fail(s.error());
  }
  ScreeningService screening(**db);
  const AccessContext ctx{officer->id, Role::kDistrictOfficer, "420100", "127.0.0.1"};
  auto campaign =
      screening.CreateCampaign(ctx, "三日摸排 replay", "420100", "2020-02-17", "2020-02-19");
  if (!campaign) return Fail(campaign.error());
  std::ofstream plan(plan_path);
  plan << "campaign " << campaign->id << "\n";
  size_t people = 0;
  auto lease = (*db)->Acquire();
  if (!lease) return Fail(lease.error());
  for (int w = 0; w < workers; ++w) {
    auto rows = (*lease)->Query(
        "SELECT t.id, r.id FROM screening_tasks t JOIN residents r ON r.household_id = "
        "t.household_id WHERE t.campaign_id = ? AND t.grid_code = ? ORDER BY t.id, r.id",
        {campaign->id, chosen[w]});
    if (!rows) return Fail(rows.error());
    for (const auto& r : *rows)
      plan << username(w) << ' ' << chosen[w] << ' ' << r.Int(0) << ' ' << r.Int(1) << '\n';
    people += rows->size();
  }
  plan.close();
  if (!plan) {
    std::fprintf(stderr, "fk_screening_setup: could not write %s\n", plan_path.c_str());
    return 1;
  }
  std::printf("campaign %lld: %lld tasks; %d workers, %zu people in their grids\n",
              static_cast<long long>(campaign->id), static_cast<long long>(campaign->tasks),
              workers, people);
  return 0;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: fk_screening_setup DB_URL WORKERS PLAN_FILE PASSWORD\n");
    return 2;
  }
  return fk::ops::Run(argv[1], std::atoi(argv[2]), argv[3], argv[4]);
}
