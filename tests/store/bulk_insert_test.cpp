// Transaction::BulkInsert on both backends (multi-row INSERT on SQLite, COPY
// on PostgreSQL): exact round trip of awkward text, NULLs and numbers, all or
// nothing with the transaction, and names that are refused.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "backends.hpp"
#include "store/batch.hpp"
#include "store/database.hpp"

namespace fk::store {
namespace {

class BulkInsertTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto tx = t_.db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(
        tx->ExecScript("CREATE TABLE bulk (k BIGINT PRIMARY KEY, t TEXT, r DOUBLE PRECISION)")
            .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  int64_t Count() {
    auto tx = t_.db().Begin(TxMode::kRead);
    if (!tx) return -1;
    auto row = tx->QueryOne("SELECT COUNT(*) FROM bulk", {});
    return row ? row->Int(0) : -1;
  }
  testing::TestDb t_{GetParam()};
};

TEST_P(BulkInsertTest, RoundTripsTextNullsAndNumbersExactly) {
  const std::vector<std::string> texts = {
      "plain",
      "it's \"quoted\"",
      "back\\slash \\N \\. \\t",
      "tab\there",
      "new\nline and\r\nCRLF",
      "\\.",
      "武汉市江岸区 居民 张三",
      "",
      "trailing backslash \\",
      "a,b;c|d\x7f\x01",
  };
  Params values;
  for (size_t i = 0; i < texts.size(); ++i) {
    values.emplace_back(static_cast<int64_t>(i));
    values.emplace_back(texts[i]);
    values.emplace_back(i % 2 ? Value(nullptr) : Value(0.1 * static_cast<double>(i) + 1.0 / 3));
  }
  values.emplace_back(int64_t{-9223372036854775807LL});
  values.emplace_back(nullptr);
  values.emplace_back(-0.5);
  auto tx = t_.db().Begin();
  ASSERT_TRUE(tx.ok());
  auto n = tx->BulkInsert("bulk", {"k", "t", "r"}, values);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, static_cast<int64_t>(texts.size() + 1));
  ASSERT_TRUE(tx->Commit().ok());

  auto read = t_.db().Begin(TxMode::kRead);
  ASSERT_TRUE(read.ok());
  auto rows = read->Query("SELECT k, t, r FROM bulk ORDER BY k", {});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), texts.size() + 1);
  EXPECT_EQ((*rows)[0].Int(0), -9223372036854775807LL);
  EXPECT_TRUE((*rows)[0].IsNull(1));
  EXPECT_EQ((*rows)[0].Real(2), -0.5);
  for (size_t i = 0; i < texts.size(); ++i) {
    const Row& r = (*rows)[i + 1];
    EXPECT_EQ(r.Int(0), static_cast<int64_t>(i));
    EXPECT_FALSE(r.IsNull(1)) << i;
    EXPECT_EQ(r.Text(1), texts[i]) << i;
    if (i % 2) {
      EXPECT_TRUE(r.IsNull(2)) << i;
    } else {
      EXPECT_EQ(r.Real(2), 0.1 * static_cast<double>(i) + 1.0 / 3) << i;
    }
  }
}

TEST_P(BulkInsertTest, ManyRowsAcrossChunks) {
  // More rows than one SQLite statement and more bytes than one COPY message.
  const int64_t n = 3 * static_cast<int64_t>(kMaxBatchRows) + 5 + 20000;
  Params values;
  for (int64_t k = 0; k < n; ++k) {
    values.emplace_back(k);
    values.emplace_back(std::string(40, 'a' + static_cast<char>(k % 26)) + "\t" +
                        std::to_string(k));
    values.emplace_back(static_cast<double>(k));
  }
  auto tx = t_.db().Begin();
  ASSERT_TRUE(tx.ok());
  auto added = tx->BulkInsert("bulk", {"k", "t", "r"}, values);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, n);
  auto row = tx->QueryOne("SELECT t FROM bulk WHERE k = ?", {int64_t{n - 1}});
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->Text(0),
            std::string(40, 'a' + static_cast<char>((n - 1) % 26)) + "\t" + std::to_string(n - 1));
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Count(), n);
}

TEST_P(BulkInsertTest, FailureMidwayLeavesNothing) {
  {
    auto tx = t_.db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("INSERT INTO bulk (k, t) VALUES (?, ?)", {int64_t{1}, "before"}).ok());
    Params values;
    for (int64_t k = 100; k < 2100; ++k) {
      values.emplace_back(k);
      values.emplace_back("row");
      values.emplace_back(nullptr);
    }
    values.emplace_back(int64_t{1});  // the last row repeats a key: unique violation
    values.emplace_back("dup");
    values.emplace_back(nullptr);
    auto added = tx->BulkInsert("bulk", {"k", "t", "r"}, values);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::kConflict) << added.error().message;
  }  // rolled back
  EXPECT_EQ(Count(), 0);
  // The connection is usable again afterwards.
  auto tx = t_.db().Begin();
  ASSERT_TRUE(tx.ok());
  auto added = tx->BulkInsert("bulk", {"k", "t"}, Params{int64_t{7}, "after"});
  ASSERT_TRUE(added.ok()) << added.error().message;
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(BulkInsertTest, RefusesOddNamesAndPartRows) {
  auto tx = t_.db().Begin();
  ASSERT_TRUE(tx.ok());
  for (auto [table, column] :
       std::vector<std::pair<std::string, std::string>>{{"bulk; DROP TABLE bulk", "k"},
                                                        {"bulk", "k) VALUES (1); --"},
                                                        {"bulk", ""},
                                                        {"", "k"},
                                                        {"bulk", "1k"}}) {
    auto added = tx->BulkInsert(table, {column}, Params{int64_t{1}});
    ASSERT_FALSE(added.ok()) << table << " / " << column;
    EXPECT_EQ(added.error().code, ErrorCode::kInternal);
  }
  auto part = tx->BulkInsert("bulk", {"k", "t"}, Params{int64_t{1}, "x", int64_t{2}});
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.error().code, ErrorCode::kInternal);
  auto none = tx->BulkInsert("bulk", {"k", "t"}, Params{});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  auto missing = tx->BulkInsert("no_such_table", {"k"}, Params{int64_t{1}});
  EXPECT_FALSE(missing.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, BulkInsertTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::store
