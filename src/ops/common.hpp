// Shared vocabulary of the operations services: pages, imports, the clock.
// Plain values; thread-safe to copy.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace fk::ops {

// Seconds since 1970-01-01 UTC. Injected into services so tests control time.
using Clock = std::function<int64_t()>;
Clock SystemClock();

// Keyset pagination: items come in the order of an index that each list
// names (residents and tasks by (grid, id), users by (scope, id), audit
// entries by (time, id)), so a page costs about one page of index entries at
// any depth; next_cursor is the last item's id: pass it back as `after_id`
// for the next page. next_cursor is empty on the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<int64_t> next_cursor;
};
constexpr int kMaxPageSize = 200;

// Where a keyset page ordered by (key, id) over the keys [prefix, ...) starts:
// after the cursor row's (key, id), or at (prefix, 0) on the first page and
// when the cursor row is gone or its key does not start with the prefix (a
// row outside the caller's scope answers exactly as a missing one). Bound as the
// one row value `(key, id) > (?, ?)`, it is the start of the index range, so
// a page reads about one page of index entries at any depth (with a separate
// `key >= prefix` term SQLite starts at the prefix and skips every earlier
// row instead). `table` and `key_column` are constants of the caller.
struct PageStart {
  store::Value key;  // text, or a number (the audit log's time)
  int64_t id = 0;

  // This start as an SQL condition on (key_column, id_column), its values
  // appended to `params`: the row value after a cursor, and `key >= ?` at
  // (key, 0). Both select the same rows (ids are positive), but SQLite tests
  // a row value again on every row it reads: a tenth of the database time
  // of a first page of 50 residents. Column names are constants of the caller.
  std::string Condition(std::string_view key_column, std::string_view id_column,
                        store::Params& params) const;
};
// `plan` is that of the page's own statement: the cursor's primary-key
// lookup has one plan either way, and asking for the page's choice spares
// PostgreSQL a change of plan mode between the two (store::PlanChoice).
Result<PageStart> KeysetPageStart(store::Transaction& tx, std::string_view table,
                                  std::string_view key_column, int64_t after_id,
                                  const std::string& prefix, store::PlanChoice plan);

enum class ImportMode {
  kAllOrNothing,  // any rejected row: nothing is imported
  kValidRows,     // rejected rows are reported, the valid ones imported
};

struct RowError {
  int64_t line = 0;  // 1-based line in the file; the header is line 1
  std::string reason;
};

struct ImportReport {
  int64_t rows = 0;      // data rows read
  int64_t imported = 0;  // rows written (0 when all_or_nothing refused)
  std::vector<RowError> rejected;
};

// Progress of a long import: called on the importing thread, inside its
// transaction, with the number of data rows read so far, after every
// kImportProgressRows rows and once more when every row has been read
// (just before the commit). Lets a caller report progress; the crash test
// uses it to know that an import is under way.
using ImportProgress = std::function<void(int64_t rows_read)>;
constexpr int64_t kImportProgressRows = 10000;

}  // namespace fk::ops
