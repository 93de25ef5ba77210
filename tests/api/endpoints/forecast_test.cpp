// Forecasts (疫情预测) through the API, on both backends: a database without
// cases gives a failed forecast with the CLI's reason; with cases a forecast
// runs in the worker to its bands, stored with its inputs and the code
// version, one at a time per user; every role in and out of scope; audit.
#include <set>
#include <thread>

#include "common/dates.hpp"
#include "common/version.hpp"
#include "endpoints/api_fixture.hpp"
#include "forecast/live/live_forecast.hpp"

namespace fk::api::test {
namespace {

constexpr const char* kCutoff = "2020-11-01";

class ForecastApiTest : public ApiTest {
 protected:
  store::Database& db() { return server_->services().db; }

  // `per_day` confirmed cases a day with onsets over the 40 days to 2 days
  // before kCutoff, confirmed 1-3 days later, in residents spread over the
  // city; those with onset more than 14 days ago have recovered.
  void SteadyCases(int per_day) {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    auto pool = tx->Query("SELECT id, grid_code FROM residents ORDER BY grid_code, id", {});
    ASSERT_TRUE(pool.ok() && !pool->empty());
    const int cutoff = DaysFromCivil(*ParseDate(kCutoff));
    auto day = [](int d) { return AddDays(Date{1970, 1, 1}, d); };
    size_t next = 0;
    for (int o = 41; o >= 2; --o)
      for (int k = 0; k < per_day; ++k) {
        const auto& r = (*pool)[(next++ * 7919) % pool->size()];
        const int delay = 1 + (k + o) % 3;
        if (delay > o) continue;
        const bool closed = o > 14;
        const std::string report = day(cutoff - o + delay);
        ASSERT_TRUE(
            tx->Exec("INSERT INTO cases (resident_id, grid_code, status, severity, onset_date, "
                     "report_date, confirmation_date, basis, outcome, outcome_date, created_by, "
                     "created_at, updated_at) VALUES (?, ?, 'confirmed', ?, ?, ?, ?, 'lab_test', "
                     "?, ?, 1, 0, 0)",
                     {r.Int(0), r.Text(1), std::string(k == 0 && o < 10 ? "severe" : "mild"),
                      day(cutoff - o), report, report,
                      closed ? store::Value(std::string("recovered")) : store::Value(nullptr),
                      closed ? store::Value(std::string(kCutoff)) : store::Value(nullptr)})
                .ok());
      }
    ASSERT_TRUE(tx->Commit().ok());
  }

  // Polls the forecast until it has ended; its last answer.
  ClientResponse WaitEnded(const std::string& path, const std::string& user = "command") {
    for (;;) {
      auto r = Call("GET", path, "", user);
      if (r.status != 200) return r;
      const std::string status = r.Json()["status"];
      if (status != "queued" && status != "running") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

std::string PathOf(const ClientResponse& r) {
  return "/api/v1/forecasts/" + std::to_string(r.Json()["id"].get<int64_t>());
}

TEST_P(ForecastApiTest, ADatabaseWithoutCasesGivesAFailedForecastWithTheCliReason) {
  forecast::LiveForecastOptions cli;
  cli.days = 28;
  cli.runs = 20;
  auto direct = forecast::RunLiveForecast(db(), cli);
  ASSERT_FALSE(direct.ok());
  auto started = Call("POST", "/api/v1/forecasts", "{}", "command");
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(started.Json()["region_code"], kDemoCity);
  EXPECT_EQ(started.Json()["days"], 28);
  EXPECT_EQ(started.Json()["runs"], 20);
  auto ended = WaitEnded(PathOf(started), "command");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.Json()["status"], "failed");
  EXPECT_EQ(ended.Json()["error"], direct.error().message);
  EXPECT_FALSE(ended.Json().contains("result"));
}

// The largest forecast this server takes (100 members of 120 days): many
// seconds of work on the test city, so it is still queued or running when
// the next requests come.
constexpr const char* kLong = R"({"days": 120, "runs": 100})";

TEST_P(ForecastApiTest, AForecastRunsToItsBandsStoredWithItsInputsOneAtATimePerUser) {
  SteadyCases(3);
  auto first = Call("POST", "/api/v1/forecasts", kLong, "command");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json()["status"], "queued");
  EXPECT_EQ(first.Json()["code_version"], std::string(CodeVersion()));
  auto again = Call("POST", "/api/v1/forecasts", R"({"days": 14, "runs": 4})", "command");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Json()["error"]["code"], "conflict");
  ASSERT_EQ(Call("POST", PathOf(first) + "/cancel", "", "command").status, 200);
  ASSERT_EQ(WaitEnded(PathOf(first)).Json()["status"], "cancelled");

