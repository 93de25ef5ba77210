// One current infection: an entry of the engine's active list, alive from
// the day an agent is infected until it recovers or dies. Everything the
// engine and the contact layers need about an infected agent lives here, so
// per-agent arrays stay small (only the state byte) and daily work grows
// with the number of infected agents, not with the population. 36 bytes.
#pragma once

#include <cstdint>

#include "sim/model/types.hpp"

namespace fk::sim {

// Generations count from the day-0 seeds (generation 0). Imports and
// everyone they infect, directly or not, are outside that lineage.
inline constexpr uint8_t kOutsideLineage = 255;
inline constexpr uint8_t kLastGeneration = 254;  // the seeds' lineage saturates here

struct Infection {
  uint32_t agent = 0;
  uint32_t household_begin = 0;  // first agent of the agent's household
  uint32_t grid = 0;             // index into Population::grids
  uint32_t group = 0;            // workplace, class or hospital; kNoGroup if none
  float multiplier = 1.0f;       // individual infectiousness (mean 1)
  uint16_t infected_day = 0;
  uint16_t next_day = 0;   // day of the next state change
  uint16_t offspring = 0;  // people infected so far (saturates at 65535)
  State state = State::kExposed;
  State next_state = State::kExposed;
  uint8_t generation = 0;  // see kOutsideLineage
  uint8_t age = 0;
  uint8_t household_size = 1;
  Prognosis prognosis;
  // Days from infection to the start of infectiousness (the end of the
  // latent period) and to symptom onset; set when they happen, 0 before
  // (saturate at 255).
  uint8_t infectious_after = 0;
  uint8_t onset_after = 0;
  // Hospital care when beds are limited (CareFlag); 0 otherwise.
  uint8_t care = 0;

  uint32_t household_end() const { return household_begin + household_size; }
};
static_assert(sizeof(Infection) == 36, "an active-list entry stays 36 bytes");

// Infection::care: a severe case in a hospital bed, a critical case in an
// ICU bed, and a case that entered severe or critical today and has not yet
// been offered one (its outcome worsens if none is free that day).
enum CareFlag : uint8_t {
  kInBed = 1,
  kInIcu = 2,
  kNeedsCareToday = 4,
};

// Disease states in which an agent transmits in the community.
inline bool TransmitsInCommunity(State s) {
  return s == State::kPresymptomatic || s == State::kAsymptomatic || s == State::kMild;
}

}  // namespace fk::sim
