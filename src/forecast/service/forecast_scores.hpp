// Stored forecasts scored against what happened (issue 17: "each forecast
// is stored ... so that it can later be scored; the dashboard shows the
// last forecasts' scores"). For each projected day that has passed (before
// `today`), the cases of the forecast's region reported that day
// (confirmed, clinically diagnosed, asymptomatic) against the day's 5-95 %
// band of newly confirmed cases: the share of days inside the band (rounded
// out to whole cases) and the mean interval score (Gneiting & Raftery 2007,
// alpha 0.1: width plus 20 times the miss; lower is better). A what-if is
// scored too and marked so: its actions may not have been taken.
// Reads through store/; needs run_simulations; the caller's scope. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/users/access.hpp"
#include "sim/output/quantile.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct ScoredDay {
  std::string date;
  int64_t reported = 0;  // cases reported that day in the region
  sim::Band band;        // the forecast's new confirmed cases that day
  bool covered = false;
};

struct ForecastScore {
  int64_t forecast_id = 0;
  std::string region_code, region_name, cutoff;
  bool what_if = false;
  int days_total = 0;           // days the forecast projected
  std::vector<ScoredDay> days;  // the projected days that have passed, in order
  double coverage = 0;          // share of scored days inside the band
  double interval_score = 0;    // mean over the scored days
};

// The scores of the newest `limit` (1..50) finished forecasts of regions in
// the caller's scope with at least one projected day before `today` (days
// since 1970-01-01), newest first.
Result<std::vector<ForecastScore>> RecentForecastScores(store::Database& db,
                                                        const ops::AccessContext& ctx, int limit,
                                                        int today);

}  // namespace fk::forecast
