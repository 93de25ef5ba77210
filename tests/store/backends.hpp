// Test helper: a fresh, empty database on each backend, so every storage and
// operations test runs on SQLite and on PostgreSQL (parametrised tests).
// PostgreSQL: the server named in the file $FK_TEST_PG_URL_FILE (ctest's
// fk_postgres fixture), else one this process starts with
// scripts/test-postgres.sh and stops at exit. Each TestDb is a new schema.
// One thread creates TestDbs; the Database inside is thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/database.hpp"

namespace fk::testing {

class TestDb {
 public:
  explicit TestDb(store::Dialect dialect, store::DatabaseOptions options = {});
  ~TestDb();
  bool ok() const { return db_ != nullptr; }
  store::Database& db() { return *db_; }
  // The URL a second Database can open to see the same data.
  const std::string& url() const { return url_; }
  // Closes every connection, as the end of a process would (db() is then
  // invalid), and opens the database again from url(): a restart.
  void Close() { db_.reset(); }
  bool Reopen();

 private:
  store::Dialect dialect_;
  store::DatabaseOptions options_;
  std::string url_, schema_, path_;
  std::unique_ptr<store::Database> db_;
};

// Both backends, for INSTANTIATE_TEST_SUITE_P.
inline auto AllDialects() {
  return ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres);
}
std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info);

}  // namespace fk::testing
