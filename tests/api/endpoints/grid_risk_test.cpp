// Precise measures (精准施策) through the API, on both backends: the grids of
// a region ranked by their recent cases, contacts under follow-up,
// quarantine breaches and neighbours' cases on the map, each part counted
// on the day asked, with the suggested measure; limits; every role in and
// out of scope; bad input refused.
#include <map>
#include <vector>

#include "endpoints/api_fixture.hpp"
#include "ops/users/access.hpp"

namespace fk::api::test {
namespace {

// The day the data stand at; 7 and 14 days back from it.
constexpr const char* kDay = "2020-02-10";
constexpr int64_t kDayStart = 1581292800;  // 2020-02-10 00:00 UTC

class GridRiskApiTest : public ApiTest {
 protected:
  store::Database& db() { return server_->services().db; }

  // A resident of `grid` not used before by this test (each person has
  // at most one open case).
  int64_t ResidentOf(store::Transaction& tx, const std::string& grid) {
    auto r =
        tx.QueryOne("SELECT id FROM residents WHERE grid_code = ? ORDER BY id LIMIT 1 OFFSET ?",
                    {grid, used_[grid]++});
    EXPECT_TRUE(r.ok()) << grid;
    return r.ok() ? r->Int(0) : 0;
  }
  std::map<std::string, int64_t> used_;

