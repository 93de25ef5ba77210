// Infections present when a run starts, given from outside the simulator
// (a forecast seeds the live state of a city this way): which agent, in
// which disease state, and whether it is isolated. Plain value type.
#pragma once

#include <cstdint>

#include "sim/model/types.hpp"

namespace fk::sim {

struct InitialInfection {
  uint32_t agent = 0;
  // kExposed, kPresymptomatic, kAsymptomatic, kMild, kSevere or kCritical.
  State state = State::kExposed;
  // In isolation, quarantine or hospital: infects nobody for the rest of
  // the infection (severe and critical agents infect nobody anyway).
  bool isolated = false;
};

}  // namespace fk::sim
