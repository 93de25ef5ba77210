#include "ops/common.hpp"

#include <atomic>
#include <ctime>
#include <optional>
#include <utility>

#include "ops/clock_override.hpp"

namespace fk::ops {

namespace {
std::atomic<int64_t> clock_override{0};  // clock_override.hpp
}  // namespace

void SetClockOverride(int64_t unix_seconds) { clock_override = unix_seconds; }

Clock SystemClock() {
  return [] {
    const int64_t set = clock_override.load(std::memory_order_relaxed);
    return set != 0 ? set : static_cast<int64_t>(std::time(nullptr));
  };
}

std::string PageStart::Condition(std::string_view key_column, std::string_view id_column,
                                 store::Params& params) const {
  params.emplace_back(key);
  std::string sql;
  if (id == 0) return sql.append(key_column).append(" >= ?");
  params.emplace_back(id);
  return sql.append("(").append(key_column).append(", ").append(id_column).append(") > (?, ?)");
}

Result<PageStart> KeysetPageStart(store::Transaction& tx, std::string_view table,
                                  std::string_view key_column, int64_t after_id,
                                  const std::string& prefix, store::PlanChoice plan) {
  if (after_id <= 0) return PageStart{prefix, 0};
  std::optional<std::string> key;
  Status read = tx.ForEachRow(
      "SELECT " + std::string(key_column) + " FROM " + std::string(table) + " WHERE id = ?",
      {after_id},
      [&](const store::RowView& r) {
        key = std::string(r.Text(0));
        return false;
      },
      plan);
  if (!read) return read.error();
  // A cursor row outside [prefix, PrefixEnd(prefix)) (another area, or
  // another region than the one listed) starts where a missing one does: a
  // cursor must not tell whether an id exists elsewhere.
  if (!key || !key->starts_with(prefix)) return PageStart{prefix, 0};
  return PageStart{std::move(*key), after_id};
}

}  // namespace fk::ops
