// Cases and laboratory tests through the API: medical staff report, test
// and confirm; a grid worker reads their grid's cases masked and nothing
// else; refusals name their field; out of scope answers as missing; the
// daily counts add up.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class CasesApiTest : public ApiTest {
 protected:
  // The first resident of `grid` (read by the district officer).
  std::int64_t ResidentOf(const std::string& grid, int k = 0) {
    auto r = Call("GET", "/api/v1/residents?region=" + grid + "&limit=5", "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"][k]["id"];
  }
  ClientResponse Report(std::int64_t resident, const std::string& status = "suspected",
                        const std::string& user = "medical") {
    return Call("POST", "/api/v1/cases",
                nlohmann::json{{"resident_id", resident},
                               {"status", status},
                               {"report_date", "2020-02-10"},
                               {"severity", "mild"}}
                    .dump(),
                user);
  }
};

TEST_P(CasesApiTest, ReportTestConfirmAndRead) {
  const std::int64_t person = ResidentOf(kDemoGrid);
  auto reported = Report(person);
  ASSERT_EQ(reported.status, 201) << reported.body;
  const std::string id = std::to_string(reported.Json()["id"].get<std::int64_t>());
  EXPECT_EQ(reported.Json()["status"], "suspected");
  EXPECT_EQ(reported.Json()["grid_code"], kDemoGrid);
  EXPECT_EQ(reported.Json()["name"].get<std::string>().find('*'), std::string::npos);
  auto test = Call("POST", "/api/v1/lab-tests",
                   nlohmann::json{{"resident_id", person},
                                  {"kind", "nucleic_acid"},
                                  {"sample_date", "2020-02-11"},
                                  {"result", "positive"},
                                  {"lab", "金银潭医院检验科"}}
                       .dump(),
                   "medical");
  ASSERT_EQ(test.status, 201) << test.body;
  auto confirmed =
      Call("POST", "/api/v1/cases/" + id + "/status",
           nlohmann::json{
               {"status", "confirmed"}, {"date", "2020-02-12"}, {"test_id", test.Json()["id"]}}
               .dump(),
           "medical");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.Json()["basis"], "lab_test");
  EXPECT_EQ(confirmed.Json()["confirmation_date"], "2020-02-12");
  auto excluded =
      Call("POST", "/api/v1/cases/" + id + "/status",
           nlohmann::json{{"status", "excluded"}, {"date", "2020-02-13"}}.dump(), "medical");
  ASSERT_EQ(excluded.status, 409) << excluded.body;
  EXPECT_EQ(excluded.Json()["error"]["field"], "status");
  EXPECT_EQ(excluded.Json()["error"]["message"],
            "status: a confirmed case cannot change its classification, not excluded");
  auto severe =
      Call("POST", "/api/v1/cases/" + id + "/severity",
           nlohmann::json{{"severity", "severe"}, {"date", "2020-02-13"}}.dump(), "medical");
  ASSERT_EQ(severe.status, 200) << severe.body;
  auto died = Call("POST", "/api/v1/cases/" + id + "/outcome",
                   nlohmann::json{{"outcome", "died"}, {"date", "2020-02-14"}}.dump(), "medical");
  ASSERT_EQ(died.status, 200) << died.body;
  auto detail = Call("GET", "/api/v1/cases/" + id, "", "grid");
  ASSERT_EQ(detail.status, 200) << detail.body;
  const nlohmann::json body = detail.Json();
  EXPECT_EQ(body["outcome"], "died");
  EXPECT_EQ(body["events"].size(), 4u);
  EXPECT_EQ(body["tests"].size(), 1u);
  EXPECT_NE(body["name"].get<std::string>().find('*'), std::string::npos);
  auto tests = Call("GET", "/api/v1/lab-tests?resident_id=" + std::to_string(person), "", "grid");
  ASSERT_EQ(tests.status, 200) << tests.body;
  EXPECT_EQ(tests.Json()["items"].size(), 1u);
}

