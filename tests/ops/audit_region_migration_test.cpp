// Schema migration 8 on a database that already holds data (SQLite and
// PostgreSQL): every audit record gets the region it concerns, residents keep
// their rows and the screening visits that name them, and one ID number may
// then be registered twice (registration conflicts, ops/registry).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "backends.hpp"
#include "ops/schema.hpp"

namespace fk::ops {
namespace {

class AuditRegionMigrationTest : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(AuditRegionMigrationTest, OldRecordsGetTheirRegionsAndResidentsSurvive) {
  testing::TestDb t(GetParam());
  ASSERT_TRUE(t.ok());
  auto v6 = store::Migrate(t.db(), OpsMigrations().first(6));
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  ASSERT_EQ(*v6, 6);
  const std::string grid = "420102001001001", other = "420102001002001";
  {
    auto tx = t.db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    for (const char* sql :
         {"INSERT INTO regions (code, name, parent_code, level) VALUES "
          "('420102001001001', '网格', NULL, 6), ('420102001002001', '网格C', NULL, 6)",
          "INSERT INTO users (username, display_name, role, scope, password_hash, created_at) "
          "VALUES ('officer', 'o', 'street_officer', '420102001', 'x', 0), "
          "('worker', 'w', 'grid_worker', '420102001002001', 'x', 0)",
          "INSERT INTO campaigns (name, region_code, start_date, end_date, created_by, "
          "created_at) VALUES ('旧', '420102001001001', '2020-02-01', '2020-02-07', 1, 0)",
          "INSERT INTO households (grid_code, building, unit, room, created_day) VALUES "
          "('420102001001001', '1', '1', '101', '2020-02-01')",
          "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, "
          "phone, created_day) VALUES (1, '420102001001001', '张三', 'male', '1980-05-05', "
          "'42010219800505101X', '13700000000', '2020-02-01')",
          "INSERT INTO screening_tasks (campaign_id, household_id, grid_code, residents, "
          "screened, flagged, visited_at) VALUES (1, 1, '420102001001001', 1, 1, 1, 0)",
          "INSERT INTO screening_visits (task_id, resident_id, grid_code, worker_id, "
          "visited_at, visit_day, present, temperature, symptoms, high_risk_travel, "
          "case_contact, note, flagged, campaign_id) VALUES (1, 1, '420102001001001', 1, 0, "
          "'2020-02-01', 1, NULL, 1, 0, 0, '', 1, 1)",
          // (user, action, entity, entity id): one of each kind the backfill knows.
          "INSERT INTO audit_log (at, user_id, action, entity, entity_id, client_address, "
          "detail) VALUES "
          "(1, 1, 'read', 'resident', '1', '', ''), "
          "(2, 1, 'create', 'household', '1', '', ''), "
          "(3, 1, 'search', 'resident', 'region 420102001002', '', '3 results'), "
          "(4, 1, 'update', 'grid_staff', '420102001002001', '', ''), "
          "(5, 1, 'create', 'user', '2', '', ''), "
          "(6, 1, 'create', 'campaign', '1', '', ''), "
          "(7, 2, 'import', 'resident', 'csv', '', ''), "
          "(8, 1, 'read', 'resident', '999', '', ''), "
          "(9, 77, 'login_failed', 'user', '77', '', '')"}) {
      auto r = tx->Exec(sql);
      ASSERT_TRUE(r.ok()) << r.error().message << " in " << sql;
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto v8 = MigrateOps(t.db());
  ASSERT_TRUE(v8.ok()) << v8.error().message;
  EXPECT_GE(*v8, 8);
  auto lease = t.db().Acquire();
  ASSERT_TRUE(lease.ok());
  auto regions = (*lease)->Query("SELECT region FROM audit_log ORDER BY at");
  ASSERT_TRUE(regions.ok()) << regions.error().message;
  std::vector<std::string> got;
  for (const auto& r : *regions) got.push_back(r.Text(0));
  EXPECT_EQ(got, (std::vector<std::string>{
                     grid,            // the resident's grid
                     grid,            // the household's grid
                     "420102001002",  // the region searched
                     other,           // the grid whose staff changed
                     other,           // the scope of the user created
                     grid,            // the campaign's region
                     other,           // the importer's scope
                     "420102001",     // a resident gone since: the actor's scope
                     "",              // nobody known: the whole tree's administrators only
                 }));
  // The residents and the visit that names one are all there.
  auto visit = (*lease)->Query(
      "SELECT r.name FROM screening_visits v JOIN residents r ON r.id = v.resident_id");
  ASSERT_TRUE(visit.ok()) << visit.error().message;
  ASSERT_EQ(visit->size(), 1u);
  EXPECT_EQ(visit->front().Text(0), "张三");
  // A second registration of the number is a row now (ops/registry records
  // the conflict), and the foreign keys still hold.
  auto second = (*lease)->Exec(
      "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, phone, "
      "created_day) VALUES (1, '420102001001001', '张三', 'male', '1980-05-05', "
      "'42010219800505101X', '13700000000', '2020-02-02')");
  EXPECT_TRUE(second.ok()) << second.error().message;
  auto orphan = (*lease)->Exec(
      "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, phone, "
      "created_day) VALUES (99, '420102001001001', '李四', 'male', '1980-05-05', "
      "'420102198005051036', '13700000000', '2020-02-02')");
  EXPECT_FALSE(orphan.ok());
  // The log is still append-only.
  EXPECT_FALSE((*lease)->Exec("UPDATE audit_log SET region = ''").ok());
  EXPECT_FALSE((*lease)->Exec("DELETE FROM audit_log").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditRegionMigrationTest, testing::AllDialects(),
                         testing::DialectName);

}  // namespace
}  // namespace fk::ops
