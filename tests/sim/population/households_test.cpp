#include "sim/population/households.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_city.hpp"

namespace fk::sim {
namespace {

using testing::City100k;
using testing::TestCityParameters;

TEST(Households, AgeMarginalMatchesTheTargetBands) {
  const Population& pop = City100k();
  const Parameters params = TestCityParameters(100'000);
  std::array<double, kFiveYearBands> count{};
  for (uint8_t a : pop.age) count[std::min(a / 5, kFiveYearBands - 1)] += 1;
  for (int b = 0; b < kFiveYearBands; ++b) {
    EXPECT_NEAR(count[b] / pop.size(), params.age_shares[b], 0.003) << "band " << b;
  }
  EXPECT_LE(*std::max_element(pop.age.begin(), pop.age.end()), 100);
}

TEST(Households, SizesMatchTheTargetShares) {
  const Population& pop = City100k();
  const Parameters params = TestCityParameters(100'000);
  std::array<double, kMaxHouseholdSize> count{};
  for (uint32_t h = 0; h < pop.households(); ++h) {
    uint32_t s = pop.household_start[h + 1] - pop.household_start[h];
    ASSERT_LE(s, 10u);
    count[s - 1] += 1;
  }
  for (int s = 0; s < kMaxHouseholdSize; ++s) {
    EXPECT_NEAR(count[s] / pop.households(), params.household_size_shares[s], 0.005)
        << "size " << s + 1;
  }
}

TEST(Households, EveryHouseholdHasAnAdultAndChildrenHaveAParent) {
  const Population& pop = City100k();
  uint32_t children = 0, with_parent = 0, big = 0, big_with_child = 0;
  for (uint32_t h = 0; h < pop.households(); ++h) {
    const uint32_t first = pop.household_start[h], end = pop.household_start[h + 1];
    bool adult = false, child = false;
    for (uint32_t a = first; a < end; ++a) {
      adult |= pop.age[a] >= 18;
      child |= pop.age[a] < 18;
    }
    ASSERT_TRUE(adult) << "household " << h;
    if (end - first >= 3) {
      ++big;
      big_with_child += child;
    }
    for (uint32_t c = first; c < end; ++c) {
      if (pop.age[c] >= 18) continue;
      ++children;
      bool parent = false;
      for (uint32_t a = first; a < end; ++a) {
        int gap = pop.age[a] - pop.age[c];
        parent |= gap >= 18 && gap <= 45;
      }
      with_parent += parent;
    }
  }
  EXPECT_GT(static_cast<double>(with_parent) / children, 0.99);
  // 3+-person households are mostly couples with children.
  EXPECT_GT(static_cast<double>(big_with_child) / big, 0.8);
}

TEST(Households, SexRatioAndCouples) {
  const Population& pop = City100k();
  double males = std::count(pop.sex.begin(), pop.sex.end(), 1);
  EXPECT_NEAR(males / pop.size(), 105.07 / 205.07, 0.005);
  // Two-adult households are couples: the head and the spouse (stored first
  // and second) are of opposite sexes.
  for (uint32_t h = 0; h < pop.households(); ++h) {
    const uint32_t first = pop.household_start[h];
    if (pop.household_start[h + 1] - first == 2 && pop.age[first + 1] >= 18) {
      ASSERT_NE(pop.sex[first], pop.sex[first + 1]) << "household " << h;
    }
  }
}

}  // namespace
}  // namespace fk::sim
