// Hospital beds against a forecast's bed demand: the staffed beds of the
// city's hospitals by district, as the facilities module holds them, and the
// first projected day a band's curve exceeds them. The demand the forecast
// projects is the severe and critical (hospital) and critical (ICU) cases,
// so the capacity is the staffed general and ICU beds of designated and
// emergency hospitals; shelter hospitals (方舱, mild cases) and quarantine
// sites are left out. Reads through store/; pure otherwise; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/output/quantile.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct BedCapacity {
  int64_t hospitals = 0;  // designated and emergency hospitals
  int64_t beds = 0;       // staffed general + ICU beds (what severe and critical cases need)
  int64_t icu = 0;        // of which ICU
};

// Capacity by district code (6 digits) for the districts of `city_code`
// that have a hospital; a facility lies in the district its region's code
// starts with.
Result<std::map<std::string, BedCapacity>> ReadBedCapacity(store::Database& db,
                                                           const std::string& city_code);

// The first day (0 = the first projected day) each curve of `bands` (p05,
// median, p95) exceeds `capacity`; empty when it never does. The p95
// curve's day is the earliest (the pessimistic end of the band).
struct FirstDayOver {
  std::optional<int> p05, median, p95;
};
FirstDayOver FirstDayOverCapacity(const std::vector<sim::Band>& bands, int64_t capacity);

}  // namespace fk::forecast
