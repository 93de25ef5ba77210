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

}  // namespace fk::store
