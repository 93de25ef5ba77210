// forecast/rt/serial_interval: Cori et al.'s discretisation keeps the mean.
#include "forecast/rt/serial_interval.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace fk::forecast {
namespace {

TEST(SerialIntervalTest, DiscreteWeightsSumToOneAndKeepTheMean) {
  for (auto [mean, sd] : {std::pair{7.5, 3.4}, {5.5, 2.14}, {3.0, 1.0}}) {
    auto w = DiscretiseSerialInterval(mean, sd);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ((*w)[0], 0.0);
    EXPECT_NEAR(std::accumulate(w->begin(), w->end(), 0.0), 1.0, 1e-12);
    double m = 0, m2 = 0;
    for (size_t k = 0; k < w->size(); ++k) {
      m += k * (*w)[k];
      m2 += k * k * (*w)[k];
    }
    EXPECT_NEAR(m, mean, 1e-3) << mean;
    // The triangle kernel adds 1/6 day^2 of variance to the gamma's.
    EXPECT_NEAR(m2 - m * m, sd * sd + 1.0 / 6, 1e-2) << mean;
  }
}

TEST(SerialIntervalTest, RefusesAMeanOfOneDayOrLess) {
  auto w = DiscretiseSerialInterval(1.0, 1.0);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, "serial interval mean: must be above 1 and at most 60 days");
  EXPECT_FALSE(DiscretiseSerialInterval(5, 0).ok());
}

}  // namespace
}  // namespace fk::forecast
