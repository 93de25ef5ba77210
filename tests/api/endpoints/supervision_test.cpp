// Supervision through the API: the street forms a team of the grid worker
// and the community officer, draws a round over the grid worker's visits
// (all of them go to the community officer: never to the first visitor),
// the re-visits are recorded, scored and turned into a correction directive.
// An attacker's attempts (the grid worker as supervisor of their own visits,
// a team out of scope, bad input) are refused and change nothing.
#include <chrono>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

constexpr const char* kStreet = "420102001";

class SupervisionApiTest : public ApiTest {
 protected:
  // A campaign over the first community with the grid worker's visits of
  // three households (everyone present, nobody flagged); its id.
  std::string VisitedCampaign() {
    auto created = Call("POST", "/api/v1/campaigns",
                        nlohmann::json{{"name", "摸排"},
                                       {"region_code", "420102001001"},
                                       {"start_date", "2020-02-17"},
                                       {"end_date", "2020-02-19"}}
                            .dump(),
                        "community");
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string campaign = std::to_string(created.Json()["id"].get<int64_t>());
    auto tasks = Call("GET", "/api/v1/campaigns/" + campaign + "/tasks", "", "grid");
    EXPECT_EQ(tasks.status, 200) << tasks.body;
    const nlohmann::json items = tasks.Json()["items"];
    for (size_t i = 0; i < 3 && i < items.size(); ++i) {
      auto people = Call("GET",
                         "/api/v1/households/" +
                             std::to_string(items[i]["household_id"].get<int64_t>()) + "/residents",
                         "", "grid");
      const nlohmann::json residents = people.Json()["items"];
      for (const auto& p : residents) {
        auto v = Call("POST", "/api/v1/campaigns/" + campaign + "/visits",
                      nlohmann::json{{"task_id", items[i]["id"]},
                                     {"resident_id", p["id"]},
                                     {"present", true},
                                     {"temperature", 36.5}}
                          .dump(),
                      "grid");
        EXPECT_EQ(v.status, 201) << v.body;
      }
    }
    return campaign;
  }

  std::string Team(const std::vector<std::string>& members) {
    auto team =
        Call("POST", "/api/v1/supervision/teams",
             nlohmann::json{{"name", "第一督导组"}, {"region_code", kStreet}, {"members", members}}
                 .dump(),
             "street");
    EXPECT_EQ(team.status, 201) << team.body;
    return std::to_string(team.Json()["id"].get<int64_t>());
  }

  std::int64_t Count(const std::string& target, const std::string& user) {
    auto r = Call("GET", target, "", user);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::int64_t>(r.Json()["items"].size());
  }
};

std::int64_t InDays(int days) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         days * 86400;
}

TEST_P(SupervisionApiTest, RoundReVisitsQualityAndCorrections) {
  const std::string campaign = VisitedCampaign();
  const std::string team = Team({"grid", "community"});
  const std::string rounds = "/api/v1/supervision/teams/" + team + "/rounds";
  auto drawn =
      Call("POST", rounds,
           nlohmann::json{{"campaign_id", std::stoll(campaign)}, {"per_mille", 1000}, {"seed", 42}}
               .dump(),
           "street");
  ASSERT_EQ(drawn.status, 201) << drawn.body;
  ASSERT_EQ(drawn.Json()["items"].size(), 3u);
  // The grid worker visited them all first: none is theirs to re-visit.
  EXPECT_EQ(Count("/api/v1/supervision/revisits", "grid"), 0);
  auto mine = Call("GET", "/api/v1/supervision/revisits?limit=2", "", "community");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json()["items"].size(), 2u);
  ASSERT_FALSE(mine.Json()["next_cursor"].is_null());
  const auto first = mine.Json()["items"][0];
  const std::string revisit =
      "/api/v1/supervision/revisits/" + std::to_string(first["id"].get<int64_t>());
  // The grid worker neither sees nor records a re-visit of their own visit.
  EXPECT_EQ(Call("GET", revisit, "", "grid").status, 404);
  auto door = Call("GET", revisit, "", "community");
  ASSERT_EQ(door.status, 200) << door.body;
  const nlohmann::json people = door.Json()["residents"];
  ASSERT_FALSE(people.empty());
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& p : people)
    findings.push_back({{"resident_id", p["id"]}, {"present", true}, {"flagged", false}});
  findings[0]["flagged"] = true;  // a fever the first visit missed
  const std::string body = nlohmann::json{{"findings", findings}}.dump();
  EXPECT_EQ(Call("POST", revisit, body, "grid").status, 404);
  auto done = Call("POST", revisit, body, "community");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(done.Json()["done"].get<bool>());
  EXPECT_EQ(done.Json()["disagreements"], 1);
  EXPECT_EQ(Call("POST", revisit, body, "community").status, 409);

  const std::string round = rounds + "/" + campaign;
  EXPECT_EQ(Count(round, "street"), 3);
  auto quality = Call("GET", round + "/quality", "", "street");
  ASSERT_EQ(quality.status, 200) << quality.body;
  ASSERT_EQ(quality.Json()["by_grid"].size(), 1u);
  EXPECT_EQ(quality.Json()["by_grid"][0]["key"], kDemoGrid);
  EXPECT_EQ(quality.Json()["by_grid"][0]["score_per_mille"], 0);
  ASSERT_EQ(quality.Json()["by_worker"].size(), 1u);
  // The first visitor by display name (the demo's grid worker is in the
  // street's scope); no corrections yet.
  EXPECT_FALSE(quality.Json()["by_worker"][0]["name"].get<std::string>().empty());
  EXPECT_NE(quality.Json()["by_worker"][0]["name"], "grid");  // not the username
  EXPECT_TRUE(quality.Json()["corrections"].is_null());
  auto past = Call("POST", round + "/corrections", nlohmann::json{{"deadline", InDays(-1)}}.dump(),
                   "street");
  EXPECT_EQ(past.status, 400) << past.body;
  EXPECT_EQ(past.Json()["error"]["field"], "deadline");
  EXPECT_TRUE(Call("GET", round + "/quality", "", "street").Json()["corrections"].is_null());
  auto fixes = Call("POST", round + "/corrections", nlohmann::json{{"deadline", InDays(2)}}.dump(),
                    "street");
  ASSERT_EQ(fixes.status, 201) << fixes.body;
  ASSERT_EQ(fixes.Json()["items"].size(), 1u);
  EXPECT_EQ(fixes.Json()["items"][0]["region_code"], kDemoGrid);
  EXPECT_EQ(fixes.Json()["items"][0]["measure"], "correction");
  EXPECT_EQ(
      Call("POST", round + "/corrections", nlohmann::json{{"deadline", InDays(2)}}.dump(), "street")
          .status,
      409);
  auto marked = Call("GET", round + "/quality", "", "street");
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.Json()["corrections"]["directives"], 1);
  // The grid receives the correction as any directive.
  auto list = Call("GET", "/api/v1/directives", "", "grid");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["items"].size(), 1u);
}

