// Precise measures (精准施策): the grids of a region in scope ranked by risk
// from the live data, with the parts of each score and a suggested measure
// (forecast/ranking/grid_risk.hpp). Needs run_simulations, as forecasts do.
#include <ctime>
#include <string>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"
#include "forecast/ranking/grid_risk.hpp"

namespace fk::api {
namespace {

nlohmann::json RankingJson(const forecast::GridRiskRanking& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const forecast::GridRisk& g : r.ranked)
    items.push_back({{"code", g.code},
                     {"name", g.name},
                     {"community", g.community},
                     {"cases_7d", g.cases_7d},
                     {"cases_8_14d", g.cases_8_14d},
                     {"contacts", g.contacts},
                     {"breaches", g.breaches},
                     {"neighbour_cases", g.neighbour_cases},
                     {"score", g.score},
                     {"measure", g.measure}});
  return {{"region", r.region},
          {"day", r.day},
          {"grids", r.grids},
          {"at_risk", r.at_risk},
          {"items", std::move(items)}};
}

}  // namespace

void AddGridRiskRoutes(std::vector<Route>& routes, Services& services) {
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/forecasts/grid-risk",
       .summary = "The grids of a region in my scope ranked by risk now (precise measures)",
       .tag = "forecast",
       .permission = "run_simulations",
       .query = {{"region", FieldType::kString, false, "region code (default: my scope)"},
                 {"day", FieldType::kString, false, "YYYY-MM-DD the data stand at (default today)"},
                 {"limit", FieldType::kInteger, false, "grids listed (1..1000, default 50)", 1,
                  1000}},
       .responses = {{200, "the ranking", schema::Ref("GridRiskRanking")},
                     ErrorAnswer(400, "a region code or day that does not fit"),
                     ErrorAnswer(403, "a region outside my scope")},
       .handler = [&services](RequestContext& c) {
         forecast::GridRiskOptions options;
         options.region = c.Query("region");
         options.day = c.Query("day");
         options.limit = static_cast<int>(QueryInt(c, "limit", 50));
         return Respond(forecast::RankGrids(services.db, Actor(c), options, std::time(nullptr)),
                        RankingJson);
       }});
}

}  // namespace fk::api
