// Internal to fk_store: the two connection backends behind Database.
// Each function opens one connection; the result is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace fk::store {

// SQLite: WAL journal, foreign_keys=ON, busy_timeout, synchronous=FULL
// (see docs/storage.md for why FULL), a 64 MiB page cache per connection.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, int busy_timeout_ms);

// PostgreSQL through libpq; `url` is a libpq connection URI.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

// Connection::BulkInsert as multi-row INSERTs, in chunks as RunBatched
// (store/batch.hpp): the SQLite backend's. Returns the number of rows added.
Result<int64_t> InsertBatched(Connection& conn, std::string_view table,
                              const std::vector<std::string>& columns, const Params& values);

}  // namespace fk::store
