// Volunteers and duty posts through the API, tried like an attacker: an
// officer signs a resident up, forms a team, sets a post and a roster; the
// rest rules answer 409 saying which; bad input answers 400 naming the
// field and writes nothing; every role against sign-up, in and out of scope.
#include <ctime>

#include "api/endpoints/ops_access.hpp"
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

using VolunteersApiTest = ApiTest;

constexpr std::int64_t kHour = 3600;

TEST_P(VolunteersApiTest, APledgeATeamAPostAndARosterUnderTheRestRules) {
  // Unmasked, to compare with the names the volunteers' list shows in clear.
  auto people =
      Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=2&unmasked=true",
           "", "community");
  ASSERT_EQ(people.status, 200) << people.body;
  const auto residents = people.Json()["items"];
  ASSERT_EQ(residents.size(), 2u);
  const std::string pledge = "疫情就是命令。\n<b>不获全胜决不收兵</b>";
  auto made = Call("POST", "/api/v1/volunteers",
                   nlohmann::json{{"resident_id", residents[0]["id"]},
                                  {"pledge", pledge},
                                  {"skills", "驾驶"},
                                  {"party_member", true}}
                       .dump(),
                   "community");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto volunteer = made.Json();
  EXPECT_EQ(volunteer["pledge"], pledge);
  EXPECT_EQ(volunteer["party_member"], true);
  EXPECT_EQ(volunteer["grid_code"], kDemoGrid);
  auto twice = Call("POST", "/api/v1/volunteers",
                    nlohmann::json{{"resident_id", residents[0]["id"]}, {"pledge", "再"}}.dump(),
                    "community");
  EXPECT_EQ(twice.status, 409) << twice.body;
  // The list: clear for the grid worker, masked for the volunteer account.
  auto clear = Call("GET", "/api/v1/volunteers", "", "grid");
  ASSERT_EQ(clear.status, 200) << clear.body;
  ASSERT_EQ(clear.Json()["items"].size(), 1u);
  EXPECT_EQ(clear.Json()["items"][0]["name"], residents[0]["name"]);
  auto masked = Call("GET", "/api/v1/volunteers", "", "volunteer");
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_NE(masked.Json()["items"][0]["phone"], clear.Json()["items"][0]["phone"]);
  // A team with the volunteer as its leader.
  auto team = Call("POST", "/api/v1/volunteers/teams",
                   R"({"name":"社区一党员突击队","kind":"commando","region_code":"420102001001"})",
                   "community");
  ASSERT_EQ(team.status, 201) << team.body;
  const std::string team_id = team.Json()["id"].dump();
  const std::string leader = "/api/v1/volunteers/teams/" + team_id + "/leader";
  const std::string lead_body = nlohmann::json{{"volunteer_id", volunteer["id"]}}.dump();
  EXPECT_EQ(Call("PUT", leader, lead_body, "community").status, 400);  // not a member yet
  auto joined = Call("PUT", "/api/v1/volunteers/" + volunteer["id"].dump() + "/team",
                     R"({"team_id":)" + team_id + "}", "community");
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto led = Call("PUT", leader, lead_body, "community");
  ASSERT_EQ(led.status, 200) << led.body;
  EXPECT_EQ(led.Json()["leader_id"], volunteer["id"]);
  // A post and a shift running now; who is on duty.
  auto post = Call("POST", "/api/v1/duty-posts",
                   nlohmann::json{{"name", "一号楼先锋岗"},
                                  {"kind", "grid"},
                                  {"title", "pioneer"},
                                  {"region_code", kDemoGrid}}
                       .dump(),
                   "community");
  ASSERT_EQ(post.status, 201) << post.body;
  const std::string shifts = "/api/v1/duty-posts/" + post.Json()["id"].dump() + "/shifts";
  const std::int64_t now = std::time(nullptr);
  auto shift_body = [&](std::int64_t from, std::int64_t to) {
    return nlohmann::json{{"volunteer_id", volunteer["id"]}, {"starts_at", from}, {"ends_at", to}}
        .dump();
  };
  auto on = Call("POST", shifts, shift_body(now - kHour, now + 3 * kHour), "community");
  ASSERT_EQ(on.status, 201) << on.body;
  auto too_long = Call("POST", shifts, shift_body(now + 20 * kHour, now + 33 * kHour), "community");
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(too_long.Json()["error"]["message"], "ends_at: a shift lasts at most 12 hours");
  auto no_rest = Call("POST", shifts, shift_body(now + 4 * kHour, now + 8 * kHour), "community");
  EXPECT_EQ(no_rest.status, 409) << no_rest.body;
  EXPECT_EQ(no_rest.Json()["error"]["message"].get<std::string>().rfind(
                "less than 8 hours of rest between this shift and the one of ", 0),
            0u);
  auto duty = Call("GET", "/api/v1/duty-posts/on-duty", "", "grid");
  ASSERT_EQ(duty.status, 200) << duty.body;
  ASSERT_EQ(duty.Json()["items"].size(), 1u);
  EXPECT_EQ(duty.Json()["items"][0]["volunteer_id"], volunteer["id"]);
  // Another street's officer sees no one on duty and cannot relieve them.
  const std::string relieve = "/api/v1/duty-posts/shifts/" + on.Json()["id"].dump();
  auto roster = Call("GET",
                     "/api/v1/duty-posts/shifts?from=" + std::to_string(now - 86400) +
                         "&to=" + std::to_string(now + 86400),
                     "", "street");
  ASSERT_EQ(roster.status, 200) << roster.body;
  EXPECT_EQ(roster.Json()["items"].size(), 1u);
  EXPECT_EQ(Call("DELETE", relieve, "", "grid").status, 403);
  auto relieved = Call("DELETE", relieve, "", "community");
  ASSERT_EQ(relieved.status, 200) << relieved.body;
  EXPECT_TRUE(Call("GET", "/api/v1/duty-posts/on-duty", "", "grid").Json()["items"].empty());
  EXPECT_EQ(Call("DELETE", relieve, "", "community").status, 409);
}

