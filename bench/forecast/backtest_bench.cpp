// The forecast's backtest (issue 17), as a measurement: the simulator plays
// an outbreak in the registry's own city as the truth (a 20,000-resident
// demo city, R0 1.5, no measures); its symptom onsets, each confirmed with
// the forecast's assumed ascertainment and reported 1-6 days later, are
// written to the database as cases day by day; on three days a forecast
// (14 days, 40 members) is made from the database as it stood and compared
// with the cases the truth reported in the next 14 days, for the city and
// each district. Prints, per forecast, the Rt fitted beside the truth's own
// rt, and the truth against the median; then the share of (day, region)
// pairs whose truth lies within the 5-95 % band (the issue asks for 80 %)
// and the mean interval score (Gneiting & Raftery 2007, alpha 0.1).
// Results and what they say: docs/validation.md, "Backtest of the forecast".
//   fk_backtest_bench DB_URL [reference|simulator]
// DB_URL: a SQLite file that does not exist yet or an empty PostgreSQL
// database. `simulator`: estimate Rt with the simulator's own generation
// interval (mean 4.74 d, docs/forecast.md) instead of the reference serial
// interval (7.5 +- 3.4 d).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "api/demo/demo_data.hpp"
#include "api/endpoints/services.hpp"
#include "common/dates.hpp"
#include "forecast/live/live_forecast.hpp"
#include "forecast/live/registry_population.hpp"
#include "ops/schema.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/run/run_simulation.hpp"
#include "store/database.hpp"

