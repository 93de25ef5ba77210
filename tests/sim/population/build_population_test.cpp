#include "sim/population/build_population.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "test_city.hpp"

namespace fk::sim {
namespace {

using testing::City100k;
using testing::TestCityParameters;

// Every range of the layout promises is contiguous, non-empty and covers its
// parent exactly.
void ExpectLayout(const Population& pop, int64_t n) {
  ASSERT_EQ(pop.size(), n);
  ASSERT_EQ(pop.sex.size(), pop.size());
  ASSERT_EQ(pop.agent_group.size(), pop.size());
  ASSERT_EQ(pop.household_start.front(), 0u);
  ASSERT_EQ(pop.household_start.back(), pop.size());
  for (uint32_t h = 0; h < pop.households(); ++h) {
    ASSERT_LT(pop.household_start[h], pop.household_start[h + 1]) << h;
  }
  ASSERT_EQ(pop.grid_household_start.front(), 0u);
  ASSERT_EQ(pop.grid_household_start.back(), pop.households());
  ASSERT_EQ(pop.grids.size(), pop.grid_count());
  for (uint32_t g = 0; g <= pop.grid_count(); ++g) {
    ASSERT_EQ(pop.grid_agent_start[g], pop.household_start[pop.grid_household_start[g]]);
    if (g < pop.grid_count()) {
      ASSERT_LT(pop.grid_household_start[g], pop.grid_household_start[g + 1]);
      ASSERT_EQ(pop.grids[g].first_child, pop.grid_household_start[g]);
      ASSERT_EQ(pop.grids[g].end_child, pop.grid_household_start[g + 1]);
    }
  }
  auto expect_cover = [](const std::vector<Region>& parents, const std::vector<Region>& children) {
    uint32_t next = 0;
    for (uint32_t p = 0; p < parents.size(); ++p) {
      ASSERT_EQ(parents[p].first_child, next);
      ASSERT_LT(parents[p].first_child, parents[p].end_child);
      for (uint32_t c = parents[p].first_child; c < parents[p].end_child; ++c) {
        ASSERT_EQ(children[c].parent, p);
      }
      next = parents[p].end_child;
    }
    ASSERT_EQ(next, children.size());
  };
  ASSERT_GE(pop.districts.size(), 1u);
  expect_cover(pop.districts, pop.streets);
  expect_cover(pop.streets, pop.communities);
  expect_cover(pop.communities, pop.grids);
  // Groups: members sorted by group, agent_group names the group.
  ASSERT_EQ(pop.group_start.size(), pop.group_count() + 1u);
  ASSERT_EQ(pop.group_start.back(), pop.group_members.size());
  for (uint32_t k = 0; k < pop.group_count(); ++k) {
    ASSERT_LT(pop.group_start[k], pop.group_start[k + 1]) << "empty group " << k;
    for (uint32_t i = pop.group_start[k]; i < pop.group_start[k + 1]; ++i) {
      ASSERT_EQ(pop.agent_group[pop.group_members[i]], k);
    }
  }
  size_t members = std::count_if(pop.agent_group.begin(), pop.agent_group.end(),
                                 [](uint32_t g) { return g != kNoGroup; });
  ASSERT_EQ(members, pop.group_members.size());
}

TEST(BuildPopulation, LayoutIsContiguous) { ExpectLayout(City100k(), 100'000); }

TEST(BuildPopulation, SmallestAndAwkwardSizes) {
  for (int64_t n : {1000, 1003, 12'345}) {
    auto pop = BuildPopulation(TestCityParameters(n), Rng(7), 2);
    ASSERT_TRUE(pop.ok()) << pop.error().message;
    ExpectLayout(*pop, n);
    for (uint32_t h = 0; h < pop->households(); ++h) {
      bool adult = false;
      for (uint32_t a = pop->household_start[h]; a < pop->household_start[h + 1]; ++a) {
        adult |= pop->age[a] >= 18;
      }
      ASSERT_TRUE(adult) << "n=" << n << " household " << h;
    }
  }
}

TEST(BuildPopulation, SameResultOnOneAndTwoThreads) {
  Parameters params = TestCityParameters(54'321);
  auto one = BuildPopulation(params, Rng(11), 1);
  auto two = BuildPopulation(params, Rng(11), 2);
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->age, two->age);
  EXPECT_EQ(one->sex, two->sex);
  EXPECT_EQ(one->agent_group, two->agent_group);
  EXPECT_EQ(one->household_start, two->household_start);
  EXPECT_EQ(one->grid_household_start, two->grid_household_start);
  EXPECT_EQ(one->grid_agent_start, two->grid_agent_start);
  EXPECT_EQ(one->group_kind, two->group_kind);
  EXPECT_EQ(one->group_school, two->group_school);
  EXPECT_EQ(one->group_start, two->group_start);
  EXPECT_EQ(one->group_members, two->group_members);
  EXPECT_EQ(one->school_class_start, two->school_class_start);
  auto same_regions = [](const std::vector<Region>& a, const std::vector<Region>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].code != b[i].code || a[i].name != b[i].name || a[i].parent != b[i].parent ||
          a[i].first_child != b[i].first_child || a[i].end_child != b[i].end_child) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(same_regions(one->districts, two->districts));
  EXPECT_TRUE(same_regions(one->streets, two->streets));
  EXPECT_TRUE(same_regions(one->communities, two->communities));
  EXPECT_TRUE(same_regions(one->grids, two->grids));
}

TEST(BuildPopulation, SeedChangesTheCity) {
  Parameters params = TestCityParameters(5'000);
  auto a = BuildPopulation(params, Rng(1), 1);
  auto b = BuildPopulation(params, Rng(2), 1);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->age, b->age);
}

TEST(BuildPopulation, RefusesPopulationOutsideRange) {
  for (int64_t n : {int64_t{999}, int64_t{100'000'001}}) {
    auto pop = BuildPopulation(TestCityParameters(n), Rng(1), 1);
    ASSERT_FALSE(pop.ok());
    EXPECT_EQ(pop.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(pop.error().message,
              "population must be between 1,000 and 100,000,000 residents (got " +
                  std::to_string(n) + ")");
  }
}

TEST(BuildPopulation, RefusesSharesThatDoNotSumToOne) {
  Parameters params = TestCityParameters(1000);
  params.age_shares[0] += 0.1;
  auto pop = BuildPopulation(params, Rng(1), 1);
  ASSERT_FALSE(pop.ok());
  EXPECT_EQ(pop.error().message, "age_shares must sum to 1 (got 1.1000)");
  params = TestCityParameters(1000);
  params.household_size_shares[9] = 0.5;
  pop = BuildPopulation(params, Rng(1), 1);
  ASSERT_FALSE(pop.ok());
  EXPECT_EQ(pop.error().message.rfind("household_size_shares must sum to 1", 0), 0u);
}

TEST(BuildPopulation, RefusesImpossibleWorkplaceMean) {
  Parameters params = TestCityParameters(1000);
  params.workplace_mean_size = 4000;
  auto pop = BuildPopulation(params, Rng(1), 1);
  ASSERT_FALSE(pop.ok());
  EXPECT_EQ(pop.error().message,
            "workplace_mean_size must be above 1 and well below workplace_max_size (got 4000 and "
            "5000)");
}

TEST(BuildPopulation, RefusesZeroThreads) {
  auto pop = BuildPopulation(TestCityParameters(1000), Rng(1), 0);
  ASSERT_FALSE(pop.ok());
  EXPECT_EQ(pop.error().message, "threads must be at least 1 (got 0)");
}

TEST(EstimatePopulationBytes, BoundsTheBuiltCityAndFitsTheTargetMachine) {
  const Population& pop = City100k();
  EXPECT_GE(EstimatePopulationBytes(pop.size()), pop.MemoryBytes());
  EXPECT_LT(static_cast<double>(pop.MemoryBytes()) / pop.size(), 25.0);
  // 100 million residents must build on a 24 GiB machine.
  EXPECT_LT(EstimatePopulationBytes(kMaxPopulation), uint64_t{24} << 30);
}

}  // namespace
}  // namespace fk::sim
