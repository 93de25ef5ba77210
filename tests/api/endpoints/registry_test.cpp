// Registry endpoints: bad input of every kind answered with a 4xx naming the
// field and changing nothing; SQL metacharacters stored verbatim; CSV import
// modes; masked export as an attachment with formulas neutralised; deletion
// with a reason; the audit log records reads with the client address; and
// the attacks of issue 11: exact search by a masked reader, an import that
// tells whether a number is registered elsewhere, a cursor of another area.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class RegistryApiTest : public ApiTest {
 protected:
  std::int64_t ResidentCount() {
    // The grid where the tests add residents (under the page limit of 200).
    auto r =
        Call("GET", std::string("/api/v1/residents?limit=200&region=") + kDemoGrid, "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::int64_t>(r.Json()["items"].size());
  }
  std::int64_t NewHousehold(const std::string& building) {
    auto r =
        Call("POST", "/api/v1/households",
             nlohmann::json{{"grid_code", kDemoGrid}, {"building", building}, {"room", "9"}}.dump(),
             "grid");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<std::int64_t>();
  }
  static nlohmann::json Person() {
    // 11010519491231002X: the GB 11643 example number (female, 1949-12-31).
    return {{"name", "测试"},
            {"sex", "female"},
            {"birth_date", "1949-12-31"},
            {"id_number", "11010519491231002X"},
            {"phone", "13800000000"}};
  }
};

TEST_P(RegistryApiTest, BadInputIs400NamingTheFieldAndChangesNothing) {
  const std::int64_t household = NewHousehold("A");
  const std::string url = "/api/v1/households/" + std::to_string(household) + "/residents";
  const std::int64_t before = ResidentCount();
  struct Case {
    nlohmann::json body;
    std::string field;
  };
  auto with = [](const char* key, nlohmann::json value) {
    auto p = Person();
    p[key] = std::move(value);
    return p;
  };
  auto without = [](const char* key) {
    auto p = Person();
    p.erase(key);
    return p;
  };
  for (const Case& c : std::vector<Case>{
           {with("name", 42), "name"},
           {with("sex", "other"), "sex"},
           {with("pregnant", "yes"), "pregnant"},
           {with("nickname", "x"), "nickname"},
           {without("id_number"), "id_number"},
           {with("id_number", "110105194912310021"), "id_number"},  // wrong check digit
           {with("id_number", "11010519491231001X"), "id_number"},  // sex does not match
           {with("birth_date", "1950-01-01"), "id_number"},         // birth date cross-check
       }) {
    auto r = Call("POST", url, c.body.dump(), "grid");
    EXPECT_EQ(r.status, 400) << c.body.dump() << " " << r.body;
    EXPECT_EQ(r.Json()["error"].value("field", ""), c.field) << c.body.dump() << " " << r.body;
  }
  auto malformed = Call("POST", url, "{\"name\": \"x\",", "grid");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Json()["error"]["code"], "malformed_json");
  auto oversize = Call("POST", url, std::string(2 << 20, ' '), "grid");
  EXPECT_EQ(oversize.status, 413);
  EXPECT_EQ(ResidentCount(), before);
}

TEST_P(RegistryApiTest, SqlMetacharactersAreStoredVerbatim) {
  const std::string evil = "1'); DROP TABLE residents; -- \"x\" %_\\";
  const std::int64_t household = NewHousehold(evil);
  auto r = Call("GET", "/api/v1/households/" + std::to_string(household), "", "grid");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["building"], evil);
  auto p = Person();
  p["name"] = "O'Brien; --";
  auto added = Call("POST", "/api/v1/households/" + std::to_string(household) + "/residents",
                    p.dump(), "grid");
  ASSERT_EQ(added.status, 201) << added.body;
  auto got =
      Call("GET",
           "/api/v1/residents/" + std::to_string(added.Json()["id"].get<int>()) + "?unmasked=true",
           "", "community");
  EXPECT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json()["name"], "O'Brien; --");
}

