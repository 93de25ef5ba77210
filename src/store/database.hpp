// The one database interface of Fangkong: a pool of connections to SQLite 3
// (embedded default) or PostgreSQL 15 (a `postgresql://` URL), statements with
// bound parameters only, RAII transactions and typed rows.
//
// Promises:
// - SQL is written once with `?` placeholders; the PostgreSQL backend turns
//   them into $1..$n. Values are always bound, never spliced into SQL text.
//   Statements are prepared once per connection and cached by their text.
// - Database is internally synchronized: share one per process. Connections
//   and Transactions are used by one thread at a time; a Transaction holds a
//   pooled connection until it is committed or destroyed, and rolls back on
//   destruction unless Commit() succeeded.
// - Failures are values: unique violation -> kConflict; foreign key, NOT NULL
//   or CHECK violation -> kInvalidArgument; busy / pool exhausted ->
//   kResourceExhausted; PostgreSQL unreachable, stopped or restarting (no
//   connection, a lost one, SQLSTATE 08xxx, 57P01-57P03) -> kUnavailable;
//   other I/O failures -> kIo; else kInternal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace fk::store {

enum class Dialect { kSqlite, kPostgres };

// One bound value. nullptr_t is SQL NULL.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;
using Params = std::vector<Value>;

// An optional as a bound value: NULL when empty.
template <typename T>
Value OrNull(const std::optional<T>& v) {
  if (v) return Value(*v);
  return Value(nullptr);
}

// One result row; cells are owned by the row.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const;
  // Integer value of cell i (text is parsed; NULL is 0).
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  // Text of cell i (numbers are formatted; NULL is "").
  std::string Text(size_t i) const;

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

// One row of a result while it is read (Connection::ForEachRow), in place:
// nothing is copied until the caller copies it. Valid only during the
// callback. Conversions as in Row; PostgreSQL booleans read as "1" / "0".
class RowView {
 public:
  virtual bool IsNull(size_t i) const = 0;
  // Integer value of cell i (text is parsed; NULL is 0).
  virtual int64_t Int(size_t i) const = 0;
  // Text of cell i (numbers as the database formats them; NULL is ""),
  // valid until the callback returns.
  virtual std::string_view Text(size_t i) const = 0;

 protected:
  ~RowView() = default;
};

// Called with each row in turn; returns false to stop reading.
using RowCallback = std::function<bool(const RowView&)>;

// How a prepared statement is planned. SQLite plans a statement once, when
// it is prepared, whatever its values; this choice matters to PostgreSQL.
enum class PlanChoice {
  // From the values of each call (PostgreSQL's plan_cache_mode = auto): for
  // statements whose best plan depends on them, such as a search by a name
  // prefix, which should read the name index for a rare prefix and the
  // region's index for a common one.
  kPerCall,
  // Once per connection, for any values (plan_cache_mode =
  // force_generic_plan): only for statements with one good plan whatever
  // the values, such as a keyset page read in the order of its index. Saves
  // PostgreSQL planning the statement on every call: about 80 us of the
  // 195 us it spends on a page of 50 residents (bench/README.md). Left to
  // itself, PostgreSQL keeps planning such a page per call, because it costs
  // a `LIMIT $n` of unknown n as a tenth of the table.
  kReused,
};

// One connection. Not thread-safe: one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns all its rows.
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and hands its rows to `on_row` one by one, without
  // building Rows (for pages read straight into their domain types).
  virtual Status ForEachRow(std::string_view sql, const Params& params, const RowCallback& on_row,
                            PlanChoice plan) = 0;
  // Runs a script of several statements without parameters (migrations, BEGIN...).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Appends rows to `table`: `values` holds columns.size() values per row,
  // flattened. SQLite steps one prepared single-row INSERT per row, PostgreSQL one
  // COPY ... FROM STDIN with every value escaped. Names must be plain
  // identifiers ([A-Za-z_][A-Za-z0-9_]*). Returns the number of rows added; on
  // failure the caller's transaction must be rolled back (it may hold some rows).
  virtual Result<int64_t> BulkInsert(std::string_view table,
                                     const std::vector<std::string>& columns,
                                     const Params& values) = 0;
};

class Database;
class WalCheckpointer;

