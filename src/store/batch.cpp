#include "store/batch.hpp"

namespace fk::store {
namespace {

bool IsPlainIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Calls run(sql, params) for each chunk of `values` (rows of `width` values)
// with sql = head + placeholders + tail; stops at the first failure.
template <typename Run>
Status ForEachChunk(std::string_view head, size_t cols, const Params& values, std::string_view tail,
                    Run run) {
  const size_t width = cols == 0 ? 1 : cols;
  if (values.size() % width != 0)
    return Error{ErrorCode::kInternal, "database: batch values are not whole rows"};
  size_t max_rows = kMaxBatchRows;
  while (max_rows > 1 && max_rows * width > kMaxBatchParams) max_rows /= 2;
  size_t row = 0;
  const size_t rows = values.size() / width;
  while (row < rows) {
    size_t chunk = max_rows;
    while (chunk > rows - row) chunk /= 2;
    std::string sql(head);
    sql += PlaceholderRows(chunk, cols);
    sql += tail;
    Params params(values.begin() + static_cast<std::ptrdiff_t>(row * width),
                  values.begin() + static_cast<std::ptrdiff_t>((row + chunk) * width));
    if (Status s = run(sql, params); !s) return s;
    row += chunk;
  }
  return Status::Ok();
}

}  // namespace

std::string PlaceholderRows(size_t rows, size_t cols) {
  std::string row;
  if (cols == 0) {
    row = "?";
  } else {
    row = "(?";
    for (size_t c = 1; c < cols; ++c) row += ", ?";
    row += ')';
  }
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    out += row;
  }
  return out;
}

Result<Rows> RunBatched(Transaction& tx, std::string_view head, size_t cols, const Params& values,
                        std::string_view tail) {
  Rows out;
  Status s = ForEachChunk(head, cols, values, tail, [&](const std::string& sql, const Params& p) {
    auto result = tx.Query(sql, p);
    if (!result) return Status(result.error());
    for (auto& r : *result) out.push_back(std::move(r));
    return Status::Ok();
  });
  if (!s) return s.error();
  return out;
}

Result<std::string> BulkTarget(std::string_view table, const std::vector<std::string>& columns,
                               const Params& values) {
  if (!IsPlainIdentifier(table))
    return Error{ErrorCode::kInternal, "database: bulk insert into an unusual table name"};
  if (columns.empty()) return Error{ErrorCode::kInternal, "database: bulk insert without columns"};
  std::string out(table);
  out += " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!IsPlainIdentifier(columns[i]))
      return Error{ErrorCode::kInternal, "database: bulk insert into an unusual column name"};
    if (i) out += ", ";
    out += columns[i];
  }
  out += ')';
  if (values.size() % columns.size() != 0)
    return Error{ErrorCode::kInternal, "database: bulk insert values are not whole rows"};
  return out;
}

}  // namespace fk::store
