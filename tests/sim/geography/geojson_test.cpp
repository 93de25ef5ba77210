#include "sim/geography/geojson.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "../population/test_city.hpp"
#include "common/rng.hpp"
#include "sim/population/build_population.hpp"

namespace fk::sim {
namespace {

struct City {
  Population pop;
  CityLayout layout;
};

City Make(int64_t residents, uint64_t seed) {
  auto pop = BuildPopulation(testing::TestCityParameters(residents), Rng(seed), 1);
  EXPECT_TRUE(pop.ok());
  auto layout = LayOutCity(*pop, seed);
  EXPECT_TRUE(layout.ok());
  return {std::move(pop).value(), std::move(layout).value()};
}

TEST(CityGeoJson, OneClosedPolygonPerRegionWithItsProperties) {
  const City city = Make(12'345, 2);
  const auto doc = nlohmann::json::parse(CityGeoJson(city.pop, city.layout, 2));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_EQ(doc["seed"], 2);
  EXPECT_EQ(doc["population"], 12'345);
  const auto& features = doc["features"];
  const std::size_t regions = 1 + city.pop.districts.size() + city.pop.streets.size() +
                              city.pop.communities.size() + city.pop.grids.size();
  ASSERT_EQ(features.size(), regions);
  std::map<std::string, std::string> level_of;
  std::map<std::string, int64_t> children_population;
  int64_t grid_population = 0;
  for (const auto& f : features) {
    EXPECT_EQ(f["type"], "Feature");
    const auto& p = f["properties"];
    const std::string code = p["code"];
    EXPECT_EQ(f["id"], code);
    level_of[code] = p["level"];
    EXPECT_FALSE(p["name"].get<std::string>().empty());
    EXPECT_GT(p["population"].get<int64_t>(), 0);
    EXPECT_GT(p["area_km2"].get<double>(), 0);
    ASSERT_EQ(p["centroid"].size(), 2u);
    EXPECT_EQ(f["geometry"]["type"], "Polygon");
    const auto& rings = f["geometry"]["coordinates"];
    ASSERT_EQ(rings.size(), 1u);
    const auto& ring = rings[0];
    ASSERT_GE(ring.size(), 4u) << code;
    EXPECT_EQ(ring.front(), ring.back()) << code << ": ring not closed";
    // Counter-clockwise (RFC 7946 exterior rings), in degrees.
    double twice = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
      twice += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
               ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    EXPECT_GT(twice, 0) << code;
    if (p["level"] == "grid") grid_population += p["population"].get<int64_t>();
    if (p["level"] != "city")
      children_population[p["parent_code"]] += p["population"].get<int64_t>();
  }
  EXPECT_EQ(grid_population, 12'345);
  // Every parent exists, one level up, and holds exactly its children's residents.
  const std::vector<std::string> levels = {"city", "district", "street", "community", "grid"};
  for (const auto& f : features) {
    const auto& p = f["properties"];
    if (p["level"] == "city") {
      EXPECT_EQ(p["code"], "420100");
      EXPECT_EQ(p["parent_code"], "420000");
      continue;
    }
    const std::string parent = p["parent_code"];
    ASSERT_TRUE(level_of.count(parent)) << parent;
    const auto level = std::find(levels.begin(), levels.end(), p["level"].get<std::string>());
    EXPECT_EQ(level_of[parent], *(level - 1));
    EXPECT_EQ(p["code"].get<std::string>().substr(0, parent.size() == 6 ? 4 : parent.size()),
              parent.substr(0, parent.size() == 6 ? 4 : parent.size()));
  }
  for (const auto& f : features) {
    const auto& p = f["properties"];
    if (p["level"] != "grid") {
      EXPECT_EQ(children_population[p["code"]], p["population"].get<int64_t>()) << p["code"];
    }
  }
}

TEST(CityGeoJson, SameSeedSameBytes) {
  const City a = Make(5'000, 9);
  const City b = Make(5'000, 9);
  const City c = Make(5'000, 10);
  const std::string text = CityGeoJson(a.pop, a.layout, 9);
  EXPECT_EQ(text, CityGeoJson(b.pop, b.layout, 9));
  EXPECT_NE(text, CityGeoJson(c.pop, c.layout, 10));
}

TEST(CityGeoJson, PseudoLonLatAroundTheReference) {
  const GeoReference wuhan;
  const Point origin = ToLonLat({0, 0}, wuhan);
  EXPECT_DOUBLE_EQ(origin.x, 114.3055);
  EXPECT_DOUBLE_EQ(origin.y, 30.5928);
  const Point north = ToLonLat({0, 110'574}, wuhan);
  EXPECT_NEAR(north.y, 31.5928, 1e-12);
  const Point east = ToLonLat({1000, 0}, wuhan);
  EXPECT_NEAR((east.x - 114.3055) * 111'320 * std::cos(30.5928 * M_PI / 180), 1000, 1e-6);
}

TEST(CityGeoJson, QuotesTheCityName) {
  City city = Make(1'000, 1);
  city.pop.city_name = "A \"quoted\" \\ name\n";
  const auto doc = nlohmann::json::parse(CityGeoJson(city.pop, city.layout, 1));
  EXPECT_EQ(doc["name"], "A \"quoted\" \\ name\n");
  EXPECT_EQ(doc["features"][0]["properties"]["name"], "A \"quoted\" \\ name\n");
}

}  // namespace
}  // namespace fk::sim
