// Schema migration 5 on a database that already holds a campaign: visits
// recorded before it get their campaign, so ScreeningService::Flagged still
// lists them (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends.hpp"
#include "ops/schema.hpp"
#include "ops/screening/screening.hpp"

namespace fk::ops {
namespace {

class KeysetMigrationTest : public ::testing::TestWithParam<store::Dialect> {};

TEST_P(KeysetMigrationTest, VisitsFromBeforeKeepTheirCampaign) {
  testing::TestDb t(GetParam());
  ASSERT_TRUE(t.ok());
  auto v4 = store::Migrate(t.db(), OpsMigrations().first(4));
  ASSERT_TRUE(v4.ok()) << v4.error().message;
  ASSERT_EQ(*v4, 4);
  {
    auto tx = t.db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    for (const char* sql :
         {"INSERT INTO regions (code, name, parent_code, level) VALUES "
          "('420102001001001', '网格', NULL, 6)",
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
          "case_contact, note, flagged) VALUES (1, 1, '420102001001001', 1, 0, '2020-02-01', "
          "1, NULL, 1, 0, 0, '', 1)"}) {
      auto r = tx->Exec(sql);
      ASSERT_TRUE(r.ok()) << r.error().message << " in " << sql;
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto v5 = MigrateOps(t.db());
  ASSERT_TRUE(v5.ok()) << v5.error().message;
  EXPECT_GE(*v5, 5);
  ScreeningService screening(t.db(), [] { return int64_t{1580515200}; });
  auto flagged = screening.Flagged({1, Role::kStreetOfficer, "420102001", "127.0.0.1"}, 1, 0, 50);
  ASSERT_TRUE(flagged.ok()) << flagged.error().message;
  ASSERT_EQ(flagged->items.size(), 1u);
  EXPECT_EQ(flagged->items[0].resident_id, 1);
  EXPECT_EQ(flagged->items[0].findings, std::vector<std::string>{"symptoms"});
}

INSTANTIATE_TEST_SUITE_P(Backends, KeysetMigrationTest, testing::AllDialects(),
                         testing::DialectName);

}  // namespace
}  // namespace fk::ops
