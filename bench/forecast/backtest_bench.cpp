// The forecast's backtest (issue 17), as a measurement: the harness of
// tests/forecast/backtest/backtest.hpp (a 20,000-resident demo city, R0
// 1.5, no measures; forecasts of 14 days with 40 members on three days)
// with the seeds given. Prints, per forecast, the Rt and the simulator's R
// fitted beside the truth's rt and the infections seeded beside the
// truth's, the truth against the median per region; the share of (day,
// region) pairs whose truth lies within the 5-95 % band (the issue asks
// for 80 %), the mean interval score (Gneiting & Raftery 2007, alpha 0.1),
// and the days whose Rt interval holds the truth's rt. Writes every point
// as CSV for scripts/backtest_chart.py.
// Results and what they say: docs/validation.md, "Backtest of the forecast".
//   fk_backtest_bench DB_URL [CSV] [TRUTH_SEED REPORT_SEED FORECAST_SEED]
// DB_URL: a SQLite file that does not exist yet or an empty PostgreSQL
// database.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "backtest/backtest.hpp"
#include "common/dates.hpp"
#include "ops/schema.hpp"

namespace fk::forecast::testing {
namespace {

std::string Text(int truth_day) { return AddDays(Date{2020, 1, 1}, truth_day); }

int Fail(const Error& e) {
  std::fprintf(stderr, "fk_backtest_bench: %s\n", e.message.c_str());
  return 1;
}

int Run(const std::string& url, const std::string& csv, const BacktestOptions& o) {
  auto opened = store::Database::Open(url);
  if (!opened) return Fail(opened.error());
  store::Database& db = **opened;
  if (auto v = ops::MigrateOps(db); !v) return Fail(v.error());
  auto r = RunBacktest(db, o);
  if (!r) return Fail(r.error());
  std::printf("seeds: truth %llu, reports %llu, forecast %llu; truth: %d confirmed cases\n",
              static_cast<unsigned long long>(o.truth_seed),
              static_cast<unsigned long long>(o.report_seed),
              static_cast<unsigned long long>(o.forecast_seed), r->truth_cases);
  if (std::getenv("FK_BACKTEST_TRUTH"))
    for (size_t d = 0; d < r->truth_rt.size(); ++d)
      std::printf("truth day %zu: infections %.0f, onsets %.0f, rt %.2f\n", d,
                  r->truth_infections[d], r->truth_onsets[d], r->truth_rt[d]);
  for (const BacktestForecast& bf : r->forecasts) {
    const LiveForecast& f = bf.forecast;
    std::printf(
        "cutoff %s: Rt %.2f (%.2f-%.2f) -> simulator R %.2f, simulated rt %.2f; seeded %.0f "
        "undetected + %lld open cases, truth's infections of the last 14 days %.0f\n",
        Text(bf.cutoff).c_str(), f.city_rt.mean, f.city_rt.lower, f.city_rt.upper, f.simulator_r,
        f.simulated_rt.median, f.undetected.total, static_cast<long long>(f.open_cases),
        bf.truth_recent_infections);
    for (const RegionForecast& region : f.regions) {
      int truth = 0, covered = 0, n = 0;
      for (const BacktestPoint& p : r->points)
        if (p.cutoff == bf.cutoff && p.region == region.code)
          truth += p.truth, covered += p.covered ? 1 : 0, ++n;
      std::printf("  %s %-8s truth %4d, median forecast %7.1f (%.0f-%.0f), covered %d/%d\n",
                  region.code.c_str(), std::string(ops::LevelName(region.level)).c_str(), truth,
                  region.total_new_cases.median, region.total_new_cases.p05,
                  region.total_new_cases.p95, covered, n);
    }
  }
  for (const BacktestRt& rt : r->rt)
    std::printf("rt %s: Rt %.2f -> simulator R %.2f (%.2f-%.2f), truth's rt %.2f%s\n",
                Text(rt.cutoff).c_str(), rt.rt, rt.simulator_r, rt.lower, rt.upper, rt.truth_rt,
                rt.within ? "" : "  (outside)");
  std::printf(
      "coverage %.3f of %d (day, region) pairs; mean interval score %.2f; Rt interval holds the "
      "truth's rt on %d of %zu days\n",
      r->coverage(), r->checked, r->mean_interval_score, r->rt_within(), r->rt.size());
  if (csv.empty()) return 0;
  std::FILE* out = std::fopen(csv.c_str(), "w");
  if (!out) return Fail(Error{ErrorCode::kInternal, "cannot write " + csv});
  std::fprintf(out, "cutoff,date,region,level,truth,p05,median,p95,covered\n");
  for (const BacktestPoint& p : r->points)
    std::fprintf(out, "%s,%s,%s,%s,%d,%.2f,%.2f,%.2f,%d\n", Text(p.cutoff).c_str(),
                 Text(p.day).c_str(), p.region.c_str(), p.district ? "district" : "city", p.truth,
                 p.band.p05, p.band.median, p.band.p95, p.covered ? 1 : 0);
  return std::fclose(out) == 0 ? 0 : Fail(Error{ErrorCode::kInternal, "cannot write " + csv});
}

}  // namespace
}  // namespace fk::forecast::testing

int main(int argc, char** argv) {
  if (argc < 2 || argc == 4 || argc == 5 || argc > 6) {
    std::fprintf(stderr,
                 "usage: fk_backtest_bench DB_URL [CSV] [TRUTH_SEED REPORT_SEED FORECAST_SEED]\n");
    return 2;
  }
  fk::forecast::testing::BacktestOptions o;
  if (argc == 6) {
    o.truth_seed = std::strtoull(argv[3], nullptr, 10);
    o.report_seed = std::strtoull(argv[4], nullptr, 10);
    o.forecast_seed = std::strtoull(argv[5], nullptr, 10);
  }
  return fk::forecast::testing::Run(argv[1], argc > 2 ? argv[2] : "", o);
}
