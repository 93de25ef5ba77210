// Builds the synthetic city (Population) from the parameters: residents in
// households, grids, communities, streets and districts; workplaces,
// hospitals and school classes. Method and measured cost: docs/population.md.
//
// Thread-safe (no shared state). The result is byte-identical for a seed
// whatever `threads` is.
#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

inline constexpr int64_t kMinPopulation = 1'000;
inline constexpr int64_t kMaxPopulation = 100'000'000;

// Builds a city of params.population residents with the city parameters of
// `params`, drawing from `rng` (Stream::kPopulation) on `threads` OpenMP
// threads (>= 1). Returns the population, owned by the caller, or
// kInvalidArgument naming the bad parameter: population outside
// [1,000, 100,000,000], shares that do not sum to 1, sizes or rates out of
// range.
Result<Population> BuildPopulation(const Parameters& params, const Rng& rng, int threads);

// An upper estimate of the memory BuildPopulation needs at its peak for
// `agents` residents with city-like parameters (mean household size >= 1.5,
// households_per_grid >= 10, mean workplace >= 2 and classes >= 5 members):
// callers refuse populations that would not fit before building.
uint64_t EstimatePopulationBytes(int64_t agents);

}  // namespace fk::sim
