// A proposed infection and the rule that settles conflicts.
//
// Transmission is computed from the infectious side, in parallel; several
// infectors may reach one susceptible on one day. Each attempt carries a
// Philox draw (`key`); for every target the proposal with the smallest
// (key, infector, layer) wins. The rule looks only at the proposals
// themselves, so the outcome does not depend on thread count or scheduling.
// Because the winner is a minimum, settling part of the proposals early
// (a thread's buffer when it grows) and the rest later gives the same
// winners: the engine uses that to bound the memory proposals take.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <tuple>
#include <vector>

#include "sim/model/types.hpp"

namespace fk::sim {

struct Proposal {
  uint32_t target = 0;
  uint32_t key = 0;
  uint32_t infector_entry = 0;  // index of the infector in the active list
  Layer layer = Layer::kHousehold;
};

inline bool ProposalBefore(const Proposal& a, const Proposal& b) {
  return std::tie(a.target, a.key, a.infector_entry, a.layer) <
         std::tie(b.target, b.key, b.infector_entry, b.layer);
}

// Sorts `proposals` and keeps one winner per target, in target order.
template <class Container>
void SettleConflicts(Container& proposals) {
  std::sort(proposals.begin(), proposals.end(), ProposalBefore);
  auto last =
      std::unique(proposals.begin(), proposals.end(),
                  [](const Proposal& a, const Proposal& b) { return a.target == b.target; });
  proposals.erase(last, proposals.end());
}

// Calls `win` with the winner of each target, in target order, from
// buffers that were each settled by SettleConflicts; empties the buffers
// as it goes (a deque frees its blocks as they are consumed).
template <class Fn>
void MergeWinners(std::vector<std::deque<Proposal>>& settled, Fn win) {
  while (true) {
    std::deque<Proposal>* best = nullptr;
    for (auto& buffer : settled) {
      if (!buffer.empty() && (best == nullptr || ProposalBefore(buffer.front(), best->front())))
        best = &buffer;
    }
    if (best == nullptr) return;
    const Proposal winner = best->front();
    for (auto& buffer : settled) {
      if (!buffer.empty() && buffer.front().target == winner.target) buffer.pop_front();
    }
    win(winner);
  }
}

}  // namespace fk::sim
