#include "sim/disease/natural_history.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/params/parameter_table.hpp"

namespace fk::sim {
namespace {

// Within `sigmas` standard errors of a binomial proportion.
void ExpectProportion(int64_t hits, int64_t n, double p, double sigmas = 4) {
  double se = std::sqrt(p * (1 - p) / n);
  EXPECT_NEAR(static_cast<double>(hits) / n, p, sigmas * se + 1e-9) << hits << " of " << n;
}

TEST(NaturalHistory, PrognosisFractionsMatchTheAgeTables) {
  Parameters p = DefaultParameters();
  auto h = NaturalHistory::Create(p);
  ASSERT_TRUE(h.ok());
  Rng rng(3);
  const int n = 200000;
  for (int age : {5, 45, 85}) {
    int b = AgeBand(age);
    int64_t symptomatic = 0, severe = 0, critical = 0;
    for (uint32_t a = 0; a < n; ++a) {
      Prognosis g = h->SamplePrognosis(rng, a + 1000000u * b, age);
      symptomatic += g.symptomatic;
      severe += g.severe;
      critical += g.critical;
    }
    ExpectProportion(symptomatic, n, p.symptomatic_prob[b]);
    ExpectProportion(severe, symptomatic, p.severe_prob[b]);
    if (severe > 100) ExpectProportion(critical, severe, p.critical_prob[b]);
  }
}

TEST(NaturalHistory, DeathGivenCriticalReproducesTheInfectionFatalityRatio) {
  Parameters p = DefaultParameters();
  auto h = NaturalHistory::Create(p);
  ASSERT_TRUE(h.ok());
  for (int b = 0; b < kAgeBands; ++b) {
    double ifr =
        p.symptomatic_prob[b] * p.severe_prob[b] * p.critical_prob[b] * h->DeathGivenCritical(b);
    EXPECT_NEAR(ifr, p.infection_fatality[b], 1e-12);
  }
}

TEST(NaturalHistory, RefusesAnInfectionFatalityAboveTheCriticalShare) {
  Parameters p = DefaultParameters();
  p.infection_fatality[8] = 0.5;
  auto h = NaturalHistory::Create(p);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().message,
            "disease.infection_fatality: in age band 80+ it exceeds the share of infections that "
            "become critical, so P(death | critical) would be above 1");
}

TEST(NaturalHistory, LatentPeriodHasTheConfiguredMean) {
  Parameters p = DefaultParameters();
  auto h = NaturalHistory::Create(p);
  ASSERT_TRUE(h.ok());
  Rng rng(5);
  const int n = 100000;
  double sum = 0, sum2 = 0;
  for (uint32_t a = 0; a < n; ++a) {
    Prognosis g = h->SamplePrognosis(rng, a, 30);
    auto step = h->NextStep(rng, a, State::kExposed, g);
    EXPECT_EQ(step.next, g.symptomatic ? State::kPresymptomatic : State::kAsymptomatic);
    sum += step.after_days;
    sum2 += step.after_days * step.after_days;
  }
  double mean = sum / n;
  double sd = std::sqrt(sum2 / n - mean * mean);
  // Whole days: rounding adds a variance of about 1/12 and keeps the mean.
  EXPECT_NEAR(mean, p.latent_mean, 4 * sd / std::sqrt(n) + 0.02);
  EXPECT_NEAR(sd, std::sqrt(p.latent_sd * p.latent_sd + 1.0 / 12), 0.05);
}

TEST(NaturalHistory, CoursesFollowThePrognosis) {
  Parameters p = DefaultParameters();
  auto h = NaturalHistory::Create(p);
  ASSERT_TRUE(h.ok());
  Rng rng(11);
  for (uint32_t a = 0; a < 20000; ++a) {
    Prognosis g = h->SamplePrognosis(rng, a, 85);
    State s = State::kExposed;
    bool was_severe = false, was_critical = false;
    while (s != State::kRecovered && s != State::kDead) {
      auto step = h->NextStep(rng, a, s, g);
      ASSERT_GE(step.after_days, 1);
      s = step.next;
      was_severe |= s == State::kSevere;
      was_critical |= s == State::kCritical;
    }
    EXPECT_EQ(was_severe, g.severe);
    EXPECT_EQ(was_critical, g.critical);
    EXPECT_EQ(s == State::kDead, g.dies);
  }
}

}  // namespace
}  // namespace fk::sim
