// A population whose residents, households, grids and region tree come from
// outside the simulator (a forecast builds them from a city's registry):
// checks that the given layout keeps Population's promises and adds the
// workplaces, hospitals and school classes the way BuildPopulation does.
// Thread-safe (no shared state); byte-identical for a seed at any thread
// count.
#pragma once

#include "common/result.hpp"
#include "common/rng.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// `pop` must hold age, sex, household_start, grid_household_start,
// grid_agent_start, the region tree (districts > streets > communities >
// grids, each level's children contiguous ranges of the next, every region
// with at least one child) and city_code/city_name; its group arrays are
// filled here (agent_group too). Any number of residents from 1 up.
// kInvalidArgument naming what is wrong: no residents, a household of 0 or
// more than kMaxHouseholdSize members, a region without children, ranges
// that do not nest, or workplace parameters BuildGroups refuses.
Status CompletePopulation(const Parameters& params, const Rng& rng, int threads, Population& pop);

}  // namespace fk::sim
