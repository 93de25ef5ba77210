// The OpenAPI document against the server: every route declares its own
// answers (a success, and a 404 when it addresses a record by a path
// parameter), every schema the document refers to exists, and real answers
// (successes and refusals of every kind, over the demo data, and every
// other test's: ApiTest::Call checks them all) have a status their
// operation documents and a body its schema accepts
// (openapi_conformance.hpp).
#include <algorithm>
#include <set>

#include <chrono>
#include <ctime>
#include "api/routing/openapi.hpp"
#include "api/routing/response_schema.hpp"

#include "endpoints/api_fixture.hpp"
#include "openapi_conformance.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::api::test {
namespace {

// Every "$ref" anywhere under `node`.
void CollectRefs(const nlohmann::json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.push_back(value);
      CollectRefs(value, refs);
    }
  } else if (node.is_array()) {
    for (const auto& value : node) CollectRefs(value, refs);
  }
}

TEST_P(ApiTest, EveryRouteDeclaresItsSuccessAndItsErrors) {
  for (const auto& route : server_->router().routes()) {
    const std::string name = route.method + " " + route.pattern;
    const bool success = std::any_of(route.responses.begin(), route.responses.end(),
                                     [](const Response& r) { return r.status / 100 == 2; });
    EXPECT_TRUE(success) << name << " declares no success answer (Route::responses)";
    for (const auto& r : route.responses) {
      EXPECT_FALSE(r.description.empty()) << name << " " << r.status;
      if (r.status != 304) {  // "not modified" has no body
        EXPECT_FALSE(r.schema.is_null()) << name << " " << r.status << " has no body schema";
      }
    }
    if (!PathParameters(route.pattern).empty() && route.scope_param.empty()) {
      const bool not_found = std::any_of(route.responses.begin(), route.responses.end(),
                                         [](const Response& r) { return r.status == 404; });
      EXPECT_TRUE(not_found) << name << " addresses a record but declares no 404";
    }
  }
}

TEST_P(ApiTest, EveryReferredSchemaExistsAndIsValidated) {
  const auto document = Call("GET", "/api/v1/openapi.json").Json();
  std::vector<std::string> refs;
  CollectRefs(document, refs);
  EXPECT_GT(refs.size(), 50u);
  const std::string responses = "#/components/responses/";
  for (const auto& ref : refs) {
    if (ref.rfind(responses, 0) == 0) {
      EXPECT_TRUE(document["components"]["responses"].contains(ref.substr(responses.size())))
          << ref;
      continue;
    }
    EXPECT_EQ(SchemaProblem(document, {{"$ref", ref}}, nlohmann::json()).find("missing"),
              std::string::npos)
        << ref;
  }
  // The server-wide answers: each is an Error, and every operation refers
  // to those any request can get (or, like /healthz's own 503, describes
  // the status itself).
  for (const auto& answer : ServerAnswers()) {
    ASSERT_TRUE(document["components"]["responses"].contains(answer.name)) << answer.name;
    const auto& shared = document["components"]["responses"][answer.name];
    EXPECT_EQ(shared["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Error")
        << answer.name;
  }
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      for (const char* status : {"413", "431", "500", "503"}) {
        const auto& responses = operation["responses"];
        EXPECT_TRUE(responses.contains(status) &&
                    (responses[status].contains("$ref") || responses[status].contains("content")))
            << method << " " << path << " " << status;
      }
    }
  }
  for (const char* status : {"404", "405", "431", "500", "503"})
    EXPECT_TRUE(document["x-server-responses"].contains(status)) << status;
  // Every component uses only keywords the validator checks: a value of the
  // wrong kind is refused, never "unsupported".
  for (const auto& [name, schema] : document["components"]["schemas"].items()) {
    const auto problem = SchemaProblem(document, schema, nlohmann::json::array({nullptr}));
    EXPECT_EQ(problem.find("unsupported"), std::string::npos) << name << ": " << problem;
  }
}

