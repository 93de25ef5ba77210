// Batched statements: one statement over many rows of values
// ("INSERT ... VALUES (?, ?), (?, ?), ..." or "... IN (?, ?, ...)"), in chunks
// whose row counts are kMaxBatchRows or powers of two below it, so that at
// most log2(kMaxBatchRows) + 1 statement texts per call site are prepared and
// cached on a connection. Also the name checks of Connection::BulkInsert.
// Stateless functions; the Transaction or Connection
// is used by one thread at a time as usual.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace fk::store {

// Rows per statement: 512 rows of 12 values are 6,144 parameters, far below
// SQLite's 32,766 (SQLITE_MAX_VARIABLE_NUMBER since 3.32) and PostgreSQL's 65,535.
// Wider rows get fewer rows per statement, so a statement stays under 32,766.
constexpr size_t kMaxBatchRows = 512;
constexpr size_t kMaxBatchParams = 32766;

// "(?, ?), (?, ?)" for `rows` rows of `cols` values; "?, ?" when cols == 0
// (a flat list for IN).
std::string PlaceholderRows(size_t rows, size_t cols);

// Runs `head` + PlaceholderRows(chunk, cols) + `tail` for each chunk of
// `values` (rows of `cols` values, flattened; cols == 0 means one value per
// row written as a flat list) and returns every row the statements return
// (e.g. RETURNING, or a SELECT ... IN). Fails on the first failing chunk.
Result<Rows> RunBatched(Transaction& tx, std::string_view head, size_t cols, const Params& values,
                        std::string_view tail = {});

// "table (a, b)" for a bulk insert. Names are written into SQL text, so only
// plain identifiers ([A-Za-z_][A-Za-z0-9_]*, as code spells them) pass;
// anything else, no columns, or `values` that are not whole rows of
// columns.size() values is kInternal.
Result<std::string> BulkTarget(std::string_view table, const std::vector<std::string>& columns,
                               const Params& values);

}  // namespace fk::store