  auto started =
      Call("POST", "/api/v1/forecasts", R"({"days": 14, "runs": 4, "seed": 7})", "command");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string path = PathOf(started);
  auto done = WaitEnded(path);
  ASSERT_EQ(done.status, 200) << done.body;
  const auto f = done.Json();
  ASSERT_EQ(f["status"], "done") << done.body;
  EXPECT_EQ(f["progress"], 1.0);
  EXPECT_EQ(f["cutoff"], kCutoff);
  const auto& result = f["result"];
  EXPECT_EQ(result["dates"].size(), 14u);
  EXPECT_EQ(result["runs"], 4);
  EXPECT_EQ(result["seed"], 7);
  // The stored summary columns are the result's own inputs.
  EXPECT_EQ(f["open_cases"], result["live_state"]["open_cases"]);
  EXPECT_GT(f["open_cases"].get<int64_t>(), 0);
  EXPECT_EQ(f["quarantined"], result["live_state"]["quarantined"]);
  EXPECT_DOUBLE_EQ(f["fitted_rt"].get<double>(), result["fit"]["rt"]["mean"].get<double>());
  EXPECT_DOUBLE_EQ(f["seeded_undetected"].get<double>(),
                   result["undetected"]["total"].get<double>());
  EXPECT_EQ(f["inputs"]["options"]["region"], kDemoCity);
  EXPECT_EQ(f["inputs"]["fit"], result["fit"]);
  ASSERT_FALSE(result["regions"].empty());
  EXPECT_EQ(result["regions"][0]["code"], kDemoCity);
  for (const auto& region : result["regions"]) {
    ASSERT_EQ(region["new_cases"].size(), 14u);
    for (const auto& b : region["beds"]) {
      EXPECT_LE(b["p05"].get<double>(), b["median"].get<double>());
      EXPECT_LE(b["median"].get<double>(), b["p95"].get<double>());
    }
  }
  // The same options and seed from the CLI's function: the same result.
  forecast::LiveForecastOptions cli;
  cli.days = 14;
  cli.runs = 4;
  cli.seed = 7;
  auto direct = forecast::RunLiveForecast(db(), cli);
  ASSERT_TRUE(direct.ok()) << direct.error().message;
  EXPECT_EQ(result["regions"][0]["total_new_cases"]["median"].get<double>(),
            direct->regions.front().total_new_cases.median);
  // The list holds both, newest first, without results.
  auto list = Call("GET", "/api/v1/forecasts", "", "command");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()["items"].size(), 2u);
  EXPECT_EQ(list.Json()["items"][0]["id"], started.Json()["id"]);
  EXPECT_FALSE(list.Json()["items"][0].contains("result"));
  EXPECT_EQ(Call("POST", path + "/cancel", "", "command").status, 409);
  auto audit = db().Begin(store::TxMode::kRead);
  ASSERT_TRUE(audit.ok());
  auto rows = audit->Query("SELECT action FROM audit_log WHERE entity = 'forecast'", {});
  ASSERT_TRUE(rows.ok());
  std::multiset<std::string> actions;
  for (const auto& r : *rows) actions.insert(r.Text(0));
  EXPECT_EQ(actions, (std::multiset<std::string>{"create", "cancel", "create"}));
}

TEST_P(ForecastApiTest, AQueuedOrRunningForecastIsCancelledByItsOwnerOnly) {
  SteadyCases(3);
  auto started = Call("POST", "/api/v1/forecasts", kLong, "district");
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(started.Json()["region_code"], kDemoDistrict);
  const std::string path = PathOf(started);
  // The command centre sees the district's forecast but may not cancel it.
  EXPECT_EQ(Call("GET", path, "", "command").status, 200);
  EXPECT_EQ(Call("POST", path + "/cancel", "", "command").status, 404);
  auto cancelled = Call("POST", path + "/cancel", "", "district");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json()["status"], "cancelled");
  auto after = WaitEnded(path, "district");
  EXPECT_EQ(after.Json()["status"], "cancelled");
  EXPECT_FALSE(after.Json().contains("result"));
  // The runner has moved on: the next forecast runs to its end.
  auto next = Call("POST", "/api/v1/forecasts", R"({"days": 7, "runs": 2})", "district");
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(WaitEnded(PathOf(next), "district").Json()["status"], "done");
}

