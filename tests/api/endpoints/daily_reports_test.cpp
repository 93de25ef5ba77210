// Daily reports through the API: the grid worker pre-fills and submits, the
// community and the command centre read the roll-up and the CSV; reports for
// another grid, by roles without the permission, and bad values are refused.
#include <ctime>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

TEST_P(ApiTest, DailyReportSubmittedAndRolledUp) {
  const std::string day = TodayUtc();
  auto draft =
      Call("GET", "/api/v1/daily-reports/draft?grid=" + std::string(kDemoGrid) + "&day=" + day, "",
           "grid");
  ASSERT_EQ(draft.status, 200) << draft.body;
  ASSERT_TRUE(draft.Json()["quarantined"].is_number());
  ASSERT_TRUE(draft.Json()["supplies"].is_array());
  // Left out, the people in quarantine are the system's count (the draft's).
  auto counted =
      Call("POST", "/api/v1/daily-reports",
           nlohmann::json{{"day", day}, {"grid_code", kDemoGrid}, {"screened", 0}, {"flagged", 0}}
               .dump(),
           "grid");
  ASSERT_EQ(counted.status, 201) << counted.body;
  EXPECT_EQ(counted.Json()["quarantined"], draft.Json()["quarantined"]);
  auto sent = Call("POST", "/api/v1/daily-reports",
                   nlohmann::json{{"day", day},
                                  {"grid_code", kDemoGrid},
                                  {"screened", 12},
                                  {"flagged", 1},
                                  {"quarantined", 7},
                                  {"problems", "=cmd|' /C calc'!A0"},
                                  {"needs", "口罩 100 只"}}
                       .dump(),
                   "grid");
  ASSERT_EQ(sent.status, 201) << sent.body;
  auto rollup =
      Call("GET", "/api/v1/daily-reports/rollup?region=420102001001&day=" + day, "", "community");
  ASSERT_EQ(rollup.status, 200) << rollup.body;
  const auto body = rollup.Json();
  EXPECT_EQ(body["total"]["submitted"], 1);
  EXPECT_EQ(body["total"]["screened"], 12);
  EXPECT_EQ(body["total"]["quarantined"], 7);
  // Supplies are read from the depots now: the demo's community depot.
  EXPECT_GE(body["total"]["supply_depots"].get<int>(), 0);
  EXPECT_GE(body["total"]["supply_short"].get<int>(), 0);
  EXPECT_GE(body["total"]["grids"].get<int>(), 2);
  auto csv =
      Call("GET", "/api/v1/daily-reports/rollup.csv?region=420100&day=" + day, "", "command");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("'=cmd|' /C calc'!A0"), std::string::npos);
  EXPECT_EQ(csv.body.find(",=cmd"), std::string::npos);
  auto list = Call("GET", "/api/v1/daily-reports?region=420102001&day=" + day, "", "street");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["needs"], "口罩 100 只");
  EXPECT_EQ(list.Json()["items"][0]["quarantined"], 7);
  EXPECT_NE(csv.body.find(",quarantined,supply_depots,supply_short,"), std::string::npos);
}

TEST_P(ApiTest, DailyReportAttacksAreRefused) {
  const std::string day = TodayUtc();
  auto body = [&](const std::string& grid) {
    return nlohmann::json{{"day", day}, {"grid_code", grid}, {"screened", 1}, {"flagged", 0}}
        .dump();
  };
  EXPECT_EQ(Call("POST", "/api/v1/daily-reports", body(kDemoOtherGrid), "grid").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/daily-reports", body(kDemoGrid), "community").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/daily-reports", body(kDemoGrid), "volunteer").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/daily-reports", body(kDemoGrid), "medical").status, 403);
  auto future = nlohmann::json::parse(body(kDemoGrid));
  future["day"] = "2999-01-01";
  auto r = Call("POST", "/api/v1/daily-reports", future.dump(), "grid");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "day");
  auto negative = nlohmann::json::parse(body(kDemoGrid));
  negative["quarantined"] = -1;
  auto q = Call("POST", "/api/v1/daily-reports", negative.dump(), "grid");
  EXPECT_EQ(q.status, 400) << q.body;
  EXPECT_EQ(q.Json()["error"]["field"], "quarantined");
  auto wide = Call("GET", "/api/v1/daily-reports/rollup?region=420100&day=" + day, "", "street");
  EXPECT_EQ(wide.status, 403);
  auto list = Call("GET", "/api/v1/daily-reports?region=420100&day=" + day, "", "command");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.Json()["items"].empty());
}

}  // namespace
}  // namespace fk::api::test
