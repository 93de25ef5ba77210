// The simulator's city built from a city's registry: every resident of the
// `residents` table in its household and grid, aged from the birth date at
// a given day, grids grouped into their communities, streets and districts
// by code (names from `regions`); workplaces, hospitals and school classes
// are then synthesised as the simulator does (sim::CompletePopulation).
//
// The registry is streamed (one ordered query, one grid's residents held at
// a time), so beyond the simulator's own arrays only the regions' names and
// the agents of the residents asked for are kept. Deterministic: the same
// database, day, parameters and seed give the same city at any thread
// count. Thread-safe (the Database is internally synchronised).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct RegistryPopulation {
  sim::Population population;
  // (resident id, agent) of the residents asked for that live in the city,
  // sorted by resident id.
  std::vector<std::pair<int64_t, uint32_t>> agents;
  // Registry households of more than sim::kMaxHouseholdSize members, cut
  // into households of at most that many (the simulator's limit).
  int64_t split_households = 0;
};

// The agent of resident `id`, or sim::kNoGroup when it was not asked for.
uint32_t AgentOf(const RegistryPopulation& city, int64_t id);

// The residents of city `city_code` (6 digits) with ages at `age_day` (days
// since 1970-01-01). `wanted` lists resident ids whose agents the caller
// needs (any order). `params` gives the group parameters and `seed` the
// draws of the synthesised groups. kNotFound "城市 <code> 无登记居民 / no
// residents registered in city <code>" when it has none; kInvalidArgument
// for a resident with a malformed birth date or grid code.
Result<RegistryPopulation> ReadRegistryPopulation(store::Database& db, const std::string& city_code,
                                                  int age_day, std::vector<int64_t> wanted,
                                                  const sim::Parameters& params, uint64_t seed,
                                                  int threads);

}  // namespace fk::forecast
