#include "store/migrations.hpp"

#include <ctime>

namespace fk::store {
namespace {

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

}  // namespace

std::string ExpandDialect(std::string_view sql, Dialect dialect) {
  std::string out(sql);
  const bool pg = dialect == Dialect::kPostgres;
  ReplaceAll(out, "{id}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
  ReplaceAll(out, "{code}", pg ? "TEXT COLLATE \"C\"" : "TEXT");
  ReplaceAll(out, "{real}", pg ? "DOUBLE PRECISION" : "REAL");
  return out;
}

Result<int> SchemaVersion(Database& db) {
  auto lease = db.Acquire();
  if (!lease) return lease.error();
  if (Status s = (*lease)->ExecScript(kCreateTable); !s) return s.error();
  auto rows = (*lease)->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return rows.error();
  return static_cast<int>(rows->at(0).Int(0));
}

Result<int> Migrate(Database& db, std::span<const Migration> migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Error{ErrorCode::kInternal, "migrations: versions must increase"};
    }
  }
  auto current = SchemaVersion(db);
  if (!current) return current;
  int version = *current;
  for (const Migration& m : migrations) {
    if (m.version <= version) continue;
    auto tx = db.Begin(TxMode::kWrite);
    if (!tx) return tx.error();
    // Another process may have migrated meanwhile: re-check under the lock.
    auto seen = tx->Query("SELECT version FROM schema_migrations WHERE version = ?",
                          {static_cast<int64_t>(m.version)});
    if (!seen) return seen.error();
    if (!seen->empty()) {
      version = m.version;
      continue;
    }
    std::string sql = ExpandDialect(m.sql, db.dialect());
    std::string_view extra = db.dialect() == Dialect::kSqlite ? m.sqlite_sql : m.postgres_sql;
    if (Status s = tx->ExecScript(sql); !s) {
      return Error{s.error().code,
                   "migration " + std::to_string(m.version) + " failed: " + s.error().message};
    }
    if (!extra.empty()) {
      if (Status s = tx->ExecScript(ExpandDialect(extra, db.dialect())); !s) {
        return Error{s.error().code,
                     "migration " + std::to_string(m.version) + " failed: " + s.error().message};
      }
    }
    auto ins =
        tx->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 {static_cast<int64_t>(m.version), std::string(m.name),
                  static_cast<int64_t>(std::time(nullptr))});
    if (!ins) return ins.error();
    if (Status s = tx->Commit(); !s) return s.error();
    version = m.version;
  }
  return version;
}

}  // namespace fk::store
