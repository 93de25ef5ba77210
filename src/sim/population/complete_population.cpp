#include "sim/population/complete_population.hpp"

#include <fmt/format.h>

#include "sim/population/groups.hpp"

namespace fk::sim {
namespace {

// Children of every region of `parents` are contiguous, non-empty and cover
// [0, children) in order.
Status CheckLevel(const char* name, const std::vector<Region>& parents, size_t children) {
  uint32_t next = 0;
  for (const Region& r : parents) {
    if (r.first_child != next || r.end_child <= r.first_child) {
      return InvalidArgument(
          fmt::format("{} {}: children must be a non-empty range after the "
                      "previous region's",
                      name, r.code));
    }
    next = r.end_child;
  }
  if (next != children)
    return InvalidArgument(fmt::format("{}: children do not cover the next level", name));
  return Status::Ok();
}

Status CheckStarts(const char* name, const std::vector<uint32_t>& starts, size_t items) {
  if (starts.empty() || starts.front() != 0 || starts.back() != items) {
    return InvalidArgument(fmt::format("{} must run from 0 to {}", name, items));
  }
  for (size_t i = 1; i < starts.size(); ++i) {
    if (starts[i] < starts[i - 1])
      return InvalidArgument(fmt::format("{} must not decrease", name));
  }
  return Status::Ok();
}

}  // namespace

Status CompletePopulation(const Parameters& params, const Rng& rng, int threads, Population& pop) {
  if (threads < 1) return InvalidArgument("threads must be at least 1");
  const size_t n = pop.age.size();
  if (n == 0) return InvalidArgument("the population has no residents");
  if (pop.sex.size() != n) return InvalidArgument("sex must have one entry per resident");
  if (Status s = CheckStarts("household_start", pop.household_start, n); !s.ok()) return s;
  for (size_t h = 0; h + 1 < pop.household_start.size(); ++h) {
    const uint32_t size = pop.household_start[h + 1] - pop.household_start[h];
    if (size == 0 || size > kMaxHouseholdSize) {
      return InvalidArgument(
          fmt::format("household {} has {} members (1 to {} allowed)", h, size, kMaxHouseholdSize));
    }
  }
  if (Status s = CheckStarts("grid_household_start", pop.grid_household_start, pop.households());
      !s.ok())
    return s;
  if (pop.grid_agent_start.size() != pop.grid_household_start.size())
    return InvalidArgument("grid_agent_start must have one entry per grid and one more");
  for (size_t g = 0; g < pop.grid_agent_start.size(); ++g) {
    if (pop.grid_agent_start[g] != pop.household_start[pop.grid_household_start[g]])
      return InvalidArgument(fmt::format("grid {} does not start at its first household", g));
  }
  if (pop.grids.size() != pop.grid_count())
    return InvalidArgument("grids must have one region per grid of households");
  for (Status s : {CheckLevel("district", pop.districts, pop.streets.size()),
                   CheckLevel("street", pop.streets, pop.communities.size()),
                   CheckLevel("community", pop.communities, pop.grids.size())}) {
    if (!s.ok()) return s;
  }
  if (pop.districts.empty()) return InvalidArgument("the population has no district");
  return BuildGroups(params, rng, threads, pop);
}

}  // namespace fk::sim
