// forecast/regional/regional_rt: a synthetic city whose big district grows
// at a known R, whose small district has three cases, and a street with
// none: the estimate, the thin-data note and the nowcast's part in it.
#include "forecast/regional/regional_rt.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fk::forecast {
namespace {

constexpr int kDays = 60, kCutoff = kDays - 1;
constexpr double kR = 1.3;
const std::vector<double> kDelay{0.1, 0.3, 0.25, 0.15, 0.1, 0.05, 0.05};  // P(delay = d)

// Expected onsets of a renewal process at R = kR from 50 cases on day 0.
std::vector<double> Onsets() {
  const auto w = *DiscretiseSerialInterval(kSerialIntervalMean, kSerialIntervalSd);
  std::vector<double> n(kDays, 0.0);
  n[0] = 50;
  for (int t = 1; t < kDays; ++t)
    for (int k = 1; k < static_cast<int>(w.size()) && k <= t; ++k) n[t] += kR * w[k] * n[t - k];
  return n;
}

// The cases of `onsets` reported by the cutoff, split by kDelay.
std::vector<OnsetReport> Reported(const std::vector<double>& onsets) {
  std::vector<OnsetReport> out;
  for (int o = 0; o < kDays; ++o)
    for (int d = 0; d < static_cast<int>(kDelay.size()) && o + d <= kCutoff; ++d)
      out.push_back({o, o + d, onsets[o] * kDelay[d]});
  return out;
}

CaseOnsets City() {
  const auto big = Reported(Onsets());
  // Three cases, reported within a day of onset, in the last usable window.
  const std::vector<OnsetReport> three{
      {kCutoff - 8, kCutoff - 7, 1}, {kCutoff - 7, kCutoff - 6, 1}, {kCutoff - 6, kCutoff - 5, 1}};
  std::vector<OnsetReport> all = big;
  all.insert(all.end(), three.begin(), three.end());
  CaseOnsets c;
  c.cutoff = kCutoff;
  c.regions = {{"420100", "武汉市", ops::RegionLevel::kCity, all},
               {"420102", "江岸区", ops::RegionLevel::kDistrict, big},
               {"420102001", "大智街道", ops::RegionLevel::kStreet, big},
               {"420103", "江汉区", ops::RegionLevel::kDistrict, three},
               {"420103001", "民族街道", ops::RegionLevel::kStreet, {}}};
  return c;
}

TEST(RegionalRtTest, TheBigDistrictGetsItsRAndTheSmallOneAWideThinBand) {
  auto rt = EstimateRegionalRt(City());
  ASSERT_TRUE(rt.ok()) << rt.error().message;
  EXPECT_EQ(rt->cutoff, "1970-03-01");  // day 59 since 1970-01-01
  EXPECT_EQ(rt->left_out_days, 2);      // F(0) = 0.1, F(1) = 0.4 are below 0.5
  ASSERT_EQ(rt->regions.size(), 5u);
  for (int i : {0, 1, 2}) {
    const RegionRt& r = rt->regions[i];
    ASSERT_TRUE(r.estimate) << r.code << ": " << r.note;
    EXPECT_EQ(r.last_day, "1970-02-27") << r.code;  // cutoff - 2
    EXPECT_NEAR(r.estimate->mean, kR, 0.02) << r.code;
    EXPECT_LT(r.estimate->lower, kR);
    EXPECT_GT(r.estimate->upper, kR);
    EXPECT_FALSE(r.estimate->thin);
    EXPECT_EQ(r.note, "");
  }
  const RegionRt& small = rt->regions[3];
  ASSERT_TRUE(small.estimate) << small.note;
  EXPECT_EQ(small.cases, 3);
  EXPECT_EQ(small.estimate->cases, 3);
  EXPECT_TRUE(small.estimate->thin);
  const RegionRt& big = rt->regions[1];
  EXPECT_GT(small.estimate->upper - small.estimate->lower,
            10 * (big.estimate->upper - big.estimate->lower));
  EXPECT_EQ(small.note,
            "数据不足（窗口内 3 例，少于 12 例）：区间很宽 / thin data: 3 cases in the window "
            "(fewer than 12), wide interval");
  const RegionRt& empty = rt->regions[4];
  EXPECT_FALSE(empty.estimate);
  EXPECT_EQ(empty.note, "无病例，不作估计 / no cases: no estimate");
}

TEST(RegionalRtTest, WithoutTheNowcastTheLastWindowWouldLookLikeADecline) {
  // The same counts as seen at the cutoff, uncorrected: the missing late
  // reports pull the last window's R well below the truth.
  std::vector<double> seen(kDays, 0.0);
  for (const auto& c : Reported(Onsets())) seen[c.onset] += c.count;
  seen.resize(kDays - 2);
  auto raw =
      EstimateRt(seen, {}, *DiscretiseSerialInterval(kSerialIntervalMean, kSerialIntervalSd));
  ASSERT_TRUE(raw.ok());
  EXPECT_LT(raw->back().mean, kR - 0.1);
}

TEST(RegionalRtTest, BadOptionsAreRefused) {
  RegionalRtOptions o;
  o.min_reported = 0;
  auto rt = EstimateRegionalRt(City(), o);
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.error().message, "min_reported: must be above 0 and at most 1");
}

}  // namespace
}  // namespace fk::forecast
