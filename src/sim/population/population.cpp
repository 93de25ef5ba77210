#include "sim/population/population.hpp"

#include <algorithm>

namespace fk::sim {
namespace {

// Index i with starts[i] <= x < starts[i + 1].
uint32_t RangeOf(const std::vector<uint32_t>& starts, uint32_t x) {
  auto it = std::upper_bound(starts.begin(), starts.end(), x);
  return static_cast<uint32_t>(it - starts.begin()) - 1;
}

template <typename T>
uint64_t Bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// A string longer than the small-string buffer owns a heap block.
uint64_t HeapBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

uint64_t Bytes(const std::vector<Region>& regions) {
  uint64_t bytes = regions.capacity() * sizeof(Region);
  for (const Region& r : regions) bytes += HeapBytes(r.code) + HeapBytes(r.name);
  return bytes;
}

}  // namespace

uint32_t Population::HouseholdOf(uint32_t agent) const {
  // Search the agent's grid's few hundred households rather than the whole
  // city's: the search stays within a few cache lines even at 10^8 agents.
  uint32_t g = GridOf(agent);
  auto first = household_start.begin() + grid_household_start[g];
  auto last = household_start.begin() + grid_household_start[g + 1];
  return static_cast<uint32_t>(std::upper_bound(first, last, agent) - household_start.begin()) - 1;
}

uint32_t Population::GridOf(uint32_t agent) const { return RangeOf(grid_agent_start, agent); }

uint64_t Population::MemoryBytes() const {
  return Bytes(age) + Bytes(sex) + Bytes(agent_group) + Bytes(household_start) +
         Bytes(grid_household_start) + Bytes(grid_agent_start) + Bytes(districts) + Bytes(streets) +
         Bytes(communities) + Bytes(grids) + Bytes(group_kind) + Bytes(group_school) +
         Bytes(group_start) + Bytes(group_members) + Bytes(school_class_start) +
         HeapBytes(city_name);
}

}  // namespace fk::sim
