#include "sim/output/quantile.hpp"

#include <gtest/gtest.h>

namespace fk::sim {

TEST(Quantile, InterpolatesBetweenOrderStatistics) {
  std::vector<double> values = {4, 2, 5, 1, 3};  // unsorted on purpose
  EXPECT_DOUBLE_EQ(Quantile(values, 0.5), 3);
  EXPECT_DOUBLE_EQ(Quantile(values, 0.05), 1.2);  // h = 0.2
  EXPECT_DOUBLE_EQ(Quantile(values, 0.95), 4.8);  // h = 3.8
  EXPECT_DOUBLE_EQ(Quantile(values, 0), 1);
  EXPECT_DOUBLE_EQ(Quantile(values, 1), 5);
  EXPECT_DOUBLE_EQ(Quantile({10, 20}, 0.5), 15);
}

TEST(Quantile, OneValueIsEveryQuantile) {
  Band band = BandOf({7});
  EXPECT_DOUBLE_EQ(band.median, 7);
  EXPECT_DOUBLE_EQ(band.p05, 7);
  EXPECT_DOUBLE_EQ(band.p95, 7);
}

}  // namespace fk::sim
