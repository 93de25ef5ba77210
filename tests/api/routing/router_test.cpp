#include "api/routing/router.hpp"

#include <gtest/gtest.h>

#include "api/routing/openapi.hpp"

namespace fk::api {
namespace {

// Two users: "admin-token" (role admin, whole city) and "worker-token"
// (role worker, scope region 1101).
class FakePolicy : public AccessPolicy {
 public:
  std::optional<Principal> Authenticate(std::string_view token, std::string_view) override {
    if (token == "admin-token") return Principal{1, "ada", "admin", "11", std::string(token)};
    if (token == "worker-token") return Principal{2, "wu", "worker", "1101", std::string(token)};
    return std::nullopt;
  }
  bool RoleHas(std::string_view role, std::string_view permission) const override {
    return role == "admin" || permission == "region.read";
  }
  bool InScope(const Principal& p, std::string_view code) const override {
    return code.substr(0, p.scope_region.size()) == p.scope_region;
  }
};

HttpResponse Echo(RequestContext& c) {
  return JsonResponse({{"params", c.path_params}, {"query", c.query}, {"body", c.body}});
}

std::vector<Route> TestRoutes() {
  BodySchema person{{{"name", FieldType::kString, true, {}, 10, ""},
                     {"sex", FieldType::kString, false, {"M", "F"}, 1, ""},
                     {"age", FieldType::kInteger, false, {}, 0, ""},
                     {"tags", FieldType::kStringList, false, {}, 2, ""}}};
  return {
      {"GET",
       "/healthz",
       "health",
       "ops",
       "",
       "",
       BodyKind::kNone,
       {},
       {},
       kDefaultBodyLimit,
       Echo},
      {"GET",
       "/regions/{code}",
       "region",
       "regions",
       "region.read",
       "code",
       BodyKind::kNone,
       {},
       {{"limit", FieldType::kInteger, false, ""}, {"q", FieldType::kString, false, ""}},
       kDefaultBodyLimit,
       Echo},
      {"POST",
       "/regions/{code}/people",
       "add",
       "people",
       "people.write",
       "code",
       BodyKind::kJson,
       person,
       {},
       kDefaultBodyLimit,
       Echo},
      {"DELETE",
       "/regions/{code}",
       "drop",
       "regions",
       "region.write",
       "code",
       BodyKind::kNone,
       {},
       {},
       kDefaultBodyLimit,
       Echo},
  };
}

struct RouterTest : ::testing::Test {
  FakePolicy policy;
  Router router{TestRoutes(), policy};

  HttpResponse Call(std::string method, std::string target, std::string token = {},
                    std::string body = {}) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    request.body = std::move(body);
    return router.Handle(request);
  }
  static nlohmann::json Error(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"];
  }
};

TEST_F(RouterTest, UnknownPathIs404) {
  auto r = Call("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Error(r)["code"], "not_found");
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  auto r = Call("PUT", "/regions/1101");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, DELETE");
}

TEST_F(RouterTest, PublicRouteNeedsNoLogin) { EXPECT_EQ(Call("GET", "/healthz").status, 200); }

TEST_F(RouterTest, ProtectedRouteWithoutOrWithBadTokenIs401) {
  EXPECT_EQ(Call("GET", "/regions/1101").status, 401);
  EXPECT_EQ(Call("GET", "/regions/1101", "forged").status, 401);
}

TEST_F(RouterTest, SessionCookieAuthenticates) {
  HttpRequest request{"GET", "/regions/1101", {{"cookie", "a=b; fk_session=worker-token"}}, "", ""};
  EXPECT_EQ(router.Handle(request).status, 200);
}

TEST_F(RouterTest, RoleWithoutPermissionIs403) {
  auto r = Call("DELETE", "/regions/1101", "worker-token");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Error(r)["code"], "forbidden");
  EXPECT_EQ(Call("DELETE", "/regions/1101", "admin-token").status, 200);
}

TEST_F(RouterTest, RegionOutsideScopeIs403NamingTheParameter) {
  auto r = Call("GET", "/regions/1102", "worker-token");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Error(r)["code"], "out_of_scope");
  EXPECT_EQ(Error(r)["field"], "code");
  EXPECT_EQ(Call("GET", "/regions/110101", "worker-token").status, 200);
}

TEST_F(RouterTest, PathParametersAreDecoded) {
  auto r = Call("GET", "/regions/11%30%31?q=a+b%26c", "admin-token");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["params"]["code"], "1101");
  EXPECT_EQ(body["query"]["q"], "a b&c");
}

TEST_F(RouterTest, QueryParametersAreValidated) {
  EXPECT_EQ(Error(Call("GET", "/regions/11?bogus=1", "admin-token"))["field"], "bogus");
  auto r = Call("GET", "/regions/11?limit=ten", "admin-token");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Error(r)["field"], "limit");
  EXPECT_EQ(Call("GET", "/regions/11?limit=10", "admin-token").status, 200);
}

TEST_F(RouterTest, BodyProblemsAre400NamingTheField) {
  const std::string url = "/regions/11/people";
  struct Case {
    std::string body, code, field;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"name\": ", "malformed_json", ""},
           {"[1]", "invalid_field", ""},
           {"{}", "invalid_field", "name"},
           {"{\"name\": 5}", "invalid_field", "name"},
           {"{\"name\": \"01234567890\"}", "invalid_field", "name"},
           {"{\"name\": \"a\", \"sex\": \"X\"}", "invalid_field", "sex"},
           {"{\"name\": \"a\", \"age\": 1.5}", "invalid_field", "age"},
           {"{\"name\": \"a\", \"tags\": [1]}", "invalid_field", "tags"},
           {"{\"name\": \"a\", \"tags\": [\"a\", \"b\", \"c\"]}", "invalid_field", "tags"},
           {"{\"name\": \"a\", \"nick\": \"b\"}", "invalid_field", "nick"},
       }) {
    auto r = Call("POST", url, "admin-token", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(Error(r)["code"], c.code) << c.body;
    EXPECT_EQ(Error(r).value("field", ""), c.field) << c.body;
  }
  auto ok = Call("POST", url, "admin-token", R"({"name": "x'); DROP", "sex": "F", "age": 3})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok.body)["body"]["name"], "x'); DROP");
}

TEST_F(RouterTest, JsonBodyWithOtherContentTypeIs415) {
  HttpRequest request{"POST",
                      "/regions/11/people",
                      {{"authorization", "Bearer admin-token"}, {"content-type", "text/plain"}},
                      "{\"name\":\"a\"}",
                      ""};
  EXPECT_EQ(router.Handle(request).status, 415);
}

TEST_F(RouterTest, OpenApiListsEveryRouteWithItsParameters) {
  auto doc = BuildOpenApi(router.routes(), "1");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["paths"].size(), 3u);
  const auto& op = doc["paths"]["/regions/{code}/people"]["post"];
  EXPECT_EQ(op["x-permission"], "people.write");
  EXPECT_EQ(op["parameters"][0]["name"], "code");
  const auto& schema = op["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(schema["required"], nlohmann::json::array({"name"}));
  EXPECT_EQ(schema["properties"]["sex"]["enum"], nlohmann::json::array({"M", "F"}));
  EXPECT_FALSE(schema["additionalProperties"]);
  EXPECT_TRUE(doc["paths"]["/healthz"]["get"]["security"].empty());
}

}  // namespace
}  // namespace fk::api
