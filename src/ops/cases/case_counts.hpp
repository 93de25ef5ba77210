// Daily case counts as a health authority reports them (每日疫情通报): new
// and cumulative confirmed (clinically diagnosed included, as Hubei counted
// them from 2020-02-12), suspected, asymptomatic, deaths and recovered, for
// a region and each day, summed over its subtree ("rolled up the tree").
// Aggregates only, no personal data. Thread-safe: holds a reference to the
// Database, which must outlive it.
//
// A case counts on the day each classification began (cases' dated
// columns), in the grid where it was reported. Cumulative confirmed on day
// D: cases confirmed (or clinically diagnosed) on or before D and not
// excluded by D (核减: a clinically diagnosed case later excluded leaves the
// count on the day it is excluded). Current suspected (现有疑似): cases
// suspected on or before D that were still suspected at the end of D.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct CaseCounts {
  std::string region_code;
  std::string date;  // YYYY-MM-DD
  int64_t new_confirmed = 0, cumulative_confirmed = 0;
  int64_t new_suspected = 0, cumulative_suspected = 0, current_suspected = 0;
  int64_t new_asymptomatic = 0, cumulative_asymptomatic = 0;
  int64_t new_deaths = 0, cumulative_deaths = 0;
  int64_t new_recovered = 0, cumulative_recovered = 0;
};

class CaseCountsService {
 public:
  explicit CaseCountsService(store::Database& db) : db_(db) {}
  // One row a day from `from` to `to` inclusive (at most 366 days) for
  // `region_code`, then, with `children`, the same for each region one level
  // below it that has a case, by code. Needs kReadStats in scope.
  Result<std::vector<CaseCounts>> Daily(const AccessContext& ctx, const std::string& region_code,
                                        const std::string& from, const std::string& to,
                                        bool children);

 private:
  store::Database& db_;
};

}  // namespace fk::ops
