// A fixture for the forecast's readers on both backends: a fresh migrated
// database holding a small region tree of two cities of 湖北 (420100 with
// districts 420102 and 420103 and a street of 420102, and 420200), so that
// a reader can be shown to keep to its city and to split it by district.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends.hpp"
#include "ops/schema.hpp"

namespace fk::forecast {

class TwoCityTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<fk::testing::TestDb>(GetParam());
    ASSERT_TRUE(test_db_->ok()) << "database backend unavailable";
    ASSERT_TRUE(ops::MigrateOps(db()).ok());
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    struct RegionRow {
      const char *code, *parent;
      int64_t level;
    };
    const RegionRow regions[] = {{"420000", "", 1},          {"420100", "420000", 2},
                                 {"420102", "420100", 3},    {"420103", "420100", 3},
                                 {"420102001", "420102", 4}, {"420200", "420000", 2}};
    for (const RegionRow& r : regions) {
      ASSERT_TRUE(
          tx->Exec(
                "INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
                {std::string(r.code), std::string(r.code),
                 *r.parent ? store::Value(std::string(r.parent)) : store::Value(nullptr), r.level})
              .ok());
    }
    ASSERT_TRUE(tx->Commit().ok());
  }

  store::Database& db() { return test_db_->db(); }
  std::unique_ptr<fk::testing::TestDb> test_db_;
};

}  // namespace fk::forecast
