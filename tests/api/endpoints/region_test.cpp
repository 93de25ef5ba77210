// PUT /api/v1/grids/{code}/staff: a community officer replaces the staff of a
// grid of their community; bad input of every kind is a 4xx naming the field
// (items[i].field) and changes nothing; text is stored verbatim; the change
// is audited. PATCH and DELETE /api/v1/regions/{code}: rename, and delete a
// region nothing hangs on, in scope, audited.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class RegionApiTest : public ApiTest {
 protected:
  std::string StaffUrl(const std::string& grid = kDemoGrid) {
    return "/api/v1/grids/" + grid + "/staff";
  }
  nlohmann::json Staff(const std::string& grid = kDemoGrid) {
    auto r = Call("GET", StaffUrl(grid), "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  }
  // The demo grid worker's account (the demo sets it on their grid's staff).
  std::int64_t GridUserId() {
    auto r = Call("GET", "/api/v1/auth/me", "", "grid");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["id"].get<std::int64_t>();
  }
};

TEST_P(RegionApiTest, CommunityOfficerReplacesTheStaffOfTheirGrid) {
  const std::int64_t grid_user = GridUserId();
  const nlohmann::json items = {
      {{"duty", "leader"}, {"name", "新组长"}, {"phone", "13912345678"}, {"user_id", nullptr}},
      {{"duty", "worker"}, {"name", "Demo grid"}, {"phone", ""}, {"user_id", grid_user}},
      {{"duty", "worker"}, {"name", "临时网格员"}, {"phone", ""}, {"user_id", nullptr}}};
  auto r = Call("PUT", StaffUrl(), nlohmann::json{{"items", items}}.dump(), "community");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["items"], items);
  EXPECT_EQ(Staff(), items);
  // Phone and user_id may be left out.
  auto minimal =
      Call("PUT", StaffUrl(), R"({"items":[{"duty":"party_post","name":"党员"}]})", "community");
  ASSERT_EQ(minimal.status, 200) << minimal.body;
  EXPECT_EQ(Staff(), nlohmann::json::parse(
                         R"([{"duty":"party_post","name":"党员","phone":"","user_id":null}])"));

  auto audit = Call("GET", std::string("/api/v1/audit?entity=grid_staff&entity_id=") + kDemoGrid,
                    "", "admin");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const nlohmann::json entries = audit.Json()["items"];
  ASSERT_GE(entries.size(), 3u);  // the demo's setup, then these two
  const nlohmann::json& first = entries[entries.size() - 2];
  EXPECT_EQ(first["action"], "update");
  EXPECT_EQ(first["detail"],
            "leader 1, worker 2, party_post 0; user ids " + std::to_string(grid_user));
  EXPECT_EQ(first["detail"].get<std::string>().find("13912345678"), std::string::npos);
}

