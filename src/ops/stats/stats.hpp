// Daily statistics per region for the dashboard. Aggregates only (no
// personal data). Thread-safe: holds a reference to the Database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct DailyStat {
  std::string date;        // YYYY-MM-DD (UTC)
  int64_t residents = 0;   // registered by the end of the day
  int64_t households = 0;  // registered by the end of the day
  int64_t screened = 0;    // people visited that day (all campaigns)
  int64_t flagged = 0;     // of whom flagged
};

class StatsService {
 public:
  explicit StatsService(store::Database& db) : db_(db) {}
  // One row per day from `from` to `to` inclusive (at most 366) for the
  // subtree of `region_code`. Needs kReadStats in scope.
  Result<std::vector<DailyStat>> Daily(const AccessContext& ctx, const std::string& region_code,
                                       const std::string& from, const std::string& to);

 private:
  store::Database& db_;
};

}  // namespace fk::ops