TEST_P(VolunteersApiTest, BadInputNamesTheFieldAndWritesNothing) {
  auto people = Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=1", "",
                     "community");
  ASSERT_EQ(people.status, 200) << people.body;
  const auto resident = people.Json()["items"][0]["id"];
  const nlohmann::json good = {{"resident_id", resident}, {"pledge", "我愿意"}};
  for (auto [field, value] : {std::pair{"pledge", nlohmann::json("")},
                              {"pledge", nlohmann::json("x\x1b[2J")},
                              {"pledge", nlohmann::json(42)},
                              {"resident_id", nlohmann::json("' OR 1=1 --")},
                              {"skills", nlohmann::json("a\nb")},
                              {"party_member", nlohmann::json("yes")}}) {
    nlohmann::json bad = good;
    bad[field] = value;
    auto r = Call("POST", "/api/v1/volunteers", bad.dump(), "community");
    EXPECT_EQ(r.status, 400) << field << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  }
  for (auto [field, value] : {std::pair{"kind", nlohmann::json("road")},
                              {"title", nlohmann::json("hero")},
                              {"region_code", nlohmann::json("420102001001")}}) {
    nlohmann::json bad = {
        {"name", "岗"}, {"kind", "grid"}, {"title", "pioneer"}, {"region_code", kDemoGrid}};
    bad[field] = value;
    auto r = Call("POST", "/api/v1/duty-posts", bad.dump(), "community");
    EXPECT_EQ(r.status, 400) << field << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  }
  auto window = Call("GET", "/api/v1/duty-posts/shifts?from=100&to=50", "", "community");
  EXPECT_EQ(window.status, 400) << window.body;
  EXPECT_TRUE(Call("GET", "/api/v1/volunteers", "", "community").Json()["items"].empty());
  EXPECT_TRUE(Call("GET", "/api/v1/duty-posts", "", "community").Json()["items"].empty());
}

// POST /volunteers by every role, for a resident in every role's scope
// (kDemoGrid) and for one of another street: signed up exactly when the
// role manages volunteers; out of scope the resident does not exist (404).
TEST_P(VolunteersApiTest, EveryRoleSigningUpInAndOutOfScope) {
  auto resident_of = [&](const std::string& grid, int index) {
    auto r = Call("GET", "/api/v1/residents?region=" + grid + "&limit=20", "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"][index]["id"];
  };
  const auto other = resident_of(kDemoOtherGrid, 0);
  OpsAccessPolicy policy(server_->services().users, server_->services().audit_writer);
  int signed_up = 0, index = 0;
  for (const auto& login : DemoLogins()) {
    const bool allowed = policy.RoleHas(login.role, "manage_volunteers");
    const auto mine = resident_of(kDemoGrid, index);
    auto in =
        Call("POST", "/api/v1/volunteers",
             nlohmann::json{{"resident_id", mine}, {"pledge", "我愿意"}}.dump(), login.username);
    EXPECT_EQ(in.status, allowed ? 201 : 403) << login.role << " " << in.body;
    if (allowed) {
      ++signed_up;
      ++index;
    }
    if (ops::InScope(login.scope, kDemoOtherGrid)) continue;
    auto out =
        Call("POST", "/api/v1/volunteers",
             nlohmann::json{{"resident_id", other}, {"pledge", "我愿意"}}.dump(), login.username);
    EXPECT_EQ(out.status, allowed ? 404 : 403) << login.role << " " << out.body;
  }
  EXPECT_EQ(signed_up, 4);  // command centre, district, street and community officers
  EXPECT_EQ(Call("GET", "/api/v1/volunteers?limit=50", "", "command").Json()["items"].size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Backends, VolunteersApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