  void Case(store::Transaction& tx, const std::string& grid, const char* status,
            const char* report_date) {
    auto done = tx.Exec(
        "INSERT INTO cases (resident_id, grid_code, status, onset_date, "
        "report_date, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 1, 0, 0)",
        {ResidentOf(tx, grid), grid, std::string(status), std::string(report_date),
         std::string(report_date)});
    ASSERT_TRUE(done.ok()) << done.error().message;
  }
};

TEST_P(GridRiskApiTest, GridsRankedByTheirPartsWithTheMeasure) {
  // The grids of the demo city; A and B are kDemoGrid and kDemoOtherGrid.
  std::vector<std::string> grids;
  {
    auto tx = db().Begin(store::TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    auto rows = tx->Query("SELECT code FROM regions WHERE level = 6 ORDER BY code", {});
    ASSERT_TRUE(rows.ok());
    for (const auto& r : *rows) grids.push_back(r.Text(0));
  }
  ASSERT_GE(grids.size(), 6u);
  const std::string a = kDemoGrid, b = kDemoOtherGrid;
  // D and E: grids of other communities than A's and B's.
  std::vector<std::string> others;
  for (const std::string& g : grids)
    if (ops::ParentCode(g) != ops::ParentCode(a) && ops::ParentCode(g) != ops::ParentCode(b))
      others.push_back(g);
  ASSERT_GE(others.size(), 2u);
  const std::string d = others[0], e = others[1];
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    // The map: every grid 0.1 degree of longitude (9.6 km) from the next,
    // and E 0.5 km north of A: E is A's only neighbour within 1 km.
    for (size_t i = 0; i < grids.size(); ++i)
      ASSERT_TRUE(tx->Exec("UPDATE region_shapes SET centroid_lon = ?, centroid_lat = 30 "
                           "WHERE code = ?",
                           {store::Value(100 + 0.1 * static_cast<double>(i)), grids[i]})
                      .ok());
    ASSERT_TRUE(tx->Exec("UPDATE region_shapes SET centroid_lon = (SELECT centroid_lon FROM "
                         "region_shapes WHERE code = ?), centroid_lat = 30.0045 WHERE code = ?",
                         {a, e})
                    .ok());
    // A: two cases of the last 7 days. B: one of the 7 days before. Not
    // counted: an older case, a suspected one, one reported after the day.
    Case(*tx, a, "confirmed", "2020-02-08");
    Case(*tx, a, "asymptomatic", "2020-02-04");
    Case(*tx, b, "clinically_diagnosed", "2020-01-28");
    Case(*tx, b, "confirmed", "2020-01-27");
    Case(*tx, d, "suspected", "2020-02-09");
    Case(*tx, d, "confirmed", "2020-02-11");
    // D: a contact living there under follow-up, another lost to it, and
    // a quarantine breach at a gate (another before the 14 days).
    auto case_id = tx->QueryOne("SELECT MIN(id) FROM cases", {});
    ASSERT_TRUE(case_id.ok());
    for (int lost = 0; lost <= 1; ++lost)
      ASSERT_TRUE(tx->Exec("INSERT INTO contacts (case_id, degree, setting, last_exposure_date, "
                           "handed_over, grid_code, region, source_grid, id_number, name, phone, "
                           "listed_at, lost, created_by) VALUES (?, 1, 'household', "
                           "'2020-02-05', 0, ?, ?, ?, ?, 'x', '', 0, ?, 1)",
                           {case_id->Int(0), d, d, a, "42010219900101000" + std::to_string(lost),
                            int64_t{lost}})
                      .ok());
    auto gate = tx->QueryOne(
        "INSERT INTO checkpoints (name, kind, region_code, created_at, created_by) "
        "VALUES ('gate', 'gate', ?, 0, 1) RETURNING id",
        {ops::ParentCode(d)}, "");
    ASSERT_TRUE(gate.ok()) << gate.error().message;
    for (int64_t at : {kDayStart + 3600, kDayStart - 20 * 86400}) {
      auto passage = tx->QueryOne(
          "INSERT INTO checkpoint_passages (checkpoint_id, at, direction, subject, id_number, "
          "plate, resident_id, result, health_code, recorded_by) VALUES (?, ?, 'out', 'person', "
          "'', '', ?, 'held', 'red', 1) RETURNING id",
          {gate->Int(0), at, ResidentOf(*tx, d)}, "");
      ASSERT_TRUE(passage.ok()) << passage.error().message;
      ASSERT_TRUE(
          tx->Exec("INSERT INTO checkpoint_alerts (passage_id, checkpoint_id, "
                   "checkpoint_region, resident_id, grid_code, kind, at) "
                   "VALUES (?, ?, ?, ?, ?, 'quarantine', ?)",
                   {passage->Int(0), gate->Int(0), ops::ParentCode(d), ResidentOf(*tx, d), d, at})
              .ok());
    }
    ASSERT_TRUE(tx->Commit().ok());
  }

  auto r = Call("GET", std::string("/api/v1/forecasts/grid-risk?region=420100&day=") + kDay, "",
                "command");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json j = r.Json();
  EXPECT_EQ(j["day"], kDay);
  EXPECT_EQ(j["grids"], static_cast<int64_t>(grids.size()));
  EXPECT_EQ(j["at_risk"], 4);
  ASSERT_EQ(j["items"].size(), 4u) << j.dump();
  struct Want {
    std::string code;
    int64_t cases_7d, cases_8_14d, contacts, breaches, neighbour_cases;
    double score;
    const char* measure;
  };
  const Want want[] = {{a, 2, 0, 0, 0, 0, 6, "closed_management"},
                       {d, 0, 0, 1, 1, 0, 2.5, "closed_management"},
                       {b, 0, 1, 0, 0, 0, 1, "door_to_door_screening"},
                       {e, 0, 0, 0, 0, 2, 0.5, "door_to_door_screening"}};
  for (size_t i = 0; i < 4; ++i) {
    const nlohmann::json& g = j["items"][i];
    EXPECT_EQ(g["code"], want[i].code) << i;
    EXPECT_EQ(g["cases_7d"], want[i].cases_7d) << i;
    EXPECT_EQ(g["cases_8_14d"], want[i].cases_8_14d) << i;
    EXPECT_EQ(g["contacts"], want[i].contacts) << i;
    EXPECT_EQ(g["breaches"], want[i].breaches) << i;
    EXPECT_EQ(g["neighbour_cases"], want[i].neighbour_cases) << i;
    EXPECT_DOUBLE_EQ(g["score"].get<double>(), want[i].score) << i;
    EXPECT_EQ(g["measure"], want[i].measure) << i;
  }
  // Without a map, the neighbours are the grids of the same community.
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("DELETE FROM region_shapes WHERE code = ?", {a}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto unmapped = Call("GET", std::string("/api/v1/forecasts/grid-risk?day=") + kDay + "&limit=50",
                       "", "command");
  ASSERT_EQ(unmapped.status, 200) << unmapped.body;
  const nlohmann::json u = unmapped.Json();
  int64_t community_grids = 0;
  for (const std::string& g : grids)
    community_grids += g != a && ops::ParentCode(g) == ops::ParentCode(a);
  ASSERT_GT(community_grids, 0);
  int64_t with_a_cases = 0;
  for (const auto& g : u["items"])
    if (g["neighbour_cases"] == 2 &&
        ops::ParentCode(g["code"].get<std::string>()) == ops::ParentCode(a))
      ++with_a_cases;
  EXPECT_EQ(with_a_cases, community_grids) << u.dump();
  // A limit lists the top only; the count of grids at risk stays.
  auto top = Call("GET", std::string("/api/v1/forecasts/grid-risk?day=") + kDay + "&limit=1", "",
                  "command");
  ASSERT_EQ(top.status, 200);
  const nlohmann::json t = top.Json();
  ASSERT_EQ(t["items"].size(), 1u);
  EXPECT_EQ(t["items"][0]["code"], a);
  EXPECT_EQ(t["at_risk"], u["at_risk"]);
}

TEST_P(GridRiskApiTest, EveryRoleInAndOutOfScopeAndBadInput) {
  for (const auto& login : DemoLogins()) {
    const bool runs = login.role == "command_centre" || login.role == "district_officer";
    for (const char* region : {kDemoCity, kDemoDistrict}) {
      auto r = Call("GET", std::string("/api/v1/forecasts/grid-risk?region=") + region, "",
                    login.username);
      EXPECT_EQ(r.status, runs && ops::InScope(login.scope, region) ? 200 : 403)
          << login.role << " " << region << r.body;
    }
  }
  for (const char* query : {"?region=4201", "?day=2020-13-01", "?limit=0", "?limit=1001"}) {
    auto r = Call("GET", std::string("/api/v1/forecasts/grid-risk") + query, "", "command");
    EXPECT_EQ(r.status, 400) << query << r.body;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, GridRiskApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
