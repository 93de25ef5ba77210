// The live state of a city's epidemic as the operations database holds it,
// read for a forecast: every open case (confirmed, clinically diagnosed or
// asymptomatic, no outcome yet) with its grid, its state for the simulator
// (from the severity) and whether it is isolated (an open admission or an
// active quarantine order); counts of people in quarantine and in hospital;
// the cases ever recorded; and the recent cases by grid, which say where
// the undetected infections most likely are. Aggregates and resident ids
// only. Thread-safe (the Database is internally synchronised).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/model/types.hpp"
#include "store/database.hpp"

namespace fk::forecast {

// Days back from the cutoff (inclusive) whose cases count as recent.
inline constexpr int kRecentDays = 14;

struct OpenCase {
  int64_t resident_id = 0;
  std::string grid;
  sim::State state = sim::State::kMild;  // kAsymptomatic, kMild, kSevere or kCritical
  bool isolated = false;
};

struct LiveState {
  std::vector<OpenCase> open_cases;  // by resident id
  int64_t quarantined = 0;           // residents with an active quarantine order
  int64_t admitted = 0;              // open admissions
  int64_t cases_ever = 0;            // confirmed, clinical or asymptomatic, reported by the cutoff
  // Cases with an onset (else report) day in the last kRecentDays by grid.
  std::map<std::string, int64_t> recent_by_grid;
};

// The live state of city `city_code` on day `cutoff` (days since
// 1970-01-01): cases reported on or before it.
Result<LiveState> ReadLiveState(store::Database& db, const std::string& city_code, int cutoff);

// The simulator's state for a case: critical and severe as such, mild or
// moderate (or none given) mild, an asymptomatic case asymptomatic.
sim::State StateOfCase(std::string_view status, std::string_view severity);

}  // namespace fk::forecast