// The validator itself: it refuses what the schemas do not allow.
TEST_P(ApiTest, TheValidatorRefusesWhatTheSchemaDoesNot) {
  const auto document = Call("GET", "/api/v1/openapi.json").Json();
  const nlohmann::json region = {
      {"code", "420102"}, {"name", "江岸区"}, {"parent_code", "420100"}, {"level", "district"}};
  const nlohmann::json ref = {{"$ref", "#/components/schemas/Region"}};
  EXPECT_EQ(SchemaProblem(document, ref, region), "");
  auto extra = region;
  extra["x"] = 1;
  EXPECT_NE(SchemaProblem(document, ref, extra), "");
  auto missing = region;
  missing.erase("name");
  EXPECT_NE(SchemaProblem(document, ref, missing), "");
  auto bad_level = region;
  bad_level["level"] = "planet";
  EXPECT_NE(SchemaProblem(document, ref, bad_level), "");
  auto bad_type = region;
  bad_type["code"] = 420102;
  EXPECT_NE(SchemaProblem(document, ref, bad_type), "");
  const nlohmann::json page = {{"$ref", "#/components/schemas/ResidentPage"}};
  EXPECT_EQ(
      SchemaProblem(document, page, {{"items", nlohmann::json::array()}, {"next_cursor", nullptr}}),
      "");
  EXPECT_NE(SchemaProblem(document, page, {{"items", {1}}, {"next_cursor", nullptr}}), "");
  EXPECT_NE(
      SchemaProblem(document, page, {{"items", nlohmann::json::array()}, {"next_cursor", "1"}}),
      "");
  // anyOf (a parameter's value) and maps (a run's parameters).
  const nlohmann::json value = {{"$ref", "#/components/schemas/ParameterValue"}};
  for (const nlohmann::json& fits :
       {nlohmann::json(2.2), nlohmann::json("2020-01-01"), nlohmann::json::array({0.1, 0.2})})
    EXPECT_EQ(SchemaProblem(document, value, fits), "") << fits;
  for (const nlohmann::json& refused : {nlohmann::json(true), nlohmann::json::array({"a"})})
    EXPECT_NE(SchemaProblem(document, value, refused), "") << refused;
  const nlohmann::json run = {{"$ref", "#/components/schemas/SimulationRun"}};
  nlohmann::json queued = {{"id", 1},
                           {"scenario", "default"},
                           {"parameters", {{"overrides", {{"transmission.r0", 2.2}}}}},
                           {"agents", 1000},
                           {"days", 10},
                           {"status", "queued"},
                           {"progress", 0},
                           {"created_at", 0},
                           {"started_at", nullptr},
                           {"finished_at", nullptr},
                           {"error", nullptr},
                           {"summary", nullptr}};
  EXPECT_EQ(SchemaProblem(document, run, queued), "");
  queued["parameters"]["overrides"]["transmission.r0"] = true;
  EXPECT_NE(SchemaProblem(document, run, queued), "");
  queued["parameters"]["overrides"]["transmission.r0"] = 2.2;
  queued["summary"] = {{"agents", 1000}};
  EXPECT_NE(SchemaProblem(document, run, queued), "");  // a summary lacks most members
  EXPECT_EQ(FindOperation(document, "GET", "/api/v1/residents/export?region=1"),
            &document["paths"]["/api/v1/residents/export"]["get"]);
  EXPECT_EQ(FindOperation(document, "GET", "/api/v1/residents/7"),
            &document["paths"]["/api/v1/residents/{id}"]["get"]);
  EXPECT_EQ(FindOperation(document, "PATCH", "/api/v1/residents/7"), nullptr);
  // Answers: a documented header that is always sent must be there; a
  // request matching no operation is held to x-server-responses.
  ClientResponse throttled{429,
                           {{"content-type", "application/json"}},
                           R"({"error":{"code":"too_many_attempts","message":"m"}})"};
  EXPECT_NE(AnswerProblem(document, "POST", "/api/v1/auth/login", throttled), "");
  throttled.headers["retry-after"] = "60";
  EXPECT_EQ(AnswerProblem(document, "POST", "/api/v1/auth/login", throttled), "");
  ClientResponse wrong_method{405,
                              {{"content-type", "application/json"}},
                              R"({"error":{"code":"method_not_allowed","message":"m"}})"};
  EXPECT_NE(AnswerProblem(document, "PATCH", "/api/v1/residents/7", wrong_method), "");
  wrong_method.headers["allow"] = "GET, PUT, DELETE";
  EXPECT_EQ(AnswerProblem(document, "PATCH", "/api/v1/residents/7", wrong_method), "");
  ClientResponse teapot{
      418, {{"content-type", "application/json"}}, R"({"error":{"code":"x","message":"m"}})"};
  EXPECT_NE(AnswerProblem(document, "GET", "/api/v1/nowhere", teapot), "");
  teapot.status = 404;
  EXPECT_EQ(AnswerProblem(document, "GET", "/api/v1/nowhere", teapot), "");
  teapot.body = R"({"error":"not found"})";
  EXPECT_NE(AnswerProblem(document, "GET", "/api/v1/nowhere", teapot), "");
}

