#include "store/batch.hpp"

namespace fk::store {

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
  const size_t width = cols == 0 ? 1 : cols;
  if (values.size() % width != 0)
    return Error{ErrorCode::kInternal, "database: batch values are not whole rows"};
  Rows out;
  size_t row = 0;
  const size_t rows = values.size() / width;
  while (row < rows) {
    size_t chunk = kMaxBatchRows;
    while (chunk > rows - row) chunk /= 2;
    std::string sql(head);
    sql += PlaceholderRows(chunk, cols);
    sql += tail;
    Params params(values.begin() + static_cast<std::ptrdiff_t>(row * width),
                  values.begin() + static_cast<std::ptrdiff_t>((row + chunk) * width));
    auto result = tx.Query(sql, params);
    if (!result) return result.error();
    for (auto& r : *result) out.push_back(std::move(r));
    row += chunk;
  }
  return out;
}

}  // namespace fk::store