TEST_P(SupervisionApiTest, AttacksAreRefusedAndChangeNothing) {
  const std::string campaign = VisitedCampaign();
  auto create = [&](const std::string& user, nlohmann::json members, const std::string& region) {
    return Call(
        "POST", "/api/v1/supervision/teams",
        nlohmann::json{{"name", "组"}, {"region_code", region}, {"members", members}}.dump(), user);
  };
  // Roles without issue_directives; a region outside the officer's scope.
  EXPECT_EQ(create("grid", {"community"}, kStreet).status, 403);
  EXPECT_EQ(create("admin", {"community"}, kStreet).status, 403);
  EXPECT_EQ(create("street", {"community"}, "420102002").status, 403);
  // Members: one answer whatever the reason (missing, not a visiting role,
  // outside the team's region), naming the field.
  for (const char* who : {"nobody", "district", "grid"}) {
    auto r = create("community", {who}, "420102001001002");
    EXPECT_EQ(r.status, 400) << who;
    EXPECT_EQ(r.Json()["error"]["field"], "members") << who;
  }
  EXPECT_EQ(create("street", {1}, kStreet).status, 400);
  EXPECT_EQ(Count("/api/v1/supervision/teams", "district"), 0);

  const std::string team = Team({"grid", "community"});
  const std::string rounds = "/api/v1/supervision/teams/" + team + "/rounds";
  auto draw = [&](const std::string& user, std::int64_t per_mille, const std::string& target) {
    return Call(
        "POST", target,
        nlohmann::json{{"campaign_id", std::stoll(campaign)}, {"per_mille", per_mille}, {"seed", 1}}
            .dump(),
        user);
  };
  auto zero = draw("street", 0, rounds);
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(zero.Json()["error"]["field"], "per_mille");
  EXPECT_EQ(draw("street", 1LL << 40, rounds).status, 400);
  // The community officer is below the team's street: its team answers as
  // a missing one, as does a team that does not exist.
  auto hidden = draw("community", 500, rounds);
  auto missing = draw("street", 500, "/api/v1/supervision/teams/999999/rounds");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Call("GET", rounds + "/" + campaign + "/quality", "", "community").status, 404);
  EXPECT_EQ(Count("/api/v1/supervision/teams", "community"), 0);
  // Re-visit rounds are the supervisors' own: the grid worker may not see one.
  EXPECT_EQ(Call("GET", rounds + "/" + campaign, "", "grid").status, 403);
  EXPECT_EQ(Count(rounds + "/" + campaign, "street"), 0);  // nothing was drawn

  ASSERT_EQ(draw("street", 1000, rounds).status, 201);
  EXPECT_EQ(draw("street", 1000, rounds).status, 409);
  auto mine = Call("GET", "/api/v1/supervision/revisits", "", "community");
  ASSERT_EQ(mine.status, 200);
  ASSERT_FALSE(mine.Json()["items"].empty());
  const std::string revisit = "/api/v1/supervision/revisits/" +
                              std::to_string(mine.Json()["items"][0]["id"].get<int64_t>());
  // Another visitor (the volunteer of the same grid) answers as missing.
  EXPECT_EQ(Call("GET", revisit, "", "volunteer").status, 404);
  // A person of another street's household, an empty list, a wrong type: 400.
  auto elsewhere = Call("GET", std::string("/api/v1/residents?limit=1&region=") + kDemoOtherGrid,
                        "", "district");
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  const std::int64_t outsider = elsewhere.Json()["items"][0]["id"];
  auto stranger =
      Call("POST", revisit,
           nlohmann::json{
               {"findings", {{{"resident_id", outsider}, {"present", true}, {"flagged", false}}}}}
               .dump(),
           "community");
  EXPECT_EQ(stranger.status, 400);
  EXPECT_EQ(stranger.Json()["error"]["message"],
            "findings[0].resident_id: not a member of the household");
  EXPECT_EQ(Call("POST", revisit, R"({"findings": []})", "community").status, 400);
  EXPECT_EQ(Call("POST", revisit,
                 R"({"findings": [{"resident_id": "x", "present": true, "flagged": false}]})",
                 "community")
                .status,
            400);
  auto round = Call("GET", rounds + "/" + campaign, "", "street");
  ASSERT_EQ(round.status, 200);
  const auto items = round.Json()["items"];
  for (const auto& r : items) EXPECT_FALSE(r["done"].get<bool>());
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisionApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
