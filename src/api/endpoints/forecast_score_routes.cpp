// Forecasts scored against what happened (预测检验): the newest finished
// forecasts of my scope with the cases reported on their projected days
// that have passed, inside or outside their bands
// (forecast/service/forecast_scores.hpp). Needs run_simulations.
#include <ctime>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"
#include "forecast/service/forecast_scores.hpp"

namespace fk::api {
namespace {

nlohmann::json ScoresJson(const std::vector<forecast::ForecastScore>& scores) {
  nlohmann::json items = nlohmann::json::array();
  for (const forecast::ForecastScore& s : scores) {
    nlohmann::json days = nlohmann::json::array();
    for (const forecast::ScoredDay& d : s.days)
      days.push_back({{"date", d.date},
                      {"reported", d.reported},
                      {"median", d.band.median},
                      {"p05", d.band.p05},
                      {"p95", d.band.p95},
                      {"covered", d.covered}});
    items.push_back({{"forecast_id", s.forecast_id},
                     {"region_code", s.region_code},
                     {"region_name", s.region_name},
                     {"cutoff", s.cutoff},
                     {"what_if", s.what_if},
                     {"days_total", s.days_total},
                     {"days_scored", static_cast<int64_t>(s.days.size())},
                     {"coverage", s.coverage},
                     {"interval_score", s.interval_score},
                     {"days", std::move(days)}});
  }
  return {{"items", std::move(items)}};
}

}  // namespace

void AddForecastScoreRoutes(std::vector<Route>& routes, Services& services) {
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/forecasts/scores",
       .summary = "The newest finished forecasts of my scope scored against the cases reported "
                  "since",
       .tag = "forecast",
       .permission = "run_simulations",
       .query = {{"limit", FieldType::kInteger, false, "forecasts (1..50, default 5)", 1, 50}},
       .responses = {{200, "the scores", schema::Ref("ForecastScores")}},
       .handler = [&services](RequestContext& c) {
         const int today = static_cast<int>(std::time(nullptr) / 86400);
         return Respond(
             forecast::RecentForecastScores(services.db, Actor(c),
                                            static_cast<int>(QueryInt(c, "limit", 5)), today),
             ScoresJson);
       }});
}

}  // namespace fk::api
