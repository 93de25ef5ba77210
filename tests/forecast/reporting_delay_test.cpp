// forecast/nowcast/reporting_delay: the right-truncation-aware delay
// estimate and the nowcast recover a known delay and the true counts.
#include "forecast/nowcast/reporting_delay.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/rng.hpp"

namespace fk::forecast {
namespace {

constexpr int kDays = 60, kCutoff = kDays - 1;
const std::vector<double> kDelay{0.1, 0.3, 0.25, 0.15, 0.1, 0.05, 0.05};  // P(delay = d)

double Truth(int onset) { return 20 * std::exp(0.05 * onset); }

// The expected cases with each onset and delay that are reported by the cutoff.
std::vector<OnsetReport> ExpectedReports() {
  std::vector<OnsetReport> out;
  for (int o = 0; o < kDays; ++o)
    for (int d = 0; d < static_cast<int>(kDelay.size()) && o + d <= kCutoff; ++d)
      out.push_back({o, o + d, Truth(o) * kDelay[d]});
  return out;
}

std::vector<double> ByOnset(const std::vector<OnsetReport>& cases) {
  std::vector<double> n(kDays, 0.0);
  for (const auto& c : cases) n[c.onset] += c.count;
  return n;
}

TEST(ReportingDelayTest, RecoversTheDelayDistributionDespiteTruncation) {
  auto delay = EstimateReportingDelay(ExpectedReports(), kCutoff);
  ASSERT_TRUE(delay.ok()) << delay.error().message;
  ASSERT_EQ(delay->reported_by.size(), kDelay.size());
  double cumulative = 0, mean = 0;
  for (size_t d = 0; d < kDelay.size(); ++d) {
    cumulative += kDelay[d];
    mean += d * kDelay[d];
    EXPECT_NEAR(delay->ReportedBy(static_cast<int>(d)), cumulative, 1e-9) << d;
  }
  EXPECT_NEAR(delay->MeanDays(), mean, 1e-9);
  EXPECT_EQ(delay->ReportedBy(100), 1.0);
  // The naive histogram of the delays seen is biased short: recent onsets
  // (the most numerous in a growing epidemic) show only short delays.
  double naive_mean = 0, naive_n = 0;
  for (const auto& c : ExpectedReports()) {
    naive_mean += (c.report - c.onset) * c.count;
    naive_n += c.count;
  }
  EXPECT_LT(naive_mean / naive_n, mean - 0.1);
}

TEST(ReportingDelayTest, NowcastRecoversTheTrueCountsOfTheLastDays) {
  const auto reports = ExpectedReports();
  auto delay = EstimateReportingDelay(reports, kCutoff);
  ASSERT_TRUE(delay.ok());
  const auto observed = ByOnset(reports);
  EXPECT_LT(observed[kCutoff], 0.2 * Truth(kCutoff));  // the last day is mostly unreported
  const Nowcast now = NowcastOnsets(observed, *delay, 0.05);
  ASSERT_EQ(now.usable, kDays);  // F(0) = 0.1 is above the floor 0.05
  for (int o = 0; o < kDays; ++o) EXPECT_NEAR(now.corrected[o], Truth(o), 1e-6 * Truth(o)) << o;
  // With the default floor 0.5 the days with F < 0.5 (delays 0 and 1 left:
  // the last two days) are left out.
  const Nowcast cautious = NowcastOnsets(observed, *delay);
  EXPECT_EQ(cautious.usable, kDays - 2);
}

TEST(ReportingDelayTest, SampledDelaysGiveTheDelayWithinSamplingError) {
  // 200 cases a day with delays drawn from kDelay, seeded: F(d) within a few
  // standard errors.
  const Rng rng(5);
  std::vector<OnsetReport> cases;
  for (int o = 0; o < kDays; ++o)
    for (int i = 0; i < 200; ++i) {
      double u = rng.Uniform(Stream::kCalibration, o, i, 0), acc = 0;
      int d = 0;
      while (d + 1 < static_cast<int>(kDelay.size()) && u >= acc + kDelay[d]) acc += kDelay[d++];
      if (o + d <= kCutoff) cases.push_back({o, o + d, 1});
    }
  auto delay = EstimateReportingDelay(cases, kCutoff);
  ASSERT_TRUE(delay.ok());
  double cumulative = 0;
  for (size_t d = 0; d + 1 < kDelay.size(); ++d) {
    cumulative += kDelay[d];
    const double se = std::sqrt(cumulative * (1 - cumulative) / (200.0 * (kDays - 7)));
    EXPECT_NEAR(delay->ReportedBy(static_cast<int>(d)), cumulative, 4 * se) << d;
  }
}

TEST(ReportingDelayTest, ReportsAfterTheCutoffAreNotYetKnown) {
  std::vector<OnsetReport> cases{{10, 12, 1}, {10, 11, 1}, {11, 15, 1}};
  auto delay = EstimateReportingDelay(cases, 12);
  ASSERT_TRUE(delay.ok());
  EXPECT_EQ(delay->cases, 2);
  EXPECT_EQ(delay->reported_by.size(), 3u);
}

TEST(ReportingDelayTest, NoCasesOrBadPairsSayWhy) {
  auto none = EstimateReportingDelay({}, 10);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(none.error().message,
            "no reported cases with an onset: the reporting delay cannot be estimated");
  std::vector<OnsetReport> backwards{{5, 4, 1}};
  auto bad = EstimateReportingDelay(backwards, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "a case is reported before its onset");
}

}  // namespace
}  // namespace fk::forecast
