// Simulation (推演): the built-in scenarios with their parameters and bounds;
// start, list, read and cancel the caller's runs (ops/simulation). All need
// run_simulations.
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/simulation/run_json.hpp"

namespace fk::api {
namespace {

const char* ParamTypeName(sim::ParamType type) {
  switch (type) {
    case sim::ParamType::kInteger:
      return "integer";
    case sim::ParamType::kReal:
      return "number";
    case sim::ParamType::kDate:
      return "date";
    case sim::ParamType::kRealArray:
      return "number_list";
  }
  return "number";
}

// One parameter of a scenario: its value there, the table default and bounds.
nlohmann::ordered_json ParameterJson(const sim::ParameterSpec& spec, const sim::Parameters& p) {
  nlohmann::ordered_json j = {{"key", spec.key},
                              {"section", spec.Section()},
                              {"type", ParamTypeName(spec.type)},
                              {"value", ops::ParamValueJson(spec.get(p))},
                              {"default", ops::ParamValueJson(spec.default_value)},
                              {"unit", spec.unit},
                              {"description", spec.description},
                              {"range", sim::RangeText(spec)}};
  if (spec.type == sim::ParamType::kInteger) {
    j["min"] = spec.int_min;
    j["max"] = spec.int_max;
  } else if (spec.type != sim::ParamType::kDate) {
    j["min"] = spec.min;
    j["max"] = spec.max;
    j["min_exclusive"] = spec.min_exclusive;
  }
  if (spec.type == sim::ParamType::kRealArray) j["length"] = spec.length;
  return j;
}

nlohmann::ordered_json ScenariosJson(const std::vector<ops::BuiltinScenario>& scenarios,
                                     const ops::SimulationOptions& limits) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& s : scenarios) {
    nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
    for (const auto& spec : sim::ParameterTable())
      parameters.push_back(ParameterJson(spec, s.parameters));
    items.push_back(
        {{"name", s.name}, {"description", s.description}, {"parameters", std::move(parameters)}});
  }
  return {{"items", std::move(items)},
          {"limits",
           {{"max_agent_days", limits.max_agent_days},
            {"max_running", limits.max_running},
            {"threads", limits.threads}}}};
}

// Stored JSON text as JSON (null when empty).
nlohmann::json Parsed(const std::string& text) {
  if (text.empty()) return nullptr;
  return nlohmann::json::parse(text, nullptr, false);
}

nlohmann::json OptionalInt(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json RunJson(const ops::SimulationRun& r) {
  nlohmann::json j = {{"id", r.id},
                      {"scenario", r.scenario},
                      {"parameters", Parsed(r.parameters)},
                      {"agents", r.agents},
                      {"days", r.days},
                      {"status", ops::RunStatusName(r.status)},
                      {"progress", r.progress},
                      {"created_at", r.created_at},
                      {"started_at", OptionalInt(r.started_at)},
                      {"finished_at", OptionalInt(r.finished_at)},
                      {"error", r.error.empty() ? nlohmann::json() : nlohmann::json(r.error)},
                      {"summary", Parsed(r.summary)}};
  if (!r.curve.empty()) j["curve"] = Parsed(r.curve);
  return j;
}

// A list item leaves out the parameter values (the run's page has them).
nlohmann::json RunPageJson(const ops::Page<ops::SimulationRun>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : page.items) {
    nlohmann::json j = RunJson(r);
    if (j["parameters"].is_object()) j["parameters"].erase("values");
    items.push_back(std::move(j));
  }
  return {{"items", std::move(items)},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}};
}

// The overrides of the body's "parameters" object, or a message naming the
// member whose JSON type no parameter has.
Result<std::vector<ops::ParameterOverride>> Overrides(const nlohmann::json& body) {
  std::vector<ops::ParameterOverride> out;
  if (!body.contains("parameters")) return out;
  for (const auto& [key, v] : body["parameters"].items()) {
    ops::ParameterOverride o{key, {}};
    if (v.is_number_integer() && !v.is_number_unsigned()) {
      o.value = v.get<std::int64_t>();
    } else if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return InvalidArgument("parameters: " + key + ": too large");
      o.value = static_cast<std::int64_t>(u);
    } else if (v.is_number()) {
      o.value = v.get<double>();
    } else if (v.is_string()) {
      o.value = v.get<std::string>();
    } else if (v.is_array() &&
               std::all_of(v.begin(), v.end(), [](const auto& x) { return x.is_number(); })) {
      o.value = v.get<std::vector<double>>();
    } else {
      return InvalidArgument("parameters: " + key +
                             ": must be a number, a date string or a list of numbers");
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

void AddSimulationRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/scenarios",
       .summary = "Built-in simulation scenarios with their parameters and bounds",
       .tag = "simulation",
       .permission = "run_simulations",
       .responses = {{200, "the scenarios and the server's limits", schema::Ref("Scenarios")}},
       .handler = [&s](RequestContext& c) {
         auto scenarios = s.simulation.Scenarios(Actor(c));
         if (!scenarios.ok()) return ErrorResponse(scenarios.error());
         HttpResponse response;
         response.body = ScenariosJson(*scenarios, s.simulation.options()).dump();
         return response;
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/simulations",
       .summary = "Start a simulation run of a built-in scenario (one at a time per user)",
       .tag = "simulation",
       .permission = "run_simulations",
       .body_kind = BodyKind::kJson,
       .body = {{{"scenario", FieldType::kString, true, {}, 100, "a built-in scenario's name"},
                 {"parameters",
                  FieldType::kObject,
                  false,
                  {},
                  100,
                  "parameter key -> value, e.g. {\"transmission.r0\": 2.2}"}}},
       .responses = {{201, "queued", schema::Ref("SimulationRun")},
                     ErrorAnswer(409, "the caller has a run queued or running"),
                     ErrorAnswer(422, "larger than this server runs (too_large)")},
       .handler = [&s](RequestContext& c) {
         auto overrides = Overrides(c.body);
         if (!overrides.ok()) return ErrorResponse(overrides.error());
         auto run = s.simulation.Start(Actor(c), c.body["scenario"].get<std::string>(), *overrides);
         // Too large for this server: refused before it starts (not busy: 422).
         if (!run.ok() && run.error().code == ErrorCode::kResourceExhausted &&
             !run.error().internal_text)
           return JsonError(422, "too_large", run.error().message, "parameters");
         return Respond(run, RunJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/simulations",
                    .summary = "My simulation runs, newest first (without their curves)",
                    .tag = "simulation",
                    .permission = "run_simulations",
                    .query = PageQuery(),
                    .responses = {{200, "a page of my runs", schema::Ref("SimulationRunPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.simulation.Runs(Actor(c), page.after, page.limit),
                                     RunPageJson);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/simulations/{id}",
                    .summary = "One of my runs: status, progress, summary and daily curve",
                    .tag = "simulation",
                    .permission = "run_simulations",
                    .responses = {{200, "the run", schema::Ref("SimulationRun")},
                                  ErrorAnswer(404, "no such run of mine")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.simulation.Get(Actor(c), id), RunJson);
                    })});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/simulations/{id}/cancel",
                    .summary = "Cancel one of my queued or running runs",
                    .tag = "simulation",
                    .permission = "run_simulations",
                    .responses = {{200, "the run, cancelled", schema::Ref("SimulationRun")},
                                  ErrorAnswer(404, "no such run of mine"),
                                  ErrorAnswer(409, "the run has already ended")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.simulation.Cancel(Actor(c), id), RunJson);
                    })});
}

}  // namespace fk::api
