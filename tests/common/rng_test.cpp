#include "common/rng.hpp"

#include <gtest/gtest.h>

namespace fk {

TEST(Rng, SameArgumentsGiveSameBits) {
  Rng a(42), b(42);
  EXPECT_EQ(a.Draw(Stream::kTransmission, 3, 17, 2), b.Draw(Stream::kTransmission, 3, 17, 2));
}

TEST(Rng, StreamsSeedsAndCountersAreIndependent) {
  Rng a(42), c(43);
  auto x = a.Draw(Stream::kTransmission, 3, 17, 2);
  EXPECT_NE(x, a.Draw(Stream::kProgression, 3, 17, 2));
  EXPECT_NE(x, a.Draw(Stream::kTransmission, 4, 17, 2));
  EXPECT_NE(x, a.Draw(Stream::kTransmission, 3, 18, 2));
  EXPECT_NE(x, c.Draw(Stream::kTransmission, 3, 17, 2));
}

TEST(Rng, UniformsHaveTheRightMean) {
  Rng r(7);
  double sum = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) sum += r.Uniform(Stream::kPopulation, 0, i, 0);
  // Standard error of the mean of U(0,1) is 0.2887 / sqrt(n) = 0.00091.
  EXPECT_NEAR(sum / n, 0.5, 4 * 0.00091);
}

TEST(Rng, ToIndexStaysInRange) {
  EXPECT_EQ(Rng::ToIndex(0xFFFFFFFFu, 10), 9u);
  EXPECT_EQ(Rng::ToIndex(0, 10), 0u);
}

}  // namespace fk
