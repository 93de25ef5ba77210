// Test fixture for the operations services: a fresh migrated database on each
// backend with a small region tree (one city, district, street, two
// communities, three grids) and helpers for valid resident ID numbers.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends.hpp"
#include "ops/regions/regions.hpp"
#include "ops/registry/resident_id.hpp"
#include "ops/schema.hpp"

namespace fk::ops {

// A valid ID: 6-digit area, YYYYMMDD, 3-digit sequence (last digit odd =
// male), check character.
inline std::string MakeId(std::string_view birth_yyyymmdd, int seq, std::string area = "420102") {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string first17 = area + std::string(birth_yyyymmdd) + buf;
  return first17 + ResidentIdCheckChar(first17);
}

constexpr const char* kCity = "420100";
constexpr const char* kGridA = "420102001001001";  // community 420102001001
constexpr const char* kGridB = "420102001001002";
constexpr const char* kGridC = "420102001002001";  // community 420102001002

inline AccessContext Actor(Role role, std::string scope, int64_t user_id = 1) {
  return {user_id, role, std::move(scope), "127.0.0.1:5000"};
}

class OpsTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    t_ = std::make_unique<testing::TestDb>(GetParam());
    ASSERT_TRUE(t_->ok());
    auto v = MigrateOps(db());
    ASSERT_TRUE(v.ok()) << v.error().message;
    // Written directly, not through RegionService (which audits), so that
    // every test starts with an empty audit log.
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    for (auto [code, name] : {std::pair{"420000", "湖北省"},
                              {"420100", "武汉市"},
                              {"420102", "江岸区"},
                              {"420102001", "大智街道"},
                              {"420102001001", "社区一"},
                              {"420102001002", "社区二"},
                              {kGridA, "网格A"},
                              {kGridB, "网格B"},
                              {kGridC, "网格C"}}) {
      const std::string parent = ParentCode(code);
      auto r = tx->Exec("INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
                        {std::string(code), std::string(name),
                         parent.empty() ? store::Value(nullptr) : store::Value(parent),
                         static_cast<int64_t>(*LevelOfCode(code))});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  store::Database& db() { return t_->db(); }
  int64_t Count(const std::string& sql) {
    auto lease = db().Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows->at(0).Int(0);
  }
  std::unique_ptr<testing::TestDb> t_;
};

}  // namespace fk::ops
