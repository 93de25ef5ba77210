#include "api/routing/router.hpp"

#include <gtest/gtest.h>

#include <map>

#include "api/routing/openapi.hpp"
#include "common/utf8.hpp"

namespace fk::api {
namespace {

// Two users: "admin-token" (role admin, whole city) and "worker-token"
// (role worker, scope region 1101); "busy-token" cannot be checked now.
class FakePolicy : public AccessPolicy {
 public:
  Result<Principal> Authenticate(std::string_view token, std::string_view) override {
    if (token == "admin-token") return Principal{1, "ada", "admin", "11", std::string(token)};
    if (token == "worker-token") return Principal{2, "wu", "worker", "1101", std::string(token)};
    if (token == "busy-token") {
      return Error{ErrorCode::kResourceExhausted, "database: database is locked", true};
    }
    return Error{ErrorCode::kPermissionDenied, "session: invalid or expired"};
  }
  bool RoleHas(std::string_view role, std::string_view permission) const override {
    return role == "admin" || permission == "region.read";
  }
  bool InScope(const Principal& p, std::string_view code) const override {
    return code.substr(0, p.scope_region.size()) == p.scope_region;
  }
  // "<status> <method> <path> <user id or 0>: <reason>" of each denial.
  void RecordDenied(const DeniedRequest& d) override {
    denied.push_back(
        std::to_string(d.status) + " " + std::string(d.method) + " " + std::string(d.path) + " " +
        std::to_string(d.principal ? d.principal->user_id : 0) + ": " + std::string(d.reason));
  }
  std::vector<std::string> denied;
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
       {},
       Echo},
      {"GET",
       "/regions/{code}",
       "region",
       "regions",
       "region.read",
       "code",
       BodyKind::kNone,
       {},
       {{"limit", FieldType::kInteger, false, "", 1, 200}, {"q", FieldType::kString, false, ""}},
       kDefaultBodyLimit,
       {},
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
       {},
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
       {},
       Echo},
      {.method = "POST",
       .pattern = "/regions/{code}/secret",
       .summary = "a handler that refuses",
       .permission = "region.read",
       .scope_param = "code",
       .body_kind = BodyKind::kJson,
       .body_limit = 5000,
       .responses = {{200, "never", schema::Object({{"ok", schema::Boolean()}})},
                     ErrorAnswer(403, "not yours")},
       .handler = [](RequestContext&) { return JsonError(403, "forbidden", "not yours"); }},
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

// A session that cannot be checked (database busy) is not "log in first":
// the client is not sent to the login page, and no denial is recorded.
TEST_F(RouterTest, ASessionThatCannotBeCheckedIs503) {
  auto r = Call("GET", "/regions/1101", "busy-token");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Error(r)["code"], "busy");
  EXPECT_EQ(Error(r)["message"], "the database is busy; retry later");
  EXPECT_TRUE(policy.denied.empty());
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
  EXPECT_EQ(doc["paths"].size(), 4u);
  const auto& limit = doc["paths"]["/regions/{code}"]["get"]["parameters"][1];
  EXPECT_EQ(limit["name"], "limit");
  EXPECT_EQ(limit["schema"]["minimum"], 1);
  EXPECT_EQ(limit["schema"]["maximum"], 200);
  const auto& op = doc["paths"]["/regions/{code}/people"]["post"];
  EXPECT_EQ(op["x-permission"], "people.write");
  EXPECT_EQ(op["parameters"][0]["name"], "code");
  const auto& schema = op["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(schema["required"], nlohmann::json::array({"name"}));
  EXPECT_EQ(schema["properties"]["sex"]["enum"], nlohmann::json::array({"M", "F"}));
  EXPECT_FALSE(schema["additionalProperties"]);
  EXPECT_TRUE(doc["paths"]["/healthz"]["get"]["security"].empty());
  // The route's own answers, and those of every route of its kind.
  const auto& secret = doc["paths"]["/regions/{code}/secret"]["post"]["responses"];
  EXPECT_EQ(secret["200"]["content"]["application/json"]["schema"]["properties"]["ok"]["type"],
            "boolean");
  EXPECT_EQ(secret["403"]["description"].get<std::string>().rfind("not yours; or ", 0), 0u);
  for (const char* status : {"400", "401", "415"}) {
    EXPECT_EQ(secret[status]["content"]["application/json"]["schema"]["$ref"],
              "#/components/schemas/Error")
        << status;
  }
  // The server-wide answers: written once in components/responses, referred
  // to by every operation (any request may carry too large a body or
  // headers), and the answers of a request that matches no operation.
  const std::map<std::string, std::string> shared = {{"413", "BodyTooLarge"},
                                                     {"431", "HeadersTooLarge"},
                                                     {"500", "InternalError"},
                                                     {"503", "Busy"}};
  const auto& health = doc["paths"]["/healthz"]["get"]["responses"];
  for (const auto& [status, name] : shared) {
    EXPECT_EQ(secret[status]["$ref"], "#/components/responses/" + name) << status;
    EXPECT_EQ(health[status]["$ref"], "#/components/responses/" + name) << status;
  }
  EXPECT_FALSE(health.contains("401"));
  EXPECT_FALSE(health.contains("429"));
  const auto& responses = doc["components"]["responses"];
  EXPECT_EQ(responses["BodyTooLarge"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error");
  EXPECT_EQ(responses["MethodNotAllowed"]["headers"]["Allow"]["required"], true);
  EXPECT_EQ(responses["TooManyRequests"]["headers"]["Retry-After"]["required"], true);
  EXPECT_EQ(responses["Busy"]["headers"]["Retry-After"]["required"], false);
  EXPECT_EQ(doc["x-server-responses"]["404"]["$ref"], "#/components/responses/NotFound");
  EXPECT_EQ(doc["x-server-responses"]["405"]["$ref"], "#/components/responses/MethodNotAllowed");
  EXPECT_FALSE(doc["x-server-responses"].contains("413"));
  EXPECT_EQ(doc["paths"]["/regions/{code}/people"]["post"]["requestBody"]["description"],
            "at most 1048576 bytes (more: 413)");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

// A page size of 2^32 + 1 once wrapped to 1 (a cast to int): every integer
// is checked as 64 bits against its range.
TEST_F(RouterTest, IntegerQueryValuesOutsideTheirRangeAre400) {
  for (const char* bad : {"0", "201", "-1", "4294967297", "9223372036854775807"}) {
    auto r = Call("GET", std::string("/regions/11?limit=") + bad, "admin-token");
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Error(r)["code"], "invalid_query") << bad;
    EXPECT_EQ(Error(r)["field"], "limit") << bad;
    EXPECT_EQ(Error(r)["message"], "must be an integer from 1 to 200") << bad;
  }
  EXPECT_EQ(Error(Call("GET", "/regions/11?limit=9223372036854775808", "admin-token"))["message"],
            "must be an integer");
  EXPECT_EQ(Call("GET", "/regions/11?limit=200", "admin-token").status, 200);
  EXPECT_EQ(Call("GET", "/regions/11?limit=1", "admin-token").status, 200);
}

// A byte 0xFF in a path or query once gave a 500 (and reached the audit
// log): every percent-decoded parameter must be UTF-8, else 400 naming it.
TEST_F(RouterTest, ParametersThatAreNotUtf8Are400InvalidEncoding) {
  struct Case {
    std::string target, field;
  };
  for (const Case& c : std::vector<Case>{{"/regions/11%FF", "code"},
                                         {"/regions/11%C0%AF", "code"},
                                         {"/regions/11?q=%FF", "q"},
                                         {"/regions/11?q=a%ED%A0%80", "q"},
                                         {"/regions/11?%FF=1", "\uFFFD"}}) {
    auto r = Call("GET", c.target, "admin-token");
    EXPECT_EQ(r.status, 400) << c.target;
    EXPECT_EQ(Error(r)["code"], "invalid_encoding") << c.target;
    EXPECT_EQ(Error(r)["field"], c.field) << c.target;
    EXPECT_TRUE(IsValidUtf8(r.body)) << c.target;
  }
  // Valid UTF-8, percent-encoded or not, goes through.
  auto ok = Call("GET", "/regions/11?q=%E7%BD%91%E6%A0%BC", "admin-token");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok.body)["query"]["q"], "网格");
  // An unknown path echoed back in the 404 is UTF-8 too.
  auto missing = Call("GET", "/nope\xFF\xFE");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(IsValidUtf8(missing.body));
  EXPECT_EQ(Error(missing)["message"], "no such endpoint: /nope\uFFFD\uFFFD");
}

TEST_F(RouterTest, JsonBodyThatIsNotUtf8IsMalformed) {
  auto r = Call("POST", "/regions/11/people", "admin-token", "{\"name\": \"a\xFF\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Error(r)["code"], "malformed_json");
}

HttpRequest Head(std::string method, std::string target, std::string token = {}) {
  HttpRequest head{std::move(method), std::move(target), {}, "", "198.51.100.7"};
  if (!token.empty()) head.headers.emplace_back("authorization", "Bearer " + token);
  return head;
}

// The header stage answers what Handle would answer before the body: the
// body of a refused request is never read.
TEST_F(RouterTest, AdmitRefusesBeforeTheBodyOrGivesTheRouteLimit) {
  struct Case {
    HttpRequest head;
    int status;  // 0: admitted
  };
  for (const Case& c : std::vector<Case>{
           {Head("POST", "/nope"), 404},
           {Head("PATCH", "/regions/11"), 405},
           {Head("POST", "/regions/11%FF/secret", "admin-token"), 400},
           {Head("POST", "/regions/11/people"), 401},
           {Head("POST", "/regions/11/people", "forged"), 401},
           {Head("POST", "/regions/1101/people", "worker-token"), 403},
           {Head("POST", "/regions/1102/secret", "worker-token"), 403},
           {Head("POST", "/regions/1101/secret", "worker-token"), 0},
       }) {
    const Admission admission = router.Admit(c.head);
    const std::string what = c.head.method + " " + c.head.target;
    if (c.status == 0) {
      EXPECT_FALSE(admission.answer.has_value()) << what;
      EXPECT_EQ(admission.body_limit, 5000u) << what;
    } else {
      ASSERT_TRUE(admission.answer.has_value()) << what;
      EXPECT_EQ(admission.answer->status, c.status) << what;
      // The same answer as Handle's.
      EXPECT_EQ(admission.answer->body, router.Handle(c.head).body) << what;
    }
  }
}

// Every 403 (the router's or a handler's) and every 401 that carried a
// token is reported once, with what it was and who asked; a 401 without
// any credential is not (an anonymous flood must not fill the audit log).
TEST_F(RouterTest, DeniedRequestsAreReportedOnce) {
  Call("GET", "/regions/11");                                  // no credential: not reported
  Call("GET", "/regions/11", "forged");                        // 401
  Call("DELETE", "/regions/1101", "worker-token");             // 403 role
  Call("GET", "/regions/1102", "worker-token");                // 403 scope
  Call("POST", "/regions/1101/secret", "worker-token", "{}");  // the handler's 403
  router.Admit(Head("POST", "/regions/1102/secret", "worker-token"));  // header stage
  Call("GET", "/regions/1101", "worker-token");                        // allowed
  EXPECT_EQ(policy.denied,
            (std::vector<std::string>{
                "401 GET /regions/11 0: log in first (session cookie or Bearer token)",
                "403 DELETE /regions/1101 2: role worker may not region.write",
                "403 GET /regions/1102 2: region is outside your scope",
                "403 POST /regions/1101/secret 2: not yours",
                "403 POST /regions/1102/secret 2: region is outside your scope",
            }));
}

}  // namespace
}  // namespace fk::api
