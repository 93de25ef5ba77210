// SQLite backend: one sqlite3 handle, prepared statements cached by SQL text.
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "store/backends.hpp"
#include "store/batch.hpp"

namespace fk::store {
namespace {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  ErrorCode code = ErrorCode::kInternal;
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      code = ErrorCode::kConflict;
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_TRIGGER:
      code = ErrorCode::kInvalidArgument;
      break;
    default:
      switch (ext & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_NOMEM:
          code = ErrorCode::kResourceExhausted;
          break;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_CORRUPT:
        case SQLITE_READONLY:
          code = ErrorCode::kIo;
          break;
        case SQLITE_CONSTRAINT:
          code = ErrorCode::kInvalidArgument;
          break;
        default:
          break;
      }
  }
  return Error{code, std::move(msg), /*internal_text=*/true};
}

// A row of a stepped statement, read in place.
class SqliteRowView final : public RowView {
 public:
  explicit SqliteRowView(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool IsNull(size_t i) const override { return sqlite3_value_type(Cell(i)) == SQLITE_NULL; }
  int64_t Int(size_t i) const override { return sqlite3_value_int64(Cell(i)); }
  std::string_view Text(size_t i) const override {
    sqlite3_value* cell = Cell(i);
    auto p = reinterpret_cast<const char*>(sqlite3_value_text(cell));
    if (p == nullptr) return {};
    return {p, static_cast<size_t>(sqlite3_value_bytes(cell))};
  }

 private:
  // One lookup of the cell, then the cheaper sqlite3_value_* calls (as Query).
  sqlite3_value* Cell(size_t i) const { return sqlite3_column_value(stmt_, static_cast<int>(i)); }

  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return stmt.error();
    if (Status s = StepAll(*stmt, [] { return true; }); !s) return s.error();
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return stmt.error();
    Rows rows;
    const int n = sqlite3_column_count(*stmt);
    Status read = StepAll(*stmt, [&] {
      std::vector<Value> cells;
      cells.reserve(n);
      for (int i = 0; i < n; ++i) {
        // One lookup of the cell, then the cheaper sqlite3_value_* calls (each
        // sqlite3_column_* call looks the cell up again). The value is
        // "unprotected", which only matters when a connection is shared by
        // threads; ours is used by one thread at a time.
        sqlite3_value* cell = sqlite3_column_value(*stmt, i);
        switch (sqlite3_value_type(cell)) {
          case SQLITE_INTEGER:
            cells.emplace_back(static_cast<int64_t>(sqlite3_value_int64(cell)));
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_value_double(cell));
            break;
          case SQLITE_NULL:
            cells.emplace_back(nullptr);
            break;
          default: {
            auto p = reinterpret_cast<const char*>(sqlite3_value_text(cell));
            cells.emplace_back(std::string(p, sqlite3_value_bytes(cell)));
          }
        }
      }
      rows.emplace_back(std::move(cells));
      return true;
    });
    if (!read) return read.error();
    return rows;
  }

  // Every statement is planned once, when prepared: `PlanChoice` changes nothing.
  Status ForEachRow(std::string_view sql, const Params& params, const RowCallback& on_row,
                    PlanChoice /*plan*/) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return stmt.error();
    const SqliteRowView row(*stmt);
    return StepAll(*stmt, [&] { return on_row(row); });
  }

  Status ExecScript(std::string_view sql) override {
    // One statement (BEGIN, COMMIT, ROLLBACK on every transaction) runs from
    // the statement cache instead of being parsed again each time.
    if (sql.find(';') == std::string_view::npos) {
      auto done = Exec(sql, {});
      if (!done) return done.error();
      return Status::Ok();
    }
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Error e = SqliteError(db_, rc, "database");
      sqlite3_free(err);
      return e;
    }
    return Status::Ok();
  }

 private:
  // Steps a prepared statement through its rows, calling `on_row` at each
  // until it returns false, and resets the statement: the step's error, or
  // ok (also when `on_row` stopped early).
  template <typename OnRow>
  Status StepAll(sqlite3_stmt* stmt, OnRow&& on_row) {
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!on_row()) break;
    }
    Status out = Status::Ok();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) out = SqliteError(db_, rc, "database");
    sqlite3_reset(stmt);  // after reading the error: a reset may clear it
    return out;
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
    auto stmt = Cached(sql);
    if (!stmt) return stmt.error();
    if (Status s = Bind(*stmt, params.data(), params.size()); !s) return s.error();
    return *stmt;
  }

  // The prepared statement of `sql`, from the cache or prepared into it.
  Result<sqlite3_stmt*> Cached(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "database: prepare");
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  // Binds the `n` values from `params` (text in place: they must outlive the step).
  Status Bind(sqlite3_stmt* stmt, const Value* params, size_t n) {
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(n) != sqlite3_bind_parameter_count(stmt)) {
      return Error{ErrorCode::kInternal, "database: statement expects " +
                                             std::to_string(sqlite3_bind_parameter_count(stmt)) +
                                             " parameters, got " + std::to_string(n)};
    }
    for (size_t i = 0; i < n; ++i) {
      const int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (auto p = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *p);
      } else if (auto p = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *p);
      } else if (auto p = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text(stmt, idx, p->data(), static_cast<int>(p->size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "database: bind");
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;

 public:
  // One prepared single-row INSERT stepped per row. A multi-row INSERT that
  // may abort (NOT NULL, CHECK, foreign keys) opens a statement journal:
  // every page it changes is first copied there (in memory, temp_store) and
  // its bookkeeping freed at the statement's end, about three 4 KiB copies
  // and a dozen allocations a resident of an import; in a heap that the
  // import's page cache fragments, those allocations grew slower as the
  // import went on (bench/README.md, "Megacity import"). A single-row
  // statement needs no statement journal.
  Result<int64_t> BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                             const Params& values) override {
    auto target = BulkTarget(table, columns, values);
    if (!target) return target.error();
    std::string sql = "INSERT INTO " + *target + " VALUES (";
    for (size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    auto stmt = Cached(sql + ')');
    if (!stmt) return stmt.error();
    const size_t n = columns.size();
    for (size_t row = 0; row < values.size(); row += n) {
      if (Status s = Bind(*stmt, values.data() + row, n); !s) return s.error();
      if (Status s = StepAll(*stmt, [] { return true; }); !s) return s.error();
    }
    return static_cast<int64_t>(values.size() / n);
  }
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, int busy_timeout_ms) {
  // Memory statistics cost a process-wide mutex on every SQLite allocation
  // and nothing reads them. The setting must come before SQLite initializes
  // (at the first open); SQLite refuses it harmlessly after that.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e{ErrorCode::kIo, "database: cannot open " + path + ": " +
                                (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);
  // No automatic checkpoints: Database runs them (store/wal_checkpointer.hpp).
  // Reads through a read-only memory map (SQLite writes still go through
  // write()): every audit commit changes the database, and a connection that
  // sees a change drops its page cache and would read every page again with
  // pread(); mapped pages are used in place. 1 GiB of address space each.
  Status s = conn->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; "
      "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0; "
      "PRAGMA mmap_size=1073741824;");
  if (!s) return s.error();
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace fk::store
