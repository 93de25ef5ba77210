// Facilities through the API, as the roles use them and as an attacker
// tries them: the district registers a hospital and a shelter hospital and
// their beds, attaches the medical staff, a doctor admits and discharges,
// the command centre dispatches from the suggestions, a team arrives. Every
// refusal leaves the occupancy as it was.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class FacilitiesApiTest : public ApiTest {
 protected:
  std::int64_t Create(const std::string& name, const std::string& kind, const std::string& region) {
    auto r = Call("POST", "/api/v1/facilities",
                  nlohmann::json{{"name", name}, {"kind", kind}, {"region_code", region}}.dump(),
                  "district");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<std::int64_t>();
  }
  void Beds(std::int64_t id, const std::string& kind, int beds, int staffed) {
    auto r = Call("PUT", "/api/v1/facilities/" + std::to_string(id) + "/beds/" + kind,
                  nlohmann::json{{"beds", beds}, {"staffed", staffed}}.dump(), "district");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // The occupied beds of one kind, as the command centre reads them.
  std::int64_t Occupied(std::int64_t id, const std::string& kind) {
    auto r = Call("GET", "/api/v1/facilities/" + std::to_string(id), "", "command");
    EXPECT_EQ(r.status, 200) << r.body;
    const nlohmann::json body = r.Json();
    for (const auto& b : body["beds"])
      if (b["kind"] == kind) return b["occupied"].get<std::int64_t>();
    return -1;
  }
  std::vector<std::int64_t> Residents(const std::string& grid, int n) {
    auto r = Call("GET", "/api/v1/residents?region=" + grid + "&limit=" + std::to_string(n), "",
                  "district");
    EXPECT_EQ(r.status, 200) << r.body;
    const nlohmann::json body = r.Json();
    std::vector<std::int64_t> out;
    for (const auto& p : body["items"]) out.push_back(p["id"]);
    return out;
  }
  std::string Admission(std::int64_t resident, const std::string& bed,
                        const std::string& severity) {
    return nlohmann::json{{"resident_id", resident}, {"bed_kind", bed}, {"severity", severity}}
        .dump();
  }
};

TEST_P(FacilitiesApiTest, DoctorsAdmitOnlyWhereTheyWorkAndBedsNeverOverbook) {
  const std::int64_t hospital = Create("江岸区人民医院", "designated_hospital", "420102001");
  Beds(hospital, "general", 10, 1);
  const std::string base = "/api/v1/facilities/" + std::to_string(hospital);
  const auto people = Residents(kDemoGrid, 3);
  ASSERT_EQ(people.size(), 3u);
  auto refused =
      Call("POST", base + "/admissions", Admission(people[0], "general", "moderate"), "medical");
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto me = Call("GET", "/api/v1/auth/me", "", "medical");
  const std::int64_t doctor = me.Json()["id"];
  auto grid_me = Call("GET", "/api/v1/auth/me", "", "grid");
  auto not_medical =
      Call("PUT", base + "/staff",
           nlohmann::json{{"items", {{{"user_id", grid_me.Json()["id"]}}}}}.dump(), "district");
  EXPECT_EQ(not_medical.status, 400) << not_medical.body;
  EXPECT_EQ(not_medical.Json()["error"]["field"], "user_ids");
  auto staff = Call("PUT", base + "/staff",
                    nlohmann::json{{"items", {{{"user_id", doctor}}}}}.dump(), "district");
  ASSERT_EQ(staff.status, 200) << staff.body;
  EXPECT_EQ(Call("GET", base + "/staff", "", "district").Json()["items"][0]["username"], "medical");
  auto admitted =
      Call("POST", base + "/admissions", Admission(people[0], "general", "moderate"), "medical");
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  const std::int64_t admission = admitted.Json()["id"];
  auto full =
      Call("POST", base + "/admissions", Admission(people[1], "general", "moderate"), "medical");
  EXPECT_EQ(full.status, 409) << full.body;
  EXPECT_EQ(full.Json()["error"]["field"], "bed_kind");
  auto bad =
      Call("POST", base + "/admissions", Admission(people[1], "sofa", "moderate"), "medical");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "bed_kind");
  EXPECT_EQ(Occupied(hospital, "general"), 1);
  auto list = Call("GET", base + "/admissions", "", "medical");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["name"].get<std::string>().find('*') != std::string::npos,
            true);
  // The grid worker sees occupancy figures of its scope but no patients.
  EXPECT_EQ(Call("GET", base + "/admissions", "", "grid").status, 403);
  auto discharged = Call("POST", base + "/admissions/" + std::to_string(admission) + "/discharge",
                         R"({"outcome": "recovered"})", "medical");
  ASSERT_EQ(discharged.status, 200) << discharged.body;
  EXPECT_EQ(discharged.Json()["outcome"], "recovered");
  auto twice = Call("POST", base + "/admissions/" + std::to_string(admission) + "/discharge",
                    R"({"outcome": "recovered"})", "medical");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(Occupied(hospital, "general"), 0);
}

