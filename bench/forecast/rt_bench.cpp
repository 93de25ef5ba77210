// Rt of every district and street of a city (issue 17): 16 districts of
// 3,000 streets (one community and one grid each), 120 days of confirmed
// cases growing then falling, with onset-to-confirmation delays, about
// 60,000 cases in all, most streets thin. Measures
//   BM_EstimateRegionalRt: the delay, nowcast and last-window Rt of the
//     city, every district and every street, from data in memory;
//   BM_EveryWindow: Cori's estimate of every window of every street;
//   BM_ReadAndEstimate: the same from a SQLite database (ReadCaseOnsets:
//     one query and the roll-up, then EstimateRegionalRt), as `fangkong rt`.
// Numbers and the command: bench/README.md, "Forecast".
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/dates.hpp"
#include "common/distributions.hpp"
#include "common/rng.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "ops/schema.hpp"
#include "store/database.hpp"
#include "synthetic.hpp"

namespace fk::forecast {
namespace {

constexpr int kDistricts = 16, kStreets = 3000, kDays = 120;
const int kStart = DaysFromCivil(Date{2020, 1, 1});

struct Case {
  int street, onset, report;
};

std::string StreetCode(int s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "4201%02d%03d", s % kDistricts + 1, s / kDistricts + 1);
  return buf;
}

// Cases of street s: expected onsets a_s e^{0.06 t} to day 70, then falling
// 4 % a day; a_s spread over two orders of magnitude; delays 0..13 days.
std::vector<Case> Cases() {
  const Rng rng(17);
  std::vector<Case> out;
  for (int s = 0; s < kStreets; ++s) {
    const double a = 0.0004 * std::pow(100.0, rng.Uniform(Stream::kCalibration, 0, s, 0));
    for (int t = 0; t < kDays; ++t) {
      const double mean =
          t < 70 ? a * std::exp(0.06 * t) : a * std::exp(0.06 * 70 - 0.04 * (t - 70));
      const int64_t n = PoissonFromUniform(mean, rng.Uniform(Stream::kCalibration, t + 1, s, 0));
      for (int64_t i = 0; i < n; ++i) {
        const int delay = static_cast<int>(
            14 *
            std::pow(rng.Uniform(Stream::kCalibration, t + 1, s, static_cast<uint32_t>(i + 1)), 2));
        if (t + delay < kDays) out.push_back({s, kStart + t, kStart + t + delay});
      }
    }
  }
  return out;
}

CaseOnsets InMemory(const std::vector<Case>& cases) {
  CaseOnsets data;
  data.regions.push_back({"420100", "武汉市", ops::RegionLevel::kCity, {}});
  for (int d = 1; d <= kDistricts; ++d) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "4201%02d", d);
    data.regions.push_back({buf, "区", ops::RegionLevel::kDistrict, {}});
  }
  for (int s = 0; s < kStreets; ++s)
    data.regions.push_back({StreetCode(s), "街道", ops::RegionLevel::kStreet, {}});
  for (const auto& c : cases) {
    const OnsetReport one{c.onset, c.report, 1};
    data.regions[0].cases.push_back(one);
    data.regions[1 + c.street % kDistricts].cases.push_back(one);
    data.regions[1 + kDistricts + c.street].cases.push_back(one);
  }
  data.city_cases = data.regions[0].cases;
  data.cutoff = kStart + kDays - 1;
  return data;
}

void BM_EstimateRegionalRt(benchmark::State& state) {
  const auto cases = Cases();
  const CaseOnsets data = InMemory(cases);
  int thin = 0;
  for (auto _ : state) {
    auto rt = EstimateRegionalRt(data);
    if (!rt) state.SkipWithError(rt.error().message.c_str());
    thin = 0;
    for (const auto& r : rt->regions) thin += !r.estimate || r.estimate->thin;
    benchmark::DoNotOptimize(rt);
  }
  state.counters["regions"] = static_cast<double>(data.regions.size());
  state.counters["cases"] = static_cast<double>(cases.size());
  state.counters["thin_or_none"] = thin;
}
BENCHMARK(BM_EstimateRegionalRt)->Unit(benchmark::kMillisecond);

