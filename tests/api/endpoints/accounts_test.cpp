// Accounts through the API (admin_routes.cpp, auth_routes.cpp), on both
// backends: one-time passwords that must be changed first, the separation of
// duties (the attack of issue 11 through every way an account can be made
// or changed), deactivation and ended sessions, throttling and password
// rules.
#include <set>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class AccountsTest : public ApiTest {
 protected:
  // Logs in; the token, or "" (and the answer in last_).
  std::string LoginAs(const std::string& username, const std::string& password) {
    last_ = Call("POST", "/api/v1/auth/login",
                 nlohmann::json{{"username", username}, {"password", password}}.dump());
    if (last_.status != 200) return "";
    return last_.Json()["token"];
  }
  ClientResponse With(const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body = {}) {
    return Request(server_->port(), method, target, body, {{"Authorization", "Bearer " + token}});
  }
  std::int64_t IdOf(const std::string& username) {
    return Call("GET", "/api/v1/auth/me", "", username).Json()["id"].get<std::int64_t>();
  }
  // Reads residents of the district unmasked with `token`: the status.
  int ReadUnmasked(const std::string& token) {
    return With(token, "GET",
                std::string("/api/v1/residents?region=") + kDemoDistrict + "&unmasked=true&limit=1")
        .status;
  }
  // Logs in with a one-time password, changes it, logs in again: the token.
  std::string TakeOver(const std::string& username, const std::string& one_time) {
    const std::string first = LoginAs(username, one_time);
    EXPECT_FALSE(first.empty()) << last_.body;
    EXPECT_EQ(last_.Json()["user"]["password_change_required"], true);
    EXPECT_EQ(ReadUnmasked(first), 403);
    auto refused = With(first, "GET", std::string("/api/v1/regions/") + kDemoDistrict);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.Json()["error"]["code"], "password_change_required");
    auto me = With(first, "GET", "/api/v1/auth/me");
    EXPECT_EQ(me.status, 200);
    EXPECT_EQ(me.Json()["password_change_required"], true);
    auto changed = With(
        first, "POST", "/api/v1/auth/password",
        nlohmann::json{{"old_password", one_time}, {"new_password", "taken-over-2020"}}.dump());
    EXPECT_EQ(changed.status, 200) << changed.body;
    return LoginAs(username, "taken-over-2020");
  }
  // The district officer approves request `id`.
  ClientResponse Approve(std::int64_t id, const std::string& approver = "district") {
    return Call("POST", "/api/v1/user-requests/" + std::to_string(id) + "/approve", "", approver);
  }

  ClientResponse last_;
};

// The attack of issue 11: the administrator (who may not read personal
// data) creates a district officer in its scope, logs in as it and reads
// residents unmasked. Now the account waits, inactive, until someone who
// holds the officer's data permissions approves.
TEST_P(AccountsTest, AnAdministratorsNewOfficerWaitsForAnOfficersApproval) {
  auto made = Call("POST", "/api/v1/users",
                   nlohmann::json{{"username", "fake_officer"},
                                  {"display_name", "冒充的区干部"},
                                  {"role", "district_officer"},
                                  {"scope", kDemoDistrict}}
                       .dump(),
                   "admin");
  ASSERT_EQ(made.status, 202) << made.body;
  const auto body = made.Json();
  EXPECT_EQ(body["active"], false);
  EXPECT_EQ(body["request"]["status"], "pending");
  EXPECT_EQ(body["request"]["needs"],
            nlohmann::json({"read_registry", "write_registry", "see_unmasked", "run_screening",
                            "run_simulations", "read_cases", "manage_cases", "issue_directives",
                            "report_to_command", "manage_supplies", "manage_facilities",
                            "manage_patients", "manage_quarantine", "publish_notices",
                            "handle_declarations", "manage_volunteers"}));
  const std::string one_time = body["one_time_password"];
  EXPECT_TRUE(LoginAs("fake_officer", one_time).empty());
  EXPECT_EQ(last_.status, 401);
  const std::int64_t request = body["request"]["id"];
  const std::string approve = "/api/v1/user-requests/" + std::to_string(request) + "/approve";
  auto self = Call("POST", approve, "", "admin");
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(self.Json()["error"]["message"],
            "request: you made it; another person must approve it");
  auto command = Call("POST", approve, "", "command");
  EXPECT_EQ(command.status, 403);
  EXPECT_EQ(command.Json()["error"]["message"],
            "request: approving it needs write registry data, manage cases, which role "
            "command_centre does not hold");
  EXPECT_EQ(Call("GET", "/api/v1/user-requests", "", "admin").Json()["items"].size(), 0u);
  auto listed = Call("GET", "/api/v1/user-requests", "", "district");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.Json()["items"].size(), 1u);
  EXPECT_EQ(listed.Json()["items"][0]["username"], "fake_officer");
  auto approved = Approve(request);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Json()["status"], "approved");
  EXPECT_EQ(ReadUnmasked(TakeOver("fake_officer", one_time)), 200);
  // The audit log names both people.
  auto audit =
      Call("GET", "/api/v1/audit?entity=user&entity_id=" + std::to_string(body["id"].get<int>()),
           "", "admin");
  const nlohmann::json entries = audit.Json();  // kept alive for the loop
  std::set<std::string> actions;
  for (const auto& e : entries["items"]) actions.insert(e["action"].get<std::string>());
  EXPECT_TRUE(actions.contains("create") && actions.contains("approve")) << audit.body;
}

