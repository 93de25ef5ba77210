// forecast/rt/cori: the estimator recovers a known R from renewal series,
// widens and says so when cases are few, and refuses an empty series.
#include "forecast/rt/cori.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/distributions.hpp"
#include "common/rng.hpp"
#include "forecast/rt/serial_interval.hpp"

namespace fk::forecast {
namespace {

constexpr int kDays = 80, kStep = 40;
double TrueR(int t) { return t < kStep ? 1.5 : 0.8; }

std::vector<double> Serial() {
  return *DiscretiseSerialInterval(kSerialIntervalMean, kSerialIntervalSd);
}

// A renewal process started by `seeds` imported cases on day 0: expected
// values (noise = false) or Poisson draws from a fixed seed.
struct Series {
  std::vector<double> local, imported;
};
Series Renewal(double seeds, bool noise, uint64_t seed = 17) {
  const auto w = Serial();
  Series s{std::vector<double>(kDays, 0.0), std::vector<double>(kDays, 0.0)};
  s.imported[0] = seeds;
  const Rng rng(seed);
  for (int t = 1; t < kDays; ++t) {
    double lambda = 0;
    for (int k = 1; k < static_cast<int>(w.size()) && k <= t; ++k)
      lambda += w[k] * (s.local[t - k] + s.imported[t - k]);
    const double mean = TrueR(t) * lambda;
    s.local[t] = noise ? static_cast<double>(
                             PoissonFromUniform(mean, rng.Uniform(Stream::kCalibration, t, 0, 0)))
                       : mean;
  }
  return s;
}

bool InOneSegment(int end, int window) { return end < kStep || end - window + 1 >= kStep; }

TEST(CoriTest, ExpectedRenewalSeriesGiveBackRBeforeAndAfterTheStep) {
  const Series s = Renewal(1000, false);
  auto est = EstimateRt(s.local, s.imported, Serial());
  ASSERT_TRUE(est.ok()) << est.error().message;
  ASSERT_EQ(est->size(), static_cast<size_t>(kDays - 7));
  int checked = 0;
  for (const auto& e : *est) {
    if (!InOneSegment(e.day, 7)) {
      EXPECT_GT(e.mean, 0.8 - 0.01);  // a window across the step lies between
      EXPECT_LT(e.mean, 1.5 + 0.01);
      continue;
    }
    EXPECT_NEAR(e.mean, TrueR(e.day), 0.01) << "day " << e.day;
    EXPECT_LT(e.lower, TrueR(e.day));
    EXPECT_GT(e.upper, TrueR(e.day));
    EXPECT_FALSE(e.thin);
    ++checked;
  }
  EXPECT_EQ(checked, kDays - 7 - 6);
}

TEST(CoriTest, PoissonRenewalSeriesAreCoveredByTheirIntervals) {
  const Series s = Renewal(20, true);
  auto est = EstimateRt(s.local, s.imported, Serial());
  ASSERT_TRUE(est.ok()) << est.error().message;
  int windows = 0, covered = 0;
  for (const auto& e : *est) {
    if (!InOneSegment(e.day, 7) || e.day < 14) continue;
    ++windows;
    covered += e.lower <= TrueR(e.day) && TrueR(e.day) <= e.upper;
  }
  ASSERT_GT(windows, 50);
  // 95 % intervals; overlapping windows are correlated, so allow some slack.
  EXPECT_GE(covered, 0.85 * windows) << covered << " of " << windows;
}

TEST(CoriTest, ImportedCasesAreNotCountedAsOffspring) {
  // Imports only, no local case: R is estimated near 0, not from the imports.
  std::vector<double> local(20, 0.0), imported(20, 5.0);
  auto est = EstimateRt(local, imported, Serial());
  ASSERT_TRUE(est.ok());
  EXPECT_LT(est->back().mean, 0.05);
  // The same counts taken as local give R near 1.
  auto as_local = EstimateRt(imported, {}, Serial());
  ASSERT_TRUE(as_local.ok());
  EXPECT_NEAR(as_local->back().mean, 1.0, 0.1);
}

TEST(CoriTest, FewCasesGiveAWiderIntervalAndAThinDataNote) {
  const Series many = Renewal(1000, false);
  std::vector<double> few_local(many.local), few_imported(many.imported);
  for (double& x : few_local) x *= 0.003;  // three in a thousand of the cases
  for (double& x : few_imported) x *= 0.003;
  auto a = EstimateRt(many.local, many.imported, Serial());
  auto b = EstimateRt(few_local, few_imported, Serial());
  ASSERT_TRUE(a.ok() && b.ok());
  const auto& big = (*a)[0];
  const auto& small = (*b)[0];
  ASSERT_EQ(big.day, small.day);
  EXPECT_LT(small.cases, 12);
  EXPECT_TRUE(small.thin);
  EXPECT_FALSE(big.thin);
  EXPECT_GT((small.upper - small.lower) / small.mean, 5 * (big.upper - big.lower) / big.mean);
  EXPECT_GT(small.cv, 0.3);
  EXPECT_EQ(ThinDataNote(big, {}), "");
}

TEST(CoriTest, AWindowOfThreeCasesSaysSoWordForWord) {
  std::vector<double> local(8, 0.0), imported(8, 0.0);
  imported[0] = 2;
  local[3] = 1;
  local[5] = 2;
  auto est = EstimateRt(local, imported, Serial());
  ASSERT_TRUE(est.ok()) << est.error().message;
  ASSERT_EQ(est->size(), 1u);
  const RtEstimate& e = est->front();
  EXPECT_EQ(e.day, 7);
  EXPECT_EQ(e.cases, 3);
  EXPECT_TRUE(e.thin);
  EXPECT_GT(e.upper / e.lower, 5);  // 3 cases: the upper bound is many times the lower
  EXPECT_EQ(ThinDataNote(e, {}),
            "数据不足（窗口内 3 例，少于 12 例）：区间很宽 / thin data: 3 cases in the window "
            "(fewer than 12), wide interval");
}

TEST(CoriTest, AWideIntervalWithEnoughCasesIsThinByItsCv) {
  // With the case threshold lowered to 5, a window of 8 cases passes it but
  // its posterior CV 1/sqrt(1 + 8) = 0.33 does not.
  std::vector<double> local(8, 0.0), imported(8, 0.0);
  imported[0] = 5;
  local[2] = 3;
  local[4] = 5;
  CoriOptions o;
  o.min_cases = 5;
  auto est = EstimateRt(local, imported, Serial(), o);
  ASSERT_TRUE(est.ok()) << est.error().message;
  const RtEstimate& e = est->front();
  EXPECT_EQ(e.cases, 8);
  EXPECT_NEAR(e.cv, 1.0 / 3, 1e-12);
  EXPECT_TRUE(e.thin);
  EXPECT_EQ(
      ThinDataNote(e, o),
      "数据不足（后验变异系数 0.33，不低于 0.3）：区间很宽 / thin data: posterior CV 0.33 (at "
      "least 0.3), wide interval");
}

TEST(CoriTest, NoCasesGiveNoEstimateAndSayWhy) {
  std::vector<double> none(30, 0.0);
  auto est = EstimateRt(none, {}, Serial());
  ASSERT_FALSE(est.ok());
  EXPECT_EQ(est.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(est.error().message, "no cases: Rt cannot be estimated");
  std::vector<double> late(30, 0.0);
  late[29] = 4;  // a case only on the last day: no window has one before it
  auto short_of_days = EstimateRt(late, {}, Serial());
  ASSERT_FALSE(short_of_days.ok());
  EXPECT_EQ(short_of_days.error().message, "too few days: no 7-day window has a case before it");
}

TEST(CoriTest, BadInputIsRefusedNamingIt) {
  std::vector<double> bad{1, 2, -1, 3};
  auto est = EstimateRt(bad, {}, Serial());
  ASSERT_FALSE(est.ok());
  EXPECT_EQ(est.error().message, "incidence[2]: must be a finite count >= 0");
  CoriOptions o;
  o.window = 0;
  std::vector<double> ok(10, 1.0);
  auto w = EstimateRt(ok, {}, Serial(), o);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, "window: must be at least 1 day");
}

TEST(CoriTest, FirstEndLimitsTheWindowsEstimated) {
  const Series s = Renewal(100, false);
  CoriOptions o;
  o.first_end = kDays - 1;
  auto est = EstimateRt(s.local, s.imported, Serial(), o);
  ASSERT_TRUE(est.ok());
  ASSERT_EQ(est->size(), 1u);
  auto all = EstimateRt(s.local, s.imported, Serial());
  EXPECT_EQ(est->front().day, all->back().day);
  EXPECT_DOUBLE_EQ(est->front().mean, all->back().mean);
}

}  // namespace
}  // namespace fk::forecast
