// A case's close contacts through the API: medical staff list a resident
// and a person registered nowhere (handed over: the answer says nothing
// about them); a grid worker reads the list of their grid's case and may
// not add to it; a case outside the reader's scope is missing; the
// community puts the identified contact into quarantine with contact_id,
// and an order naming someone else's contact entry is refused. The tracer
// records where the case went; the receiving area lists the contacts handed
// to it, the grid worker follows one up, the cluster's chain links a contact
// who fell ill to the case, and the district reads the WHO's figures. A
// contact registered nowhere is placed (handed on, registered, linked)
// before it can be followed up.
#include <set>

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

TEST_P(ContactsApiTest, VisitsReceivingListFollowUpChainAndFigures) {
  const std::int64_t first = ResidentOf(kDemoGrid, 0);
  const std::string a_case = CaseOf(first);
  const std::int64_t a_id = std::stoll(a_case.substr(a_case.rfind('/') + 1));
  // Where the case went (行程): recorded by the tracer, read by the grid.
  auto visit = Call("POST", a_case + "/visits",
                    nlohmann::json{{"place", "汉口火车站"},
                                   {"setting", "transport"},
                                   {"date", Today(-3)},
                                   {"from_time", "08:00"},
                                   {"to_time", "09:30"}}
                        .dump(),
                    "medical");
  ASSERT_EQ(visit.status, 201) << visit.body;
  auto backwards = Call("POST", a_case + "/visits",
                        nlohmann::json{{"place", "超市"},
                                       {"setting", "public_place"},
                                       {"date", Today(-3)},
                                       {"from_time", "10:00"},
                                       {"to_time", "09:00"}}
                            .dump(),
                        "medical");
  EXPECT_EQ(backwards.status, 400) << backwards.body;
  EXPECT_EQ(backwards.Json()["error"]["field"], "to_time");
  EXPECT_EQ(
      Call("POST", a_case + "/visits",
           nlohmann::json{{"place", "超市"}, {"setting", "other"}, {"date", Today(-1)}}.dump(),
           "grid")
          .status,
      403);
  auto visits = Call("GET", a_case + "/visits", "", "grid");
  ASSERT_EQ(visits.status, 200) << visits.body;
  ASSERT_EQ(visits.Json()["items"].size(), 1u);  // the refused one changed nothing
  EXPECT_EQ(visits.Json()["items"][0]["place"], "汉口火车站");
  EXPECT_EQ(visits.Json()["items"][0]["to_time"], "09:30");

  // A contact met on the train who lives in the other street: handed over.
  const std::int64_t traveller = ResidentOf(kDemoOtherGrid, 0);
  auto far = Call("POST", a_case + "/contacts",
                  nlohmann::json{{"resident_id", traveller},
                                 {"setting", "transport"},
                                 {"last_exposure_date", Today(-3)},
                                 {"visit_id", visit.Json()["id"]}}
                      .dump(),
                  "medical");
  ASSERT_EQ(far.status, 201) << far.body;
  const std::int64_t far_id = far.Json()["id"];
  const std::int64_t sister = ResidentOf(kDemoGrid, 1);
  auto near =
      Call("POST", a_case + "/contacts",
           nlohmann::json{
               {"resident_id", sister}, {"setting", "household"}, {"last_exposure_date", Today(-1)}}
               .dump(),
           "medical");
  ASSERT_EQ(near.status, 201) << near.body;
  const std::int64_t near_id = near.Json()["id"];
  auto ids_in = [&](const std::string& query, const std::string& user) {
    auto r = Call("GET", "/api/v1/contacts" + query, "", user);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::int64_t> ids;
    const nlohmann::json page = r.Json();
    for (const auto& k : page["items"]) {
      ids.insert(k["id"].get<std::int64_t>());
      EXPECT_NE(k["name"].get<std::string>().find('*'), std::string::npos) << k;
    }
    return ids;
  };
  // The receiving list: the district sees both where they live, the grid
  // worker only the one of their grid, and not the other street's list.
  EXPECT_EQ(ids_in("?region=" + std::string(kDemoOtherGrid), "district"),
            std::set<std::int64_t>{far_id});
  EXPECT_EQ(ids_in("", "district"), (std::set<std::int64_t>{far_id, near_id}));
  EXPECT_EQ(ids_in("", "grid"), std::set<std::int64_t>{near_id});
  EXPECT_EQ(
      Call("GET", "/api/v1/contacts?region=" + std::string(kDemoOtherGrid), "", "grid").status,
      403);

  // Follow-up: by the grid worker of the grid, not of another grid's
  // contact; a person reached is not lost; a volunteer reads no cases.
  const std::string follow = "/api/v1/contacts/" + std::to_string(near_id) + "/follow-ups";
  auto up = Call("POST", follow, nlohmann::json{{"date", Today()}}.dump(), "grid");
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.Json()["last_followup_date"], Today());
  EXPECT_FALSE(up.Json()["reached_at"].is_null());
  auto both =
      Call("POST", follow,
           nlohmann::json{{"date", Today()}, {"reached", true}, {"lost", true}}.dump(), "grid");
  EXPECT_EQ(both.status, 400) << both.body;
  EXPECT_EQ(Call("POST", "/api/v1/contacts/" + std::to_string(far_id) + "/follow-ups",
                 nlohmann::json{{"date", Today()}}.dump(), "grid")
                .status,
            404);
  EXPECT_EQ(Call("POST", follow, nlohmann::json{{"date", Today()}}.dump(), "volunteer").status,
            403);

  // The sister falls ill: the chain runs from the first case to hers.
  const std::string b_case = CaseOf(sister);
  const std::int64_t b_id = std::stoll(b_case.substr(b_case.rfind('/') + 1));
  auto chain = Call("GET", b_case + "/chain", "", "district");
  ASSERT_EQ(chain.status, 200) << chain.body;
  std::set<std::int64_t> nodes;
  const nlohmann::json links = chain.Json();
  for (const auto& n : links["nodes"]) nodes.insert(n["case_id"].get<std::int64_t>());
  EXPECT_EQ(nodes, (std::set<std::int64_t>{a_id, b_id}));
  ASSERT_EQ(chain.Json()["edges"].size(), 1u);
  EXPECT_EQ(chain.Json()["edges"][0]["from_case"], a_id);
  EXPECT_EQ(chain.Json()["edges"][0]["to_case"], b_id);
  EXPECT_EQ(chain.Json()["edges"][0]["setting"], "household");
  EXPECT_EQ(chain.Json()["source_case"], a_id);
  EXPECT_EQ(Call("GET", b_case + "/chain", "", "volunteer").status, 403);

  // The WHO's figures of the district for today: two contacts listed, one
  // reached within 24 hours and followed up today, none lost.
  auto figures =
      Call("GET", "/api/v1/contacts/figures?region=420102&date=" + Today(), "", "district");
  ASSERT_EQ(figures.status, 200) << figures.body;
  EXPECT_EQ(figures.Json()["contacts_listed"], 2);
  EXPECT_EQ(figures.Json()["reached_within_24h"], 1);
  EXPECT_EQ(figures.Json()["followed_up_today"], 1);
  EXPECT_EQ(figures.Json()["lost"], 0);
  EXPECT_EQ(
      Call("GET", "/api/v1/contacts/figures?region=420102&date=2020-02-30", "", "district").status,
      400);
  EXPECT_EQ(
      Call("GET", "/api/v1/contacts/figures?region=420103&date=" + Today(), "", "district").status,
      403);
}

