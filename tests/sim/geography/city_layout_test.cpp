#include "sim/geography/city_layout.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "../population/test_city.hpp"
#include "common/rng.hpp"
#include "sim/population/build_population.hpp"

namespace fk::sim {
namespace {

Population Build(int64_t residents, uint64_t seed = 1) {
  Parameters params = testing::TestCityParameters(residents);
  auto pop = BuildPopulation(params, Rng(seed), 1);
  EXPECT_TRUE(pop.ok()) << pop.error().message;
  return std::move(pop).value();
}

// A ring that can be drawn: three or more vertices, counter-clockwise, convex.
void ExpectConvexCounterClockwise(const Ring& ring, const std::string& what) {
  ASSERT_GE(ring.size(), 3u) << what;
  EXPECT_GT(SignedArea(ring), 0) << what;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    const Point& c = ring[(i + 2) % ring.size()];
    const double turn = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    EXPECT_GE(turn, -1e-6) << what << " turns right at vertex " << (i + 1) % ring.size();
  }
}

// Children tile their parent: every child lies inside it, and their areas
// (positive, counter-clockwise) add up to the parent's, so they cannot
// overlap by more than rounding.
void ExpectTiling(const std::vector<Region>& parents, const std::vector<RegionShape>& parent_shapes,
                  const std::vector<RegionShape>& children, const char* level) {
  for (std::size_t p = 0; p < parents.size(); ++p) {
    const RegionShape& parent = parent_shapes[p];
    double sum = 0;
    int64_t residents = 0;
    for (uint32_t c = parents[p].first_child; c < parents[p].end_child; ++c) {
      const RegionShape& child = children[c];
      const std::string what = std::string(level) + " " + std::to_string(c);
      ExpectConvexCounterClockwise(child.ring, what);
      for (const Point& v : child.ring)
        EXPECT_TRUE(ConvexContains(parent.ring, v, 1e-6)) << what << " leaves its parent";
      EXPECT_TRUE(ConvexContains(child.ring, child.centroid, 0)) << what;
      sum += child.area_m2;
      residents += child.population;
    }
    EXPECT_NEAR(sum, parent.area_m2, parent.area_m2 * 1e-9) << level << "s of parent " << p;
    EXPECT_EQ(residents, parent.population);
  }
}

void ExpectLayout(const Population& pop, const CityLayout& layout) {
  ExpectConvexCounterClockwise(layout.city.ring, "city");
  EXPECT_EQ(layout.city.population, pop.size());
  std::vector<Region> city(1);
  city[0].first_child = 0;
  city[0].end_child = static_cast<uint32_t>(pop.districts.size());
  ExpectTiling(city, {layout.city}, layout.districts, "district");
  ExpectTiling(pop.districts, layout.districts, layout.streets, "street");
  ExpectTiling(pop.streets, layout.streets, layout.communities, "community");
  ExpectTiling(pop.communities, layout.communities, layout.grids, "grid");
  // Areas in proportion to residents, at every level.
  const double m2_per_resident = 1e6 / layout.residents_per_km2;
  for (const auto* level : {&layout.districts, &layout.streets, &layout.communities, &layout.grids})
    for (const RegionShape& s : *level)
      EXPECT_NEAR(s.area_m2, s.population * m2_per_resident, s.area_m2 * 1e-6);
  for (uint32_t g = 0; g < pop.grid_count(); ++g)
    EXPECT_EQ(layout.grids[g].population, pop.grid_agent_start[g + 1] - pop.grid_agent_start[g]);
}

TEST(LayOutCity, TilesEveryLevelInProportionToResidents) {
  for (int64_t residents : {1'000, 12'345}) {
    SCOPED_TRACE(residents);
    const Population pop = Build(residents);
    auto layout = LayOutCity(pop, 1);
    ASSERT_TRUE(layout.ok()) << layout.error().message;
    ExpectLayout(pop, *layout);
  }
}

TEST(LayOutCity, TilesTheHundredThousandCity) {
  const Population& pop = testing::City100k();
  auto layout = LayOutCity(pop, 7, {.residents_per_km2 = 2'500});
  ASSERT_TRUE(layout.ok());
  ASSERT_EQ(layout->grids.size(), pop.grid_count());
  ExpectLayout(pop, *layout);
  EXPECT_NEAR(layout->city.area_m2, pop.size() / 2'500.0 * 1e6, 1e-3);
  // Near the origin.
  EXPECT_LT(std::hypot(layout->city.centroid.x, layout->city.centroid.y), 1.0);
}

bool SameShapes(const std::vector<RegionShape>& a, const std::vector<RegionShape>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].ring.size() != b[i].ring.size()) return false;
    for (std::size_t k = 0; k < a[i].ring.size(); ++k)
      if (a[i].ring[k].x != b[i].ring[k].x || a[i].ring[k].y != b[i].ring[k].y) return false;
  }
  return true;
}

TEST(LayOutCity, SameSeedSameCoordinatesOtherSeedOtherMap) {
  const Population pop = Build(12'345);
  auto a = LayOutCity(pop, 3);
  auto b = LayOutCity(pop, 3);
  auto c = LayOutCity(pop, 4);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(SameShapes(a->grids, b->grids));
  EXPECT_TRUE(SameShapes({a->city}, {b->city}));
  EXPECT_FALSE(SameShapes(a->grids, c->grids));
}

TEST(LayOutCity, RefusesBadDensityAndEmptyCity) {
  const Population pop = Build(1'000);
  auto zero = LayOutCity(pop, 1, {.residents_per_km2 = 0});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zero.error().message, "residents_per_km2: must be a positive number, got 0");
  auto nan = LayOutCity(pop, 1, {.residents_per_km2 = std::nan("")});
  ASSERT_FALSE(nan.ok());
  EXPECT_EQ(nan.error().message, "residents_per_km2: must be a positive number, got nan");
  auto empty = LayOutCity(Population{}, 1);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "population: has no grids");
}

}  // namespace
}  // namespace fk::sim
