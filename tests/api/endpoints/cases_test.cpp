// Cases and laboratory tests through the API: medical staff report, test
// and confirm; a grid worker reads their grid's cases masked and nothing
// else; refusals name their field; out of scope answers as missing; the
// daily counts add up; medical staff see their facility's cases only.
#include <set>

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

// Medical staff see the cases treated at their facility, wherever the
// people live, and those of their region at no facility yet; another
// facility's case answers as a missing one (404, not 403), for reads,
// changes, contacts and the chain alike, and is absent from their list.
TEST_P(CasesApiTest, MedicalStaffSeeTheCasesOfTheirFacility) {
  auto facility = [&](const std::string& name) {
    auto r = Call("POST", "/api/v1/facilities",
                  nlohmann::json{
                      {"name", name}, {"kind", "designated_hospital"}, {"region_code", "420102001"}}
                      .dump(),
                  "district");
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string id = std::to_string(r.Json()["id"].get<std::int64_t>());
    EXPECT_EQ(Call("PUT", "/api/v1/facilities/" + id + "/beds/general",
                   nlohmann::json{{"beds", 10}, {"staffed", 10}}.dump(), "district")
                  .status,
              200);
    return id;
  };
  const std::string mine = facility("江岸区人民医院"), theirs = facility("协和医院");
  const std::int64_t doctor = Call("GET", "/api/v1/auth/me", "", "medical").Json()["id"];
  ASSERT_EQ(Call("PUT", "/api/v1/facilities/" + mine + "/staff",
                 nlohmann::json{{"items", {{{"user_id", doctor}}}}}.dump(), "district")
                .status,
            200);
  // The district reports three cases; two go to the doctor's hospital (one
  // of a person of the other street), one to the other hospital.
  auto reported = [&](std::int64_t person) {
    auto r = Report(person, "suspected", "district");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<std::int64_t>();
  };
  const std::int64_t here = reported(ResidentOf(kDemoGrid, 0));
  const std::int64_t far = reported(ResidentOf(kDemoOtherGrid, 0));
  const std::int64_t there = reported(ResidentOf(kDemoGrid, 1));
  auto path = [](std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); };
  // At no facility yet: a case of the doctor's region, as for every role.
  EXPECT_EQ(Call("GET", path(there), "", "medical").status, 200);
  auto admit = [&](const std::string& at, std::int64_t id) {
    const std::int64_t person = Call("GET", path(id), "", "district").Json()["resident_id"];
    auto r = Call("POST", "/api/v1/facilities/" + at + "/admissions",
                  nlohmann::json{{"resident_id", person},
                                 {"bed_kind", "general"},
                                 {"severity", "moderate"},
                                 {"case_id", id}}
                      .dump(),
                  "district");
    EXPECT_EQ(r.status, 201) << r.body;
  };
  admit(mine, here);
  admit(mine, far);
  admit(theirs, there);

  auto read = Call("GET", path(here), "", "medical");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["facility_id"], std::stoll(mine));
  EXPECT_EQ(Call("GET", path(far), "", "medical").status, 200);
  auto other = Call("GET", path(there), "", "medical");
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(other.Json()["error"]["message"], "case " + std::to_string(there) + " not found");
  const std::string severe = nlohmann::json{{"severity", "severe"}, {"date", "2020-02-11"}}.dump();
  EXPECT_EQ(Call("POST", path(there) + "/severity", severe, "medical").status, 404);
  EXPECT_EQ(Call("GET", path(there) + "/contacts", "", "medical").status, 404);
  EXPECT_EQ(Call("GET", path(there) + "/chain", "", "medical").status, 404);
  auto changed = Call("POST", path(here) + "/severity", severe, "medical");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json()["severity"], "severe");
  EXPECT_EQ(Call("GET", path(there), "", "district").Json()["severity"], "mild");  // unchanged

  // A case the doctor reports is seen until it is admitted elsewhere.
  auto own = Report(ResidentOf(kDemoGrid, 2));
  ASSERT_EQ(own.status, 201) << own.body;
  const std::int64_t own_id = own.Json()["id"];
  auto ids = [&](const std::string& user) {
    auto r = Call("GET", "/api/v1/cases?limit=200", "", user);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::int64_t> out;
    const nlohmann::json page = r.Json();
    for (const auto& c : page["items"]) out.insert(c["id"].get<std::int64_t>());
    return out;
  };
  EXPECT_EQ(ids("medical"), (std::set<std::int64_t>{here, far, own_id}));
  EXPECT_EQ(ids("district"), (std::set<std::int64_t>{here, far, there, own_id}));
  EXPECT_EQ(Call("GET", path(own_id), "", "medical").status, 200);
  admit(theirs, own_id);
  EXPECT_EQ(Call("GET", path(own_id), "", "medical").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
