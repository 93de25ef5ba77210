// The forecast's backtest (issue 17): the simulator plays an outbreak in
// the registry's own city as the truth; its symptom onsets, each confirmed
// with the forecast's assumed ascertainment and reported 1-6 days later,
// are written to the database as cases day by day; on each forecast day a
// forecast is made from the database as it stood and compared with the
// cases the truth reported in the following days, for the city and each
// district; on every day of a range the city's Rt as the forecast turns it
// into the simulator's R is compared with the truth's own rt. Shared by
// tests/forecast/backtest_test.cpp and bench/forecast/backtest_bench.cpp;
// results in docs/validation.md, "Backtest of the forecast".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "forecast/live/live_forecast.hpp"
#include "store/database.hpp"

namespace fk::forecast::testing {

struct BacktestOptions {
  int population = 20'000;   // the demo city (api::CreateDemoData, seed 5)
  uint64_t truth_seed = 21;  // the simulator's seed for the truth
  uint64_t report_seed = 7;  // which onsets are confirmed, and when reported
  uint64_t forecast_seed = 3;
  double r0 = 1.5;
  int initial_infections = 12;
  std::vector<int> forecast_days = {25, 30, 35};  // truth days (day 0: 2020-01-01)
  int horizon = 14;
  int runs = 40;
  // The days whose Rt is compared with the truth's rt (the last cases
  // reported on that day).
  int rt_first = 20, rt_last = 40;
};

// One (forecast day, region, projected day): the truth's reported cases
// and the forecast's band.
struct BacktestPoint {
  int cutoff = 0, day = 0;  // truth days; day = cutoff + 1 + t
  std::string region;       // code
  bool district = false;
  int truth = 0;
  sim::Band band;
  bool covered = false;  // truth within [floor p05, ceil p95]
  double interval_score = 0;
};

// One forecast: its fit beside the truth.
struct BacktestForecast {
  int cutoff = 0;
  LiveForecast forecast;
  double truth_recent_infections = 0;  // the 14 days up to the cutoff
};

// The Rt of one day: the city's estimate (reference serial interval), as
// the simulator's R with its interval (mean and 5-95 % bounds mapped), and
// the truth's rt, infection-weighted over the cohorts the estimate speaks
// for (infected an incubation period and a generation interval before the
// window, docs/validation.md).
struct BacktestRt {
  int cutoff = 0;
  double rt = 0, simulator_r = 0, lower = 0, upper = 0;
  double truth_rt = 0;
  bool within = false;
};

struct BacktestResult {
  int truth_cases = 0;
  std::vector<double> truth_infections, truth_rt, truth_onsets;  // by truth day
  std::vector<BacktestForecast> forecasts;
  std::vector<BacktestPoint> points;
  std::vector<BacktestRt> rt;
  int checked = 0, covered = 0;
  double mean_interval_score = 0;  // Gneiting & Raftery 2007, alpha 0.1
  double coverage() const { return checked > 0 ? static_cast<double>(covered) / checked : 0; }
  int rt_within() const;
};

// `db` empty and migrated (ops::MigrateOps).
Result<BacktestResult> RunBacktest(store::Database& db, const BacktestOptions& options);

}  // namespace fk::forecast::testing
