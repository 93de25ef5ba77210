// One current infection: an entry of the engine's active list, alive from
// the day an agent is infected until it recovers or dies. Everything the
// engine needs about an infected agent lives here, so per-agent arrays stay
// small (only the state byte) and daily work grows with the number of
// infected agents, not with the population.
#pragma once

#include <cstdint>

#include "sim/disease/natural_history.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

struct Infection {
  uint32_t agent = 0;
  uint32_t household_begin = 0;  // agents of the agent's household
  uint32_t household_end = 0;
  uint32_t grid = 0;        // index into Population::grids
  uint32_t group = 0;       // workplace, class or hospital; kNoGroup if none
  float multiplier = 1.0f;  // individual infectiousness (mean 1)
  uint16_t infected_day = 0;
  uint16_t next_day = 0;  // day of the next state change
  State state = State::kExposed;
  State next_state = State::kExposed;
  uint8_t generation = 0;  // 0 for seeds and imports; saturates at 255
  uint8_t age = 0;
  Prognosis prognosis;
};

// A new infection entry for `agent`: where it lives (household range, grid,
// group), its age and its prognosis; state kExposed. The caller sets the
// day, generation, multiplier and first step.
inline Infection NewInfection(const Population& pop, const NaturalHistory& history, const Rng& rng,
                              uint32_t agent) {
  Infection inf;
  inf.agent = agent;
  uint32_t h = pop.HouseholdOf(agent);
  inf.household_begin = pop.household_start[h];
  inf.household_end = pop.household_start[h + 1];
  inf.grid = pop.GridOf(agent);
  inf.group = pop.agent_group[agent];
  inf.age = pop.age[agent];
  inf.prognosis = history.SamplePrognosis(rng, agent, inf.age);
  return inf;
}

// Disease states in which an agent transmits in the community.
inline bool TransmitsInCommunity(State s) {
  return s == State::kPresymptomatic || s == State::kAsymptomatic || s == State::kMild;
}

}  // namespace fk::sim
