#include "backtest/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "api/demo/demo_data.hpp"
#include "api/endpoints/services.hpp"
#include "common/dates.hpp"
#include "forecast/live/registry_population.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "forecast/rt/growth.hpp"
#include "ops/users/access.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::forecast::testing {
namespace {

constexpr const char* kStart = "2020-01-01";  // the truth's day 0

struct TruthCase {
  uint32_t grid = 0;
  int onset = 0, report = 0;  // truth days
};

int Day0() { return DaysFromCivil(*ParseDate(kStart)); }
std::string Text(int truth_day) { return AddDays(*ParseDate(kStart), truth_day); }

double Infections(const sim::DayRecord& d) {
  double n = 0;
  for (int64_t v : d.new_infections) n += static_cast<double>(v);
  return n;
}

}  // namespace

int BacktestResult::rt_within() const {
  return static_cast<int>(
      std::count_if(rt.begin(), rt.end(), [](const BacktestRt& r) { return r.within; }));
}

Result<BacktestResult> RunBacktest(store::Database& db, const BacktestOptions& o) {
  ops::UserOptions users;
  users.ops_limit = 1;  // crypto_pwhash_OPSLIMIT_MIN: nobody logs in
  users.mem_limit = 8192;
  api::Services services(db, users);
  api::DemoOptions demo;
  demo.population = o.population;
  demo.seed = 5;
  demo.supply_days = 0;
  demo.notices = false;
  demo.command = false;
  demo.outbreak = false;
  if (auto created = api::CreateDemoData(services, demo); !created) return created.error();

  // The truth: the simulator on the registry's city, no measures.
  int last_day = o.rt_last;
  for (int c : o.forecast_days) last_day = std::max(last_day, c + o.horizon);
  sim::Parameters params = sim::DefaultParameters();
  params.days = last_day + 1;
  params.seed = o.truth_seed;
  params.r0 = o.r0;
  params.start_date = kStart;
  params.initial_infections = o.initial_infections;
  params.imports_per_day = 0;
  params.measures.clear();
  auto city = ReadRegistryPopulation(db, api::kDemoCity, Day0(), {}, params, params.seed, 1);
  if (!city) return city.error();
  const sim::Population& pop = city->population;
  params.population = pop.size();
  sim::RunOptions ro;
  ro.record_grids = true;
  auto truth = sim::RunSimulation(params, pop, ro);
  if (!truth) return truth.error();

  // Confirmed: each onset with the share the forecast assumes (its
  // ascertainment over the symptomatic share), reported 1-6 days later.
  double symptomatic = 0;
  for (uint8_t age : pop.age) symptomatic += params.symptomatic_prob[sim::AgeBand(age)];
  const double confirmed_share = UndetectedOptions{}.ascertained / (symptomatic / pop.size());
  std::mt19937_64 rng(o.report_seed);
  std::bernoulli_distribution confirmed(std::min(1.0, confirmed_share));
  std::uniform_int_distribution<int> delay(1, 6);
  std::vector<TruthCase> cases;
  for (const sim::GridDayRecord& g : truth->grid_daily)
    for (int k = 0; k < g.new_symptomatic; ++k)
      if (confirmed(rng)) cases.push_back({g.grid, g.day, g.day + delay(rng)});
  std::stable_sort(cases.begin(), cases.end(),
                   [](const TruthCase& a, const TruthCase& b) { return a.report < b.report; });
  BacktestResult out;
  out.truth_cases = static_cast<int>(cases.size());
  for (const sim::DayRecord& d : truth->daily) {
    out.truth_infections.push_back(Infections(d));
    out.truth_rt.push_back(d.rt);
    out.truth_onsets.push_back(static_cast<double>(d.new_symptomatic));
  }

  // Residents by grid code, each a case once at most.
  std::map<std::string, std::vector<int64_t>> residents;
  {
    auto lease = db.Acquire();
    if (!lease) return lease.error();
    auto rows = (*lease)->Query("SELECT id, grid_code FROM residents ORDER BY id", {});
    if (!rows) return rows.error();
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

  // The truth's cohort rt that a window of onsets ending on day `last`
  // speaks for: infected an incubation period before the onsets, and
  // (instantaneous R against cohort R, Fraser 2007) a generation interval
  // before those infections.
  const int shift = static_cast<int>(
      std::lround(params.latent_mean + params.presymptomatic_mean + kSimulatorGenerationMean));
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "cli"};
  const RegionalRtOptions rt_options;
  auto to_simulator = [&](double rt) {
    return ReproductionNumber(GrowthRate(rt, rt_options.serial_mean, rt_options.serial_sd),
                              kSimulatorGenerationMean, kSimulatorGenerationSd);
  };

  std::vector<int> days;
  for (int d = o.rt_first; d <= o.rt_last; ++d) days.push_back(d);
  for (int c : o.forecast_days) days.push_back(c);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  double interval_score = 0;
  for (int cutoff : days) {
    if (Status s = write_to(cutoff); !s) return s.error();
    if (cutoff >= o.rt_first && cutoff <= o.rt_last) {
      auto onsets = ReadCaseOnsets(db, system, api::kDemoCity, Text(cutoff));
      if (!onsets) return onsets.error();
      auto rt = EstimateRegionalRt(*onsets, rt_options);
      if (!rt) return rt.error();
      const RegionRt& c = rt->regions.front();
      if (c.estimate) {
        BacktestRt r;
        r.cutoff = cutoff;
        r.rt = c.estimate->mean;
        r.simulator_r = to_simulator(c.estimate->mean);
        r.lower = to_simulator(c.estimate->lower);
        r.upper = to_simulator(c.estimate->upper);
        const int last = DaysFromCivil(*ParseDate(c.last_day)) - Day0();
        double weighted = 0, n = 0;
        for (int d = last - 6 - shift; d <= last - shift; ++d) {
          if (d < 0) continue;
          weighted += truth->daily[d].rt * Infections(truth->daily[d]);
          n += Infections(truth->daily[d]);
        }
        r.truth_rt = n > 0 ? weighted / n : 0;
        r.within = r.truth_rt >= r.lower && r.truth_rt <= r.upper;
        out.rt.push_back(r);
      }
    }
    if (std::find(o.forecast_days.begin(), o.forecast_days.end(), cutoff) == o.forecast_days.end())
      continue;
    LiveForecastOptions fo;
    fo.days = o.horizon;
    fo.runs = o.runs;
    fo.seed = o.forecast_seed;
    auto f = RunLiveForecast(db, fo);
    if (!f) return f.error();
    BacktestForecast bf;
    bf.cutoff = cutoff;
    for (int d = cutoff - 13; d <= cutoff; ++d)
      bf.truth_recent_infections += Infections(truth->daily[d]);
    for (const RegionForecast& r : f->regions) {
      const bool district = r.level == ops::RegionLevel::kDistrict;
      std::vector<int> reported(o.horizon, 0);
      for (const TruthCase& c : cases) {
        const int t = c.report - cutoff - 1;
        if (t < 0 || t >= o.horizon) continue;
        if (district && pop.grids[c.grid].code.compare(0, 6, r.code) != 0) continue;
        ++reported[t];
      }
      for (int t = 0; t < o.horizon; ++t) {
        BacktestPoint p;
        p.cutoff = cutoff;
        p.day = cutoff + 1 + t;
        p.region = r.code;
        p.district = district;
        p.truth = reported[t];
        p.band = r.new_cases[t];
        // The band of a count: its quantiles rounded out to whole cases.
        const double lo = std::floor(p.band.p05), hi = std::ceil(p.band.p95), y = p.truth;
        p.covered = y >= lo && y <= hi;
        p.interval_score = (hi - lo) + 20 * std::max(0.0, lo - y) + 20 * std::max(0.0, y - hi);
        ++out.checked;
        out.covered += p.covered ? 1 : 0;
        interval_score += p.interval_score;
        out.points.push_back(std::move(p));
      }
    }
    bf.forecast = std::move(*f);
    out.forecasts.push_back(std::move(bf));
  }
  out.mean_interval_score = out.checked > 0 ? interval_score / out.checked : 0;
  return out;
}

}  // namespace fk::forecast::testing
