// Every role against every endpoint, derived from the route table: routes
// are not listed here a second time.
#include "api/endpoints/ops_access.hpp"
#include "api/routing/openapi.hpp"
#include "endpoints/api_fixture.hpp"

#include <set>

namespace fk::api::test {
namespace {

std::string Fill(std::string pattern, const std::string& code) {
  for (const auto& name : PathParameters(pattern)) {
    const std::string key = "{" + name + "}";
    pattern.replace(pattern.find(key), key.size(), name == "code" ? code : "1");
  }
  return pattern;
}

bool RouterForbade(const ClientResponse& r) {
  return r.status == 403 && r.Json()["error"]["code"] == "forbidden" &&
         r.Json()["error"]["message"].get<std::string>().rfind("role ", 0) == 0;
}

TEST_P(ApiTest, EveryProtectedEndpointIs401WithoutASession) {
  for (const auto& route : server_->router().routes()) {
    if (route.permission.empty()) continue;
    auto r = Call(route.method, Fill(route.pattern, kDemoGrid), "{}");
    EXPECT_EQ(r.status, 401) << route.method << " " << route.pattern;
  }
}

TEST_P(ApiTest, EveryRoleAgainstEveryEndpointInScope) {
  OpsAccessPolicy policy(server_->services().users, server_->services().audit_writer);
  for (const auto& login : DemoLogins()) {
    for (const auto& route : server_->router().routes()) {
      if (route.permission.empty()) continue;
      auto r = Call(route.method, Fill(route.pattern, login.scope), "{}", login.username);
      const bool allowed = policy.RoleHas(login.role, route.permission);
      EXPECT_EQ(RouterForbade(r), !allowed) << login.role << " " << route.method << " "
                                            << route.pattern << " -> " << r.status << " " << r.body;
      EXPECT_NE(r.status, 401) << route.pattern;
      EXPECT_LT(r.status, 500) << route.pattern << " " << r.body;
      if (route.pattern == "/api/v1/auth/logout") Login(login);  // that call ended the session
    }
  }
}

TEST_P(ApiTest, EveryRoleAgainstEveryRegionEndpointOutOfScope) {
  OpsAccessPolicy policy(server_->services().users, server_->services().audit_writer);
  for (const auto& login : DemoLogins()) {
    if (std::string(kDemoOtherGrid).rfind(ops::SubtreePrefix(login.scope), 0) == 0) continue;
    for (const auto& route : server_->router().routes()) {
      if (route.scope_param.empty()) continue;
      auto r = Call(route.method, Fill(route.pattern, kDemoOtherGrid), "{}", login.username);
      EXPECT_EQ(r.status, 403) << login.role << " " << route.pattern;
      if (policy.RoleHas(login.role, route.permission)) {
        EXPECT_EQ(r.Json()["error"]["code"], "out_of_scope") << login.role << " " << route.pattern;
      }
    }
  }
}

// PUT /grids/{code}/staff by every role: replaced (200) exactly when the role
// manages regions and the grid is in scope; else 403 and the list unchanged.
TEST_P(ApiTest, EveryRoleReplacingGridStaffInAndOutOfScope) {
  OpsAccessPolicy policy(server_->services().users, server_->services().audit_writer);
  auto staff_of = [&](const std::string& grid) {
    auto r = Call("GET", "/api/v1/grids/" + grid + "/staff", "", "admin");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  };
  const nlohmann::json other_before = staff_of(kDemoOtherGrid);
  nlohmann::json expected = staff_of(kDemoGrid);
  int allowed_roles = 0;
  for (const auto& login : DemoLogins()) {
    const bool allowed = policy.RoleHas(login.role, "manage_regions");
    const std::string body =
        nlohmann::json{{"items", {{{"duty", "leader"}, {"name", login.username}}}}}.dump();
    ASSERT_TRUE(ops::InScope(login.scope, kDemoGrid)) << login.username;
    auto in =
        Call("PUT", std::string("/api/v1/grids/") + kDemoGrid + "/staff", body, login.username);
    EXPECT_EQ(in.status, allowed ? 200 : 403) << login.role << " " << in.body;
    if (allowed) {
      ++allowed_roles;
      expected = {
          {{"duty", "leader"}, {"name", login.username}, {"phone", ""}, {"user_id", nullptr}}};
    } else {
      EXPECT_TRUE(RouterForbade(in)) << login.role << " " << in.body;
    }
    EXPECT_EQ(staff_of(kDemoGrid), expected) << login.role;
    if (ops::InScope(login.scope, kDemoOtherGrid)) continue;
    auto out = Call("PUT", std::string("/api/v1/grids/") + kDemoOtherGrid + "/staff", body,
                    login.username);
    EXPECT_EQ(out.status, 403) << login.role << " " << out.body;
    EXPECT_EQ(out.Json()["error"]["code"], allowed ? "out_of_scope" : "forbidden") << login.role;
  }
  // district, street and community officers and the administrator
  EXPECT_EQ(allowed_roles, 4);
  EXPECT_EQ(staff_of(kDemoOtherGrid), other_before);
}

TEST_P(ApiTest, GridWorkerSeesOnlyTheHouseholdsOfTheirGrid) {
  auto mine = Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid, "", "grid");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_FALSE(mine.Json()["items"].empty());
  const nlohmann::json mine_body = mine.Json();  // keep the parsed body alive
  for (const auto& r : mine_body["items"]) EXPECT_EQ(r["grid_code"], kDemoGrid);
  auto all = Call("GET", std::string("/api/v1/residents?region=") + kDemoOtherGrid + "&limit=1", "",
                  "district");
  ASSERT_EQ(all.status, 200);
  const auto other_id = all.Json()["items"][0]["household_id"].get<std::int64_t>();
  auto denied = Call("GET", "/api/v1/households/" + std::to_string(other_id), "", "grid");
  EXPECT_TRUE(denied.status == 404 || denied.status == 403) << denied.body;
  auto other = Call("GET", std::string("/api/v1/residents?region=") + kDemoOtherGrid, "", "grid");
  EXPECT_EQ(other.status, 403) << other.body;
}

TEST_P(ApiTest, OpenApiDocumentEqualsTheRoutesServed) {
  auto r = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto doc = r.Json();
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.emplace(upper, path);
    }
  }
  for (const auto& route : server_->router().routes()) served.emplace(route.method, route.pattern);
  EXPECT_EQ(documented, served);
  // And every documented operation is really there (never "no such endpoint").
  for (const auto& [method, path] : documented) {
    auto answer = Call(method, Fill(path, kDemoGrid), "{}", "admin");
    if (path != "/api/v1/openapi.json") {  // the document itself names that answer
      EXPECT_EQ(answer.body.find("no such endpoint"), std::string::npos) << method << " " << path;
    }
    EXPECT_NE(answer.status, 405) << method << " " << path;
  }
}

TEST_P(ApiTest, WrongMethodIs405WithAllow) {
  auto r = Call("PATCH", "/api/v1/residents/1", "", "admin");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET, PUT, DELETE");
  EXPECT_EQ(Call("GET", "/api/v1/nothing-here", "", "admin").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, fk::testing::AllDialects(), fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
