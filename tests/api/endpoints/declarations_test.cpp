// Residents' declarations through the API, tried like an attacker: the open
// POST must not tell a registered address from an unknown one, must refuse
// floods, oversized and malformed input, and lands in the grid's queue.
#include <set>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

using DeclarationsApiTest = ApiTest;

// The set of member names of an answer.
std::set<std::string> Keys(const nlohmann::json& j) {
  std::set<std::string> out;
  for (const auto& [k, _] : j.items()) out.insert(k);
  return out;
}

TEST_P(DeclarationsApiTest, AnswersTheSameForRegisteredAndUnknownPeople) {
  // A real household of the demo grid, with its address.
  auto people =
      Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=1", "", "grid");
  ASSERT_EQ(people.status, 200) << people.body;
  auto household = Call(
      "GET", "/api/v1/households/" + people.Json()["items"][0]["household_id"].dump(), "", "grid");
  ASSERT_EQ(household.status, 200) << household.body;
  const auto h = household.Json();
  auto declare = [&](const std::string& building, const std::string& name) {
    return Call("POST", "/api/v1/declarations",
                nlohmann::json{{"kind", "fever"},
                               {"community_code", "420102001001"},
                               {"building", building},
                               {"unit", h["unit"]},
                               {"room", h["room"]},
                               {"name", name},
                               {"phone", "13812345678"},
                               {"detail", "发热"}}
                    .dump());
  };
  auto known = declare(h["building"], people.Json()["items"][0]["name"]);
  auto unknown = declare("999", "无此人");
  ASSERT_EQ(known.status, 201) << known.body;
  EXPECT_EQ(unknown.status, 201) << unknown.body;
  EXPECT_EQ(Keys(known.Json()), (std::set<std::string>{"reference", "received_at"}));
  EXPECT_EQ(Keys(known.Json()), Keys(unknown.Json()));
  EXPECT_EQ(known.body.size(), unknown.body.size());  // same shape, fixed-size reference
  // The grid worker's queue has the registered one; the community's both.
  auto grid = Call("GET", "/api/v1/declarations?open=true", "", "grid");
  ASSERT_EQ(grid.status, 200) << grid.body;
  ASSERT_EQ(grid.Json()["items"].size(), 1u);
  EXPECT_EQ(grid.Json()["items"][0]["reference"], known.Json()["reference"]);
  auto community = Call("GET", "/api/v1/declarations", "", "community");
  ASSERT_EQ(community.status, 200);
  EXPECT_EQ(community.Json()["items"].size(), 2u);
  auto closed =
      Call("POST", "/api/v1/declarations/" + grid.Json()["items"][0]["id"].dump() + "/close",
           R"({"outcome": "已上门测温，36.8"})", "grid");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json()["status"], "closed");
  EXPECT_TRUE(closed.Json()["minutes_to_close"].is_number());
  for (const char* user : {"volunteer", "supply", "medical", "admin"})
    EXPECT_EQ(Call("GET", "/api/v1/declarations", "", user).status, 403) << user;
}

TEST_P(DeclarationsApiTest, RefusesMalformedOversizedAndFloods) {
  const nlohmann::json ok{{"kind", "need"},
                          {"community_code", "420102001001"},
                          {"building", "1"},
                          {"unit", "1"},
                          {"room", "101"},
                          {"phone", "13812345678"},
                          {"detail", "独居老人需要买药"}};
  for (auto [field, value] : {std::pair{"kind", nlohmann::json("registered?")},
                              {"community_code", nlohmann::json("' OR 1=1 --")},
                              {"phone", nlohmann::json("<script>")},
                              {"detail", nlohmann::json(std::string(1200, 'x'))},
                              {"room", nlohmann::json(12)}}) {
    nlohmann::json bad = ok;
    bad[field] = value;
    auto r = Call("POST", "/api/v1/declarations", bad.dump());
    EXPECT_EQ(r.status, 400) << field << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  }
  nlohmann::json extra = ok;
  extra["grid_code"] = kDemoGrid;  // no way to pick the queue
  EXPECT_EQ(Call("POST", "/api/v1/declarations", extra.dump()).status, 400);
  auto huge = Call("POST", "/api/v1/declarations", std::string(9000, ' '));
  EXPECT_EQ(huge.status, 413) << huge.body;
  // The queue saw none of them.
  EXPECT_TRUE(Call("GET", "/api/v1/declarations", "", "community").Json()["items"].empty());
  // Per address: the fourth for one home in a day is refused (429).
  int accepted = 0, refused = 0;
  for (int i = 0; i < 4; ++i) {
    auto r = Call("POST", "/api/v1/declarations", ok.dump());
    if (r.status == 201) ++accepted;
    if (r.status == 429) ++refused;
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(refused, 1);
  // Per client address: 10 an hour whatever the home (6 counted so far + 4).
  nlohmann::json other = ok;
  int flood_refused = 0;
  for (int i = 0; i < 6; ++i) {
    other["room"] = std::to_string(500 + i);
    auto r = Call("POST", "/api/v1/declarations", other.dump());
    if (r.status == 429) {
      ++flood_refused;
      EXPECT_FALSE(r.headers["retry-after"].empty());
    }
  }
  EXPECT_GE(flood_refused, 1);
  EXPECT_EQ(Call("GET", "/api/v1/declarations", "", "community").Json()["items"].size(),
            3u + 6u - flood_refused);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeclarationsApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
