#include "sim/transmission/proposal.hpp"

#include <algorithm>
#include <tuple>

namespace fk::sim {

void SettleConflicts(std::vector<Proposal>& proposals) {
  std::sort(proposals.begin(), proposals.end(), [](const Proposal& a, const Proposal& b) {
    return std::tie(a.target, a.key, a.infector_entry, a.layer) <
           std::tie(b.target, b.key, b.infector_entry, b.layer);
  });
  auto last =
      std::unique(proposals.begin(), proposals.end(),
                  [](const Proposal& a, const Proposal& b) { return a.target == b.target; });
  proposals.erase(last, proposals.end());
}

}  // namespace fk::sim