// A stranger registered nowhere is held by the city: refusals by role and
// scope change nothing; the command centre hands them on to the street, the
// street to the grid, whose worker registers the person on the spot and
// links them, after which the grid follows them up.
TEST_P(ContactsApiTest, AContactRegisteredNowhereIsPlacedThenFollowedUp) {
  const std::string a_case = CaseOf(ResidentOf(kDemoGrid, 0));
  const std::int64_t neighbour = ResidentOf(kDemoGrid, 1);
  const std::string exposure = Today(-2);
  ASSERT_EQ(Call("POST", a_case + "/contacts",
                 nlohmann::json{{"resident_id", neighbour},
                                {"setting", "household"},
                                {"last_exposure_date", exposure}}
                     .dump(),
                 "medical")
                .status,
            201);
  const std::string first17 = "42010219700101555";
  const std::string number = first17 + ops::ResidentIdCheckChar(first17);
  auto listed = Call("POST", a_case + "/contacts",
                     nlohmann::json{{"id_number", number},
                                    {"name", "王五"},
                                    {"phone", "13800000000"},
                                    {"setting", "public_place"},
                                    {"last_exposure_date", exposure}}
                         .dump(),
                     "medical");
  ASSERT_EQ(listed.status, 201) << listed.body;
  const std::int64_t stranger = listed.Json()["id"];
  const std::string id = std::to_string(stranger);
  const std::string place = "/api/v1/contacts/" + id + "/resident";
  const std::string follow = "/api/v1/contacts/" + id + "/follow-ups";
  auto held_by = [&](const std::string& user) {
    auto r = Call("GET", "/api/v1/contacts?limit=200", "", user);
    EXPECT_EQ(r.status, 200) << r.body;
    const nlohmann::json page = r.Json();
    for (const auto& k : page["items"])
      if (k["id"] == stranger) return k;
    return nlohmann::json();
  };
  auto link = [&](const nlohmann::json& body, const std::string& user) {
    return Call("POST", place, body.dump(), user);
  };

  // Refused by role and by scope, alike for a missing contact and resident.
  EXPECT_EQ(link({{"resident_id", neighbour}}, "volunteer").status, 403);
  EXPECT_EQ(link({{"resident_id", neighbour}}, "supply").status, 403);
  EXPECT_EQ(link({{"resident_id", neighbour}}, "grid").status, 404);
  EXPECT_EQ(link({{"resident_id", neighbour}}, "district").status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/contacts/999999/resident",
                 nlohmann::json{{"resident_id", neighbour}}.dump(), "command")
                .status,
            404);
  EXPECT_EQ(link({{"resident_id", 999999}}, "command").status, 404);
  auto neither = link(nlohmann::json::object(), "command");
  EXPECT_EQ(neither.status, 400) << neither.body;
  EXPECT_EQ(neither.Json()["error"]["field"], "resident_id");
  EXPECT_EQ(link({{"resident_id", neighbour}, {"region_code", kDemoGrid}}, "command").status, 400);
  auto outside = link({{"region_code", "430100"}}, "command");
  EXPECT_EQ(outside.status, 400) << outside.body;
  EXPECT_EQ(outside.Json()["error"]["field"], "region_code");
  auto twice = link({{"resident_id", neighbour}}, "command");  // on the case's list already
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(Call("POST", follow, nlohmann::json{{"date", Today()}}.dump(), "command").status, 403);
  // Nothing changed: the city still holds the unidentified contact.
  const nlohmann::json held = held_by("command");
  ASSERT_FALSE(held.is_null());
  EXPECT_TRUE(held["resident_id"].is_null()) << held;
  EXPECT_TRUE(held_by("street").is_null());
  EXPECT_TRUE(held_by("grid").is_null());

  // Handed on to the street, then by the street to the grid.
  auto to_street = link({{"region_code", "420102001"}}, "command");
  ASSERT_EQ(to_street.status, 200) << to_street.body;
  EXPECT_TRUE(to_street.Json()["resident_id"].is_null());
  EXPECT_FALSE(held_by("street").is_null());
  EXPECT_TRUE(held_by("grid").is_null());
  EXPECT_EQ(link({{"region_code", "420102001"}}, "street").status, 400);  // not inside
  ASSERT_EQ(link({{"region_code", kDemoGrid}}, "street").status, 200);
  EXPECT_FALSE(held_by("grid").is_null());
  auto early = Call("POST", follow, nlohmann::json{{"date", Today()}}.dump(), "grid");
  EXPECT_EQ(early.status, 409) << early.body;

  // The grid worker registers the person on the spot (the registry's ID
  // checks) and links them; a resident of another grid is not theirs.
  auto household = Call(
      "POST", "/api/v1/households",
      nlohmann::json{{"grid_code", kDemoGrid}, {"building", "临时"}, {"room", "1"}}.dump(), "grid");
  ASSERT_EQ(household.status, 201) << household.body;
  auto registered =
      Call("POST",
           "/api/v1/households/" + std::to_string(household.Json()["id"].get<std::int64_t>()) +
               "/residents",
           nlohmann::json{{"name", "王五"},
                          {"sex", "male"},
                          {"birth_date", "1970-01-01"},
                          {"id_number", number},
                          {"phone", "13800000000"}}
               .dump(),
           "grid");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::int64_t resident = registered.Json()["id"];
  EXPECT_EQ(link({{"resident_id", ResidentOf(kDemoOtherGrid, 0)}}, "grid").status, 404);
  auto linked = link({{"resident_id", resident}}, "grid");
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.Json()["resident_id"], resident);
  EXPECT_EQ(linked.Json()["grid_code"], kDemoGrid);
  EXPECT_NE(linked.Json()["name"].get<std::string>().find('*'), std::string::npos);
  EXPECT_EQ(link({{"resident_id", resident}}, "grid").status, 409);

  // Now the grid follows the person up.
  auto up = Call("POST", follow, nlohmann::json{{"date", Today()}}.dump(), "grid");
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.Json()["last_followup_date"], Today());
  auto audit = Call("GET", "/api/v1/audit?entity=contact&entity_id=" + id, "", "admin");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const nlohmann::json entries = audit.Json();
  std::set<std::string> details;
  for (const auto& e : entries["items"]) details.insert(e["detail"].get<std::string>());
  EXPECT_TRUE(details.contains("placed: resident " + std::to_string(resident))) << audit.body;
  EXPECT_TRUE(details.contains("handed on to 420102001")) << audit.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ContactsApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
