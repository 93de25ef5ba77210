#include "store/database.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <utility>

#include "store/backends.hpp"
#include "store/commit_gate.hpp"
#include "store/wal_checkpointer.hpp"

namespace fk::store {

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(cells_.at(i)); }

int64_t Row::Int(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0.0;
}

std::string Row::Text(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    return buf;
  }
  return "";
}

Lease::~Lease() {
  if (conn_ && db_) db_->Release(std::move(conn_));
}

Transaction::Transaction(Lease lease, TxMode mode, bool began)
    : lease_(std::move(lease)), mode_(mode), open_(began) {}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)), mode_(other.mode_), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) (void)lease_->ExecScript("ROLLBACK");
}

Dialect Transaction::dialect() const { return const_cast<Lease&>(lease_)->dialect(); }

Status Transaction::RefuseWriteInRead() const {
  if (mode_ == TxMode::kRead) {
    return Error{ErrorCode::kInternal, "database: a read transaction cannot write"};
  }
  return Status::Ok();
}

Result<int64_t> Transaction::Exec(std::string_view sql, const Params& params) {
  if (Status s = RefuseWriteInRead(); !s) return s.error();
  return lease_->Exec(sql, params);
}

Result<Rows> Transaction::Query(std::string_view sql, const Params& params) {
  return lease_->Query(sql, params);
}

Status Transaction::ForEachRow(std::string_view sql, const Params& params,
                               const RowCallback& on_row, PlanChoice plan) {
  return lease_->ForEachRow(sql, params, on_row, plan);
}

Result<Row> Transaction::QueryOne(std::string_view sql, const Params& params,
                                  std::string not_found_message) {
  auto rows = lease_->Query(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::kNotFound, std::move(not_found_message)};
  return std::move(rows->front());
}

Status Transaction::ExecScript(std::string_view sql) {
  if (Status s = RefuseWriteInRead(); !s) return s;
  return lease_->ExecScript(sql);
}

Result<int64_t> Transaction::BulkInsert(std::string_view table,
                                        const std::vector<std::string>& columns,
                                        const Params& values) {
  if (Status s = RefuseWriteInRead(); !s) return s.error();
  return lease_->BulkInsert(table, columns, values);
}

Status Transaction::Commit() {
  if (mode_ == TxMode::kWrite) {
    if (Status gate = AskCommitGate(); !gate) {
      if (lease_->ExecScript("ROLLBACK").ok()) open_ = false;  // else the destructor retries
      return gate;
    }
  }
  if (!open_) return Status::Ok();  // a PostgreSQL read: nothing to end
  Status s = lease_->ExecScript("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

Database::Database(std::string url, Dialect dialect, DatabaseOptions options, Factory factory)
    : url_(std::move(url)), dialect_(dialect), options_(options), factory_(std::move(factory)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, DatabaseOptions options) {
  if (options.pool_size < 1) return InvalidArgument("pool_size must be at least 1");
  const bool pg = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (url.empty()) return InvalidArgument("database: empty path or URL");
  Factory factory;
  if (pg) {
    factory = [url] { return OpenPostgres(url); };
  } else {
    const int timeout = options.timeout_ms;
    factory = [url, timeout] { return OpenSqlite(url, timeout); };
  }
  std::unique_ptr<Database> db(
      new Database(url, pg ? Dialect::kPostgres : Dialect::kSqlite, options, std::move(factory)));
  auto first = db->Acquire();  // fails early when unreachable
  if (!first) return first.error();
  if (!pg) {
    auto own = OpenSqlite(url, options.timeout_ms);
    if (!own) return own.error();
    db->checkpointer_ =
        std::make_unique<WalCheckpointer>(std::move(*own), std::chrono::milliseconds(200));
  }
  return db;
}

Status Database::CheckpointWal() {
  if (dialect_ != Dialect::kSqlite) return Status::Ok();
  auto lease = Acquire();
  if (!lease) return lease.error();
  // Our own background checkpoint must not be running meanwhile: SQLite
  // answers a second checkpoint "busy" at once (without a busy timeout).
  std::unique_lock<std::mutex> held;
  if (checkpointer_) held = checkpointer_->Hold();
  auto rows = (*lease)->Query("PRAGMA wal_checkpoint(TRUNCATE)");
  if (!rows) return rows.error();
  if (rows->empty() || (*rows)[0].Int(0) != 0)
    return Error{ErrorCode::kResourceExhausted,
                 "database: the write-ahead log could not be checkpointed (busy)"};
  return Status::Ok();
}

std::uint64_t Database::CompleteWalCheckpoints() const {
  return checkpointer_ ? checkpointer_->complete() : 0;
}

bool Database::WaitForWalCheckpoints(std::uint64_t count, std::chrono::milliseconds timeout) const {
  return checkpointer_ && checkpointer_->WaitForComplete(count, timeout);
}

Status Database::RefreshStatistics(const std::vector<std::string_view>& tables) {
  if (dialect_ != Dialect::kPostgres || tables.empty()) return Status::Ok();
  std::string sql = "ANALYZE ";
  for (size_t i = 0; i < tables.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += tables[i];
  }
  auto lease = Acquire();
  if (!lease) return lease.error();
  return (*lease)->ExecScript(sql);
}

Result<Lease> Database::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  while (idle_.empty() && open_count_ >= options_.pool_size) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_count_ >= options_.pool_size) {
      return Error{ErrorCode::kResourceExhausted, "database: no free connection in time", true};
    }
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_count_;
  lock.unlock();
  auto conn = factory_();
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_count_;
    cv_.notify_one();
    return conn.error();
  }
  return Lease(this, std::move(*conn));
}

void Database::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(conn));
  cv_.notify_one();
}

Result<Transaction> Database::Begin(TxMode mode) {
  auto lease = Acquire();
  if (!lease) return lease.error();
  if (dialect_ == Dialect::kPostgres && mode == TxMode::kRead) {
    return Transaction(std::move(*lease), mode, false);
  }
  const char* begin =
      (dialect_ == Dialect::kSqlite && mode == TxMode::kWrite) ? "BEGIN IMMEDIATE" : "BEGIN";
  Status s = (*lease)->ExecScript(begin);
  if (!s) return s.error();
  return Transaction(std::move(*lease), mode, true);
}

}  // namespace fk::store
