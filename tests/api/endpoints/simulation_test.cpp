// Simulation (推演) through the API: scenarios with bounds, a run from start
// to curve, clear refusals (400 naming the field, 409 one run per user, 422
// too large), other users' runs not found, audit.
#include <set>
#include <thread>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

// Polls the run until it has ended; its last answer.
ClientResponse WaitEnded(const std::function<ClientResponse()>& get) {
  for (;;) {
    auto r = get();
    if (r.status != 200) return r;
    const std::string status = r.Json()["status"];
    if (status != "queued" && status != "running") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TEST_P(ApiTest, SimulationScenariosCarryTheirParametersAndBounds) {
  auto r = Call("GET", "/api/v1/scenarios", "", "command");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.Json();
  ASSERT_EQ(body["items"].size(), 5u);
  EXPECT_EQ(body["items"][3]["name"], "well-mixed");
  EXPECT_FALSE(body["items"][3]["description"].get<std::string>().empty());
  EXPECT_EQ(body["limits"]["max_agent_days"], 400'000'000);
  nlohmann::json population;
  for (const auto& p : body["items"][3]["parameters"])
    if (p["key"] == "run.population") population = p;
  EXPECT_EQ(population["value"], 200000);
  EXPECT_EQ(population["default"], 100000);
  EXPECT_EQ(population["min"], 1000);
  EXPECT_EQ(population["max"], 100000000);
  EXPECT_EQ(population["type"], "integer");
  EXPECT_EQ(population["section"], "run");
  EXPECT_EQ(population["unit"], "agents");
  EXPECT_EQ(Call("GET", "/api/v1/scenarios", "", "grid").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/scenarios", "", "admin").status, 403);
}

TEST_P(ApiTest, ASimulationRunsToItsCurveOneAtATimePerUser) {
  // A run that cannot end within the test (3,650 days, 5 ms each: see the
  // fixture): a second one is 409 until it is cancelled.
  auto long_run = Call("POST", "/api/v1/simulations",
                       R"({"scenario": "default", "parameters": {"run.population": 20000,
                           "run.days": 3650}})",
                       "district");
  ASSERT_EQ(long_run.status, 201) << long_run.body;
  const std::string long_path =
      "/api/v1/simulations/" + std::to_string(long_run.Json()["id"].get<int64_t>());
  const std::string body =
      nlohmann::json{
          {"scenario", "default"},
          {"parameters", {{"run.population", 2000}, {"run.days", 40}, {"transmission.r0", 2.5}}}}
          .dump();
  auto again = Call("POST", "/api/v1/simulations", body, "district");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Json()["error"]["code"], "conflict");
  auto cancelled = Call("POST", long_path + "/cancel", "", "district");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json()["status"], "cancelled");

  auto started = Call("POST", "/api/v1/simulations", body, "district");
  ASSERT_EQ(started.status, 201) << started.body;
  const auto run = started.Json();
  EXPECT_EQ(run["scenario"], "default");
  EXPECT_EQ(run["agents"], 2000);
  EXPECT_EQ(run["parameters"]["overrides"]["transmission.r0"], 2.5);
  const std::string path = "/api/v1/simulations/" + std::to_string(run["id"].get<int64_t>());
  auto done = WaitEnded([&] { return Call("GET", path, "", "district"); });
  ASSERT_EQ(done.status, 200) << done.body;
  const auto result = done.Json();
  EXPECT_EQ(result["status"], "done") << done.body;
  EXPECT_EQ(result["progress"], 1.0);
  EXPECT_EQ(result["curve"]["day"].size(), 40u);
  EXPECT_EQ(result["curve"]["new_infections"].size(), 40u);
  EXPECT_EQ(result["summary"]["agents"], 2000);
  EXPECT_EQ(result["parameters"]["values"]["run.days"], 40);
  // Another user's run is not found; the list is the caller's.
  EXPECT_EQ(Call("GET", path, "", "command").status, 404);
  EXPECT_EQ(Call("POST", path + "/cancel", "", "command").status, 404);
  auto mine = Call("GET", "/api/v1/simulations?limit=1", "", "district");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json()["items"][0]["id"], run["id"]);
  EXPECT_FALSE(mine.Json()["items"][0].contains("curve"));
  EXPECT_FALSE(mine.Json()["items"][0]["parameters"].contains("values"));
  EXPECT_TRUE(Call("GET", "/api/v1/simulations", "", "command").Json()["items"].empty());
  auto ended = Call("POST", path + "/cancel", "", "district");
  EXPECT_EQ(ended.status, 409) << ended.body;
  auto audit = Call("GET", "/api/v1/audit?entity=simulation_run", "", "admin");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto entries = audit.Json()["items"];
  std::multiset<std::string> actions;
  for (const auto& e : entries) actions.insert(e["action"].get<std::string>());
  EXPECT_EQ(actions, (std::multiset<std::string>{"cancel", "create", "create"}));
}

TEST_P(ApiTest, SimulationRefusalsNameWhatIsWrongAndStartNothing) {
  auto post = [&](const std::string& body) {
    return Call("POST", "/api/v1/simulations", body, "command");
  };
  auto missing = post(R"({"parameters": {}})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json()["error"]["field"], "scenario");
  auto not_object = post(R"({"scenario": "default", "parameters": [1]})");
  EXPECT_EQ(not_object.status, 400);
  EXPECT_EQ(not_object.Json()["error"]["field"], "parameters");
  auto unknown = post(R"({"scenario": "nope"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.Json()["error"]["field"], "scenario");
  auto range = post(R"({"scenario": "default", "parameters": {"transmission.r0": 25}})");
  EXPECT_EQ(range.status, 400);
  EXPECT_EQ(range.Json()["error"]["field"], "parameters");
  EXPECT_EQ(range.Json()["error"]["message"],
            "parameters: transmission.r0: 25 is out of range; allowed 0 to 20");
  auto type = post(R"({"scenario": "default", "parameters": {"run.days": true}})");
  EXPECT_EQ(type.status, 400);
  EXPECT_EQ(type.Json()["error"]["message"],
            "parameters: run.days: must be a number, a date string or a list of numbers");
  auto large = post(
      R"({"scenario": "default", "parameters": {"run.population": 10000000, "run.days": 365}})");
  EXPECT_EQ(large.status, 422) << large.body;
  EXPECT_EQ(large.Json()["error"]["code"], "too_large");
  EXPECT_EQ(large.Json()["error"]["field"], "parameters");
  EXPECT_TRUE(Call("GET", "/api/v1/simulations", "", "command").Json()["items"].empty());
  auto grid = Call("POST", "/api/v1/simulations", R"({"scenario": "default"})", "grid");
  EXPECT_EQ(grid.status, 403);
}

}  // namespace
}  // namespace fk::api::test
