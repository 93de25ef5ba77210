#include "sim/disease/infectiousness.hpp"

#include <gtest/gtest.h>

#include "sim/params/parameter_table.hpp"

namespace fk::sim {
namespace {

TEST(InfectiousnessProfile, KernelSumsToOneWithTheGenerationIntervalMean) {
  Parameters p = DefaultParameters();
  InfectiousnessProfile profile(p);
  double sum = 0, mean = 0;
  for (int t = 0; t <= profile.LastDay(); ++t) {
    sum += profile.Kernel(t);
    mean += t * profile.Kernel(t);
  }
  EXPECT_NEAR(sum, 1.0, 1e-5);
  EXPECT_NEAR(mean / sum, p.generation_interval_mean, 0.01);
  EXPECT_EQ(profile.Kernel(-1), 0.0);
  EXPECT_EQ(profile.Kernel(profile.LastDay() + 1), 0.0);
}

// A symptomatic course puts exactly the configured share before its own
// onset and the rest after, wherever the onset falls; an asymptomatic one
// loses nothing to its latent period.
TEST(InfectiousnessProfile, TiedToTheOnsetWithThePresymptomaticShare) {
  Parameters p = DefaultParameters();
  p.presymptomatic_share = 0.44;
  InfectiousnessProfile profile(p);
  const int end = profile.LastDay() + 1;
  for (auto [start, onset] : {std::pair{1, 2}, {3, 5}, {2, 9}, {6, 7}}) {
    double before = 0, after = 0;
    for (int t = 0; t < end; ++t) {
      double w = profile.Weight(t, start, onset);
      if (t < start) EXPECT_EQ(w, 0.0);
      (t < onset ? before : after) += w;
    }
    EXPECT_NEAR(before, 0.44, 1e-9) << start << " " << onset;
    EXPECT_NEAR(after, 0.56, 1e-5) << start << " " << onset;
  }
  for (int start : {1, 3, 8}) {
    double sum = 0;
    for (int t = 0; t < end; ++t) sum += profile.Weight(t, start, InfectiousnessProfile::kNoOnset);
    EXPECT_NEAR(sum, 1.0, 1e-5) << start;
  }
  // The shape within each side is the gamma kernel's.
  EXPECT_NEAR(profile.Weight(6, 2, 5) / profile.Weight(7, 2, 5),
              profile.Kernel(6) / profile.Kernel(7), 1e-12);
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
