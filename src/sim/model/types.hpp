// The model's vocabulary, shared by disease/, transmission/, engine/ and
// output/: disease states, where an infection happened, and an infection's
// outcome. Plain enums and values with no behaviour, so that every part of
// the simulator can include them without depending on the engine.
#pragma once

#include <cstdint>

namespace fk::sim {

// Disease states of the natural history, in order of progression.
enum class State : uint8_t {
  kSusceptible = 0,
  kExposed,         // infected, not yet infectious
  kPresymptomatic,  // infectious, symptoms to come
  kAsymptomatic,    // infectious, never symptomatic
  kMild,            // symptomatic, no bed needed
  kSevere,          // needs a hospital bed
  kCritical,        // needs an ICU bed
  kRecovered,
  kDead,
};
inline constexpr int kStateCount = 9;
const char* StateName(State s);  // "susceptible", "exposed", ...

// Where an infection happened.
enum class Layer : uint8_t {
  kHousehold = 0,
  kGrid,       // neighbours within the residential grid
  kWorkplace,  // includes hospitals for health-care workers
  kSchool,
  kCity,      // city-wide: public places and transport
  kSeed,      // initial infections
  kImported,  // infections from outside the city
};
inline constexpr int kLayerCount = 7;
const char* LayerName(Layer l);  // "household", "grid", ...

inline constexpr uint32_t kNoAgent = 0xFFFFFFFFu;

// Outcome of an infection, decided at infection time. One byte, so that
// an active-list entry stays small.
struct Prognosis {
  bool symptomatic : 1 = false;
  bool severe : 1 = false;    // needs a hospital bed
  bool critical : 1 = false;  // needs an ICU bed
  bool dies : 1 = false;
};
static_assert(sizeof(Prognosis) == 1);

}  // namespace fk::sim
