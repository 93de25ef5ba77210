// Directives through the API: the district issues to its district, the grid
// acknowledges and completes, the community cannot complete before its
// grids, the view counts it; an attacker's attempts (another unit, another
// area, bad input) are refused and change nothing.
#include <chrono>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

std::int64_t InDays(int days) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         days * 86400;
}

nlohmann::json LevelOf(const nlohmann::json& view, const std::string& level) {
  for (const auto& l : view["levels"])
    if (l["level"] == level) return l;
  return {};
}

TEST_P(ApiTest, DirectiveGoesDownAndCompletionComesUp) {
  auto issued = Call("POST", "/api/v1/directives",
                     nlohmann::json{{"title", "封闭管理"},
                                    {"text", "全区小区实行封闭管理"},
                                    {"measure", "closed_management"},
                                    {"region_code", "420102001001"},
                                    {"deadline", InDays(2)}}
                         .dump(),
                     "district");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string id = std::to_string(issued.Json()["id"].get<int>());
  const std::int64_t units = issued.Json()["units"];
  EXPECT_GE(units, 3);  // the community and its grids

  auto list = Call("GET", "/api/v1/directives", "", "grid");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["my_state"], "received");

  const std::string grid_unit = "/api/v1/directives/" + id + "/units/" + kDemoGrid;
  auto ack = Call("POST", grid_unit + "/acknowledge", "", "grid");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.Json()["state"], "acknowledged");

  auto early = Call("POST", "/api/v1/directives/" + id + "/units/420102001001/complete",
                    R"({"note": "已完成"})", "community");
  EXPECT_EQ(early.status, 409) << early.body;

  auto done =
      Call("POST", grid_unit + "/complete", R"({"note": "已封闭 3 个小区", "count": 3})", "grid");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["state"], "completed");
  EXPECT_EQ(done.Json()["count"], 3);

  auto view = Call("GET", "/api/v1/directives/" + id, "", "district");
  ASSERT_EQ(view.status, 200) << view.body;
  const auto body = view.Json();
  EXPECT_EQ(body["root"], "420102001001");
  EXPECT_EQ(LevelOf(body, "grid")["completed"], 1);
  EXPECT_EQ(LevelOf(body, "community")["units"], 1);
  EXPECT_TRUE(body["mine"].is_null());  // the district is not a unit of it

  auto grids = Call("GET", "/api/v1/directives/" + id + "/units?state=completed&level=grid", "",
                    "community");
  ASSERT_EQ(grids.status, 200) << grids.body;
  ASSERT_EQ(grids.Json()["items"].size(), 1u);
  EXPECT_EQ(grids.Json()["items"][0]["code"], kDemoGrid);
}

TEST_P(ApiTest, DirectiveAttacksAreRefusedAndChangeNothing) {
  auto issue = [&](const std::string& user, nlohmann::json body) {
    return Call("POST", "/api/v1/directives", body.dump(), user);
  };
  const nlohmann::json good{{"title", "摸排"},
                            {"text", "入户摸排"},
                            {"measure", "door_to_door_screening"},
                            {"region_code", kDemoDistrict},
                            {"deadline", InDays(1)}};
  // Roles without the permission, and an officer outside their scope.
  EXPECT_EQ(issue("grid", good).status, 403);
  EXPECT_EQ(issue("admin", good).status, 403);
  EXPECT_EQ(issue("medical", good).status, 403);
  auto wide = good;
  wide["region_code"] = "420100";
  auto outside = issue("district", wide);
  EXPECT_EQ(outside.status, 403);
  // Bad input names the field.
  auto bad_measure = good;
  bad_measure["measure"] = "martial_law";
  auto r = issue("district", bad_measure);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "measure");
  auto past = good;
  past["deadline"] = InDays(-1);
  r = issue("district", past);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "deadline");
  auto list = Call("GET", "/api/v1/directives", "", "command");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.Json()["items"].empty());

  // A directive to the other street: the grid worker of the first street
  // neither sees it nor acts on it; the street officer may not act for a grid.
  auto other = good;
  other["region_code"] = std::string(kDemoOtherGrid).substr(0, 9);
  auto made = issue("district", other);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = std::to_string(made.Json()["id"].get<int>());
  EXPECT_EQ(Call("GET", "/api/v1/directives/" + id, "", "grid").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/directives/" + id, "", "street").status, 404);
  auto foreign = Call(
      "POST", "/api/v1/directives/" + id + "/units/" + kDemoOtherGrid + "/acknowledge", "", "grid");
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.Json()["error"]["code"], "out_of_scope");
  auto below = Call("POST", "/api/v1/directives/" + id + "/units/" + kDemoOtherGrid + "/complete",
                    R"({"note": "代报"})", "district");
  EXPECT_EQ(below.status, 403);
  auto units = Call("GET", "/api/v1/directives/" + id + "/units?state=nonsense", "", "district");
  EXPECT_EQ(units.status, 400);
  EXPECT_EQ(units.Json()["error"]["field"], "state");
  auto view = Call("GET", "/api/v1/directives/" + id, "", "district");
  ASSERT_EQ(view.status, 200);
  const auto body = view.Json();  // kept: a range-for over a temporary's member would dangle
  for (const auto& level : body["levels"]) {
    EXPECT_EQ(level["completed"], 0);
    if (level["level"] != "district") EXPECT_EQ(level["acknowledged"], 0);
  }
}

// A notice to residents as evidence: the community's own notice links to
// the grid's completion; one over another street is refused naming
// notice_id, as a missing one is.
TEST_P(ApiTest, DirectiveCompletionLinksANotice) {
  auto issued = Call("POST", "/api/v1/directives",
                     nlohmann::json{{"title", "张贴通告"},
                                    {"text", "各网格张贴封闭管理通告"},
                                    {"measure", "publish_notice"},
                                    {"region_code", "420102001001"},
                                    {"deadline", InDays(2)}}
                         .dump(),
                     "district");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string id = std::to_string(issued.Json()["id"].get<int>());
  auto notice = [&](const std::string& region, const std::string& user) {
    auto made = Call("POST", "/api/v1/notices",
                     nlohmann::json{{"region_code", region},
                                    {"title", "封闭管理通告"},
                                    {"body", "全体居民请配合"},
                                    {"pinned", false},
                                    {"expires_at", InDays(7)}}
                         .dump(),
                     user);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["id"].get<std::int64_t>();
  };
  const std::int64_t own = notice("420102001001", "community");
  const std::int64_t elsewhere = notice("420102002", "district");
  const std::string complete = "/api/v1/directives/" + id + "/units/" + kDemoGrid + "/complete";
  for (std::int64_t bad : {elsewhere, own + 1000}) {
    auto refused = Call("POST", complete,
                        nlohmann::json{{"note", "已张贴"}, {"notice_id", bad}}.dump(), "grid");
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["field"], "notice_id");
    EXPECT_EQ(refused.Json()["error"]["message"],
              "notice_id: no notice " + std::to_string(bad) + " over or under " + kDemoGrid);
  }
  auto done =
      Call("POST", complete, nlohmann::json{{"note", "已张贴"}, {"notice_id", own}}.dump(), "grid");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["notice_id"], own);
  EXPECT_TRUE(done.Json()["campaign_id"].is_null());
  auto units = Call("GET", "/api/v1/directives/" + id + "/units?level=grid", "", "community");
  ASSERT_EQ(units.status, 200) << units.body;
  ASSERT_FALSE(units.Json()["items"].empty());
  EXPECT_EQ(units.Json()["items"][0]["notice_id"], own);
}

}  // namespace
}  // namespace fk::api::test
