// Screening through the API: a community officer starts a campaign, the grid
// worker lists their tasks and records a visit, coverage shows it.
#include <algorithm>
#include <set>

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

// The phone keeps the residents of its remaining households with one paged
// call: the same people, masked, as a read per household would give; a
// visited household drops out of the remaining; another area's campaign is
// a 404; each page is audited (an unmasked one as read_unmasked).
TEST_P(ApiTest, CampaignResidentsInPagesAreThoseOfMyTasks) {
  auto created = Call("POST", "/api/v1/campaigns",
                      nlohmann::json{{"name", "摸排 1"},
                                     {"region_code", "420102001001"},
                                     {"start_date", "2020-02-17"},
                                     {"end_date", "2020-02-19"}}
                          .dump(),
                      "community");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string campaign =
      "/api/v1/campaigns/" + std::to_string(created.Json()["id"].get<int>());
  auto count = [&](const std::string& sql) -> int64_t {
    auto tx = test_db_->db().Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = tx->QueryOne(sql, {}, "no row");
    EXPECT_TRUE(row.ok());
    return row.ok() ? row->Int(0) : -1;
  };
  // Every page of `target` (which ends in ?...), 7 at a time: resident ids.
  auto pages = [&](const std::string& target) {
    std::vector<int64_t> ids;
    std::string after;
    for (int guard = 0; guard < 1000; ++guard) {
      auto page = Call("GET", target + "&limit=7" + after, "", "grid");
      EXPECT_EQ(page.status, 200) << page.body;
      if (page.status != 200) break;
      const auto body = page.Json();
      for (const auto& r : body["items"]) {
        ids.push_back(r["id"].get<int64_t>());
        EXPECT_EQ(r["grid_code"], kDemoGrid);
      }
      if (body["next_cursor"].is_null()) break;
      after = "&after=" + std::to_string(body["next_cursor"].get<int64_t>());
    }
    return ids;
  };
  auto tasks = Call("GET", campaign + "/tasks?limit=200", "", "grid");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  const auto task_items = tasks.Json()["items"];
  ASSERT_FALSE(task_items.empty());
  std::set<int64_t> expected;
  int64_t first_household = 0;
  nlohmann::json first_people;
  for (const auto& t : task_items) {
    auto people = Call(
        "GET",
        "/api/v1/households/" + std::to_string(t["household_id"].get<int64_t>()) + "/residents", "",
        "grid");
    ASSERT_EQ(people.status, 200) << people.body;
    const nlohmann::json items = people.Json()["items"];  // kept alive for the loop
    if (first_household == 0) {
      first_household = t["household_id"];
      first_people = items;
    }
    for (const auto& r : items) expected.insert(r["id"].get<int64_t>());
  }
  const int64_t audited_before =
      count("SELECT COUNT(*) FROM audit_log WHERE entity = 'campaign' AND action = 'read'");
  const auto all = pages(campaign + "/residents?remaining=false");
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()), expected);
  EXPECT_EQ(all.size(), expected.size());  // none twice
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'campaign' AND action = 'read'"),
            audited_before + std::max<int64_t>(1, (static_cast<int64_t>(all.size()) + 6) / 7));
  // The page's residents read as the household's read gives them (masked).
  auto one = Call("GET", campaign + "/residents?limit=200", "", "grid");
  ASSERT_EQ(one.status, 200);
  const nlohmann::json one_items = one.Json()["items"];
  for (const auto& r : one_items) {
    if (r["household_id"] == first_household)
      EXPECT_NE(std::find(first_people.begin(), first_people.end(), r), first_people.end()) << r;
  }
  // A visit to the first household: it is no longer among the remaining.
  auto visit = Call("POST", campaign + "/visits",
                    nlohmann::json{{"task_id", task_items[0]["id"]},
                                   {"resident_id", first_people[0]["id"]},
                                   {"present", true},
                                   {"temperature", 36.5}}
                        .dump(),
                    "grid");
  ASSERT_EQ(visit.status, 201) << visit.body;
  const auto remaining = pages(campaign + "/residents?remaining=true");
  EXPECT_EQ(remaining.size() + first_people.size(), all.size());
  for (const auto& r : first_people)
    EXPECT_EQ(std::find(remaining.begin(), remaining.end(), r["id"].get<int64_t>()),
              remaining.end());
  // Unmasked (a grid worker may see it): audited as such. A campaign of
  // another area: 404.
  ASSERT_EQ(Call("GET", campaign + "/residents?unmasked=true&limit=1", "", "grid").status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'campaign' AND action = "
                  "'read_unmasked'"),
            1);
  auto elsewhere = Call("POST", "/api/v1/campaigns",
                        nlohmann::json{{"name", "摸排 2"},
                                       {"region_code", kDemoOtherGrid},
                                       {"start_date", "2020-02-17"},
                                       {"end_date", "2020-02-19"}}
                            .dump(),
                        "command");
  ASSERT_EQ(elsewhere.status, 201) << elsewhere.body;
  auto refused =
      Call("GET",
           "/api/v1/campaigns/" + std::to_string(elsewhere.Json()["id"].get<int>()) + "/residents",
           "", "grid");
  EXPECT_EQ(refused.status, 404) << refused.body;
}