TEST_P(RegistryApiTest, DuplicateIdNumberIs409) {
  const std::string url = "/api/v1/households/" + std::to_string(NewHousehold("B")) + "/residents";
  EXPECT_EQ(Call("POST", url, Person().dump(), "grid").status, 201);
  auto again = Call("POST", url, Person().dump(), "grid");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Json()["error"]["field"], "id_number");
}

TEST_P(RegistryApiTest, DeleteNeedsAReasonThenRemovesResidentAndHousehold) {
  const std::int64_t household = NewHousehold("D");
  const std::string base = "/api/v1/households/" + std::to_string(household);
  auto added = Call("POST", base + "/residents", Person().dump(), "grid");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string resident =
      "/api/v1/residents/" + std::to_string(added.Json()["id"].get<std::int64_t>());
  for (const std::string& bad : {resident, resident + "?reason=%20"}) {
    auto r = Call("DELETE", bad, "", "grid");
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], "reason") << r.body;
  }
  EXPECT_EQ(Call("GET", resident, "", "grid").status, 200);
  auto busy = Call("DELETE", base + "?reason=x", "", "grid");
  EXPECT_EQ(busy.status, 409) << busy.body;
  auto deleted =
      Call("DELETE", resident + "?reason=%E9%87%8D%E5%A4%8D%E7%99%BB%E8%AE%B0", "", "grid");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.Json()["deleted"], true);
  EXPECT_EQ(Call("GET", resident, "", "grid").status, 404);
  EXPECT_EQ(Call("DELETE", base + "?reason=x", "", "grid").status, 200);
  EXPECT_EQ(Call("GET", base, "", "grid").status, 404);
}

TEST_P(RegistryApiTest, CsvImportReportsEveryRejectedRowAndHonoursTheMode) {
  const std::string csv =
      "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话\n"
      "420102001001001,9,1,901,甲,女,1949-12-31,11010519491231002X,13800000001\n"
      "420102001001001,9,1,902,乙,男,1949-12-31,110105194912310021,13800000002\n"
      "420102001001001,9,1,903,丙,男,1949-13-31,11010519491331001X,13800000003\n";
  const Headers csv_type{{"Content-Type", "text/csv"}};
  const std::int64_t before = ResidentCount();
  auto refused = Call("POST", "/api/v1/residents/import", csv, "grid", csv_type);
  EXPECT_EQ(refused.status, 422) << refused.body;
  ASSERT_EQ(refused.Json()["rejected"].size(), 2u);
  EXPECT_EQ(refused.Json()["rejected"][0]["line"], 3);
  EXPECT_EQ(refused.Json()["rejected"][1]["line"], 4);
  EXPECT_EQ(ResidentCount(), before);
  auto partial = Call("POST", "/api/v1/residents/import?mode=valid_rows", csv, "grid", csv_type);
  EXPECT_EQ(partial.Json()["imported"], 1) << partial.body;
  EXPECT_EQ(ResidentCount(), before + 1);
  EXPECT_EQ(Call("POST", "/api/v1/residents/import?mode=some", csv, "grid", csv_type).status, 400);
}