// Every role: POST for the city and for the district, GET the list and a
// city forecast. Allowed: run_simulations with the region in scope.
TEST_P(ForecastApiTest, EveryRoleInAndOutOfScope) {
  auto city = Call("POST", "/api/v1/forecasts", R"({"region": "420100", "runs": 1})", "command");
  ASSERT_EQ(city.status, 201) << city.body;
  const std::string city_path = PathOf(city);
  WaitEnded(city_path);
  for (const auto& login : DemoLogins()) {
    const bool runs = login.role == "command_centre" || login.role == "district_officer";
    const bool city_in_scope = ops::InScope(login.scope, kDemoCity);
    const std::string who = login.role;
    auto for_city =
        Call("POST", "/api/v1/forecasts", R"({"region": "420100", "runs": 1})", login.username);
    EXPECT_EQ(for_city.status, runs && city_in_scope ? 201 : 403) << who << for_city.body;
    if (runs && !city_in_scope) {
      EXPECT_EQ(for_city.Json()["error"]["message"],
                "region 420100 is outside your scope " + login.scope);
    }
    if (for_city.status == 201) WaitEnded(PathOf(for_city), login.username);
    auto for_district =
        Call("POST", "/api/v1/forecasts", R"({"region": "420102", "runs": 1})", login.username);
    EXPECT_EQ(for_district.status, runs ? 201 : 403) << who << for_district.body;
    if (for_district.status == 201) WaitEnded(PathOf(for_district), login.username);
    auto list = Call("GET", "/api/v1/forecasts", "", login.username);
    EXPECT_EQ(list.status, runs ? 200 : 403) << who;
    if (list.status == 200) {
      const nlohmann::json forecasts = list.Json();
      EXPECT_FALSE(forecasts["items"].empty()) << who;
      for (const auto& f : forecasts["items"])
        EXPECT_TRUE(ops::InScope(login.scope, f["region_code"].get<std::string>())) << who;
    }
    auto one = Call("GET", city_path, "", login.username);
    EXPECT_EQ(one.status, !runs ? 403 : city_in_scope ? 200 : 404) << who;
  }
  // A street is neither a city nor a district; days must be 1..120.
  auto street = Call("POST", "/api/v1/forecasts", R"({"region": "420102001"})", "district");
  EXPECT_EQ(street.status, 400) << street.body;
  auto days = Call("POST", "/api/v1/forecasts", R"({"days": 0})", "command");
  EXPECT_EQ(days.status, 400) << days.body;
  EXPECT_EQ(days.Json()["error"]["field"], "days") << days.body;
}

// What-if: a forecast with actions on grids runs like any other, keeps
// them in its inputs and result; bad actions are refused before it is queued.
TEST_P(ForecastApiTest, WhatIfActionsAreCheckedRunAndKept) {
  SteadyCases(3);
  const std::string grid = kDemoGrid;
  for (const char* bad :
       {R"({"actions": [{"kind": "curfew", "grids": ["420102001001001"]}]})",
        R"({"actions": [{"kind": "screening", "grids": ["420102001001"]}]})",
        R"({"actions": [{"kind": "screening", "grids": ["420102001001001"], "start": 28}]})",
        R"({"region": "420103", "actions": [{"kind": "screening", "grids": ["420102001001001"]}]})",
        R"({"actions": [{"kind": "screening", "grids": []}]})"}) {
    auto r = Call("POST", "/api/v1/forecasts", bad, "command");
    EXPECT_EQ(r.status, 400) << bad << r.body;
    const nlohmann::json error = r.Json()["error"];
    ASSERT_TRUE(error["field"].is_string()) << r.body;
    EXPECT_EQ(error["field"].get<std::string>().substr(0, 7), "actions") << r.body;
  }
  auto list = Call("GET", "/api/v1/forecasts", "", "command");
  EXPECT_TRUE(list.Json()["items"].empty()) << "a refused forecast is not kept";
  const std::string body =
      R"({"days": 14, "runs": 2, "actions": [{"kind": "closed_management", "grids": [")" + grid +
      R"("], "start": 1, "days": 7}]})";
  auto started = Call("POST", "/api/v1/forecasts", body, "command");
  ASSERT_EQ(started.status, 201) << started.body;
  auto ended = WaitEnded(PathOf(started), "command");
  const nlohmann::json j = ended.Json();
  ASSERT_EQ(j["status"], "done") << ended.body.substr(0, 400);
  const nlohmann::json want = nlohmann::json::array(
      {{{"kind", "closed_management"}, {"grids", {grid}}, {"start", 1}, {"days", 7}}});
  EXPECT_EQ(j["result"]["actions"], want);
  EXPECT_EQ(j["inputs"]["options"]["actions"], want);
}

