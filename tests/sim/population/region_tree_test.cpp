#include "sim/population/region_tree.hpp"

#include <gtest/gtest.h>

#include <set>

#include "test_city.hpp"

namespace fk::sim {
namespace {

using testing::TestCityParameters;

// A population with `grids` grids of one household each, enough for the tree.
Population Grids(uint32_t grids) {
  Population pop;
  pop.grid_agent_start.resize(grids + 1);
  pop.grid_household_start.resize(grids + 1);
  for (uint32_t g = 0; g <= grids; ++g) pop.grid_agent_start[g] = pop.grid_household_start[g] = g;
  return pop;
}

void ExpectCodes(const Population& pop) {
  std::set<std::string> seen;
  auto check = [&](const std::vector<Region>& level, const std::vector<Region>* parents,
                   size_t digits) {
    for (const Region& r : level) {
      ASSERT_EQ(r.code.size(), digits) << r.code;
      ASSERT_TRUE(seen.insert(r.code).second) << "duplicate " << r.code;
      if (parents) {
        ASSERT_EQ(r.code.rfind((*parents)[r.parent].code, 0), 0u) << r.code;
      }
    }
  };
  check(pop.districts, nullptr, 6);
  check(pop.streets, &pop.districts, 9);
  check(pop.communities, &pop.streets, 12);
  check(pop.grids, &pop.communities, 15);
  for (const Region& d : pop.districts) {
    ASSERT_EQ(d.code.substr(0, 4), std::to_string(pop.city_code / 100));
    ASSERT_NE(d.code.substr(4), "00");
    ASSERT_NE(d.code.substr(4), "01");
  }
}

TEST(RegionTree, WuhanCodesAndNames) {
  Population pop = Grids(8 * 10 * 12 * 13 + 1);  // one street more than 13 districts hold
  ASSERT_TRUE(BuildRegionTree(TestCityParameters(1000), pop).ok());
  ExpectCodes(pop);
  EXPECT_EQ(pop.city_name, "武汉市");
  ASSERT_EQ(pop.districts.size(), 14u);
  EXPECT_EQ(pop.districts[0].code, "420102");
  EXPECT_EQ(pop.districts[0].name, "江岸区");
  EXPECT_EQ(pop.districts[12].code, "420117");
  EXPECT_EQ(pop.districts[12].name, "新洲区");
  EXPECT_EQ(pop.districts[13].code, "420108");  // first unused suffix
  EXPECT_EQ(pop.districts[13].name, "第14区");
  EXPECT_EQ(pop.streets[0].code, "420102001");
  EXPECT_EQ(pop.streets[0].name, "第1街道");
  EXPECT_EQ(pop.communities[1].code, "420102001002");
  EXPECT_EQ(pop.communities[1].name, "第2社区");
  EXPECT_EQ(pop.grids[9].code, "420102001002002");
  EXPECT_EQ(pop.grids[9].name, "第2网格");
}

TEST(RegionTree, ManyStreetsAreSpreadOverAtMost98Districts) {
  Parameters params = TestCityParameters(1000);
  params.city_code = 110100;
  params.grids_per_community = 1;
  params.communities_per_street = 1;
  Population pop = Grids(98 * 37);  // 98 districts of 37 streets
  ASSERT_TRUE(BuildRegionTree(params, pop).ok());
  ExpectCodes(pop);
  EXPECT_EQ(pop.city_name, "城市110100");
  EXPECT_EQ(pop.districts.size(), kMaxDistricts);
  EXPECT_EQ(pop.districts[0].code, "110102");
  EXPECT_EQ(pop.districts.back().code, "110199");
}

TEST(RegionTree, RefusesTooManyStreets) {
  Parameters params = TestCityParameters(1000);
  params.grids_per_community = 1;
  params.communities_per_street = 1;
  Population pop = Grids(98 * 999 + 1);
  Status s = BuildRegionTree(params, pop);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "the city needs 97903 streets, more than 98 districts of 999 streets can hold; raise "
            "households_per_grid, grids_per_community or communities_per_street");
}

TEST(RegionTree, RefusesBadCityCode) {
  Parameters params = TestCityParameters(1000);
  params.city_code = 420102;
  Population pop = Grids(1);
  Status s = BuildRegionTree(params, pop);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "city_code must be a six-digit GB/T 2260 city code ending in 00, e.g. 420100 (got "
            "420102)");
}

}  // namespace
}  // namespace fk::sim