namespace fk::forecast {
namespace {

constexpr const char* kStart = "2020-01-01";  // the truth's day 0
constexpr int kHorizon = 14;
// The generation interval measured from the simulator's transmission log
// (docs/forecast.md, "Agreement with the simulator's rt"); the sd is the
// configured profile's.
constexpr double kSimulatorGenerationMean = 4.74, kSimulatorGenerationSd = 2.14;

struct TruthCase {
  uint32_t grid = 0;
  int onset = 0, report = 0;  // truth days
};

int Day0() { return DaysFromCivil(*ParseDate(kStart)); }
std::string Text(int truth_day) { return AddDays(*ParseDate(kStart), truth_day); }

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_backtest_bench: %s\n", e.message.c_str());
  return 1;
}

int Run(const std::string& url, bool simulator_interval) {
  auto opened = store::Database::Open(url);
  if (!opened) return Fail(opened.error());
  store::Database& db = **opened;
  if (auto v = ops::MigrateOps(db); !v) return Fail(v.error());
  ops::UserOptions users;
  users.ops_limit = 1;
  users.mem_limit = 8192;
  api::Services services(db, users);
  api::DemoOptions demo;
  demo.population = 20'000;
  demo.seed = 5;
  demo.supply_days = 0;
  demo.notices = false;
  demo.command = false;
  demo.outbreak = false;
  if (auto created = api::CreateDemoData(services, demo); !created) return Fail(created.error());
  // The truth: the simulator on the registry's city, R0 1.5, no measures.
  sim::Parameters params = sim::DefaultParameters();
  params.days = 75;
  params.seed = 21;
  params.r0 = 1.5;
  params.start_date = kStart;
  params.initial_infections = 12;
  params.imports_per_day = 0;
  params.measures.clear();
  auto city = ReadRegistryPopulation(db, api::kDemoCity, Day0(), {}, params, params.seed, 1);
  if (!city) return Fail(city.error());
  const sim::Population& pop = city->population;
  params.population = pop.size();
  sim::RunOptions ro;
  ro.record_grids = true;
  auto truth = sim::RunSimulation(params, pop, ro);
  if (!truth) return Fail(truth.error());

  // Confirmed: each onset with the share the forecast assumes (its
  // ascertainment over the symptomatic share), reported 1-6 days later.
  double symptomatic = 0;
  for (uint8_t age : pop.age) symptomatic += params.symptomatic_prob[sim::AgeBand(age)];
  const double confirmed_share = UndetectedOptions{}.ascertained / (symptomatic / pop.size());
  std::mt19937_64 rng(7);
  std::bernoulli_distribution confirmed(std::min(1.0, confirmed_share));
  std::uniform_int_distribution<int> delay(1, 6);
  std::vector<TruthCase> cases;
  for (const sim::GridDayRecord& g : truth->grid_daily)
    for (int k = 0; k < g.new_symptomatic; ++k)
      if (confirmed(rng)) cases.push_back({g.grid, g.day, g.day + delay(rng)});
  std::sort(cases.begin(), cases.end(),
            [](const TruthCase& a, const TruthCase& b) { return a.report < b.report; });
  std::printf("truth: %zu confirmed cases over %d days\n", cases.size(), params.days);

  // Residents by grid code, each a case once at most.
  std::map<std::string, std::vector<int64_t>> residents;
  {
    auto lease = db.Acquire();
    if (!lease) return Fail(lease.error());
    auto rows = (*lease)->Query("SELECT id, grid_code FROM residents ORDER BY id", {});
    if (!rows) return Fail(rows.error());
    for (const auto& r : *rows) residents[r.Text(1)].push_back(r.Int(0));
  }
  std::map<std::string, size_t> used;
  size_t written = 0;
  // Writes the cases reported up to truth day `cutoff`; closes those with
  // onset more than 14 days before it.
  auto write_to = [&](int cutoff) -> Status {
    auto tx = db.Begin();
    if (!tx) return tx.error();
    for (; written < cases.size() && cases[written].report <= cutoff; ++written) {
      const TruthCase& c = cases[written];
      const std::string& grid = pop.grids[c.grid].code;
      auto& pool = residents[grid];
      if (used[grid] >= pool.size()) continue;  // more cases than residents: not at this size
      auto inserted = tx->Exec(
          "INSERT INTO cases (resident_id, grid_code, status, severity, "
          "onset_date, report_date, confirmation_date, basis, created_by, "
          "created_at, updated_at) VALUES (?, ?, 'confirmed', 'mild', ?, ?, ?, "
          "'lab_test', 1, 0, 0)",
          {pool[used[grid]++], grid, Text(c.onset), Text(c.report), Text(c.report)});
      if (!inserted) return inserted.error();
    }
    auto closed = tx->Exec(
        "UPDATE cases SET outcome = 'recovered', outcome_date = ? WHERE "
        "outcome IS NULL AND onset_date < ?",
        {Text(cutoff), Text(cutoff - 14)});
    if (!closed) return closed.error();
    return tx->Commit();
  };

  int checked = 0, covered = 0;
  double interval_score = 0;
  for (int cutoff : {25, 30, 35}) {
    if (Status s = write_to(cutoff); !s) return Fail(s.error());
    LiveForecastOptions o;
    o.days = kHorizon;
    o.runs = 40;
    o.seed = 3;
    if (simulator_interval) {
      o.rt.serial_mean = kSimulatorGenerationMean;
      o.rt.serial_sd = kSimulatorGenerationSd;
    }
    auto f = RunLiveForecast(db, o);
    if (!f) return Fail(f.error());
    double truth_rt = 0, truth_n = 0;
    for (int d = cutoff - 14; d <= cutoff - 7; ++d) {
      double n = 0;
      for (int64_t v : truth->daily[d].new_infections) n += static_cast<double>(v);
      truth_rt += truth->daily[d].rt * n;
      truth_n += n;
    }
    double truth_recent = 0;  // the truth's infections of the 14 days up to the cutoff
    for (int d = cutoff - 13; d <= cutoff; ++d)
      for (int64_t v : truth->daily[d].new_infections) truth_recent += static_cast<double>(v);
    std::printf("cutoff %s: truth's infections in the last 14 days %.0f\n", Text(cutoff).c_str(),
                truth_recent);
    std::printf(
        "cutoff %s: Rt fitted %.2f (%.2f-%.2f), truth's rt of days -14..-7 %.2f; "
        "undetected seeded %.0f, open cases %lld, susceptible %.2f, simulated rt %.2f\n",
        Text(cutoff).c_str(), f->city_rt.mean, f->city_rt.lower, f->city_rt.upper,
        truth_rt / truth_n, f->undetected.total, static_cast<long long>(f->open_cases),
        f->susceptible_share, f->simulated_rt.median);
    for (const RegionForecast& r : f->regions) {
      std::vector<int> reported(kHorizon, 0);
      for (const TruthCase& c : cases) {
        const int t = c.report - cutoff - 1;
        if (t < 0 || t >= kHorizon) continue;
        if (r.level == ops::RegionLevel::kDistrict &&
            pop.grids[c.grid].code.compare(0, 6, r.code) != 0)
          continue;
        ++reported[t];
      }
      int region_covered = 0;
      for (int t = 0; t < kHorizon; ++t) {
        const sim::Band& b = r.new_cases[t];
        const double y = reported[t];
        ++checked;
        // The band of a count: its quantiles rounded out to whole cases.
        const double lo = std::floor(b.p05), hi = std::ceil(b.p95);
        if (y >= lo && y <= hi) ++covered, ++region_covered;
        interval_score += (hi - lo) + 20 * std::max(0.0, lo - y) + 20 * std::max(0.0, y - hi);
      }
      std::printf(
          "cutoff %s %s %-8s truth %3d in 14 d, median forecast %6.1f, covered %d/14\n",
          Text(cutoff).c_str(), r.code.c_str(), std::string(ops::LevelName(r.level)).c_str(),
          [&] {
            int n = 0;
            for (int v : reported) n += v;
            return n;
          }(),
          r.total_new_cases.median, region_covered);
    }
  }
  std::printf("coverage %.3f of %d (day, region) pairs; mean interval score %.2f\n",
              static_cast<double>(covered) / checked, checked, interval_score / checked);
  return 0;
}

}  // namespace
}  // namespace fk::forecast

int main(int argc, char** argv) {
  if (argc < 2 || (argc > 2 && std::strcmp(argv[2], "reference") != 0 &&
                   std::strcmp(argv[2], "simulator") != 0)) {
    std::fprintf(stderr, "usage: fk_backtest_bench DB_URL [reference|simulator]\n");
    return 2;
  }
  return fk::forecast::Run(argv[1], argc > 2 && std::strcmp(argv[2], "simulator") == 0);
}
