// Forecasts (疫情预测): start a forecast from the live data of a city or
// district in scope, list and read the forecasts of one's scope, cancel
// one's own (forecast/service). All need run_simulations.
#include <algorithm>
#include <string>

#include "api/endpoints/forecast_routes.hpp"

#include <memory>

#include "api/endpoints/handler_steps.hpp"
#include "forecast/service/forecast_service.hpp"

namespace fk::api {
namespace {

// Stored JSON text as JSON (null when empty).
nlohmann::json Parsed(const std::string& text) {
  if (text.empty()) return nullptr;
  return nlohmann::json::parse(text, nullptr, false);
}

nlohmann::json ForecastJson(const forecast::ForecastRecord& f) {
  nlohmann::json j = {{"id", f.id},
                      {"username", f.username},
                      {"region_code", f.region_code},
                      {"region_name", f.region_name},
                      {"days", f.days},
                      {"runs", f.runs},
                      {"seed", f.seed},
                      {"status", forecast::ForecastStatusName(f.status)},
                      {"progress", f.progress},
                      {"code_version", f.code_version},
                      {"created_at", f.created_at},
                      {"started_at", OrNull(f.started_at)},
                      {"finished_at", OrNull(f.finished_at)},
                      {"error", f.error.empty() ? nlohmann::json() : nlohmann::json(f.error)},
                      {"cutoff", f.cutoff.empty() ? nlohmann::json() : nlohmann::json(f.cutoff)},
                      {"open_cases", OrNull(f.open_cases)},
                      {"quarantined", OrNull(f.quarantined)},
                      {"seeded_undetected", OrNull(f.seeded_undetected)},
                      {"fitted_rt", OrNull(f.fitted_rt)}};
  if (!f.inputs.empty()) j["inputs"] = Parsed(f.inputs);
  if (!f.result.empty()) j["result"] = Parsed(f.result);
  return j;
}

nlohmann::json ForecastPageJson(const ops::Page<forecast::ForecastRecord>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& f : page.items) items.push_back(ForecastJson(f));
  return {{"items", std::move(items)},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}};
}

}  // namespace

void AddForecastRoutes(std::vector<Route>& routes, Services& services) {
  forecast::ForecastServiceOptions options;
  options.threads = services.simulation.options().threads;
  options.instance = services.simulation.instance();
  options.heartbeat_seconds = services.simulation.options().heartbeat_seconds;
  auto forecasts = std::make_shared<forecast::ForecastService>(services.db, std::move(options));
  // Not checked: `fangkong openapi` builds the table over an empty database.
  (void)forecasts->RecoverInterrupted();
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/forecasts",
       .summary = "Start a forecast from the live data of a city or district in my scope (one at "
                  "a time per user)",
       .tag = "forecast",
       .permission = "run_simulations",
       .body_kind = BodyKind::kJson,
       .body = {{{"region",
                  FieldType::kString,
                  false,
                  {},
                  20,
                  "a city or district code (default: my scope if a city or district, else the "
                  "database's only city)"},
                 {"days", FieldType::kInteger, false, {}, 0, "days projected (default 28)"},
                 {"runs", FieldType::kInteger, false, {}, 0, "ensemble members (default 20)"},
                 {"seed", FieldType::kInteger, false, {}, 0, "random seed (default 1)"},
                 {"actions",
                  FieldType::kObjectList,
                  false,
                  {},
                  10,
                  "what-if: candidate actions on grids, compared with the same forecast "
                  "without them (same seed)",
                  {{"kind",
                    FieldType::kString,
                    true,
                    {"closed_management", "screening"},
                    40,
                    "closed management or door-to-door screening"},
                   {"grids", FieldType::kStringList, true, {}, 1000, "grid codes"},
                   {"start",
                    FieldType::kInteger,
                    false,
                    {},
                    0,
                    "first projected day (0 = the first; default 0)"},
                   {"days", FieldType::kInteger, false, {}, 0, "days in force (default 14)"}}}}},
       .responses = {{201, "queued", schema::Ref("Forecast")},
                     ErrorAnswer(409, "the caller has a forecast queued or running")},
       .handler = [forecasts](RequestContext& c) {
         forecast::ForecastRequest request;
         if (c.body.contains("region")) request.region = c.body["region"].get<std::string>();
         auto int_of = [&](const char* key, int64_t fallback) {
           return c.body.contains(key) ? c.body[key].get<int64_t>() : fallback;
         };
         // Clamped only to fit an int: the service refuses what is out of range.
         auto small = [](int64_t v) {
           return static_cast<int>(std::clamp<int64_t>(v, -1, 1 << 30));
         };
         request.days = small(int_of("days", 28));
         request.runs = small(int_of("runs", 20));
         request.seed = int_of("seed", 1);
         if (c.body.contains("actions"))
           for (const auto& a : c.body["actions"])
             request.actions.push_back({*forecast::ParseWhatIfKind(a["kind"].get<std::string>()),
                                        a["grids"].get<std::vector<std::string>>(),
                                        small(a.value("start", int64_t{0})),
                                        small(a.value("days", int64_t{14}))});
         return Respond(forecasts->Start(Actor(c), request), ForecastJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/forecasts",
                    .summary = "The forecasts of the regions in my scope, newest first (without "
                               "inputs and results)",
                    .tag = "forecast",
                    .permission = "run_simulations",
                    .query = PageQuery(),
                    .responses = {{200, "a page of forecasts", schema::Ref("ForecastPage")}},
                    .handler = [forecasts](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(forecasts->List(Actor(c), page.after, page.limit),
                                     ForecastPageJson);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/forecasts/{id}",
                    .summary = "One forecast in my scope: status, progress, inputs and result",
                    .tag = "forecast",
                    .permission = "run_simulations",
                    .responses = {{200, "the forecast", schema::Ref("Forecast")},
                                  ErrorAnswer(404, "no such forecast in my scope")},
                    .handler = WithIntParam("id", [forecasts](RequestContext& c, std::int64_t id) {
                      return Respond(forecasts->Get(Actor(c), id), ForecastJson);
                    })});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/forecasts/{id}/cancel",
                    .summary = "Cancel my queued or running forecast",
                    .tag = "forecast",
                    .permission = "run_simulations",
                    .responses = {{200, "the forecast, cancelled", schema::Ref("Forecast")},
                                  ErrorAnswer(404, "no such forecast of mine"),
                                  ErrorAnswer(409, "the forecast has already ended")},
                    .handler = WithIntParam("id", [forecasts](RequestContext& c, std::int64_t id) {
                      return Respond(forecasts->Cancel(Actor(c), id), ForecastJson);
                    })});
}

}  // namespace fk::api