TEST_P(RegionApiTest, BadInputIs400NamingTheFieldAndChangesNothing) {
  const nlohmann::json before = Staff();
  ASSERT_EQ(before.size(), 3u);
  auto item = [](nlohmann::json changes) {
    nlohmann::json m = {{"duty", "worker"}, {"name", "甲"}};
    for (const auto& [k, v] : changes.items()) m[k] = v;
    return m;
  };
  auto body = [](nlohmann::json list) { return nlohmann::json{{"items", list}}.dump(); };
  struct Case {
    std::string body, code, field;
  };
  const std::int64_t no_user = 987654;  // far above the demo's nine accounts
  const std::vector<Case> cases{
      {"{\"items\": [", "malformed_json", ""},
      {"[]", "invalid_field", ""},
      {"{}", "invalid_field", "items"},
      {R"({"items": {}})", "invalid_field", "items"},
      {R"({"items": [1]})", "invalid_field", "items[0]"},
      {R"({"items": [], "grid": "x"})", "invalid_field", "grid"},
      {body({item({}), {{"duty", "leader"}}}), "invalid_field", "items[1].name"},
      {body({item({}), {{"name", "乙"}}}), "invalid_field", "items[1].duty"},
      {body({item({{"duty", "boss"}})}), "invalid_field", "items[0].duty"},
      {body({item({{"duty", 1}})}), "invalid_field", "items[0].duty"},
      {body({item({{"name", 42}})}), "invalid_field", "items[0].name"},
      {body({item({{"name", nullptr}})}), "invalid_field", "items[0].name"},
      {body({item({{"name", std::string(101, 'a')}})}), "invalid_field", "items[0].name"},
      {body({item({{"phone", 13800000000}})}), "invalid_field", "items[0].phone"},
      {body({item({{"user_id", "12"}})}), "invalid_field", "items[0].user_id"},
      {body({item({{"user_id", 1.5}})}), "invalid_field", "items[0].user_id"},
      {body({item({{"age", 30}})}), "invalid_field", "items[0].age"},
      {body({item({}), item({{"user_id", -3}})}), "invalid_argument", "items[1].user_id"},
      {body({item({{"user_id", 18446744073709551615ull}})}), "invalid_argument",
       "items[0].user_id"},
      {body({item({{"name", ""}})}), "invalid_argument", "items[0].name"},
      {body({item({{"duty", "leader"}}), item({}), item({{"duty", "leader"}})}), "invalid_argument",
       "items[2].duty"},
      {body({item({{"duty", "party_post"}}), item({{"duty", "party_post"}})}), "invalid_argument",
       "items[1].duty"},
      {body({item({{"phone", "1380000000"}})}), "invalid_argument", "items[0].phone"},
      {body({item({{"phone", "138-0000-0000"}})}), "invalid_argument", "items[0].phone"},
      {body({item({{"user_id", no_user}})}), "invalid_argument", "items[0].user_id"},
      {body(nlohmann::json(std::vector<nlohmann::json>(51, item({})))), "invalid_field", "items"},
  };
  for (const Case& c : cases) {
    auto r = Call("PUT", StaffUrl(), c.body, "community");
    EXPECT_EQ(r.status, 400) << c.body << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], c.code) << c.body << " " << r.body;
    EXPECT_EQ(r.Json()["error"].value("field", ""), c.field) << c.body << " " << r.body;
  }
  // An account of the area with a role that is not grid staff.
  auto street = Call("GET", "/api/v1/auth/me", "", "street").Json()["id"].get<std::int64_t>();
  auto wrong_role = Call("PUT", StaffUrl(), body({item({{"user_id", street}})}), "community");
  EXPECT_EQ(wrong_role.status, 400) << wrong_role.body;
  EXPECT_NE(wrong_role.Json()["error"]["message"].get<std::string>().find("street_officer"),
            std::string::npos);
  // A grid worker of another grid.
  auto created = Call("POST", "/api/v1/users",
                      nlohmann::json{{"username", "other_worker"},
                                     {"display_name", "别的网格员"},
                                     {"role", "grid_worker"},
                                     {"scope", kDemoOtherGrid},
                                     {"password", "secret-123"}}
                          .dump(),
                      "admin");
  ASSERT_EQ(created.status, 201) << created.body;
  auto other_worker =
      Call("PUT", StaffUrl(), body({item({{"user_id", created.Json()["id"]}})}), "community");
  EXPECT_EQ(other_worker.status, 400) << other_worker.body;
  EXPECT_EQ(other_worker.Json()["error"]["field"], "items[0].user_id");
  // The code must be an existing grid.
  auto community = Call("PUT", "/api/v1/grids/420102001001/staff", body({item({})}), "community");
  EXPECT_EQ(community.status, 400) << community.body;
  EXPECT_EQ(community.Json()["error"]["field"], "code");
  auto missing = Call("PUT", "/api/v1/grids/420102001001999/staff", body({item({})}), "community");
  EXPECT_EQ(missing.status, 404) << missing.body;
  auto as_text =
      Call("PUT", StaffUrl(), body({item({})}), "community", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(as_text.status, 415);
  EXPECT_EQ(Staff(), before);
}

TEST_P(RegionApiTest, SqlMetacharactersAreStoredVerbatim) {
  const std::string evil = "O'Brien\"); DROP TABLE grid_staff; -- %_\\ 李";
  auto r =
      Call("PUT", StaffUrl(),
           nlohmann::json{{"items", {{{"duty", "leader"}, {"name", evil}}}}}.dump(), "community");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Staff()[0]["name"], evil);
  EXPECT_EQ(Staff(kDemoOtherGrid).size(), 3u);  // the other grids keep theirs
}

TEST_P(RegionApiTest, RenameAndDeleteARegion) {
  const std::string url = "/api/v1/regions/420102001001003";
  auto created = Call("POST", "/api/v1/regions", R"({"code": "420102001001003", "name": "网格三"})",
                      "community");
  ASSERT_EQ(created.status, 201) << created.body;
  auto renamed = Call("PATCH", url, R"({"name": "网格叁"})", "community");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["name"], "网格叁");
  EXPECT_EQ(Call("GET", url, "", "community").Json()["name"], "网格叁");
  EXPECT_EQ(Call("PATCH", url, R"({"name": ""})", "community").Json()["error"]["field"], "name");
  EXPECT_EQ(Call("PATCH", url, R"({"title": "x"})", "community").status, 400);
  // Out of scope, or a role that does not manage regions.
  auto other = Call("PATCH", std::string("/api/v1/regions/") + kDemoOtherGrid, R"({"name": "x"})",
                    "community");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.Json()["error"]["code"], "out_of_scope");
  EXPECT_EQ(Call("DELETE", url, "", "grid").status, 403);
  // Something hangs on the demo grid; nothing on the new one.
  auto busy = Call("DELETE", std::string("/api/v1/regions/") + kDemoGrid, "", "community");
  EXPECT_EQ(busy.status, 409) << busy.body;
  auto deleted = Call("DELETE", url, "", "community");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Call("GET", url, "", "community").status, 404);
  EXPECT_EQ(Call("DELETE", url, "", "community").status, 404);
  auto log = Call("GET", "/api/v1/audit?entity=region&entity_id=420102001001003", "", "admin");
  ASSERT_EQ(log.status, 200) << log.body;
  std::vector<std::string> actions;
  const nlohmann::json entries = log.Json();  // keep the parsed body alive
  for (const auto& e : entries["items"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "update", "delete"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, RegionApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
