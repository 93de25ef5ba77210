// Checkpoints through the API, tried like an attacker: a guard logs a
// resident under a quarantine order at their community's gate and is told
// to hold them; the grid sees the alert; a guard of another community cannot use the gate; the
// log shows ID numbers only to roles that see unmasked data.
#include <ctime>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

using CheckpointsApiTest = ApiTest;

TEST_P(CheckpointsApiTest, AQuarantinedResidentAtTheGateAlertsTheGridAndNoOneElse) {
  auto gate = Call("POST", "/api/v1/checkpoints",
                   R"({"name":"一号门","kind":"gate","region_code":"420102001001"})", "community");
  ASSERT_EQ(gate.status, 201) << gate.body;
  const std::string passages = "/api/v1/checkpoints/" + gate.Json()["id"].dump() + "/passages";
  // The grid worker guards the community's gate and sees the community by
  // name, though reading the region itself is outside their scope.
  auto community = Call("GET", "/api/v1/regions/420102001001", "", "community");
  ASSERT_EQ(community.status, 200) << community.body;
  EXPECT_EQ(Call("GET", "/api/v1/regions/420102001001", "", "grid").status, 403);
  auto listed = Call("GET", "/api/v1/checkpoints?limit=200", "", "grid");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool named = false;
  const nlohmann::json checkpoints = listed.Json();
  for (const auto& c : checkpoints["items"])
    if (c["id"] == gate.Json()["id"]) named = c["region_name"] == community.Json()["name"];
  EXPECT_TRUE(named) << listed.body;
  EXPECT_EQ(gate.Json()["region_name"], community.Json()["name"]);
  auto people =
      Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=1&unmasked=true",
           "", "grid");
  ASSERT_EQ(people.status, 200) << people.body;
  const auto person = people.Json()["items"][0];
  char today[16];
  const std::time_t now = std::time(nullptr);
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
  auto order = Call(
      "POST", "/api/v1/quarantine-orders",
      nlohmann::json{{"resident_id", person["id"]}, {"place", "home"}, {"last_exposure", today}}
          .dump(),
      "community");
  ASSERT_EQ(order.status, 201) << order.body;
  const std::string body = nlohmann::json{
      {"direction", "out"},
      {"subject", "person"},
      {"id_number", person["id_number"]},
      {"temperature", 36.8}}.dump();
  auto logged = Call("POST", passages, body, "grid");
  ASSERT_EQ(logged.status, 201) << logged.body;
  EXPECT_EQ(logged.Json()["alert"], "quarantine");
  // Grid workers guard gates but do not set them up; supply officers do neither.
  auto elsewhere = Call("POST", "/api/v1/checkpoints",
                        R"({"name":"x","kind":"gate",)"
                        R"("region_code":"420102001001"})",
                        "grid");
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_EQ(Call("POST", passages, body, "supply").status, 403);
  auto alerts = Call("GET", "/api/v1/checkpoint-alerts?open=true", "", "grid");
  ASSERT_EQ(alerts.status, 200) << alerts.body;
  ASSERT_EQ(alerts.Json()["items"].size(), 1u);
  EXPECT_EQ(alerts.Json()["items"][0]["resident_id"], person["id"]);
  // The log: clear for the grid worker, masked for the volunteer.
  auto log = Call("GET", passages, "", "grid");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.Json()["items"][0]["id_number"], person["id_number"]);
  EXPECT_EQ(log.Json()["items"][0]["temperature"], 36.8);
  auto masked = Call("GET", passages, "", "volunteer");
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_NE(masked.Json()["items"][0]["id_number"], person["id_number"]);
  // Bad input names the field and writes nothing.
  for (auto [field, value] : {std::pair{"id_number", nlohmann::json("' OR 1=1 --")},
                              {"temperature", nlohmann::json(99.5)},
                              {"direction", nlohmann::json("sideways")}}) {
    nlohmann::json bad = nlohmann::json::parse(body);
    bad[field] = value;
    auto r = Call("POST", passages, bad.dump(), "grid");
    EXPECT_EQ(r.status, 400) << field << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  }
  EXPECT_EQ(Call("GET", passages, "", "grid").Json()["items"].size(), 1u);
  // The phone sends again with its id: 200 and the first answer, logged once.
  nlohmann::json resend = nlohmann::json::parse(body);
  resend["client_id"] = "a1b2c3d4-resend";
  auto once = Call("POST", passages, resend.dump(), "grid");
  ASSERT_EQ(once.status, 201) << once.body;
  auto twice = Call("POST", passages, resend.dump(), "grid");
  ASSERT_EQ(twice.status, 200) << twice.body;
  EXPECT_EQ(twice.Json(), once.Json());
  EXPECT_EQ(twice.Json()["alert"], "quarantine");
  resend["temperature"] = 37.9;
  auto other = Call("POST", passages, resend.dump(), "grid");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.Json()["error"]["field"], "client_id") << other.body;
  EXPECT_EQ(Call("GET", passages, "", "grid").Json()["items"].size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckpointsApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