// Scores: a finished forecast against the cases reported on its projected
// days since (all past here: the cutoff is in 2020); the numbers are the
// reported counts, the band's coverage and the interval score of each day.
TEST_P(ForecastApiTest, FinishedForecastsAreScoredAgainstTheCasesReportedSince) {
  SteadyCases(3);
  auto started = Call("POST", "/api/v1/forecasts", R"({"days": 10, "runs": 4})", "command");
  ASSERT_EQ(started.status, 201) << started.body;
  ASSERT_EQ(WaitEnded(PathOf(started)).Json()["status"], "done");
  // Cases reported after the cutoff: day k (0-based) gets k of them.
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    auto pool = tx->Query(
        "SELECT id, grid_code FROM residents WHERE id NOT IN (SELECT "
        "resident_id FROM cases) ORDER BY id LIMIT 60",
        {});
    ASSERT_TRUE(pool.ok() && pool->size() == 60u);
    const int cutoff = DaysFromCivil(*ParseDate(kCutoff));
    size_t next = 0;
    for (int k = 0; k < 10; ++k)
      for (int n = 0; n < k; ++n) {
        const auto& r = (*pool)[next++];
        const std::string day = AddDays(Date{1970, 1, 1}, cutoff + 1 + k);
        ASSERT_TRUE(tx->Exec("INSERT INTO cases (resident_id, grid_code, status, onset_date, "
                             "report_date, created_by, created_at, updated_at) VALUES (?, ?, "
                             "'confirmed', ?, ?, 1, 0, 0)",
                             {r.Int(0), r.Text(1), day, day})
                        .ok());
      }
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto scores = Call("GET", "/api/v1/forecasts/scores", "", "command");
  ASSERT_EQ(scores.status, 200) << scores.body;
  const nlohmann::json items = scores.Json()["items"];
  ASSERT_EQ(items.size(), 1u);
  const nlohmann::json& s = items[0];
  EXPECT_EQ(s["cutoff"], kCutoff);
  EXPECT_FALSE(s["what_if"].get<bool>());
  EXPECT_EQ(s["days_scored"], 10);
  int covered = 0;
  double interval = 0;
  for (int k = 0; k < 10; ++k) {
    const nlohmann::json& d = s["days"][k];
    EXPECT_EQ(d["reported"], k) << k;
    const double lo = std::floor(d["p05"].get<double>()), hi = std::ceil(d["p95"].get<double>());
    EXPECT_EQ(d["covered"].get<bool>(), k >= lo && k <= hi) << k;
    covered += d["covered"].get<bool>();
    interval += (hi - lo) + 20 * std::max(0.0, lo - k) + 20 * std::max(0.0, k - hi);
  }
  EXPECT_DOUBLE_EQ(s["coverage"].get<double>(), covered / 10.0);
  EXPECT_NEAR(s["interval_score"].get<double>(), interval / 10, 1e-9);
  // Only who runs forecasts; a district officer of another district sees none of the city's.
  EXPECT_EQ(Call("GET", "/api/v1/forecasts/scores", "", "grid").status, 403);
  auto district = Call("GET", "/api/v1/forecasts/scores", "", "district");
  ASSERT_EQ(district.status, 200);
  EXPECT_TRUE(district.Json()["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ForecastApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
