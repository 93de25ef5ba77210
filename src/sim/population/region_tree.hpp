// The region tree of the synthetic city: districts > streets > communities >
// grids, with GB/T 2260-style codes and Chinese names. Pure function of its
// arguments.
#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Most districts a city can have: codes <city 4 digits> + 02..99 (01 is
// GB/T 2260's "市辖区" placeholder and is never used).
inline constexpr uint32_t kMaxDistricts = 98;
// Most streets a district, communities a street or grids a community can have
// (3 code digits, 001..999).
inline constexpr uint32_t kMaxChildren = 999;

// Fills city_code, city_name, districts, streets, communities and grids of
// `pop` for pop.grid_count() grids grouped by the *_per_* parameters.
// Districts beyond kMaxDistricts are avoided by putting more streets in each
// district. Fails (kInvalidArgument) if even 999 streets a district are not
// enough, or a *_per_* parameter is outside 1..999.
Status BuildRegionTree(const Parameters& params, Population& pop);

}  // namespace fk::sim
