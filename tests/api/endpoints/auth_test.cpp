#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

TEST_P(ApiTest, HealthzNeedsNoLogin) {
  auto r = Call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["status"], "ok");
}

TEST_P(ApiTest, LoginSetsAStrictHttpOnlyCookieThatAuthenticates) {
  auto r = Call("POST", "/api/v1/auth/login", R"({"username":"grid","password":"fangkong-demo"})");
  ASSERT_EQ(r.status, 200);
  const std::string cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string token = r.Json()["token"];
  EXPECT_EQ(cookie.substr(0, cookie.find(';')), "fk_session=" + token);
  auto me = Call("GET", "/api/v1/auth/me", "", "", {{"Cookie", "fk_session=" + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["role"], "grid_worker");
  EXPECT_EQ(me.Json()["scope"], kDemoGrid);
}

TEST_P(ApiTest, WrongPasswordIs401) {
  auto r = Call("POST", "/api/v1/auth/login", R"({"username":"grid","password":"nope-nope"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error"]["code"], "login_failed");
}

TEST_P(ApiTest, LogoutEndsTheSession) {
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "street").status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", "", "street").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "street").status, 401);
}

TEST_P(ApiTest, PasswordChangeEndsSessionsAndTheNewPasswordWorks) {
  auto r = Call("POST", "/api/v1/auth/password",
                R"({"old_password":"fangkong-demo","new_password":"another-secret"})", "medical");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "medical").status, 401);
  EXPECT_EQ(
      Call("POST", "/api/v1/auth/login", R"({"username":"medical","password":"another-secret"})")
          .status,
      200);
}

// The permissions /auth/me reports are the role's, so the web front end can
// build its menu from them.
TEST_P(ApiTest, MeReportsThePermissionsOfTheRole) {
  auto permissions = [&](const std::string& user) {
    auto me = Call("GET", "/api/v1/auth/me", "", user);
    EXPECT_EQ(me.status, 200) << me.body;
    return me.Json()["permissions"].get<std::vector<std::string>>();
  };
  EXPECT_EQ(
      permissions("grid"),
      (std::vector<std::string>{"read_registry", "write_registry", "see_unmasked", "record_visits",
                                "read_stats", "read_cases", "report_to_command",
                                "record_quarantine_checks", "handle_declarations"}));
  EXPECT_EQ(permissions("admin"), (std::vector<std::string>{"manage_regions", "manage_users",
                                                            "read_audit", "read_stats"}));
  EXPECT_EQ(permissions("supply"), (std::vector<std::string>{"read_stats", "manage_supplies"}));
  auto me = Call("GET", "/api/v1/auth/me", "", "command");
  EXPECT_EQ(me.Json()["username"], "command");
  EXPECT_EQ(me.Json()["role"], "command_centre");
}

}  // namespace
}  // namespace fk::api::test
