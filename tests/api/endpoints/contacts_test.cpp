// A case's close contacts through the API: medical staff list a resident
// and a person registered nowhere (handed over: the answer says nothing
// about them); a grid worker reads the list of their grid's case and may
// not add to it; a case outside the reader's scope is missing; the
// community puts the identified contact into quarantine with contact_id,
// and an order naming someone else's contact entry is refused.
#include "endpoints/api_fixture.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::api::test {
namespace {

class ContactsApiTest : public ApiTest {
 protected:
  std::int64_t ResidentOf(const std::string& grid, int k) {
    auto r = Call("GET", "/api/v1/residents?region=" + grid + "&limit=5", "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"][k]["id"];
  }
  std::string CaseOf(std::int64_t resident) {
    auto r =
        Call("POST", "/api/v1/cases",
             nlohmann::json{
                 {"resident_id", resident}, {"status", "suspected"}, {"report_date", Today(-1)}}
                 .dump(),
             "medical");
    EXPECT_EQ(r.status, 201) << r.body;
    return "/api/v1/cases/" + std::to_string(r.Json()["id"].get<std::int64_t>());
  }
  static std::string Today(int offset = 0) {
    std::time_t t = std::time(nullptr) + offset * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }
};

TEST_P(ContactsApiTest, ListedReadAndQuarantined) {
  const std::string a_case = CaseOf(ResidentOf(kDemoGrid, 0));
  const std::int64_t neighbour = ResidentOf(kDemoGrid, 1);
  const std::string exposure = Today(-2);
  auto listed = Call(
      "POST", a_case + "/contacts",
      nlohmann::json{
          {"resident_id", neighbour}, {"setting", "household"}, {"last_exposure_date", exposure}}
          .dump(),
      "medical");
  ASSERT_EQ(listed.status, 201) << listed.body;
  EXPECT_EQ(listed.Json()["degree"], 1);
  EXPECT_EQ(listed.Json()["resident_id"], neighbour);
  EXPECT_NE(listed.Json()["name"].get<std::string>().find('*'), std::string::npos);
  // A person registered nowhere: handed over, and nothing about them shown.
  const std::string first17 = "42010219700101555";
  auto nowhere = Call("POST", a_case + "/contacts",
                      nlohmann::json{{"id_number", first17 + ops::ResidentIdCheckChar(first17)},
                                     {"name", "王五"},
                                     {"phone", "13800000000"},
                                     {"setting", "public_place"},
                                     {"last_exposure_date", exposure}}
                          .dump(),
                      "medical");
  ASSERT_EQ(nowhere.status, 201) << nowhere.body;
  EXPECT_EQ(nowhere.Json()["handed_over"], true);
  EXPECT_EQ(nowhere.Json()["visible"], false);
  EXPECT_EQ(nowhere.Json()["name"], "");
  EXPECT_EQ(nowhere.Json()["id_number"], "");
  auto bad = Call(
      "POST", a_case + "/contacts",
      nlohmann::json{
          {"resident_id", neighbour}, {"setting", "household"}, {"last_exposure_date", Today(3)}}
          .dump(),
      "medical");
  EXPECT_EQ(bad.status, 400) << bad.body;
  // The grid worker reads the list of their grid's case, masked, and may
  // not add to it; a user whose scope misses the case finds nothing.
  auto list = Call("GET", a_case + "/contacts", "", "grid");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()["items"].size(), 2u);
  EXPECT_NE(list.Json()["items"][0]["name"].get<std::string>().find('*'), std::string::npos);
  EXPECT_EQ(Call("POST", a_case + "/contacts",
                 nlohmann::json{{"resident_id", neighbour},
                                {"setting", "household"},
                                {"last_exposure_date", exposure}}
                     .dump(),
                 "grid")
                .status,
            403);
  const std::string far_case = CaseOf(ResidentOf(kDemoOtherGrid, 0));
  EXPECT_EQ(Call("GET", far_case + "/contacts", "", "grid").status, 404);
  EXPECT_EQ(Call("GET", far_case + "/contacts", "", "volunteer").status, 403);
  // Into quarantine: the contact entry must be this person's.
  const std::int64_t contact = listed.Json()["id"];
  auto wrong = Call("POST", "/api/v1/quarantine-orders",
                    nlohmann::json{{"resident_id", ResidentOf(kDemoGrid, 2)},
                                   {"place", "home"},
                                   {"last_exposure", exposure},
                                   {"contact_id", contact}}
                        .dump(),
                    "community");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.Json()["error"]["field"], "contact_id");
  auto ordered = Call("POST", "/api/v1/quarantine-orders",
                      nlohmann::json{{"resident_id", neighbour},
                                     {"place", "home"},
                                     {"last_exposure", exposure},
                                     {"contact_id", contact}}
                          .dump(),
                      "community");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  EXPECT_EQ(ordered.Json()["contact_id"], contact);
}

INSTANTIATE_TEST_SUITE_P(Backends, ContactsApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
