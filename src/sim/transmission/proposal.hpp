// A proposed infection and the rule that settles conflicts.
//
// Transmission is computed from the infectious side, in parallel; several
// infectors may reach one susceptible on one day. Each attempt carries a
// Philox draw (`key`); for every target the proposal with the smallest
// (key, infector, layer) wins. The rule looks only at the proposals
// themselves, so the outcome does not depend on thread count or scheduling.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/run_result.hpp"

namespace fk::sim {

struct Proposal {
  uint32_t target = 0;
  uint32_t key = 0;
  uint32_t infector_entry = 0;  // index of the infector in the active list
  Layer layer = Layer::kHousehold;
};

// Sorts `proposals` and keeps one winner per target, in target order.
void SettleConflicts(std::vector<Proposal>& proposals);

}  // namespace fk::sim
