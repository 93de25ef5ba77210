#include "sim/disease/infectiousness.hpp"

#include <gtest/gtest.h>

#include "sim/params/parameter_table.hpp"

namespace fk::sim {
namespace {

TEST(InfectiousnessProfile, WeightsSumToOneWithTheGenerationIntervalMean) {
  Parameters p = DefaultParameters();
  InfectiousnessProfile profile(p);
  double sum = 0, mean = 0;
  for (int t = 0; t <= profile.LastDay(); ++t) {
    sum += profile.Weight(t);
    mean += t * profile.Weight(t);
  }
  EXPECT_NEAR(sum, 1.0, 1e-5);
  EXPECT_NEAR(mean / sum, p.generation_interval_mean, 0.01);
  EXPECT_EQ(profile.Weight(-1), 0.0);
  EXPECT_EQ(profile.Weight(profile.LastDay() + 1), 0.0);
}

TEST(InfectiousnessProfile, MultiplierHasMeanOneAndVarianceOneOverK) {
  Parameters p = DefaultParameters();
  p.infectiousness_dispersion = 0.54;
  InfectiousnessProfile profile(p);
  const int n = 400000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    double m = profile.Multiplier((i + 0.5) / n);
    sum += m;
    sum2 += m * m;
  }
  EXPECT_NEAR(sum / n, 1.0, 1e-3);
  // The gamma(k, 1/k) variance is 1/k = 1.85; the quantile table clips the
  // far tail a little.
  EXPECT_NEAR(sum2 / n - 1.0, 1.0 / 0.54, 0.1);
}

TEST(InfectiousnessProfile, NoDispersionMeansEveryoneEquallyInfectious) {
  Parameters p = DefaultParameters();
  p.infectiousness_dispersion = 0;
  InfectiousnessProfile profile(p);
  EXPECT_EQ(profile.Multiplier(0.001), 1.0);
  EXPECT_EQ(profile.Multiplier(0.999), 1.0);
}

}  // namespace
}  // namespace fk::sim
