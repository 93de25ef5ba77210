// The built-in scenarios with measures (scenarios/demo-city.toml,
// scenarios/wuhan-2020.toml): they load with the dates and numbers of their
// sources, and run, small, with every measure doing its part.
#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"
#include "sim/output/daily_table.hpp"
#include "sim/params/measures_toml.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

const MeasureSpec* Find(const Parameters& p, MeasureKind kind, int nth = 0) {
  for (const MeasureSpec& m : p.measures) {
    if (m.kind == kind && nth-- == 0) return &m;
  }
  return nullptr;
}

TEST(BuiltinScenarios, WuhanHasTheDatesOfTwentyTwenty) {
  Parameters p = BuiltinScenario("wuhan-2020");
  EXPECT_EQ(p.population, 11212000);
  EXPECT_EQ(p.start_date, "2019-12-01");
  const MeasureSpec* cordon = Find(p, MeasureKind::kCordon);
  ASSERT_NE(cordon, nullptr);
  EXPECT_EQ(MeasureDay(cordon->start, p.start_date), 53);  // 23 January 2020
  EXPECT_EQ(MeasureDay(cordon->end, p.start_date) - MeasureDay(cordon->start, p.start_date),
            76);  // reopened after 76 days
  const MeasureSpec* closed = Find(p, MeasureKind::kCommunityClosure);
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->start.date, "2020-02-11");
  const MeasureSpec* site = Find(p, MeasureKind::kContactTracing, 1);
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->start.date, "2020-02-02");
  EXPECT_TRUE(site->facility);
  const MeasureSpec* early_tests = Find(p, MeasureKind::kTesting);
  ASSERT_NE(early_tests, nullptr);
  EXPECT_EQ(early_tests->tests_per_day, 300);
}

// Wuhan at 1/200 of its size, with and without its measures on the same
// seed: the measures confirm and quarantine people and prevent infections.
// (At this size the 200 seeds are 200 times denser than in the real city,
// so the epidemic peaks before most measures; the published curves are
// checked at a fifth of the city by scripts/validate_wuhan.py, the CTest
// WuhanValidation.FifthOfTheCity: see docs/validation.md.)
TEST(BuiltinScenarios, WuhanRunsSmall) {
  Parameters p = BuiltinScenario("wuhan-2020");
  p.population = 56000;
  p.days = 120;
  RunResult measured = Simulate(p);
  ASSERT_EQ(measured.daily.size(), 120u);
  EXPECT_GT(measured.daily.back().cumulative_confirmed, 0);
  int64_t quarantined = 0;
  for (const DayRecord& d : measured.daily) quarantined = std::max(quarantined, d.quarantined);
  EXPECT_GT(quarantined, 0);
  p.measures.clear();
  RunResult unmeasured = Simulate(p);
  EXPECT_LT(measured.summary.total_infections, unmeasured.summary.total_infections);
  // Day 49 (19 January) is before every measure but testing, which changes
  // no transmission: the same epidemic, draw for draw.
  for (size_t d = 0; d < 50; ++d) {
    EXPECT_EQ(measured.daily[d].in_state, unmeasured.daily[d].in_state) << d;
  }
}

TEST(BuiltinScenarios, DemoCityRunsSmallAndTheSameAtOneAndTwoThreads) {
  Parameters p = BuiltinScenario("demo-city");
  EXPECT_EQ(p.population, 200000);
  p.population = 30000;
  p.days = 60;
  RunResult one = Simulate(p, 1);
  RunResult two = Simulate(p, 2);
  EXPECT_GT(one.daily.back().cumulative_confirmed, 0);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(one.daily[i].in_state, two.daily[i].in_state) << i;
    EXPECT_EQ(one.daily[i].quarantined, two.daily[i].quarantined) << i;
  }
}

}  // namespace
}  // namespace fk::sim