// A pooled connection, given back to its pool when destroyed.
class Lease {
 public:
  Lease(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

enum class TxMode {
  // Reads only (Exec, ExecScript and BulkInsert answer kInternal). SQLite:
  // BEGIN (deferred), one snapshot for all its statements. PostgreSQL: no
  // BEGIN/COMMIT round trips; each statement runs on its own, which is what
  // PostgreSQL's default READ COMMITTED level gives inside a transaction too.
  kRead,
  kWrite,  // SQLite: BEGIN IMMEDIATE (takes the write lock up front, no upgrade deadlock)
};

// A transaction on a leased connection. Rolls back on destruction unless
// Commit() returned ok. Movable, not copyable; one thread at a time.
class Transaction {
 public:
  // `began`: a BEGIN was sent (a transaction to end with COMMIT or ROLLBACK).
  Transaction(Lease lease, TxMode mode, bool began);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Dialect dialect() const;
  Result<int64_t> Exec(std::string_view sql, const Params& params = {});
  Result<Rows> Query(std::string_view sql, const Params& params = {});
  Status ForEachRow(std::string_view sql, const Params& params, const RowCallback& on_row,
                    PlanChoice plan = PlanChoice::kPerCall);
  // First row of the query, or kNotFound with `not_found_message`.
  Result<Row> QueryOne(std::string_view sql, const Params& params,
                       std::string not_found_message = "not found");
  // Several statements without parameters (migrations).
  Status ExecScript(std::string_view sql);
  // Connection::BulkInsert inside this transaction.
  Result<int64_t> BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                             const Params& values);
  // Commits. A kWrite transaction first asks this thread's commit gate
  // (store/commit_gate.hpp); when the gate refuses, Commit rolls back and
  // returns the gate's error: nothing was written.
  Status Commit();

 private:
  Lease lease_;
  Status RefuseWriteInRead() const;

  TxMode mode_;
  bool open_;  // a BEGIN not yet ended
};

struct DatabaseOptions {
  // Connections in the pool (created lazily); Acquire waits when all are out.
  int pool_size = 4;
  // How long Acquire waits for a free connection, and SQLite's busy_timeout.
  int timeout_ms = 10000;
};

// A pool of connections to one database. Internally synchronized.
class Database {
 public:
  // `url`: "postgresql://..." (or "postgres://...") for PostgreSQL, anything
  // else is a SQLite file path (created if missing). Opens one connection to
  // check that the database is reachable.
  static Result<std::unique_ptr<Database>> Open(const std::string& url,
                                                DatabaseOptions options = {});
  ~Database();

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }

  Result<Lease> Acquire();
  Result<Transaction> Begin(TxMode mode = TxMode::kWrite);

  // SQLite: copies the whole write-ahead log into the database file, syncs
  // it and empties the log (PRAGMA wal_checkpoint(TRUNCATE)), waiting up to
  // timeout_ms for readers and writers; kResourceExhausted if they kept it
  // from finishing. For a quiet moment (before serving, after a bulk load),
  // so that the background checkpoints never have a large log to copy while
  // requests wait on their own log syncs. PostgreSQL: nothing to do.
  Status CheckpointWal();

  // SQLite: how many background checkpoints (every 200 ms) have copied the
  // whole write-ahead log so far, after each of which the next commit
  // writes the log from its start again (store/wal_checkpointer.hpp).
  // PostgreSQL: 0.
  std::uint64_t CompleteWalCheckpoints() const;
  // Waits until CompleteWalCheckpoints() reaches `count`; false when
  // `timeout` passed first (always false on PostgreSQL).
  bool WaitForWalCheckpoints(std::uint64_t count, std::chrono::milliseconds timeout) const;

  // After a bulk load into `tables` (constant plain names): PostgreSQL
  // samples them again for its planner (ANALYZE), as its manual advises
  // ("Populating a Database"). Until then it plans with the sizes it saw
  // before the load; with a table counted as nearly empty it scans and
  // sorts thousands of rows for a page of 50 instead of reading 50 from the
  // index (5.8 ms against 0.1 ms on the demo city). Its own autovacuum
  // catches up only after a minute or more. SQLite: nothing to do; it plans
  // these queries from the indexes' definitions, without statistics.
  Status RefreshStatistics(const std::vector<std::string_view>& tables);

 private:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  Database(std::string url, Dialect dialect, DatabaseOptions options, Factory factory);
  friend class Lease;
  void Release(std::unique_ptr<Connection> conn);

  // Constant after construction.
  const std::string url_;
  const Dialect dialect_;
  const DatabaseOptions options_;
  const Factory factory_;

  // Guarded by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;

  // SQLite only; last, so that it stops before the pool's connections close.
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

}  // namespace fk::store
