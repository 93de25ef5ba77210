// Making a new entry of the active list (model/infection.hpp) for an agent
// who has just been infected: where it lives, its age and its prognosis.
// Pure function of the population, the natural history and the seed.
#pragma once

#include <cstdint>

#include "common/rng.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/model/infection.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// A new infection entry for `agent`: where it lives (household range, grid,
// group), its age and its prognosis; state kExposed. The caller sets the
// day, generation, multiplier and first step.
inline Infection NewInfection(const Population& pop, const NaturalHistory& history, const Rng& rng,
                              uint32_t agent) {
  Infection inf;
  inf.agent = agent;
  uint32_t h = pop.HouseholdOf(agent);
  inf.household_begin = pop.household_start[h];
  // Households have at most kMaxHouseholdSize members (households.hpp).
  inf.household_size = static_cast<uint8_t>(pop.household_start[h + 1] - inf.household_begin);
  inf.grid = pop.GridOf(agent);
  inf.group = pop.agent_group[agent];
  inf.age = pop.age[agent];
  inf.prognosis = history.SamplePrognosis(rng, agent, inf.age);
  return inf;
}

}  // namespace fk::sim