void BM_EveryWindow(benchmark::State& state) {
  const CaseOnsets data = InMemory(Cases());
  std::vector<std::vector<double>> series;
  for (const auto& r : data.regions) {
    std::vector<double> n(kDays, 0.0);
    for (const auto& c : r.cases) n[c.onset - kStart] += c.count;
    series.push_back(std::move(n));
  }
  const auto w = *DiscretiseSerialInterval(kSerialIntervalMean, kSerialIntervalSd);
  int64_t windows = 0;
  for (auto _ : state) {
    windows = 0;
    for (const auto& n : series) {
      auto est = EstimateRt(n, {}, w);
      if (est) windows += static_cast<int64_t>(est->size());
    }
  }
  state.counters["windows"] = static_cast<double>(windows);
}
BENCHMARK(BM_EveryWindow)->Unit(benchmark::kMillisecond);

void BM_ReadAndEstimate(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "fk_rt_bench.db";
  std::filesystem::remove(path);
  auto db = store::Database::Open(path.string());
  if (!db || !ops::MigrateOps(**db)) {
    state.SkipWithError("cannot make the database");
    return;
  }
  const auto cases = Cases();
  {
    auto tx = (*db)->Begin();
    auto region = [&](const std::string& code, const std::string& parent, int level) {
      (void)tx->Exec(
          "INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
          {code, "区域" + code, parent.empty() ? store::Value(nullptr) : store::Value(parent),
           static_cast<int64_t>(level)});
    };
    region("420000", "", 1);
    region("420100", "420000", 2);
    for (int d = 1; d <= kDistricts; ++d) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "4201%02d", d);
      region(buf, "420100", 3);
    }
    for (int s = 0; s < kStreets; ++s) {
      const std::string street = StreetCode(s);
      region(street, street.substr(0, 6), 4);
      region(street + "001", street, 5);
      region(street + "001001", street + "001", 6);
      (void)tx->Exec(
          "INSERT INTO households (id, grid_code, building, unit, room, created_day) VALUES "
          "(?, ?, '1', '1', '101', '2020-01-01')",
          {static_cast<int64_t>(s + 1), street + "001001"});
    }
    int64_t id = 0;
    for (const auto& c : cases) {
      ++id;
      const auto p = ops::synthetic::Person(id);
      const std::string grid = StreetCode(c.street) + "001001";
      (void)tx->Exec(
          "INSERT INTO residents (id, household_id, grid_code, name, sex, birth_date, id_number, "
          "phone, created_day) VALUES (?, ?, ?, ?, 'male', ?, ?, ?, '2020-01-01')",
          {id, static_cast<int64_t>(c.street + 1), grid, p.name, p.birth_date, p.id_number,
           p.phone});
      const std::string onset = AddDays(Date{1970, 1, 1}, c.onset),
                        report = AddDays(Date{1970, 1, 1}, c.report);
      auto r = tx->Exec(
          "INSERT INTO cases (resident_id, grid_code, status, onset_date, report_date, "
          "confirmation_date, basis, created_by, created_at, updated_at) VALUES (?, ?, "
          "'confirmed', ?, ?, ?, 'lab_test', 1, 0, 0)",
          {id, grid, onset, report, report});
      if (!r) {
        state.SkipWithError(r.error().message.c_str());
        return;
      }
    }
    if (!tx->Commit()) {
      state.SkipWithError("commit failed");
      return;
    }
  }
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "bench"};
  size_t regions = 0;
  for (auto _ : state) {
    auto data = ReadCaseOnsets(**db, system, "420100");
    if (!data) {
      state.SkipWithError(data.error().message.c_str());
      break;
    }
    auto rt = EstimateRegionalRt(*data);
    if (!rt) {
      state.SkipWithError(rt.error().message.c_str());
      break;
    }
    regions = rt->regions.size();
  }
  state.counters["regions"] = static_cast<double>(regions);
  state.counters["cases"] = static_cast<double>(cases.size());
  db->reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_ReadAndEstimate)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace fk::forecast

BENCHMARK_MAIN();