TEST_P(RegistryApiTest, ExportIsMaskedUnlessTheRoleMaySeeMore) {
  auto masked =
      Call("GET", std::string("/api/v1/residents/export?region=") + kDemoGrid, "", "grid");
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(masked.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(masked.body.find('*'), std::string::npos);
  auto volunteer =
      Call("GET", std::string("/api/v1/residents/export?region=") + kDemoGrid + "&unmasked=true",
           "", "volunteer");
  EXPECT_EQ(volunteer.status, 403);
}

TEST_P(RegistryApiTest, ReadsAreAuditedWithTheClientAddress) {
  const std::int64_t household = NewHousehold("C");
  ASSERT_EQ(
      Call("GET", "/api/v1/households/" + std::to_string(household) + "/residents", "", "grid")
          .status,
      200);
  auto log = Call("GET", "/api/v1/audit?limit=200", "", "admin");
  ASSERT_EQ(log.status, 200) << log.body;
  bool found = false;
  const nlohmann::json log_body = log.Json();  // keep the parsed body alive
  for (const auto& e : log_body["items"]) {
    if (e["client_address"].get<std::string>().rfind("127.0.0.1", 0) == 0) found = true;
  }
  EXPECT_TRUE(found) << log.body;
}

TEST_P(RegistryApiTest, AMaskedReaderMayNotSearchByWhatTheMaskHides) {
  const std::string grid = std::string("&region=") + kDemoGrid;
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"id_number=11010519491231002X", "id_number"},
           {"phone=13800000000", "phone"},
           {"name=%E5%BC%A0%E4%B8%89", "name"},   // 张三
           {"name=%E5%BC%A0%E4%B8%89*", "name"},  // 张三*
       }) {
    auto r = Call("GET", "/api/v1/residents?" + query + grid, "", "volunteer");
    EXPECT_EQ(r.status, 403) << query << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << query << " " << r.body;
    // A role that sees data unmasked may.
    EXPECT_EQ(Call("GET", "/api/v1/residents?" + query + grid, "", "grid").status, 200) << query;
  }
  EXPECT_EQ(Call("GET", "/api/v1/residents?name=%E5%BC%A0*" + grid, "", "volunteer").status, 200);
  // What the volunteer reads of a resident: the year of birth, 4 + 1 of the ID.
  auto page = Call("GET", "/api/v1/residents?limit=1" + grid, "", "volunteer");
  ASSERT_EQ(page.status, 200) << page.body;
  const nlohmann::json person = page.Json()["items"][0];
  EXPECT_EQ(person["birth_date"].get<std::string>().substr(4), "-**-**");
  EXPECT_EQ(person["id_number"].get<std::string>().substr(4, 13), std::string(13, '*'));
}

TEST_P(RegistryApiTest, ExportIsAnAttachmentWithFormulasNeutralised) {
  auto h = Call("POST", "/api/v1/households",
                nlohmann::json{{"grid_code", kDemoGrid},
                               {"building", "=HYPERLINK(\"http://evil.example/\",\"x\")"},
                               {"unit", "@SUM(A1)"},
                               {"room", "+1"}}
                    .dump(),
                "grid");
  ASSERT_EQ(h.status, 201) << h.body;
  auto person = Person();
  person["name"] = "=1+2";
  ASSERT_EQ(
      Call("POST", "/api/v1/households/" + std::to_string(h.Json()["id"].get<int>()) + "/residents",
           person.dump(), "grid")
          .status,
      201);
  auto r = Call("GET", std::string("/api/v1/residents/export?unmasked=true&region=") + kDemoGrid,
                "", "community");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-disposition"],
            std::string("attachment; filename=\"residents-") + kDemoGrid + ".csv\"");
  EXPECT_NE(r.body.find(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",\"'@SUM(A1)\","
                        "\"'+1\",\"'=1+2\","),
            std::string::npos)
      << r.body.substr(r.body.size() - 300);
  for (const char* bad : {",=", ",@", ",+"}) EXPECT_EQ(r.body.find(bad), std::string::npos) << bad;
}

