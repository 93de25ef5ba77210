#include "sim/population/population.hpp"

#include <gtest/gtest.h>

#include "test_city.hpp"

namespace fk::sim {
namespace {

TEST(Population, HouseholdOfAndGridOfAgreeWithTheRanges) {
  const Population& pop = testing::City100k();
  for (uint32_t h = 0; h < pop.households(); ++h) {
    for (uint32_t a = pop.household_start[h]; a < pop.household_start[h + 1]; ++a) {
      ASSERT_EQ(pop.HouseholdOf(a), h);
    }
  }
  for (uint32_t g = 0; g < pop.grid_count(); ++g) {
    for (uint32_t a = pop.grid_agent_start[g]; a < pop.grid_agent_start[g + 1]; ++a) {
      ASSERT_EQ(pop.GridOf(a), g);
    }
  }
}

TEST(Population, MemoryBytesCountsEveryArray) {
  Population pop;
  EXPECT_EQ(pop.MemoryBytes(), 0u);
  pop.age.reserve(100);
  pop.group_members.reserve(10);
  pop.grids.resize(2);
  EXPECT_EQ(pop.MemoryBytes(), 100 + 40 + 2 * sizeof(Region));
}

}  // namespace
}  // namespace fk::sim
