#include "store/batch.hpp"

#include <gtest/gtest.h>

#include "backends.hpp"

namespace fk::store {
namespace {

TEST(PlaceholderRows, RowsAndFlatLists) {
  EXPECT_EQ(PlaceholderRows(2, 3), "(?, ?, ?), (?, ?, ?)");
  EXPECT_EQ(PlaceholderRows(1, 1), "(?)");
  EXPECT_EQ(PlaceholderRows(3, 0), "?, ?, ?");
}

class BatchTest : public ::testing::TestWithParam<Dialect> {};

TEST_P(BatchTest, InsertsAndSelectsAcrossChunks) {
  testing::TestDb t(GetParam());
  ASSERT_TRUE(t.ok());
  auto tx = t.db().Begin();
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(tx->ExecScript("CREATE TABLE b (k BIGINT PRIMARY KEY, v TEXT NOT NULL)").ok());
  const int64_t n = 2 * static_cast<int64_t>(kMaxBatchRows) + 77;  // 512, 512, 64, 8, 4, 1
  Params rows, keys;
  for (int64_t k = 0; k < n; ++k) {
    rows.emplace_back(k);
    rows.emplace_back(std::to_string(k));
    if (k % 3 == 0) keys.emplace_back(k);
  }
  auto ins = RunBatched(*tx, "INSERT INTO b (k, v) VALUES ", 2, rows, " RETURNING k");
  ASSERT_TRUE(ins.ok()) << ins.error().message;
  EXPECT_EQ(static_cast<int64_t>(ins->size()), n);
  auto sel = RunBatched(*tx, "SELECT k FROM b WHERE k IN (", 0, keys, ")");
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  EXPECT_EQ(sel->size(), keys.size());
  auto bad = RunBatched(*tx, "INSERT INTO b (k, v) VALUES ", 2, Params{int64_t{1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  auto dup = RunBatched(*tx, "INSERT INTO b (k, v) VALUES ", 2, Params{int64_t{5}, "x"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::store