// The attack of issue 11: "already registered" told anyone who could import
// whether a number was registered anywhere. The grid worker imports the
// number of a resident of another street and a fresh number: the same
// answer, byte for byte. The district officer, whose scope holds both
// grids, resolves the conflict; the street officer does not even see it.
TEST_P(RegistryApiTest, AnImportAnswersAlikeForANumberRegisteredElsewhere) {
  auto other =
      Call("GET", std::string("/api/v1/residents?limit=1&unmasked=true&region=") + kDemoOtherGrid,
           "", "district");
  ASSERT_EQ(other.status, 200) << other.body;
  const nlohmann::json theirs = other.Json()["items"][0];
  auto csv = [&](const nlohmann::json& p, const std::string& room) {
    return "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话\n" + std::string(kDemoGrid) +
           ",9,1," + room + ",某人," + (p["sex"] == "male" ? "男" : "女") + "," +
           p["birth_date"].get<std::string>() + "," + p["id_number"].get<std::string>() +
           ",13800000009\n";
  };
  const Headers csv_type{{"Content-Type", "text/csv"}};
  auto elsewhere = Call("POST", "/api/v1/residents/import", csv(theirs, "901"), "grid", csv_type);
  auto fresh = Call("POST", "/api/v1/residents/import", csv(Person(), "902"), "grid", csv_type);
  EXPECT_EQ(elsewhere.status, 200) << elsewhere.body;
  EXPECT_EQ(elsewhere.status, fresh.status);
  EXPECT_EQ(elsewhere.body, fresh.body);
  auto street = Call("GET", "/api/v1/registration-conflicts", "", "street");
  ASSERT_EQ(street.status, 200) << street.body;
  EXPECT_TRUE(street.Json()["items"].empty()) << street.body;
  auto district = Call("GET", "/api/v1/registration-conflicts", "", "district");
  ASSERT_EQ(district.status, 200) << district.body;
  ASSERT_EQ(district.Json()["items"].size(), 1u) << district.body;
  const nlohmann::json conflict = district.Json()["items"][0];
  EXPECT_EQ(conflict["region"], "420102");
  EXPECT_EQ(conflict["other_resident_id"], theirs["id"]);
  EXPECT_EQ(conflict["grid_code"], kDemoGrid);
  const std::string resolve =
      "/api/v1/registration-conflicts/" + std::to_string(conflict["id"].get<int>()) + "/resolve";
  const std::string keep =
      nlohmann::json{{"keep", theirs["id"]}, {"reason", "人户分离，以户籍地为准"}}.dump();
  EXPECT_EQ(Call("POST", resolve, keep, "street").status, 404);
  EXPECT_EQ(Call("POST", resolve, keep, "volunteer").status, 403);
  auto resolved = Call("POST", resolve, keep, "district");
  EXPECT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(Call("POST", resolve, keep, "district").status, 409);
  EXPECT_EQ(Call("GET", "/api/v1/residents/" + std::to_string(conflict["resident_id"].get<int>()),
                 "", "grid")
                .status,
            404);
  EXPECT_EQ(
      Call("GET", "/api/v1/residents/" + std::to_string(theirs["id"].get<int>()), "", "district")
          .status,
      200);
}

// A cursor naming a resident of another area answers as a missing one.
TEST_P(RegistryApiTest, ACursorOfAnotherAreaAnswersAsAMissingOne) {
  auto other = Call("GET", std::string("/api/v1/residents?limit=1&region=") + kDemoOtherGrid, "",
                    "district");
  ASSERT_EQ(other.status, 200);
  const std::string foreign = std::to_string(other.Json()["items"][0]["id"].get<int>());
  const std::string page = std::string("/api/v1/residents?limit=3&region=") + kDemoGrid + "&after=";
  auto a = Call("GET", page + foreign, "", "grid");
  auto b = Call("GET", page + "999999999", "", "grid");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.body, Call("GET", page + "0", "", "grid").body);
}

// A refused all-or-nothing import leaves a record with its counts.
TEST_P(RegistryApiTest, ARefusedImportIsAudited) {
  const std::string csv =
      "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话\n"
      "420102001001001,9,1,901,甲,女,1949-12-31,11010519491231002X,13800000001\n"
      "420102001001001,9,1,902,乙,男,1949-12-31,110105194912310021,13800000002\n";
  auto refused =
      Call("POST", "/api/v1/residents/import", csv, "grid", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto log = Call("GET", "/api/v1/audit?entity=resident&limit=200", "", "admin");
  ASSERT_EQ(log.status, 200) << log.body;
  int found = 0;
  const nlohmann::json entries = log.Json()["items"];
  for (const auto& e : entries) {
    if (e["action"] == "import_rejected") {
      ++found;
      EXPECT_EQ(e["detail"], "0 imported, 1 rejected of 2 rows");
      EXPECT_EQ(e["region"], kDemoGrid);
    }
  }
  EXPECT_EQ(found, 1) << log.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
