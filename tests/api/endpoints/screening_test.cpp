// Screening through the API: a community officer starts a campaign, the grid
// worker lists their tasks and records a visit, coverage shows it.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

TEST_P(ApiTest, CampaignTasksVisitsAndCoverage) {
  auto created = Call("POST", "/api/v1/campaigns",
                      nlohmann::json{{"name", "摸排 1"},
                                     {"region_code", "420102001001"},
                                     {"start_date", "2020-02-17"},
                                     {"end_date", "2020-02-19"}}
                          .dump(),
                      "community");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string campaign = std::to_string(created.Json()["id"].get<int>());
  auto tasks = Call("GET", "/api/v1/campaigns/" + campaign + "/tasks", "", "grid");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  ASSERT_FALSE(tasks.Json()["items"].empty());
  const auto task = tasks.Json()["items"][0];
  EXPECT_EQ(task["grid_code"], kDemoGrid);
  auto people = Call(
      "GET", "/api/v1/households/" + std::to_string(task["household_id"].get<int>()) + "/residents",
      "", "grid");
  ASSERT_EQ(people.status, 200) << people.body;
  auto visit = Call("POST", "/api/v1/campaigns/" + campaign + "/visits",
                    nlohmann::json{{"task_id", task["id"]},
                                   {"resident_id", people.Json()["items"][0]["id"]},
                                   {"present", true},
                                   {"temperature", 38.1}}
                        .dump(),
                    "grid");
  ASSERT_EQ(visit.status, 201) << visit.body;
  EXPECT_TRUE(visit.Json()["flagged"].get<bool>());
  auto bad = Call("POST", "/api/v1/campaigns/" + campaign + "/visits",
                  R"({"task_id": "one", "resident_id": 1, "present": true})", "grid");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "task_id");
  auto coverage = Call("GET", "/api/v1/campaigns/" + campaign + "/coverage", "", "community");
  ASSERT_EQ(coverage.status, 200) << coverage.body;
  std::int64_t screened = 0;
  const nlohmann::json coverage_body = coverage.Json();  // keep the parsed body alive
  for (const auto& row : coverage_body["items"]) {
    if (row["code"] == kDemoGrid) screened = row["residents_screened"];
  }
  EXPECT_EQ(screened, 1);
}

}  // namespace
}  // namespace fk::api::test
