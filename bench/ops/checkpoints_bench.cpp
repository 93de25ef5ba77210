// Checkpoints benchmark (issue 15): N checkpoints logging passages at once.
//   fk_checkpoints_bench DB_URL [CHECKPOINTS=1000] [RATE=2000] [SECONDS=10]
// DB_URL: a SQLite file path (must not exist yet) or a postgresql:// URL of
// an empty database. Makes a city of 400 communities (one grid each) with
// 20,000 registered residents, 1% of them under a quarantine order and 1%
// open cases (isolation), and
// CHECKPOINTS gates spread over the communities. Then one thread per
// checkpoint (its guard's phone) records passages through PassageWriter on
// an open-loop schedule: the k-th passage of the whole city is due at
// start + k / RATE and belongs to checkpoint k mod CHECKPOINTS; its latency
// runs from when it was due (not from when the thread got to it) to when
// Record returned, so falling behind shows as latency. Two thirds of the
// passages are registered people, a sixth strangers, a sixth vehicles.
// Prints the achieved rate and latency percentiles. Numbers: bench/README.md.
// This measures the service and the database, not HTTP.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "ops/checkpoints/checkpoints.hpp"
#include "ops/checkpoints/passage_writer.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/resident_id.hpp"
#include "ops/schema.hpp"
#include "store/batch.hpp"
#include "store/database.hpp"

namespace fk::ops {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kDistricts = 4, kStreets = 10, kCommunities = 10, kResidents = 20000;

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_checkpoints_bench: %s\n", e.message.c_str());
  return 1;
}

std::string IdOf(int k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "42010219800101%03d", k % 1000);
  std::string first17 = buf;
  first17[8] = static_cast<char>('0' + (k / 1000) % 10);  // 1980..1989: distinct numbers
  return first17 + ResidentIdCheckChar(first17);
}

Status MakeCity(store::Database& db, std::vector<std::string>& communities) {
  auto tx = db.Begin();
  if (!tx) return tx.error();
  auto region = [&](const std::string& code, const std::string& parent, const char*) {
    return tx->Exec(
        "INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
        {code, "区域" + code, parent.empty() ? store::Value(nullptr) : store::Value(parent),
         static_cast<int64_t>(*LevelOfCode(code))});
  };
  if (auto r = region("420000", "", "province"); !r) return r.error();
  if (auto r = region("420100", "420000", "city"); !r) return r.error();
  char buf[32];
  std::vector<std::string> grids;
  for (int d = 1; d <= kDistricts; ++d) {
    std::snprintf(buf, sizeof buf, "4201%02d", d);
    const std::string district = buf;
    if (auto r = region(district, "420100", "district"); !r) return r.error();
    for (int s = 1; s <= kStreets; ++s) {
      const std::string street = district + (std::snprintf(buf, sizeof buf, "%03d", s), buf);
      if (auto r = region(street, district, "street"); !r) return r.error();
      for (int c = 1; c <= kCommunities; ++c) {
        const std::string community = street + (std::snprintf(buf, sizeof buf, "%03d", c), buf);
        if (auto r = region(community, street, "community"); !r) return r.error();
        if (auto r = region(community + "001", community, "grid"); !r) return r.error();
        communities.push_back(community);
        grids.push_back(community + "001");
      }
    }
  }
  // One household per grid, the residents spread over them.
  std::vector<int64_t> households;
  for (const auto& g : grids) {
    auto h = tx->QueryOne(
        "INSERT INTO households (grid_code, building, unit, room, created_day) "
        "VALUES (?, '1', '1', '101', '2020-01-01') RETURNING id",
        {g});
    if (!h) return h.error();
    households.push_back(h->Int(0));
  }
  store::Params rows;
  for (int k = 0; k < kResidents; ++k) {
    const size_t g = static_cast<size_t>(k) % grids.size();
    rows.insert(rows.end(), {households[g], grids[g], "居民" + std::to_string(k),
                             std::string("male"), std::string("1980-01-01"), IdOf(k),
                             std::string("13700000000"), std::string("2020-01-01")});
  }
  if (auto r = store::RunBatched(*tx,
                                 "INSERT INTO residents (household_id, grid_code, name, sex, "
                                 "birth_date, id_number, phone, created_day) VALUES ",
                                 8, rows);
      !r)
    return r.error();
  // 1% under an active home quarantine order, 1% open (suspected) cases.
  if (auto r = tx->Exec(
          "INSERT INTO quarantine_orders (resident_id, grid_code, place, room, start_day, days, "
          "end_day, first_due_day, status, created_by, created_at) SELECT id, grid_code, 'home', "
          "'', 18300, 14, 18314, 18300, 'active', 1, 0 FROM residents WHERE id % 100 = 0");
      !r)
    return r.error();
  if (auto r = tx->Exec(
          "INSERT INTO cases (resident_id, grid_code, status, report_date, suspected_date, "
          "created_by, created_at, updated_at) SELECT id, grid_code, 'suspected', '2020-02-01', "
          "'2020-02-01', 1, 0, 0 FROM residents WHERE id % 100 = 50");
      !r)
    return r.error();
  return tx->Commit();
}

