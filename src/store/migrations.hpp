// Versioned schema migrations over both dialects.
//
// A migration is numbered SQL run once, in order, each in its own
// transaction, and recorded in `schema_migrations (version, name, applied_at)`.
// One text serves both dialects through a few tokens expanded per dialect:
//   {id}    SQLite "INTEGER PRIMARY KEY"  | PostgreSQL "BIGSERIAL PRIMARY KEY"
//   {code}  SQLite "TEXT"                 | PostgreSQL "TEXT COLLATE \"C\"" (byte order,
//                                           so region-code prefix ranges use the index)
//   {real}  SQLite "REAL"                 | PostgreSQL "DOUBLE PRECISION"
// and optional per-dialect extra SQL (triggers, for instance).
// Pure functions plus Migrate(); Migrate is safe to run at every start.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "store/database.hpp"

namespace fk::store {

struct Migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;             // both dialects, with tokens
  std::string_view sqlite_sql{};    // extra, SQLite only
  std::string_view postgres_sql{};  // extra, PostgreSQL only
};

// `sql` with the tokens above expanded for `dialect`.
std::string ExpandDialect(std::string_view sql, Dialect dialect);

// Applies every migration whose version is above the recorded one, in
// version order. Versions must be strictly increasing. Returns the schema
// version reached, or the first error (that migration is rolled back).
Result<int> Migrate(Database& db, std::span<const Migration> migrations);

// The highest applied version (0 for an empty database).
Result<int> SchemaVersion(Database& db);

}  // namespace fk::store
