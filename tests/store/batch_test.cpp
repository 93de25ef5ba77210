#include "store/batch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST_P(BatchTest, WideRowsStayUnderTheParameterLimit) {
  // 100 columns: 512 rows would be 51,200 parameters, over SQLite's 32,766.
  testing::TestDb t(GetParam());
  ASSERT_TRUE(t.ok());
  auto tx = t.db().Begin();
  ASSERT_TRUE(tx.ok());
  std::string create = "CREATE TABLE w (c0 BIGINT";
  std::vector<std::string> columns{"c0"};
  for (int c = 1; c < 100; ++c) {
    columns.push_back(std::to_string(c));
    columns.back().insert(0, 1, 'c');
    create += ", ";
    create += columns.back();
    create += " BIGINT";
  }
  ASSERT_TRUE(tx->ExecScript(create + ")").ok());
  Params values;
  for (int64_t v = 0; v < 600 * 100; ++v) values.emplace_back(v);
  auto added = tx->BulkInsert("w", columns, values);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 600);
  auto sum = tx->QueryOne("SELECT SUM(c99) FROM w", {});
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->Int(0), 600 * 99 + 100 * (600 * 599 / 2));
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::store