TEST_P(ApiTest, RealAnswersConformToTheDocument) {
  const auto document = Call("GET", "/api/v1/openapi.json").Json();
  std::map<int, int> statuses;               // how many answers of each status were checked
  std::set<const nlohmann::json*> answered;  // operations that answered with success
  // Calls and checks the answer; returns it for the next request's values.
  auto check = [&](const std::string& method, const std::string& target,
                   const std::string& body = {}, const std::string& user = "admin",
                   Headers headers = {}) {
    if (!body.empty() && headers.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = Call(method, target, body, user, headers);  // checks the answer
    ++statuses[r.status];
    if (r.status / 100 == 2) answered.insert(FindOperation(document, method, target));
    return r.Json();
  };
  const std::string grid = kDemoGrid, other = kDemoOtherGrid;
  // system and sessions
  check("GET", "/healthz", "", "");
  check("GET", "/api/v1/openapi.json", "", "");
  check("POST", "/api/v1/auth/login", R"({"username":"grid","password":"wrong-password"})", "");
  check("POST", "/api/v1/auth/login", R"({"username":"grid"})", "");
  check("GET", "/api/v1/auth/me", "", "");
  check("GET", "/api/v1/auth/me", "", "grid");
  check("GET", "/api/v1/auth/me?x=1", "", "grid");
  // The server-wide answers: a path and a method not in the document,
  // headers and a body too large for any operation, the login throttle.
  check("GET", "/api/v1/no-such-endpoint", "", "grid");
  check("GET", "/api/v1/residents/7/nothing-here", "", "grid");
  check("DELETE", "/api/v1/auth/me", "", "grid");
  check("GET", "/api/v1/auth/me", "", "grid", {{"X-Padding", std::string(20 << 10, 'p')}});
  check("GET", "/api/v1/auth/me", std::string((1 << 20) + 1, ' '), "grid",
        {{"Content-Type", "application/json"}});
  for (int i = 0; i < 6; ++i) {
    check("POST", "/api/v1/auth/login",
          R"({"username":"throttle_probe","password":"wrong-password"})", "");
  }
  check("POST", "/api/v1/auth/password", R"({"old_password":"wrong","new_password":"x"})", "grid");
  // regions
  check("GET", "/api/v1/regions/" + grid);
  check("GET", "/api/v1/regions/" + other, "", "grid");
  check("GET", "/api/v1/regions/420102999999999");
  check("GET", "/api/v1/regions/420102/tree?max_level=community");
  check("GET", "/api/v1/regions/420102/tree?max_level=planet");
  check("GET", "/api/v1/grids/" + grid + "/staff");
  check("PUT", "/api/v1/grids/" + grid + "/staff",
        R"({"items":[{"duty":"leader","name":"王","phone":"13800138000"}]})");
  check("PUT", "/api/v1/grids/" + grid + "/staff", R"({"items":[{"duty":"boss","name":"王"}]})");
  check("POST", "/api/v1/regions", R"({"code":"420102001001091","name":"新网格"})");
  check("POST", "/api/v1/regions", R"({"code":"420102001001091","name":"新网格"})");
  check("PATCH", "/api/v1/regions/420102001001091", R"({"name":"改名"})");
  check("PATCH", "/api/v1/regions/420102001001091", "not json");
  check("PATCH", "/api/v1/regions/420102001001091", R"({"name":"x"})", "admin",
        {{"Content-Type", "text/plain"}});
  check("PATCH", "/api/v1/regions/420102001001091", std::string(2 << 20, ' '));
  check("DELETE", "/api/v1/regions/420102001001091");
  check("DELETE", "/api/v1/regions/420102001001091");
  check("DELETE", "/api/v1/regions/420102001");  // it has children
  check("POST", "/api/v1/regions/import", "code,name\n420102001001092,导入\n", "admin",
        {{"Content-Type", "text/csv"}});
  check("POST", "/api/v1/regions/import", "code,name\nnot-a-code,坏\n", "admin",
        {{"Content-Type", "text/csv"}});
  check("POST", "/api/v1/regions/import?mode=some", "code,name\n", "admin",
        {{"Content-Type", "text/csv"}});
  // registry
  auto search = check("GET", "/api/v1/residents?region=" + grid + "&limit=2", "", "grid");
  check("GET", "/api/v1/residents?region=" + grid + "&limit=2&unmasked=true", "", "district");
  check("GET", "/api/v1/residents?limit=0", "", "grid");
  check("GET", "/api/v1/residents?id_number=420102199001011234", "", "grid");
  const auto resident_id = search["items"][0]["id"].get<std::int64_t>();
  const auto household_id = search["items"][0]["household_id"].get<std::int64_t>();
  const std::string household = "/api/v1/households/" + std::to_string(household_id);
  const std::string resident = "/api/v1/residents/" + std::to_string(resident_id);
  check("GET", household, "", "grid");
  check("GET", "/api/v1/households/999999999", "", "grid");
  check("GET", "/api/v1/households/abc", "", "grid");
  check("GET", household + "/moves", "", "grid");
  check("GET", household + "/residents", "", "grid");
  check("GET", resident, "", "grid");
  check("GET", resident + "?unmasked=true", "", "district");
  auto added = check("POST", "/api/v1/households",
                     R"({"grid_code":")" + grid + R"(","building":"99","room":"101"})", "grid");
  check("POST", "/api/v1/households",
        R"({"grid_code":")" + other + R"(","building":"99","room":"101"})", "grid");
  const std::string new_household = "/api/v1/households/" + std::to_string(added["id"].get<int>());
  const std::string person =
      R"({"name":"张三","sex":"female","birth_date":"1949-12-31","id_number":"11010519491231002X",)"
      R"("phone":"13800138000"})";
  auto born = check("POST", new_household + "/residents", person, "grid");
  check("POST", new_household + "/residents", person, "grid");  // the same ID number
  check("POST", new_household + "/residents", R"({"name":"张三"})", "grid");
  const std::string new_resident = "/api/v1/residents/" + std::to_string(born["id"].get<int>());
  check("PUT", new_resident, person, "grid");
  check("DELETE", new_household + "?reason=test", "", "grid");  // it has a resident
  check("POST", new_household + "/move", R"({"to_grid":")" + other + R"("})", "grid");
  check("POST", new_household + "/move", R"({"to_grid":"420102001001002"})", "district");
  check("DELETE", new_resident + "?reason=test", "", "district");
  check("DELETE", new_resident + "?reason=test", "", "district");
  check("DELETE", new_household + "?reason=test", "", "district");
  check("GET", "/api/v1/residents/export?region=" + grid, "", "grid");
  check("GET", "/api/v1/residents/export", "", "grid");
  check("POST", "/api/v1/residents/import", "姓名,性别\n李四,男\n", "grid",
        {{"Content-Type", "text/csv"}});
  check("POST", "/api/v1/residents/import",
        "grid_code,building,unit,room,name,sex,birth_date,id_number,phone\n" + grid +
            ",1,1,101,李四,male,1990-01-01,110105199001010000,13800138000\n",
        "grid", {{"Content-Type", "text/csv"}});
  // The grid worker imports the number of a resident of another street: a
  // registration conflict the district officer resolves.
  auto theirs = check("GET", "/api/v1/residents?limit=1&unmasked=true&region=" + other, "",
                      "district")["items"][0];
  check("POST", "/api/v1/residents/import",
        "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话\n" + grid + ",9,1,901,某人," +
            (theirs["sex"] == "male" ? "男," : "女,") + theirs["birth_date"].get<std::string>() +
            "," + theirs["id_number"].get<std::string>() + ",13800000009\n",
        "grid", {{"Content-Type", "text/csv"}});
  auto conflicts = check("GET", "/api/v1/registration-conflicts", "", "district");
  check("POST", "/api/v1/registration-conflicts/999999/resolve", R"({"keep":1,"reason":"x"})",
        "district");
  if (!conflicts["items"].empty()) {
    const std::string resolve = "/api/v1/registration-conflicts/" +
                                std::to_string(conflicts["items"][0]["id"].get<int>()) + "/resolve";
    const std::string keep =
        nlohmann::json{{"keep", theirs["id"]}, {"reason", "以户籍地为准"}}.dump();
    check("POST", resolve, keep, "district");
    check("POST", resolve, keep, "district");
  }
  // screening
  auto campaign = check("POST", "/api/v1/campaigns",
                        R"({"name":"摸排","region_code":")" + grid +
                            R"(","start_date":"2026-01-01","end_date":"2026-01-31"})",
                        "district");
  check(
      "POST", "/api/v1/campaigns",
      R"({"name":"摸排","region_code":"420102","start_date":"2026-02-01","end_date":"2026-01-01"})",
      "district");
  const std::string c = "/api/v1/campaigns/" + std::to_string(campaign["id"].get<int>());
  check("GET", "/api/v1/campaigns", "", "grid");
  check("GET", c, "", "grid");
  check("GET", "/api/v1/campaigns/999999", "", "grid");
  auto tasks = check("GET", c + "/tasks?limit=3", "", "grid");
  check("GET", c + "/residents?remaining=true&limit=5", "", "grid");
  check("GET", "/api/v1/campaigns/999999/residents", "", "grid");  // 404
  const auto task = tasks["items"][0]["id"].get<std::int64_t>();
  const auto task_household = tasks["items"][0]["household_id"].get<std::int64_t>();
  auto members = check("GET", "/api/v1/households/" + std::to_string(task_household) + "/residents",
                       "", "grid");
  const auto member = members["items"][0]["id"].get<std::int64_t>();
  check("POST", c + "/visits",
        nlohmann::json{
            {"task_id", task}, {"resident_id", member}, {"present", true}, {"temperature", 38.2}}
            .dump(),
        "grid");
  check("POST", c + "/visits",
        nlohmann::json{
            {"task_id", task}, {"resident_id", member}, {"present", true}, {"temperature", 50}}
            .dump(),
        "grid");
  check("POST", c + "/visits",
        nlohmann::json{{"task_id", 999999999}, {"resident_id", member}, {"present", true}}.dump(),
        "grid");
  check("GET", c + "/coverage", "", "district");
  check("GET", c + "/coverage?region=" + other, "", "district");
  check("GET", c + "/flagged", "", "district");
  check("GET", "/api/v1/stats/daily?region=420102&from=2026-01-01&to=2026-01-31", "", "district");
  check("GET", "/api/v1/stats/daily?region=420102&from=2026-01-31&to=2025-01-01", "", "district");
  // cases and lab tests
  const std::string who = std::to_string(resident_id);
  auto reported = check("POST", "/api/v1/cases",
                        R"({"resident_id":)" + who +
                            R"(,"status":"suspected","report_date":"2020-02-10",)"
                            R"("onset_date":"2020-02-07"})",
                        "medical");
  check("POST", "/api/v1/cases",
        R"({"resident_id":)" + who + R"(,"status":"suspected","report_date":"2020-02-10"})",
        "medical");  // already an open case: 409
  check("POST", "/api/v1/cases",
        R"({"resident_id":999999999,"status":"suspected",)"
        R"("report_date":"2020-02-10"})",
        "medical");
  const std::string a_case = "/api/v1/cases/" + std::to_string(reported["id"].get<int>());
  // its close contacts
  const std::string neighbour = std::to_string(search["items"][1]["id"].get<std::int64_t>());
  const std::string contact_body = R"({"resident_id":)" + neighbour +
                                   R"(,"setting":"household","last_exposure_date":"2020-02-09"})";
  auto listed = check("POST", a_case + "/contacts", contact_body, "medical");
  check("POST", a_case + "/contacts", contact_body, "medical");  // 409: listed already
  check("POST", a_case + "/contacts",
        R"({"setting":"household","last_exposure_date":"2020-02-09"})",
        "medical");  // 400: nobody named
  check("GET", a_case + "/contacts", "", "grid");
  check("GET", "/api/v1/cases/999999999/contacts", "", "grid");  // 404
  // a contact registered nowhere, handed on by the city to a street
  const std::string first17 = "42010219700101555";
  auto stranger = check("POST", a_case + "/contacts",
                        R"({"id_number":")" + first17 + ops::ResidentIdCheckChar(first17) +
                            R"(","name":"王五","phone":"13800000000","setting":"public_place",)"
                            R"("last_exposure_date":"2020-02-09"})",
                        "medical");
  const std::string place =
      "/api/v1/contacts/" + std::to_string(stranger["id"].get<std::int64_t>()) + "/resident";
  check("POST", place, R"({"region_code":"420102001"})", "command");
  check("POST", place, "{}", "command");  // 400: neither field
  // where the case went, the receiving list, a follow-up, the chain, the figures
  check("POST", a_case + "/visits",
        R"({"place":"菜市场","setting":"public_place","date":"2020-02-08","from_time":"09:00"})",
        "medical");
  check("POST", a_case + "/visits", R"({"place":"菜市场","setting":"other","date":"2020-2-8"})",
        "medical");  // 400
  check("GET", a_case + "/visits", "", "grid");
  check("GET", "/api/v1/contacts", "", "grid");
  check("GET", "/api/v1/contacts?region=" + other, "", "grid");  // 403
  const std::string follow_up =
      "/api/v1/contacts/" + std::to_string(listed["id"].get<std::int64_t>()) + "/follow-ups";
  check("POST", follow_up, R"({"date":"2020-02-10"})", "grid");
  check("POST", follow_up, R"({"date":"2020-02-10","lost":true})", "grid");  // 400: reached
  check("GET", a_case + "/chain", "", "district");
  check("GET", "/api/v1/contacts/figures?region=420102&date=2020-02-10", "", "district");
  check("GET", "/api/v1/contacts/figures?region=420102&date=2020-02", "", "district");  // 400
  auto test = check("POST", "/api/v1/lab-tests",
                    R"({"resident_id":)" + who +
                        R"(,"kind":"nucleic_acid","sample_date":"2020-02-11","result":"positive",)"
                        R"("lab":"lab"})",
                    "medical");
  check("GET", "/api/v1/lab-tests?resident_id=" + who, "", "grid");
  check("GET", "/api/v1/lab-tests?resident_id=999999999", "", "grid");
  check("POST", a_case + "/severity", R"({"severity":"severe","date":"2020-02-11"})", "medical");
  check("POST", a_case + "/status",
        R"({"status":"confirmed","date":"2020-02-12","test_id":)" +
            std::to_string(test["id"].get<int>()) + "}",
        "medical");
  check("POST", a_case + "/status", R"({"status":"excluded","date":"2020-02-13"})", "medical");
  check("POST", a_case + "/outcome", R"({"outcome":"died","date":"2020-02-14"})", "medical");
  check("GET", a_case, "", "grid");
  check("GET", a_case + "?unmasked=true", "", "grid");
  check("GET", "/api/v1/cases/999999999", "", "grid");
  check("GET", "/api/v1/cases?status=confirmed", "", "grid");
  check("GET", "/api/v1/cases?status=none", "", "grid");
  check("GET", "/api/v1/cases/daily?region=420102&from=2020-02-01&to=2020-02-29&children=true", "",
        "district");
  check("GET", "/api/v1/cases/daily?region=" + other + "&from=2020-02-01&to=2020-02-29", "",
        "grid");
  // supplies
  check("GET", "/api/v1/supplies/items", "", "supply");
  auto store = check("POST", "/api/v1/supplies/depots",
                     R"({"name":"仓库","kind":"warehouse","region_code":"420102"})", "supply");
  auto clinic = check("POST", "/api/v1/supplies/depots",
                      R"({"name":"医院","kind":"hospital","region_code":"420102001"})", "supply");
  const std::string store_id = std::to_string(store["id"].get<int>());
  const std::string clinic_id = std::to_string(clinic["id"].get<int>());
  check("POST", "/api/v1/supplies/movements",
        R"({"kind":"donation","item":"mask","to_depot_id":)" + store_id + R"(,"quantity":500})",
        "supply");
  check("POST", "/api/v1/supplies/movements",
        R"({"kind":"transfer","item":"mask","from_depot_id":)" + store_id + R"(,"to_depot_id":)" +
            clinic_id + R"(,"quantity":70})",
        "supply");
  check(
      "POST", "/api/v1/supplies/movements",
      R"({"kind":"consumption","item":"mask","from_depot_id":)" + clinic_id + R"(,"quantity":70})",
      "supply");
  check("POST", "/api/v1/supplies/movements",
        R"({"kind":"consumption","item":"mask","from_depot_id":)" + clinic_id + R"(,"quantity":1})",
        "supply");  // 409: nothing left
  check("GET", "/api/v1/supplies/depots?limit=5", "", "supply");
  check("GET", "/api/v1/supplies/depots/" + store_id, "", "supply");
  check("GET", "/api/v1/supplies/depots/999999", "", "supply");  // 404
  check("GET", "/api/v1/supplies/movements?depot=" + store_id, "", "supply");
  const std::string rule =
      R"({"item":"mask","from_depot_id":)" + store_id + R"(,"region_code":"420102","quantity":100)";
  check("POST", "/api/v1/supplies/allocations", rule + R"(,"dry_run":true})", "supply");
  auto allocation = check("POST", "/api/v1/supplies/allocations", rule + "}", "supply");
  check("GET", "/api/v1/supplies/allocations", "", "supply");
  check("GET", "/api/v1/supplies/allocations/" + std::to_string(allocation["id"].get<int>()), "",
        "supply");
  check("GET", "/api/v1/supplies/days-left?region=420102", "", "supply");
  // notices and residents' declarations (the open routes without a login)
  auto notice = check("POST", "/api/v1/notices",
                      nlohmann::json{{"region_code", "420102001"},
                                     {"title", "通告"},
                                     {"body", "<b>正文</b>"},
                                     {"pinned", true},
                                     {"expires_at", std::time(nullptr) + 86400}}
                          .dump(),
                      "street");
  check("GET", "/api/v1/notices?limit=5", "", "grid");
  check("GET", "/api/v1/notices/community/420102001001", "", "");
  check("GET", "/api/v1/notices/community/420102009009", "", "");  // 404
  check("POST", "/api/v1/notices/" + std::to_string(notice["id"].get<int>()) + "/withdraw", "",
        "street");
  check("POST", "/api/v1/declarations",
        R"({"kind":"need","community_code":"420102001001","building":"1",)"
        R"("unit":"1","room":"101","phone":"13812345678","detail":"买药"})",
        "");
  check("POST", "/api/v1/declarations", R"({"kind":"return","community_code":"420102001001"})",
        "");  // 400
  // checkpoints: a gate, a resident under a quarantine order passing it, the alert
  auto gate = check("POST", "/api/v1/checkpoints",
                    R"({"name":"一号门","kind":"gate","region_code":"420102001001"})", "community");
  const std::string passages =
      "/api/v1/checkpoints/" + std::to_string(gate["id"].get<int>()) + "/passages";
  char yesterday[16];
  const std::time_t a_day_ago = std::time(nullptr) - 86400;
  std::tm yesterday_tm{};
  gmtime_r(&a_day_ago, &yesterday_tm);
  std::strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &yesterday_tm);
  auto held = check(
      "POST", "/api/v1/quarantine-orders",
      nlohmann::json{{"resident_id", resident_id}, {"place", "home"}, {"last_exposure", yesterday}}
          .dump(),
      "community");
  const std::string flagged_id =
      check("GET", resident + "?unmasked=true", "", "district")["id_number"];
  check("POST", passages,
        nlohmann::json{{"direction", "out"},
                       {"subject", "person"},
                       {"id_number", flagged_id},
                       {"temperature", 36.6},
                       {"health_code", "green"}}
            .dump(),
        "grid");
  check("POST", passages, R"({"direction":"in","subject":"vehicle","plate":"鄂A12345"})", "grid");
  const std::string resent =
      R"({"direction":"out","subject":"vehicle","plate":"鄂A54321","client_id":"phone-0001"})";
  check("POST", passages, resent, "grid");
  check("POST", passages, resent, "grid");  // 200: the first answer
  check("POST", passages, R"({"direction":"in","subject":"person","id_number":"1"})",
        "grid");  // 400
  check("GET", "/api/v1/checkpoints", "", "grid");
  check("GET", passages, "", "grid");
  auto alerts = check("GET", "/api/v1/checkpoint-alerts?open=true", "", "grid");
  check("POST",
        "/api/v1/checkpoint-alerts/" + std::to_string(alerts["items"][0]["id"].get<int>()) +
            "/acknowledge",
        "", "grid");
  check("POST",
        "/api/v1/quarantine-orders/" + std::to_string(held["id"].get<std::int64_t>()) + "/convert",
        "{}", "community");
  auto queue = check("GET", "/api/v1/declarations?open=true", "", "community");
  check("POST",
        "/api/v1/declarations/" + std::to_string(queue["items"][0]["id"].get<int>()) + "/close",
        R"({"outcome":"已送药"})", "community");
  // volunteers: a pledge, a team and its leader, a post, a shift now, the roster
  {
    auto volunteer = check(
        "POST", "/api/v1/volunteers",
        nlohmann::json{
            {"resident_id", resident_id}, {"pledge", "我志愿参加防控。"}, {"party_member", true}}
            .dump(),
        "community");
    check("POST", "/api/v1/volunteers", nlohmann::json{{"resident_id", resident_id}}.dump(),
          "community");  // 400
    check("POST", "/api/v1/volunteers",
          nlohmann::json{{"resident_id", resident_id}, {"pledge", "再"}}.dump(),
          "community");  // 409
    check("GET", "/api/v1/volunteers?limit=5", "", "volunteer");
    auto team =
        check("POST", "/api/v1/volunteers/teams",
              R"({"name":"突击队","kind":"commando","region_code":"420102001001"})", "community");
    const std::string volunteer_path = "/api/v1/volunteers/" + volunteer["id"].dump();
    check("PUT", volunteer_path + "/team", R"({"team_id":)" + team["id"].dump() + "}", "community");
    check("PUT", "/api/v1/volunteers/teams/" + team["id"].dump() + "/leader",
          nlohmann::json{{"volunteer_id", volunteer["id"]}}.dump(), "community");
    check("PUT", "/api/v1/volunteers/teams/999999/leader", R"({"volunteer_id":1})",
          "community");  // 404
    check("PUT", volunteer_path + "/team", R"({"team_id":null})", "community");
    check("GET", "/api/v1/volunteers/teams", "", "grid");
    auto post =
        check("POST", "/api/v1/duty-posts",
              nlohmann::json{
                  {"name", "先锋岗"}, {"kind", "grid"}, {"title", "pioneer"}, {"region_code", grid}}
                  .dump(),
              "community");
    const std::string post_shifts = "/api/v1/duty-posts/" + post["id"].dump() + "/shifts";
    const std::int64_t now = std::time(nullptr);
    auto shift_body = [&](std::int64_t from, std::int64_t to) {
      return nlohmann::json{{"volunteer_id", volunteer["id"]}, {"starts_at", from}, {"ends_at", to}}
          .dump();
    };
    auto shift = check("POST", post_shifts, shift_body(now - 3600, now + 3600), "community");
    check("POST", post_shifts, shift_body(now + 7200, now + 9000), "community");  // 409
    check("GET", "/api/v1/duty-posts", "", "grid");
    check("GET", "/api/v1/duty-posts/on-duty", "", "grid");
    check("GET",
          "/api/v1/duty-posts/shifts?from=" + std::to_string(now - 86400) +
              "&to=" + std::to_string(now + 86400),
          "", "volunteer");
    check("GET", "/api/v1/duty-posts/shifts?from=1", "", "grid");  // 400
    check("DELETE", "/api/v1/duty-posts/shifts/" + shift["id"].dump(), "", "community");
  }
  // region outlines: an import (all or nothing), a refused one, and those below a community
  auto outline = [](const std::string& code) {
    const nlohmann::json ring = {{114.0, 30.0}, {114.01, 30.0}, {114.01, 30.01}, {114.0, 30.0}};
    return nlohmann::json{{"type", "FeatureCollection"},
                          {"features",
                           {{{"type", "Feature"},
                             {"properties", {{"code", code}}},
                             {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}}}}}
        .dump();
  };
  check("PUT", "/api/v1/regions/shapes", outline(grid));
  check("POST", "/api/v1/regions/shapes", outline(grid));
  check("PUT", "/api/v1/regions/shapes", outline("429999999999999"));
  check("GET", "/api/v1/regions/" + grid.substr(0, 12) + "/shapes", "", "district");
  check("GET", "/api/v1/regions/" + grid.substr(0, 12) + "/shapes?level=province", "", "district");
  // administration
  auto users = check("GET", "/api/v1/users?limit=3");
  const std::string user_id = std::to_string(users["items"][0]["id"].get<int>());
  check("GET", "/api/v1/users/" + user_id);
  check("GET", "/api/v1/users/999999");
  auto volunteer_id =
      check("POST", "/api/v1/users",
            R"({"username":"conform_v","display_name":"丙","role":"administrator","scope":")" +
                grid + R"("})")["id"];
  // A grid worker's account holds data permissions the administrator lacks:
  // it waits for the approval of a community officer, who holds them.
  auto created = check("POST", "/api/v1/users",
                       R"({"username":"conform_a","display_name":"甲","role":"grid_worker",)"
                       R"("scope":")" +
                           grid + R"("})");
  check("POST", "/api/v1/users",
        R"({"username":"conform_a","display_name":"甲","role":"grid_worker","scope":")" + grid +
            R"("})");
  check("POST", "/api/v1/users",
        R"({"username":"conform_b","display_name":"乙","role":"grid_worker","scope":")" + grid +
            R"("})",
        "community");
  const std::string account = "/api/v1/users/" + std::to_string(created["id"].get<int>());
  const std::string request =
      "/api/v1/user-requests/" + std::to_string(created["request"]["id"].get<int>());
  check("GET", "/api/v1/user-requests", "", "community");
  check("PATCH", account, R"({"scope":"420102001001"})");  // the request is pending
  check("POST", request + "/approve", "", "community");
  check("POST", request + "/approve", "", "community");  // no longer pending
  check("POST", "/api/v1/user-requests/999999/approve", "", "community");
  check("PATCH", account, R"({"scope":"420102001001"})");
  check("POST", account + "/deactivate");
  check("POST", account + "/reactivate");
  check("POST", account + "/reset-password");
  check("DELETE", account + "/sessions");
  auto pending = check("GET", "/api/v1/user-requests", "", "community");
  if (!pending["items"].empty()) {
    const std::string id = std::to_string(pending["items"][0]["id"].get<int>());
    check("POST", "/api/v1/user-requests/" + id + "/reject", "", "community");
  }
  check("GET", "/api/v1/audit?limit=5");
  check("GET", "/api/v1/audit?limit=5", "", "grid");
  check("POST", "/api/v1/auth/logout", "", "volunteer");
  // simulation: a long run (3,650 days, 5 ms each in the fixture) cancelled,
  // then read; a refusal of each kind.
  check("GET", "/api/v1/scenarios", "", "command");
  auto sim = check("POST", "/api/v1/simulations",
                   R"({"scenario":"default","parameters":{"run.population":2000,"run.days":3650}})",
                   "command");
  const std::string sim_path = "/api/v1/simulations/" + std::to_string(sim["id"].get<int64_t>());
  check("POST", "/api/v1/simulations", R"({"scenario":"default"})", "command");  // 409
  check("POST", "/api/v1/simulations", R"({"scenario":"nope"})", "command");
  check("POST", "/api/v1/simulations",
        R"({"scenario":"default","parameters":{"run.population":10000000,"run.days":3650}})",
        "command");  // 422
  check("POST", sim_path + "/cancel", "", "command");
  check("POST", sim_path + "/cancel", "", "command");  // 409: already ended
  check("GET", "/api/v1/simulations?limit=5", "", "command");
  check("GET", sim_path, "", "command");
  check("GET", sim_path, "", "district");  // 404: another user's
  // forecasts (issue 17): one cancelled while queued or running (the runner
  // may end one first, 409: then another is started, at most 20 times), read;
  // refusals.
  std::string forecast_path;
  for (int tries = 0; tries < 20; ++tries) {
    auto forecast = check("POST", "/api/v1/forecasts", R"({"days":60,"runs":20})", "command");
    if (!forecast.contains("id")) continue;  // 409: the one before is still being ended
    forecast_path = "/api/v1/forecasts/" + std::to_string(forecast["id"].get<int64_t>());
    if (check("POST", forecast_path + "/cancel", "", "command")["status"] == "cancelled") break;
  }
  check("POST", "/api/v1/forecasts", R"({"days":0})", "command");  // 400
  check("GET", "/api/v1/forecasts", "", "command");
  check("GET", "/api/v1/forecasts/scores", "", "command");
  check("GET", "/api/v1/forecasts/grid-risk?region=420100", "", "command");
  check("GET", "/api/v1/forecasts/grid-risk?limit=0", "", "command");  // 400
  check("GET", forecast_path, "", "command");
  check("GET", "/api/v1/forecasts/999999", "", "command");  // 404
  // Directives (issue 16): issued to the community, acknowledged and completed by the grid.
  const std::int64_t soon = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count() +
                            86400;
  auto directive = check("POST", "/api/v1/directives",
                         nlohmann::json{{"title", "封闭管理"},
                                        {"text", "小区封闭管理"},
                                        {"measure", "closed_management"},
                                        {"region_code", "420102001001"},
                                        {"deadline", soon}}
                             .dump(),
                         "district");
  const std::string directive_path =
      "/api/v1/directives/" + std::to_string(directive["id"].get<int>());
  check("GET", "/api/v1/directives", "", "grid");
  check("GET", directive_path, "", "district");
  check("GET", directive_path + "/units?level=grid", "", "community");
  check("POST", directive_path + "/units/" + grid + "/acknowledge", "", "grid");
  check("POST", directive_path + "/units/" + grid + "/complete", R"({"note":"done"})", "grid");
  check("POST", directive_path + "/units/420102001001/complete", R"({"note":"done"})",
        "community");  // 409 or 200, as its other grids stand
  // Daily reports (issue 16).
  char today[16];
  const std::time_t now_t = std::time(nullptr);
  std::tm now_tm{};
  gmtime_r(&now_t, &now_tm);
  std::strftime(today, sizeof today, "%Y-%m-%d", &now_tm);
  const std::string day = today;
  check("GET", "/api/v1/daily-reports/draft?grid=" + grid + "&day=" + day, "", "grid");
  check("POST", "/api/v1/daily-reports",
        nlohmann::json{{"day", day}, {"grid_code", grid}, {"screened", 3}, {"flagged", 0}}.dump(),
        "grid");
  check("GET", "/api/v1/daily-reports/rollup?region=420102001&day=" + day, "", "street");
  check("GET", "/api/v1/daily-reports/rollup.csv?region=420102001&day=" + day, "", "street");
  check("GET", "/api/v1/daily-reports?region=420102001&day=" + day, "", "street");
  // Facilities, beds and medical teams (issue 13).
  const std::string second = std::to_string(search["items"][1]["id"].get<std::int64_t>());
  auto hospital =
      check("POST", "/api/v1/facilities",
            R"({"name":"医院","kind":"designated_hospital","region_code":"420102"})", "district");
  check("POST", "/api/v1/facilities", R"({"name":"城堡","kind":"castle","region_code":"420102"})",
        "district");  // 400
  const std::string hospital_id = std::to_string(hospital["id"].get<std::int64_t>());
  const std::string h = "/api/v1/facilities/" + hospital_id;
  check("PUT", h + "/beds/general", R"({"beds":10,"staffed":5})", "district");
  check("PUT", h + "/beds/icu", R"({"beds":4,"staffed":2})", "district");
  check("GET", "/api/v1/facilities", "", "district");
  check("GET", h, "", "command");
  check("GET", "/api/v1/facilities/999999999", "", "command");  // 404
  const auto doctor = check("GET", "/api/v1/auth/me", "", "medical")["id"].get<std::int64_t>();
  check("PUT", h + "/staff", R"({"items":[{"user_id":)" + std::to_string(doctor) + "}]}",
        "district");
  check("GET", h + "/staff", "", "district");
  auto admitted = check(
      "POST", h + "/admissions",
      R"({"resident_id":)" + who + R"(,"bed_kind":"general","severity":"moderate"})", "medical");
  check("GET", h + "/admissions", "", "medical");
  auto moved = check(
      "POST", h + "/admissions/" + std::to_string(admitted["id"].get<std::int64_t>()) + "/transfer",
      R"({"to_facility_id":)" + hospital_id + R"(,"bed_kind":"icu","severity":"critical"})",
      "district");
  check("POST", h + "/admissions/" + std::to_string(moved["id"].get<std::int64_t>()) + "/discharge",
        R"({"outcome":"recovered"})", "district");
  check("GET", "/api/v1/facilities/suggestions?resident_id=" + second + "&severity=mild", "",
        "command");
  check("POST", h + "/dispatches",
        R"({"resident_id":)" + second + R"(,"bed_kind":"general","severity":"mild"})", "command");
  auto team = check("POST", "/api/v1/medical-teams",
                    R"({"name":"医疗队","origin":"北京市","size":40,"arrival_date":"2020-01-27",)"
                    R"("facility_id":)" +
                        hospital_id + R"(,"bed_kind":"icu"})",
                    "command");
  check("POST",
        "/api/v1/medical-teams/" + std::to_string(team["id"].get<std::int64_t>()) + "/arrival", "",
        "command");
  check("GET", "/api/v1/medical-teams", "", "command");
  // Quarantine (issue 13): an order shortened and released, one converted.
  char exposed[16];
  const std::time_t five_days_ago = now_t - 5 * 86400;
  std::tm exposed_tm{};
  gmtime_r(&five_days_ago, &exposed_tm);
  std::strftime(exposed, sizeof exposed, "%Y-%m-%d", &exposed_tm);
  check("POST", "/api/v1/quarantine-orders",
        R"({"resident_id":)" + second + R"(,"place":"home","last_exposure":")" + exposed +
            R"(","contact_id":999999999})",
        "community");  // 400: not a contact of this person
  auto order =
      check("POST", "/api/v1/quarantine-orders",
            R"({"resident_id":)" + second + R"(,"place":"home","last_exposure":")" + exposed +
                R"(","contact_id":)" + std::to_string(listed["id"].get<std::int64_t>()) + "}",
            "community");
  check("POST", "/api/v1/quarantine-orders",
        R"({"resident_id":)" + second + R"(,"place":"hotel","last_exposure":")" + day + R"("})",
        "community");  // 400
  const std::string o =
      "/api/v1/quarantine-orders/" + std::to_string(order["id"].get<std::int64_t>());
  check("GET", "/api/v1/quarantine-orders", "", "grid");
  check("GET", o, "", "grid");
  check("POST", o + "/checks", R"({"temperature":36.6})", "grid");
  check("GET", o + "/checks", "", "grid");
  check("GET", o + "/notice", "", "grid");
  check("PATCH", o, R"({"days":5,"reason":"核酸阴性"})", "community");
  check("GET", o + "/history", "", "community");
  check("POST", o + "/release", R"({"test_date":")" + day + R"(","test_result":"negative"})",
        "community");
  auto other_order =
      check("POST", "/api/v1/quarantine-orders",
            R"({"resident_id":)" + who + R"(,"place":"home","last_exposure":")" + exposed + R"("})",
            "community");
  check("POST",
        "/api/v1/quarantine-orders/" + std::to_string(other_order["id"].get<std::int64_t>()) +
            "/convert",
        "{}", "community");
  // Supervision (issue 16): the grid worker's visit of the campaign above,
  // re-visited by the community officer.
  auto supervisors =
      check("POST", "/api/v1/supervision/teams",
            R"({"name":"督导组","region_code":"420102001","members":["community"]})", "street");
  const std::string rounds =
      "/api/v1/supervision/teams/" + std::to_string(supervisors["id"].get<int>()) + "/rounds";
  check("GET", "/api/v1/supervision/teams", "", "street");
  check("POST", rounds,
        nlohmann::json{{"campaign_id", campaign["id"]}, {"per_mille", 1000}, {"seed", 7}}.dump(),
        "street");
  check("POST", rounds,
        nlohmann::json{{"campaign_id", campaign["id"]}, {"per_mille", 1000}, {"seed", 7}}.dump(),
        "street");  // 409
  const std::string round = rounds + "/" + std::to_string(campaign["id"].get<int>());
  check("GET", round, "", "street");
  auto revisits = check("GET", "/api/v1/supervision/revisits", "", "community");
  const std::string revisit =
      "/api/v1/supervision/revisits/" + std::to_string(revisits["items"][0]["id"].get<int>());
  check("GET", revisit, "", "community");
  check("GET", revisit, "", "grid");  // 404: their own visit
  check("POST", revisit,
        nlohmann::json{
            {"findings", {{{"resident_id", member}, {"present", true}, {"flagged", false}}}}}
            .dump(),
        "community");
  check("GET", round + "/quality", "", "street");
  check("POST", round + "/corrections", nlohmann::json{{"deadline", soon}}.dump(), "street");
  // A new account: log in with its one-time password, change it.
  auto volunteer =
      check("POST", "/api/v1/users/" + std::to_string(volunteer_id.get<int>()) + "/reset-password");
  auto login =
      check("POST", "/api/v1/auth/login",
            nlohmann::json{{"username", "conform_v"}, {"password", volunteer["one_time_password"]}}
                .dump(),
            "");
  tokens_["conform_v"] = login["token"];
  check("GET", "/api/v1/regions/" + grid, "", "conform_v");  // the password first
  check("POST", "/api/v1/auth/password",
        nlohmann::json{{"old_password", volunteer["one_time_password"]},
                       {"new_password", "conformance-Passphrase-7"}}
            .dump(),
        "conform_v");
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items())
      EXPECT_TRUE(answered.count(&operation)) << method << " " << path << " never succeeded here";
  }
  for (int status : {200, 201, 202, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 431})
    EXPECT_GT(statuses[status], 0) << "no answer " << status << " was checked";
}

}  // namespace
}  // namespace fk::api::test
