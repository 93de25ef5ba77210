// Supplies benchmark (issue 15): days of supply left for a city of N depots.
//   fk_supplies_bench DB_URL [DEPOTS=5000] [DAYS=10] [REPEATS=20]
// DB_URL: a SQLite file path (must not exist yet) or a postgresql:// URL of
// an empty database. Makes a city of 400 communities with DEPOTS depots
// (warehouses and hospitals at the districts, the rest in communities),
// receipts and DAYS days of consumption of three items at every depot
// (SupplyService::RecordHistory), then times DaysLeftOf for the whole city
// REPEATS times. Prints one line per measurement. Numbers: bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "ops/regions/regions.hpp"
#include "ops/schema.hpp"
#include "ops/supplies/supplies.hpp"
#include "store/database.hpp"

namespace fk::ops {
namespace {

constexpr int kDistricts = 4, kStreets = 10, kCommunities = 10;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_supplies_bench: %s\n", e.message.c_str());
  return 1;
}

int Run(const std::string& url, int depots, int days, int repeats) {
  auto db = store::Database::Open(url);
  if (!db) return Fail(db.error());
  if (auto v = MigrateOps(**db); !v) return Fail(v.error());
  const AccessContext admin{1, Role::kAdministrator, "", "127.0.0.1"};
  const AccessContext keeper{2, Role::kCommandCentre, "420100", "127.0.0.1"};
  RegionService regions(**db);
  std::vector<std::string> districts, communities;
  auto add = [&](const std::string& code) {
    return regions.Create(admin, {code, "区域" + code, "", RegionLevel::kProvince});
  };
  for (const char* code : {"420000", "420100"})
    if (Status s = add(code); !s) return Fail(s.error());
  char buf[32];
  for (int d = 1; d <= kDistricts; ++d) {
    std::snprintf(buf, sizeof buf, "4201%02d", d);
    districts.push_back(buf);
    if (Status s = add(buf); !s) return Fail(s.error());
    for (int s1 = 1; s1 <= kStreets; ++s1) {
      std::snprintf(buf, sizeof buf, "4201%02d%03d", d, s1);
      const std::string street = buf;
      if (Status s = add(street); !s) return Fail(s.error());
      for (int c = 1; c <= kCommunities; ++c) {
        std::snprintf(buf, sizeof buf, "%s%03d", street.c_str(), c);
        communities.push_back(buf);
        if (Status s = add(buf); !s) return Fail(s.error());
      }
    }
  }
  SupplyService supplies(**db);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<int64_t> ids;
  for (int i = 0; i < depots; ++i) {
    const bool district = i < 2 * kDistricts;
    const std::string region =
        district ? districts[i % kDistricts] : communities[i % communities.size()];
    const char* kind = district ? (i < kDistricts ? "warehouse" : "hospital") : "community";
    auto d = supplies.CreateDepot(keeper, "depot " + std::to_string(i), kind, region);
    if (!d) return Fail(d.error());
    ids.push_back(d->id);
  }
  std::printf("depots: %d, %.2f s\n", depots, Seconds(t0));
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const char* items[] = {"mask", "n95", "disinfectant"};
  t0 = std::chrono::steady_clock::now();
  int64_t movements = 0;
  // In batches of 100 depots, each batch one transaction.
  for (size_t first = 0; first < ids.size(); first += 100) {
    std::vector<SupplyService::Timed> history;
    for (size_t k = first; k < std::min(ids.size(), first + 100); ++k) {
      for (const char* item : items) {
        history.push_back(
            {now - (days + 1) * 86400, {MovementKind::kReceipt, item, {}, ids[k], 100000}});
        for (int day = days; day >= 1; --day)
          history.push_back({now - day * 86400,
                             {MovementKind::kConsumption,
                              item,
                              ids[k],
                              {},
                              static_cast<int64_t>(10 + (k + day) % 50)}});
      }
    }
    auto n = supplies.RecordHistory(keeper, history);
    if (!n) return Fail(n.error());
    movements += *n;
  }
  std::printf("movements: %lld, %.2f s\n", static_cast<long long>(movements), Seconds(t0));
  std::vector<double> ms;
  size_t lines = 0;
  for (int r = 0; r < repeats; ++r) {
    t0 = std::chrono::steady_clock::now();
    auto report = supplies.DaysLeftOf(keeper, "420100", 7);
    if (!report) return Fail(report.error());
    ms.push_back(Seconds(t0) * 1000);
    lines = 0;
    for (const auto& d : report->depots) lines += d.items.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("days left, city of %d depots (%zu lines): median %.1f ms, max %.1f ms over %d\n",
              depots, lines, ms[ms.size() / 2], ms.back(), repeats);
  return 0;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fk_supplies_bench DB_URL [DEPOTS=5000] [DAYS=10] [REPEATS=20]\n");
    return 2;
  }
  const int depots = argc > 2 ? std::atoi(argv[2]) : 5000;
  const int days = argc > 3 ? std::atoi(argv[3]) : 10;
  const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 20;
  return fk::ops::Run(argv[1], depots, days, repeats);
}
