// PostgreSQL backend: one libpq connection; statements are prepared once
// (PQprepare, types inferred by the server) and cached by SQL text. Values
// travel as text parameters and come back as text, parsed by column type.
// BulkInsert streams rows with COPY ... FROM STDIN in text format.
// PlanChoice is the session's plan_cache_mode, set only when a statement
// needs another one than the last.
#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/backends.hpp"
#include "store/batch.hpp"

namespace fk::store {
namespace {

// Column type OIDs from PostgreSQL's pg_type.dat.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

ErrorCode CodeForSqlState(const char* state) {
  if (!state) return ErrorCode::kUnavailable;  // no result at all: the connection failed
  std::string_view s(state);
  if (s == "23505") return ErrorCode::kConflict;
  if (s.rfind("23", 0) == 0) return ErrorCode::kInvalidArgument;  // FK, NOT NULL, CHECK
  if (s == "40001" || s == "40P01") return ErrorCode::kConflict;  // serialization, deadlock
  if (s.rfind("53", 0) == 0) return ErrorCode::kResourceExhausted;
  // Connection exceptions; the server shutting down, crashed or starting.
  if (s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03")
    return ErrorCode::kUnavailable;
  if (s.rfind("57", 0) == 0 || s.rfind("58", 0) == 0) return ErrorCode::kIo;
  if (s.rfind("22", 0) == 0) return ErrorCode::kInvalidArgument;  // data exception
  return ErrorCode::kInternal;
}

// `?` placeholders -> $1..$n, outside quoted literals and identifiers.
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

// COPY text format: a value with backslash, tab, newline and carriage return
// escaped (the only bytes COPY treats specially; multi-byte UTF-8 never
// contains them), NULL as \N. Numbers as Run() binds them.
void AppendCopyValue(std::string& out, const Value& v) {
  if (auto p = std::get_if<int64_t>(&v)) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, *p).ptr;
    out.append(buf, end);
  } else if (auto p = std::get_if<double>(&v)) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%.17g", *p);
    out.append(buf, static_cast<size_t>(n));
  } else if (auto p = std::get_if<std::string>(&v)) {
    for (char c : *p) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += c;
      }
    }
  } else {
    out += "\\N";
  }
}

// Run on every new or reset session: quiet NOTICEs (e.g. "relation already
// exists, skipping"), UTC timestamps, and the plan cache mode of
// PlanChoice::kPerCall whatever the server's default.
constexpr const char* kSessionSetup =
    "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET plan_cache_mode = auto";

// Bytes handed to PQputCopyData at a time.
constexpr size_t kCopyChunkBytes = 1 << 20;

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

// Row `row` of a result, read in place.
class PgRowView final : public RowView {
 public:
  PgRowView(PGresult* result, int row) : result_(result), row_(row) {}
  bool IsNull(size_t i) const override { return PQgetisnull(result_, row_, Col(i)) != 0; }
  int64_t Int(size_t i) const override {
    if (IsNull(i)) return 0;
    const char* v = PQgetvalue(result_, row_, Col(i));
    const int len = PQgetlength(result_, row_, Col(i));
    switch (PQftype(result_, Col(i))) {
      case kBoolOid:
        return v[0] == 't';
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid:
        return static_cast<int64_t>(std::strtod(v, nullptr));
      default: {
        int64_t x = 0;
        std::from_chars(v, v + len, x);
        return x;
      }
    }
  }
  std::string_view Text(size_t i) const override {
    if (IsNull(i)) return {};
    const char* v = PQgetvalue(result_, row_, Col(i));
    if (PQftype(result_, Col(i)) == kBoolOid) return v[0] == 't' ? "1" : "0";
    return {v, static_cast<size_t>(PQgetlength(result_, row_, Col(i)))};
  }