// A phone's repeated send: the same client_id answers 200 with the first
// answer and counts once; other content under that id is a 409; a bad id a 400.
TEST_P(ApiTest, VisitWithClientIdIsRecordedOnce) {
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
  const auto task = tasks.Json()["items"][0];
  EXPECT_FALSE(task["building"].get<std::string>().empty());
  EXPECT_FALSE(task["unit"].get<std::string>().empty());
  EXPECT_FALSE(task["room"].get<std::string>().empty());
  auto people = Call(
      "GET", "/api/v1/households/" + std::to_string(task["household_id"].get<int>()) + "/residents",
      "", "grid");
  ASSERT_EQ(people.status, 200) << people.body;
  nlohmann::json body{{"task_id", task["id"]},
                      {"resident_id", people.Json()["items"][0]["id"]},
                      {"present", true},
                      {"temperature", 38.4},
                      {"client_id", "0b7e2c1a-5f3d-4e8b-a9c6-1d2e3f4a5b6c"}};
  const std::string path = "/api/v1/campaigns/" + campaign + "/visits";
  auto first = Call("POST", path, body.dump(), "grid");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.Json()["flagged"].get<bool>());
  EXPECT_EQ(first.Json()["client_id"], body["client_id"]);
  auto again = Call("POST", path, body.dump(), "grid");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), first.Json());
  body["temperature"] = 36.4;
  auto other = Call("POST", path, body.dump(), "grid");
  ASSERT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.Json()["error"]["code"], "conflict");
  EXPECT_EQ(other.Json()["error"]["field"], "client_id");
  body["client_id"] = "not an id";
  auto bad = Call("POST", path, body.dump(), "grid");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["field"], "client_id");
  body["client_id"] = std::string(65, 'a');
  EXPECT_EQ(Call("POST", path, body.dump(), "grid").status, 400);
  auto coverage = Call("GET", "/api/v1/campaigns/" + campaign + "/coverage", "", "community");
  ASSERT_EQ(coverage.status, 200) << coverage.body;
  const nlohmann::json coverage_body = coverage.Json();  // keep the parsed body alive
  std::int64_t screened = -1, flagged = -1;
  for (const auto& row : coverage_body["items"]) {
    if (row["code"] == kDemoGrid) {
      screened = row["residents_screened"];
      flagged = row["flagged"];
    }
  }
  EXPECT_EQ(screened, 1);
  EXPECT_EQ(flagged, 1);
}

// GET /campaigns: what each role is shown; the front end finds a grid
// worker's current campaign with it.
TEST_P(ApiTest, CampaignListFollowsTheScope) {
  auto create = [&](const std::string& region, const std::string& user) {
    auto r = Call("POST", "/api/v1/campaigns",
                  nlohmann::json{{"name", "摸排 " + region},
                                 {"region_code", region},
                                 {"start_date", "2020-02-17"},
                                 {"end_date", "2020-02-19"}}
                      .dump(),
                  user);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<std::int64_t>();
  };
  const std::int64_t ours = create("420102001001", "community");
  const std::int64_t other = create(std::string(kDemoOtherGrid).substr(0, 12), "district");
  auto ids = [&](const std::string& user) {
    auto r = Call("GET", "/api/v1/campaigns", "", user);
    EXPECT_EQ(r.status, 200) << user << " " << r.body;
    const nlohmann::json body = r.Json();  // keep the parsed body alive
    std::vector<std::int64_t> out;
    for (const auto& c : body["items"]) out.push_back(c["id"]);
    EXPECT_TRUE(body["next_cursor"].is_null());
    return out;
  };
  EXPECT_EQ(ids("grid"), std::vector<std::int64_t>{ours});
  EXPECT_EQ(ids("community"), std::vector<std::int64_t>{ours});
  EXPECT_EQ(ids("district"), (std::vector<std::int64_t>{other, ours}));
  EXPECT_EQ(ids("command"), (std::vector<std::int64_t>{other, ours}));
  auto page = Call("GET", "/api/v1/campaigns?limit=1", "", "command");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Json()["next_cursor"], other);
  EXPECT_EQ(page.Json()["items"][0]["region_code"], "420102002002");
  for (const std::string user : {"admin", "supply"}) {
    auto refused = Call("GET", "/api/v1/campaigns", "", user);
    EXPECT_EQ(refused.status, 403) << user;
    EXPECT_EQ(refused.Json()["error"]["code"], "forbidden");
  }
}

}  // namespace
}  // namespace fk::api::test