TEST_P(AccountsTest, AResetPasswordIsUnusableUntilApproved) {
  const std::int64_t street = IdOf("street");
  auto reset =
      Call("POST", "/api/v1/users/" + std::to_string(street) + "/reset-password", "", "admin");
  ASSERT_EQ(reset.status, 202) << reset.body;
  const std::string one_time = reset.Json()["one_time_password"];
  EXPECT_TRUE(LoginAs("street", one_time).empty());
  EXPECT_FALSE(LoginAs("street", "fangkong-demo").empty());  // the owner's password still works
  ASSERT_EQ(Approve(reset.Json()["request"]["id"]).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "street").status, 401);  // sessions ended
  EXPECT_TRUE(LoginAs("street", "fangkong-demo").empty());
  EXPECT_EQ(ReadUnmasked(TakeOver("street", one_time)), 403);  // the street is not the district
}

TEST_P(AccountsTest, ARoleChangeAndAScopeWideningWaitForApproval) {
  // A volunteer (masked data only) made an officer.
  const std::int64_t volunteer = IdOf("volunteer");
  const std::string user_url = "/api/v1/users/" + std::to_string(volunteer);
  auto promoted = Call(
      "PATCH", user_url,
      R"({"role":"district_officer","scope":")" + std::string(kDemoDistrict) + R"("})", "admin");
  ASSERT_EQ(promoted.status, 202) << promoted.body;
  EXPECT_EQ(promoted.Json()["role"], "volunteer");
  EXPECT_EQ(Call("GET", user_url, "", "admin").Json()["role"], "volunteer");
  auto again = Call("PATCH", user_url, R"({"role":"supply_officer"})", "admin");
  EXPECT_EQ(again.status, 409);
  ASSERT_EQ(Approve(promoted.Json()["request"]["id"]).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "volunteer").Json()["role"], "district_officer");
  // A grid worker's scope widened to the district, by the administrator:
  // only a holder of record visits over the district may approve.
  const std::string grid_url = "/api/v1/users/" + std::to_string(IdOf("grid"));
  auto wider =
      Call("PATCH", grid_url, R"({"scope":")" + std::string(kDemoDistrict) + R"("})", "admin");
  ASSERT_EQ(wider.status, 202) << wider.body;
  auto district = Approve(wider.Json()["request"]["id"]);
  EXPECT_EQ(district.status, 403);
  EXPECT_EQ(district.Json()["error"]["message"],
            "request: approving it needs record visits, record quarantine checks, which role "
            "district_officer does not hold");
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "grid").Json()["scope"], kDemoGrid);
  // Own role or scope: never.
  auto own = Call("PATCH", "/api/v1/users/" + std::to_string(IdOf("admin")),
                  R"({"role":"district_officer"})", "admin");
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(own.Json()["error"]["message"], "user: not allowed on your own account");
}