 private:
  static int Col(size_t i) { return static_cast<int>(i); }
  PGresult* result_;
  int row_;
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    auto res = Run(sql, params, PlanChoice::kPerCall);
    if (!res) return res.error();
    const char* tuples = PQcmdTuples((*res)->get());
    int64_t n = 0;
    if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  Status ForEachRow(std::string_view sql, const Params& params, const RowCallback& on_row,
                    PlanChoice plan) override {
    auto res = Run(sql, params, plan);
    if (!res) return res.error();
    PGresult* r = (*res)->get();
    const int nrows = PQntuples(r);
    for (int i = 0; i < nrows; ++i) {
      if (!on_row(PgRowView(r, i))) break;
    }
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto res = Run(sql, params, PlanChoice::kPerCall);
    if (!res) return res.error();
    PGresult* r = (*res)->get();
    const int nrows = PQntuples(r), ncols = PQnfields(r);
    Rows rows;
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> cells;
      cells.reserve(ncols);
      for (int j = 0; j < ncols; ++j) {
        if (PQgetisnull(r, i, j)) {
          cells.emplace_back(nullptr);
          continue;
        }
        const char* v = PQgetvalue(r, i, j);
        const int len = PQgetlength(r, i, j);
        switch (PQftype(r, j)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid: {
            int64_t x = 0;
            std::from_chars(v, v + len, x);
            cells.emplace_back(x);
            break;
          }
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid:
            cells.emplace_back(std::strtod(v, nullptr));
            break;
          case kBoolOid:
            cells.emplace_back(static_cast<int64_t>(v[0] == 't'));
            break;
          default:
            cells.emplace_back(std::string(v, len));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    PgResult res(PQexec(conn_, text.c_str()));
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(res.get());
    return Status::Ok();
  }

  Result<int64_t> BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                             const Params& values) override {
    auto target = BulkTarget(table, columns, values);
    if (!target) return target.error();
    if (values.empty()) return 0;
    const std::string sql = "COPY " + *target + " FROM STDIN";
    {
      PgResult start(PQexec(conn_, sql.c_str()));
      if (PQresultStatus(start.get()) != PGRES_COPY_IN) return ErrorOf(start.get());
    }
    std::string buf;
    buf.reserve(kCopyChunkBytes + 4096);
    bool sent = true;
    for (size_t i = 0; i < values.size() && sent; ++i) {
      AppendCopyValue(buf, values[i]);
      buf += (i + 1) % columns.size() == 0 ? '\n' : '\t';
      if (buf.size() >= kCopyChunkBytes || i + 1 == values.size()) {
        sent = PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) == 1;
        buf.clear();
      }
    }
    // A failed send ends the COPY with an error, so the server discards it.
    if (PQputCopyEnd(conn_, sent ? nullptr : "client could not send the rows") != 1) sent = false;
    std::optional<Error> error;
    int64_t added = 0;
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult r(raw);
      const auto st = PQresultStatus(raw);
      if (st == PGRES_COMMAND_OK) {
        const char* tuples = PQcmdTuples(raw);
        std::from_chars(tuples, tuples + std::strlen(tuples), added);
      } else if (!error) {
        error = ErrorOf(raw);
      }
      if (st == PGRES_COPY_IN) break;  // the end could not be sent: the connection is gone
    }
    if (error) return *error;
    if (!sent) return ErrorOf(nullptr);  // connection lost: kUnavailable
    return added;
  }

 private:
  Error ErrorOf(PGresult* r) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    if (msg.empty()) msg = PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (PQstatus(conn_) == CONNECTION_BAD) Reconnect();
    return Error{CodeForSqlState(state), "database: " + msg, /*internal_text=*/true};
  }

  // A new session: no prepared statements, the server's settings.
  void Reconnect() {
    PQreset(conn_);
    cache_.clear();
    plan_.reset();
    if (PQstatus(conn_) == CONNECTION_OK) {
      PgResult setup(PQexec(conn_, kSessionSetup));
      if (PQresultStatus(setup.get()) == PGRES_COMMAND_OK) plan_ = PlanChoice::kPerCall;
    }
  }

  // Sets the session's plan_cache_mode for `plan` unless it is set already.
  // A SET inside a transaction block is undone if the block rolls back, so
  // once such a block has ended the mode counts as unknown.
  Status UsePlan(PlanChoice plan) {
    const bool in_block = PQtransactionStatus(conn_) != PQTRANS_IDLE;
    if (plan_set_in_block_ && !in_block) {
      plan_.reset();
      plan_set_in_block_ = false;
    }
    if (plan_ == plan) return Status::Ok();
    plan_.reset();
    Status s = ExecScript(plan == PlanChoice::kReused ? "SET plan_cache_mode = force_generic_plan"
                                                      : "SET plan_cache_mode = auto");
    if (!s) return s;
    plan_ = plan;
    plan_set_in_block_ = in_block;
    return Status::Ok();
  }

  Result<std::unique_ptr<PgResult>> Run(std::string_view sql, const Params& params,
                                        PlanChoice plan) {
    if (Status s = UsePlan(plan); !s) return s.error();
    std::string key(sql);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      std::string name = std::to_string(cache_.size() + 1);
      name.insert(name.begin(), 's');
      std::string text = NumberPlaceholders(sql);
      PgResult prep(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return ErrorOf(prep.get());
      it = cache_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto p = std::get_if<int64_t>(&v)) {
        texts[i] = std::to_string(*p);
      } else if (auto p = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *p);
        texts[i] = buf;
      } else if (auto p = std::get_if<std::string>(&v)) {
        texts[i] = *p;
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    auto res = std::make_unique<PgResult>(PQexecPrepared(conn_, it->second.c_str(),
                                                         static_cast<int>(params.size()),
                                                         values.data(), nullptr, nullptr, 0));
    auto st = PQresultStatus(res->get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return ErrorOf(res->get());
    return res;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> cache_;     // SQL text -> prepared name
  std::optional<PlanChoice> plan_ = PlanChoice::kPerCall;  // the session's, if known
  bool plan_set_in_block_ = false;  // plan_ was set inside a transaction block
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn);
    return Error{ErrorCode::kUnavailable, "database: cannot connect to PostgreSQL: " + msg,
                 /*internal_text=*/true};
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  Status s = c->ExecScript(kSessionSetup);
  if (!s) return s.error();
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace fk::store
