// The numeric columns of daily.csv, named in one place so that the run
// writer, the ensemble bands and the charts agree on names and order.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/run_result.hpp"

namespace fk::sim {

// "day", one per state (StateName), "new_<layer>" per layer (LayerName),
// "new_infections", "new_symptomatic", "new_deaths", "cumulative_infections",
// "cumulative_deaths", "isolated_home", "isolated_facility", "masks_in_stock",
// "tests_done", "tests_queued", "new_confirmed", "cumulative_confirmed", "quarantined", "rt"
// (the only fractional column), the hospital columns "beds_capacity" ..
// "deaths_without_care", and "screened_households", "found_by_screening".
const std::vector<std::string>& DailyColumns();

// The values of DailyColumns() for one day, in the same order (counts are
// whole numbers).
std::vector<double> DailyValues(const DayRecord& day);

// New infections of the day over all layers, seeds and imports included.
int64_t NewInfections(const DayRecord& day);
// Agents able to infect: presymptomatic, asymptomatic, mild, severe, critical.
int64_t Infectious(const DayRecord& day);
// Hospital beds needed: severe + critical.
int64_t BedsNeeded(const DayRecord& day);

}  // namespace fk::sim