TEST_P(FacilitiesApiTest, OutOfScopeFacilitiesAreNotFound) {
  const std::int64_t other = Create("二街方舱", "shelter_hospital", "420102002");
  Beds(other, "general", 5, 5);
  const std::string base = "/api/v1/facilities/" + std::to_string(other);
  EXPECT_EQ(Call("GET", base, "", "street").status, 404);
  EXPECT_EQ(Call("PUT", base + "/beds/general", R"({"beds": 0, "staffed": 0})", "street").status,
            404);
  auto list = Call("GET", "/api/v1/facilities", "", "street");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.Json()["items"].empty());
  EXPECT_EQ(Call("GET", "/api/v1/facilities?region=420102002", "", "street").status, 403);
  const auto people = Residents(kDemoGrid, 1);
  auto admit =
      Call("POST", base + "/admissions", Admission(people[0], "general", "mild"), "street");
  EXPECT_EQ(admit.status, 404);
  EXPECT_EQ(Occupied(other, "general"), 0);
}

TEST_P(FacilitiesApiTest, CommandCentreDispatchesFromSuggestionsAndTeamsRaiseCapacity) {
  const std::int64_t hospital = Create("金银潭医院", "designated_hospital", "420102");
  const std::int64_t shelter = Create("江岸方舱", "shelter_hospital", "420102001");
  Beds(hospital, "icu", 20, 0);
  Beds(shelter, "general", 100, 50);
  const auto people = Residents(kDemoGrid, 2);
  auto none = Call("GET",
                   "/api/v1/facilities/suggestions?resident_id=" + std::to_string(people[0]) +
                       "&severity=critical",
                   "", "command");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.Json()["items"].empty());  // no staffed ICU bed yet
  auto team = Call("POST", "/api/v1/medical-teams",
                   nlohmann::json{{"name", "北京医疗队"},
                                  {"origin", "北京市"},
                                  {"size", 40},
                                  {"arrival_date", "2020-01-27"},
                                  {"facility_id", hospital},
                                  {"bed_kind", "icu"}}
                       .dump(),
                   "command");
  ASSERT_EQ(team.status, 201) << team.body;
  EXPECT_EQ(team.Json()["beds_staffed"], 10);
  const std::string arrival =
      "/api/v1/medical-teams/" + std::to_string(team.Json()["id"].get<int>()) + "/arrival";
  EXPECT_EQ(Call("POST", arrival, "", "medical").status, 403);
  auto arrived = Call("POST", arrival, "", "command");
  ASSERT_EQ(arrived.status, 200) << arrived.body;
  EXPECT_EQ(arrived.Json()["raised_by"], 10);
  EXPECT_EQ(Call("POST", arrival, "", "command").status, 409);
  auto critical = Call("GET",
                       "/api/v1/facilities/suggestions?resident_id=" + std::to_string(people[0]) +
                           "&severity=critical",
                       "", "command");
  ASSERT_EQ(critical.status, 200) << critical.body;
  ASSERT_EQ(critical.Json()["items"].size(), 1u);
  EXPECT_EQ(critical.Json()["items"][0]["facility_id"], hospital);
  EXPECT_EQ(critical.Json()["items"][0]["free_beds"], 10);
  auto mild = Call(
      "GET",
      "/api/v1/facilities/suggestions?resident_id=" + std::to_string(people[1]) + "&severity=mild",
      "", "command");
  ASSERT_EQ(mild.status, 200);
  EXPECT_EQ(mild.Json()["items"][0]["facility_id"], shelter);
  auto sent = Call("POST", "/api/v1/facilities/" + std::to_string(hospital) + "/dispatches",
                   Admission(people[0], "icu", "critical"), "command");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(sent.Json()["rank"], 1);
  EXPECT_EQ(sent.Json()["admission"]["bed_kind"], "icu");
  auto teams = Call("GET", "/api/v1/medical-teams", "", "supply");
  ASSERT_EQ(teams.status, 200);
  EXPECT_EQ(teams.Json()["items"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/medical-teams", "", "volunteer").status, 403);
  EXPECT_EQ(Occupied(hospital, "icu"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, FacilitiesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
