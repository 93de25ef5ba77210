// Households of the synthetic city: how many residents each grid and each
// household holds, and the age and sex of every resident.
//
// Method (docs/population.md): household sizes and the age pool of every grid
// are quotas taken from Weyl sequences over the target distributions, so every
// grid matches the targets closely; the pool is then dealt out to household
// templates (couple + children + grandparents, couples, single adults).
// Within a household the order is: head, spouse (if any), children, others.
// Deterministic for a seed whatever the thread count.
#pragma once

#include "common/rng.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Fills age, sex, household_start, grid_household_start and grid_agent_start
// of `pop` for params.population residents, households_per_grid households a
// grid (the last grid and its last household may be smaller). Preconditions:
// the parameters were validated (positive sizes, shares summing to 1).
void BuildHouseholds(const Parameters& params, const Rng& rng, int threads, Population& pop);

}  // namespace fk::sim
