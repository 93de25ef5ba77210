// PageStart::Condition: the SQL that starts a keyset page, and its values;
// KeysetPageStart: where a page after a cursor starts, and that a cursor row
// outside the listed prefix starts where a missing one does.
#include <gtest/gtest.h>

#include <string>

#include "ops/common.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

TEST(PageStart, AFirstPageStartsAtTheKeyWithoutARowValue) {
  store::Params params{int64_t{7}};
  const PageStart first{"420102", 0};
  EXPECT_EQ(first.Condition("grid_code", "id", params), "grid_code >= ?");
  ASSERT_EQ(params.size(), 2u);  // appended after what was there
  EXPECT_EQ(std::get<int64_t>(params[0]), 7);
  EXPECT_EQ(std::get<std::string>(params[1]), "420102");
}

TEST(PageStart, APageAfterACursorStartsPastItsRowValue) {
  store::Params params;
  const PageStart after{"420102001001002", 42};
  EXPECT_EQ(after.Condition("v.grid_code", "v.id", params), "(v.grid_code, v.id) > (?, ?)");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[0]), "420102001001002");
  EXPECT_EQ(std::get<int64_t>(params[1]), 42);
}

class KeysetPageStartTest : public OpsTest {
 protected:
  PageStart Start(int64_t after_id, const std::string& prefix) {
    auto tx = db().Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto start = KeysetPageStart(*tx, "households", "grid_code", after_id, prefix,
                                 store::PlanChoice::kPerCall);
    EXPECT_TRUE(start.ok()) << start.error().message;
    return *start;
  }
  static std::string Text(const store::Value& v) { return std::get<std::string>(v); }
};

TEST_P(KeysetPageStartTest, ACursorOutsideThePrefixStartsAsAMissingOne) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  for (const char* grid : {kGridA, kGridC}) {
    ASSERT_TRUE(tx->Exec("INSERT INTO households (grid_code, building, unit, room, created_day) "
                         "VALUES (?, '1', '1', '101', '2020-02-01')",
                         {std::string(grid)})
                    .ok());
  }
  ASSERT_TRUE(tx->Commit().ok());
  const std::string community_a = "420102001001";  // holds grid A (household 1), not C (2)
  const PageStart after_a = Start(1, community_a);
  EXPECT_EQ(Text(after_a.key), kGridA);
  EXPECT_EQ(after_a.id, 1);
  for (int64_t cursor : {int64_t{2}, int64_t{99}, int64_t{0}}) {  // outside, missing, none
    const PageStart s = Start(cursor, community_a);
    EXPECT_EQ(Text(s.key), community_a) << cursor;
    EXPECT_EQ(s.id, 0) << cursor;
  }
  // Grid C lies after community A's range, grid A before community B's.
  EXPECT_EQ(Start(1, "420102001002").id, 0);
  EXPECT_EQ(Start(2, "420102001002").id, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeysetPageStartTest, testing::AllDialects(),
                         testing::DialectName);

}  // namespace
}  // namespace fk::ops