TEST_P(CasesApiTest, AGridWorkerSeesTheirGridMaskedAndNothingElse) {
  auto mine = Report(ResidentOf(kDemoGrid));
  auto other = Report(ResidentOf(kDemoOtherGrid));
  ASSERT_EQ(mine.status, 201) << mine.body;
  ASSERT_EQ(other.status, 201) << other.body;
  auto list = Call("GET", "/api/v1/cases", "", "grid");
  ASSERT_EQ(list.status, 200) << list.body;
  const nlohmann::json items = list.Json()["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], mine.Json()["id"]);
  EXPECT_NE(items[0]["name"].get<std::string>().find('*'), std::string::npos);
  EXPECT_NE(items[0]["id_number"].get<std::string>().find('*'), std::string::npos);
  auto unmasked = Call("GET", "/api/v1/cases?unmasked=true", "", "grid");
  EXPECT_EQ(unmasked.status, 403);
  EXPECT_EQ(unmasked.Json()["error"]["message"], "role grid_worker may not manage cases");
  auto region = Call("GET", std::string("/api/v1/cases?region=") + kDemoOtherGrid, "", "grid");
  EXPECT_EQ(region.status, 403);
  // A case out of scope and a missing one: the same answer but for the id.
  const std::string other_id = std::to_string(other.Json()["id"].get<std::int64_t>());
  auto hidden = Call("GET", "/api/v1/cases/" + other_id, "", "grid");
  auto missing = Call("GET", "/api/v1/cases/99999999", "", "grid");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(hidden.Json()["error"]["message"], "case " + other_id + " not found");
  EXPECT_EQ(missing.Json()["error"]["message"], "case 99999999 not found");
  EXPECT_EQ(hidden.Json()["error"]["code"], missing.Json()["error"]["code"]);
  // No exact search a masked reader could test candidates with.
  auto search = Call("GET", "/api/v1/cases?id_number=420102199001011234", "", "grid");
  EXPECT_EQ(search.status, 400) << search.body;
  // The grid worker may not change anything.
  auto change = Call("POST", "/api/v1/cases/" + other_id + "/status",
                     nlohmann::json{{"status", "excluded"}, {"date", "2020-02-13"}}.dump(), "grid");
  EXPECT_EQ(change.status, 403);
  for (const std::string user : {"volunteer", "supply", "admin"}) {
    auto refused = Call("GET", "/api/v1/cases", "", user);
    EXPECT_EQ(refused.status, 403) << user;
  }
  auto command = Call("GET", "/api/v1/cases/" + other_id, "", "command");
  ASSERT_EQ(command.status, 200) << command.body;
  EXPECT_NE(command.Json()["name"].get<std::string>().find('*'), std::string::npos);
}

TEST_P(CasesApiTest, BadInputNamesItsFieldAndChangesNothing) {
  const std::int64_t person = ResidentOf(kDemoGrid);
  auto refused = [&](nlohmann::json body, int status, const std::string& field) {
    auto r = Call("POST", "/api/v1/cases", body.dump(), "medical");
    EXPECT_EQ(r.status, status) << body.dump() << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  };
  refused({{"resident_id", person}, {"status", "bogus"}, {"report_date", "2020-02-10"}}, 400,
          "status");
  refused({{"resident_id", person}, {"status", "suspected"}, {"report_date", "2099-01-01"}}, 400,
          "report_date");
  refused({{"resident_id", person}, {"status", "confirmed"}, {"report_date", "2020-02-10"}}, 400,
          "test_id");
  refused({{"resident_id", person},
           {"status", "asymptomatic"},
           {"report_date", "2020-02-10"},
           {"severity", "mild"},
           {"test_id", 1}},
          400, "severity");
  refused({{"household_id", 1},
           {"status", "suspected"},
           {"report_date", "2020-02-10"},
           {"name", "王五"},
           {"sex", "male"},
           {"birth_date", "1990-01-01"},
           {"id_number", "420102199001011230"},
           {"phone", "13800000000"}},
          400, "id_number");
  auto r = Call("GET", "/api/v1/cases", "", "medical");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.Json()["items"].empty());
  auto bad_test = Call("POST", "/api/v1/lab-tests",
                       nlohmann::json{{"resident_id", person},
                                      {"kind", "pcr"},
                                      {"sample_date", "2020-02-11"},
                                      {"result", "positive"},
                                      {"lab", "x"}}
                           .dump(),
                       "medical");
  EXPECT_EQ(bad_test.status, 400);
  EXPECT_EQ(bad_test.Json()["error"]["field"], "kind");
}

TEST_P(CasesApiTest, RegisterOnTheSpotAndDailyCounts) {
  auto household = Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=1",
                        "", "district");
  ASSERT_EQ(household.status, 200);
  const std::int64_t household_id = household.Json()["items"][0]["household_id"];
  auto made = Call("POST", "/api/v1/cases",
                   nlohmann::json{{"household_id", household_id},
                                  {"status", "clinically_diagnosed"},
                                  {"report_date", "2020-02-12"},
                                  {"onset_date", "2020-02-08"},
                                  {"name", "赵六"},
                                  {"sex", "female"},
                                  {"birth_date", "1960-07-01"},
                                  {"id_number", "42010219600701002X"},
                                  {"phone", "13912345678"}}
                       .dump(),
                   "district");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["basis"], "clinical");
  ASSERT_EQ(Report(ResidentOf(kDemoOtherGrid)).status, 201);
  auto counts =
      Call("GET", "/api/v1/cases/daily?region=420102&from=2020-02-10&to=2020-02-12&children=true",
           "", "command");
  ASSERT_EQ(counts.status, 200) << counts.body;
  const nlohmann::json items = counts.Json()["items"];
  ASSERT_GE(items.size(), 3u);
  EXPECT_EQ(items[0]["region_code"], "420102");
  EXPECT_EQ(items[0]["new_suspected"], 1);
  EXPECT_EQ(items[2]["new_confirmed"], 1);
  EXPECT_EQ(items[2]["cumulative_confirmed"], 1);
  EXPECT_EQ(items[2]["current_suspected"], 1);
  auto grid = Call("GET",
                   std::string("/api/v1/cases/daily?region=") + kDemoOtherGrid +
                       "&from=2020-02-10&to=2020-02-12",
                   "", "grid");
  EXPECT_EQ(grid.status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
