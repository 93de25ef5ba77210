#include "sim/population/build_population.hpp"

#include <fmt/format.h>

#include <cmath>
#include <span>

#include "sim/population/groups.hpp"
#include "sim/population/households.hpp"
#include "sim/population/region_tree.hpp"

namespace fk::sim {
namespace {

constexpr double kShareTolerance = 1e-3;  // |sum of shares - 1| allowed
constexpr int kMaxWorkplaceSize = 1'000'000;

Status CheckShares(const char* name, std::span<const double> shares) {
  double sum = 0;
  for (double s : shares) {
    if (!(s >= 0)) return InvalidArgument(fmt::format("{} must not be negative", name));
    sum += s;
  }
  if (std::abs(sum - 1.0) > kShareTolerance) {
    return InvalidArgument(fmt::format("{} must sum to 1 (got {:.4f})", name, sum));
  }
  return Status::Ok();
}

Status CheckRange(const char* name, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    return InvalidArgument(
        fmt::format("{} must be between {} and {} (got {})", name, lo, hi, value));
  }
  return Status::Ok();
}

Status Validate(const Parameters& p, int threads) {
  if (p.population < kMinPopulation || p.population > kMaxPopulation) {
    return InvalidArgument(fmt::format(
        "population must be between 1,000 and 100,000,000 residents (got {})", p.population));
  }
  if (threads < 1)
    return InvalidArgument(fmt::format("threads must be at least 1 (got {})", threads));
  for (Status s : {CheckShares("age_shares", p.age_shares),
                   CheckShares("household_size_shares", p.household_size_shares),
                   CheckRange("households_per_grid", p.households_per_grid, 1, 100'000),
                   CheckRange("employment_rate", p.employment_rate, 0, 1),
                   CheckRange("health_worker_share", p.health_worker_share, 0, 1),
                   CheckRange("workplace_max_size", p.workplace_max_size, 1, kMaxWorkplaceSize),
                   CheckRange("class_size", p.class_size, 1, 1'000),
                   CheckRange("classes_per_grade", p.classes_per_grade, 1, 1'000),
                   CheckRange("hospital_staff_size", p.hospital_staff_size, 1, 1'000'000)}) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<Population> BuildPopulation(const Parameters& params, const Rng& rng, int threads) {
  if (Status s = Validate(params, threads); !s.ok()) return s.error();
  Population pop;
  BuildHouseholds(params, rng, threads, pop);
  if (Status s = BuildRegionTree(params, pop); !s.ok()) return s.error();
  if (Status s = BuildGroups(params, rng, threads, pop); !s.ok()) return s.error();
  return pop;
}

uint64_t EstimatePopulationBytes(int64_t agents) {
  // Per agent at the builder's peak (sorting the workers), under the
  // assumptions in the header: age and sex 2 + household starts 4 / 1.5 = 2.7
  // + agent_group 4 + worker sort keys and merge buffer 2 x 8 = 16 (at most one
  // worker per agent) + groups (at most agents / 2, 13 bytes each with the
  // builder's cursor) 6.5 = 31.2, rounded up to 32; plus 64 MiB for the region
  // tree, per-thread buffers and tables.
  constexpr uint64_t kBytesPerAgent = 32;
  constexpr uint64_t kFixedBytes = uint64_t{64} << 20;
  return static_cast<uint64_t>(agents) * kBytesPerAgent + kFixedBytes;
}

}  // namespace fk::sim
