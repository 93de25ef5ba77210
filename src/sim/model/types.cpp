#include "sim/model/types.hpp"

namespace fk::sim {

const char* StateName(State s) {
  static const char* const kNames[kStateCount] = {"susceptible",  "exposed",   "presymptomatic",
                                                  "asymptomatic", "mild",      "severe",
                                                  "critical",     "recovered", "dead"};
  return kNames[static_cast<int>(s)];
}

const char* LayerName(Layer l) {
  static const char* const kNames[kLayerCount] = {"household", "grid", "workplace", "school",
                                                  "city",      "seed", "imported"};
  return kNames[static_cast<int>(l)];
}

}  // namespace fk::sim
