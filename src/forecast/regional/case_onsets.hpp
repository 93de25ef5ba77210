// Reads the operations database's cases into what the Rt estimate needs:
// for a region and each region below it down to the streets, the confirmed
// cases as (onset day, report day, count), and those of its whole city for
// the reporting delay. One query over the city's cases, grouped by grid,
// onset and report day, and aggregated up the tree in C++; one query for
// the regions' names. Aggregates only, no personal data. Thread-safe
// (the Database is internally synchronised); nothing is kept.
//
// Which cases: status confirmed or clinically diagnosed (excluded and
// suspected-only cases are not cases; an asymptomatic infection has no
// onset) with an onset date. The report day is the day the case entered the
// confirmed count: its confirmation date (the day it was reported, for one
// reported confirmed at once). The estimate's delay is onset to that day.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "forecast/nowcast/reporting_delay.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct RegionOnsets {
  std::string code, name;
  ops::RegionLevel level = ops::RegionLevel::kCity;
  // Days since 1970-01-01; one entry per (onset, report) pair seen.
  std::vector<OnsetReport> cases;
};

struct CaseOnsets {
  // The region asked for first, then the regions below it down to the
  // streets, by code; regions without a case are listed with none.
  std::vector<RegionOnsets> regions;
  // The cases of the whole city the region lies in (of the province, for a
  // province), on which the reporting delay is measured: a district's or a
  // street's own few cases would measure it badly.
  std::vector<OnsetReport> city_cases;
  // The day the data stand at: `as_of` if given, else the latest report
  // day of a case in the city (std::nullopt when it has none).
  std::optional<int> cutoff;
};

// Cases in the subtree of `region_code` reported on or before `as_of`
// (YYYY-MM-DD; none: all). Needs Permission::kReadStats in scope
// (kPermissionDenied otherwise); kInvalidArgument for a bad code or date,
// kNotFound "region <code> not found".
Result<CaseOnsets> ReadCaseOnsets(store::Database& db, const ops::AccessContext& ctx,
                                  const std::string& region_code,
                                  const std::optional<std::string>& as_of = {});

// The code of the database's only city (level city), the default region of
// an estimate. kNotFound "no city in the database", or kInvalidArgument
// "several cities in the database: name one" when there is more than one.
Result<std::string> OnlyCity(store::Database& db);

}  // namespace fk::forecast