TEST_P(AccountsTest, DeactivationEndsSessionsAtOnceAndReactivationWaits) {
  const std::string url = "/api/v1/users/" + std::to_string(IdOf("street"));
  ASSERT_EQ(Call("GET", "/api/v1/auth/me", "", "street").status, 200);  // cached
  auto off = Call("POST", url + "/deactivate", "", "admin");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json()["active"], false);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "street").status, 401);
  EXPECT_TRUE(LoginAs("street", "fangkong-demo").empty());
  auto back = Call("POST", url + "/reactivate", "", "admin");
  ASSERT_EQ(back.status, 202) << back.body;
  EXPECT_TRUE(LoginAs("street", "fangkong-demo").empty());
  ASSERT_EQ(Approve(back.Json()["request"]["id"]).status, 200);
  EXPECT_FALSE(LoginAs("street", "fangkong-demo").empty());
  // Ending sessions.
  ASSERT_EQ(Call("GET", "/api/v1/auth/me", "", "supply").status, 200);
  auto ended =
      Call("DELETE", "/api/v1/users/" + std::to_string(IdOf("supply")) + "/sessions", "", "admin");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.Json()["ended"], 1);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "supply").status, 401);
}

TEST_P(AccountsTest, ANewAccountWithoutMorePermissionsIsMadeAtOnce) {
  auto made = Call("POST", "/api/v1/users",
                   R"({"username":"stats_clerk","display_name":"统计员","role":"administrator",)"
                   R"("scope":"420102"})",
                   "admin");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["active"], true);
  EXPECT_FALSE(made.Json().contains("request"));
  const std::string one_time = made.Json()["one_time_password"];
  const std::string token = LoginAs("stats_clerk", one_time);
  ASSERT_FALSE(token.empty());
  auto refused =
      With(token, "GET", "/api/v1/stats/daily?region=420102&from=2020-01-01&to=2020-01-02");
  EXPECT_EQ(refused.Json()["error"]["code"], "password_change_required");
  for (auto [next, message] : std::vector<std::pair<std::string, std::string>>{
           {"5201314a",
            "new_password: too common; choose one that is not on the list of the most "
            "used passwords"},
           {"Stats_Clerk-1", "new_password: must not contain the username"},
           {one_time, "new_password: must differ from the old password"}}) {
    auto r = With(token, "POST", "/api/v1/auth/password",
                  nlohmann::json{{"old_password", one_time}, {"new_password", next}}.dump());
    EXPECT_EQ(r.status, 400) << next;
    EXPECT_EQ(r.Json()["error"]["message"], message);
    EXPECT_EQ(r.Json()["error"]["field"], "new_password");
  }
}

// The throttle answers an unknown username exactly as a real one.
TEST_P(AccountsTest, ThrottledLoginsAre429TheSameForRealAndUnknownNames) {
  std::vector<std::string> bodies;
  for (const char* name : {"grid", "no_such_user"}) {
    for (int i = 0; i < 5; ++i) {
      LoginAs(name, "wrong-password");
      EXPECT_EQ(last_.status, 401);
      EXPECT_EQ(last_.Json()["error"]["message"], "login: wrong username or password");
    }
    LoginAs(name, "fangkong-demo");
    EXPECT_EQ(last_.status, 429) << name;
    EXPECT_FALSE(last_.headers["retry-after"].empty());
    bodies.push_back(last_.body);
  }
  EXPECT_EQ(bodies[0], bodies[1]);
  EXPECT_EQ(nlohmann::json::parse(bodies[0])["error"]["code"], "too_many_attempts");
  // Wrong old passwords at /auth/password count too (same pair: grid from here).
  auto guess = Call("POST", "/api/v1/auth/password",
                    R"({"old_password":"fangkong-demo","new_password":"brand-new-2020"})", "grid");
  EXPECT_EQ(guess.status, 429);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
