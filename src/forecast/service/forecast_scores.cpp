#include "forecast/service/forecast_scores.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "common/dates.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::forecast {
namespace {

// Interval score of a 90 % interval [lo, hi] for the outcome y.
double IntervalScore(double lo, double hi, double y) {
  constexpr double kAlpha = 0.1;
  return (hi - lo) + 2 / kAlpha * std::max(0.0, lo - y) + 2 / kAlpha * std::max(0.0, y - hi);
}

}  // namespace

Result<std::vector<ForecastScore>> RecentForecastScores(store::Database& db,
                                                        const ops::AccessContext& ctx, int limit,
                                                        int today) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  if (limit < 1 || limit > 50) return InvalidArgument("limit: must be 1..50");
  const std::string prefix = ops::SubtreePrefix(ctx.scope), end = ops::PrefixEnd(prefix);
  const std::string last = AddDays(Date{1970, 1, 1}, today - 1);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // Newest first; a forecast scores once its first projected day has passed.
  auto rows = tx->Query(
      "SELECT f.id, f.region_code, COALESCE(r.name, ''), f.cutoff, f.result FROM forecasts f "
      "LEFT JOIN regions r ON r.code = f.region_code WHERE f.status = 'done' AND "
      "f.region_code >= ? AND f.region_code < ? AND f.cutoff < ? ORDER BY f.id DESC LIMIT ?",
      {prefix, end, last, int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<ForecastScore> out;
  for (const auto& row : *rows) {
    const nlohmann::json result = nlohmann::json::parse(row.Text(4), nullptr, false);
    if (!result.is_object() || !result.contains("regions") || result["regions"].empty()) continue;
    ForecastScore score;
    score.forecast_id = row.Int(0);
    score.region_code = row.Text(1);
    score.region_name = row.Text(2);
    score.cutoff = row.Text(3);
    score.what_if = result.contains("actions") && !result["actions"].empty();
    const nlohmann::json& dates = result["dates"];
    const nlohmann::json& bands = result["regions"][0]["new_cases"];
    score.days_total = static_cast<int>(dates.size());
    // Reported cases a day over the projected days that have passed.
    const std::string first = dates.empty() ? "" : dates.front().get<std::string>();
    std::map<std::string, int64_t> reported;
    const std::string region_prefix = ops::SubtreePrefix(score.region_code);
    auto counts = tx->Query(
        "SELECT report_date, COUNT(*) FROM cases WHERE grid_code >= ? AND grid_code < ? AND "
        "status IN ('confirmed', 'clinically_diagnosed', 'asymptomatic') AND report_date >= ? "
        "AND report_date <= ? GROUP BY report_date",
        {region_prefix, ops::PrefixEnd(region_prefix), first, last});
    if (!counts) return counts.error();
    for (const auto& c : *counts) reported[c.Text(0)] = c.Int(1);
    double interval = 0;
    int covered = 0;
    for (size_t d = 0; d < dates.size() && d < bands.size(); ++d) {
      const std::string date = dates[d].get<std::string>();
      if (date > last) break;
      ScoredDay day{date, 0, {bands[d]["median"], bands[d]["p05"], bands[d]["p95"]}, false};
      if (auto it = reported.find(date); it != reported.end()) day.reported = it->second;
      const double lo = std::floor(day.band.p05), hi = std::ceil(day.band.p95);
      const double y = static_cast<double>(day.reported);
      day.covered = y >= lo && y <= hi;
      covered += day.covered;
      interval += IntervalScore(lo, hi, y);
      score.days.push_back(std::move(day));
    }
    if (score.days.empty()) continue;
    score.coverage = static_cast<double>(covered) / static_cast<double>(score.days.size());
    score.interval_score = interval / static_cast<double>(score.days.size());
    out.push_back(std::move(score));
  }
  return out;
}

}  // namespace fk::forecast
