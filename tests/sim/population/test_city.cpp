#include "test_city.hpp"

#include <gtest/gtest.h>

#include "common/rng.hpp"
#include "sim/population/build_population.hpp"

namespace fk::sim::testing {

Parameters TestCityParameters(int64_t population) {
  Parameters p{};
  p.population = population;
  p.seed = 1;
  p.city_code = 420100;
  // WPP 2019, China, 2020, thousands per five-year band 0-4 .. 100+
  // (demography-china.md §1.2), rescaled below to the census 2020 broad groups.
  const double wpp[kFiveYearBands] = {83932,  86735, 84263,  82342,  87158, 97989, 128739,
                                      100091, 96274, 119838, 123445, 98740, 77514, 74150,
                                      44950,  26545, 16181,  7582,   2305,  475,   75};
  // Census 2020 shares of 0-14, 15-59, 60+ (demography-china.md §1.1).
  const double census[3] = {0.1795, 0.6335, 0.1870};
  const int first_band[4] = {0, 3, 12, kFiveYearBands};
  for (int g = 0; g < 3; ++g) {
    double sum = 0;
    for (int b = first_band[g]; b < first_band[g + 1]; ++b) sum += wpp[b];
    for (int b = first_band[g]; b < first_band[g + 1]; ++b)
      p.age_shares[b] = wpp[b] / sum * census[g];
  }
  // Household sizes 1..10+, 2020 (demography-china.md §2.1; 6+ split by the brief).
  const double sizes[kMaxHouseholdSize] = {0.2539, 0.2968, 0.2099, 0.1317, 0.0617,
                                           0.030,  0.010,  0.004,  0.0015, 0.0015};
  double total = 0;
  for (double s : sizes) total += s;
  for (int i = 0; i < kMaxHouseholdSize; ++i) p.household_size_shares[i] = sizes[i] / total;
  p.households_per_grid = 350;
  p.grids_per_community = 8;
  p.communities_per_street = 10;
  p.streets_per_district = 12;
  p.employment_rate = 0.75;
  p.workplace_mean_size = 17.6;  // 4th economic census (demography-china.md §4.3)
  p.workplace_max_size = 5000;
  p.class_size = 45;  // MoE standard (demography-china.md §4.2)
  p.classes_per_grade = 4;
  p.health_worker_share = 0.012;
  p.hospital_staff_size = 800;
  return p;
}

const Population& City100k() {
  static const Population city = [] {
    auto built = BuildPopulation(TestCityParameters(100'000), Rng(1), 2);
    EXPECT_TRUE(built.ok()) << built.error().message;
    return std::move(built).value();
  }();
  return city;
}

}  // namespace fk::sim::testing