int Run(const std::string& url, int checkpoints, int rate, int seconds) {
  auto db = store::Database::Open(url);
  if (!db) return Fail(db.error());
  if (auto v = MigrateOps(**db); !v) return Fail(v.error());
  std::vector<std::string> communities;
  if (Status s = MakeCity(**db, communities); !s) return Fail(s.error());
  CheckpointService service(**db);
  const AccessContext officer{1, Role::kCommandCentre, "420100", "127.0.0.1"};
  std::vector<int64_t> ids;
  for (int i = 0; i < checkpoints; ++i) {
    auto c = service.Create(officer, "卡口" + std::to_string(i), "gate",
                            communities[static_cast<size_t>(i) % communities.size()]);
    if (!c) return Fail(c.error());
    ids.push_back(c->id);
  }
  PassageWriter writer(**db);
  const int64_t total = static_cast<int64_t>(rate) * seconds;
  std::vector<std::vector<double>> latencies(static_cast<size_t>(checkpoints));
  std::atomic<int64_t> failures = 0, alerts = 0;
  const auto start = Clock::now() + std::chrono::milliseconds(500);
  std::vector<std::thread> phones;
  phones.reserve(static_cast<size_t>(checkpoints));
  for (int c = 0; c < checkpoints; ++c) {
    phones.emplace_back([&, c] {
      // A community officer of the checkpoint's community as the guard.
      const AccessContext guard{100 + c, Role::kCommunityOfficer,
                                communities[static_cast<size_t>(c) % communities.size()],
                                "127.0.0.1"};
      auto& mine = latencies[static_cast<size_t>(c)];
      for (int64_t k = c; k < total; k += checkpoints) {
        const auto due = start + std::chrono::nanoseconds(k * 1'000'000'000LL / rate);
        std::this_thread::sleep_until(due);
        PassageInput in;
        in.checkpoint_id = ids[static_cast<size_t>(c)];
        in.direction = k % 2 ? "in" : "out";
        const int kind = static_cast<int>(k % 6);
        if (kind < 4) {
          in.subject = "person";
          in.id_number = IdOf(static_cast<int>((k * 7919) % kResidents));
        } else if (kind == 4) {
          in.subject = "person";
          in.id_number = IdOf(kResidents + static_cast<int>(k % 5000));  // not registered
        } else {
          in.subject = "vehicle";
          in.plate = "鄂A" + std::to_string(10000 + k % 90000);
        }
        in.temperature_tenths = 360 + static_cast<int>(k % 12);
        in.health_code = "green";
        auto r = writer.Record(guard, in);
        if (!r) {
          if (failures++ == 0)
            std::fprintf(stderr, "first failure: %s\n", r.error().message.c_str());
        } else if (r->alert) {
          ++alerts;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
    });
  }
  for (auto& t : phones) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf(
      "checkpoints %d, target %d passages/s for %d s: %zu passages in %.2f s = %.0f/s, "
      "failures %lld, alerts %lld\n",
      checkpoints, rate, seconds, all.size(), elapsed, static_cast<double>(all.size()) / elapsed,
      static_cast<long long>(failures.load()), static_cast<long long>(alerts.load()));
  std::printf("latency from due time, ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
              pct(0.5), pct(0.9), pct(0.99), pct(0.999), all.empty() ? 0.0 : all.back());
  return failures.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: fk_checkpoints_bench DB_URL [CHECKPOINTS=1000] [RATE=2000] "
                 "[SECONDS=10]\n");
    return 2;
  }
  const int checkpoints = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int rate = argc > 3 ? std::atoi(argv[3]) : 2000;
  const int seconds = argc > 4 ? std::atoi(argv[4]) : 10;
  if (checkpoints < 1 || rate < 1 || seconds < 1) {
    std::fprintf(stderr, "fk_checkpoints_bench: counts must be positive\n");
    return 2;
  }
  return fk::ops::Run(argv[1], checkpoints, rate, seconds);
}
