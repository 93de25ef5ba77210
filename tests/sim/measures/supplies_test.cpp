// Supplies of the measures: household mask rations cap the day's use, and
// the summary gives the day a mask stock first fell short.
#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

Parameters City() {
  Parameters p = BuiltinScenario("default");
  p.population = 40000;
  p.days = 60;
  p.initial_infections = 40;
  return p;
}

MeasureSpec Masks(int start_day) {
  MeasureSpec m;
  m.kind = MeasureKind::kMasks;
  m.start.kind = MeasureTime::Kind::kDay;
  m.start.day = start_day;
  m.coverage = 1;
  m.efficacy_wearer = 0.5;
  m.efficacy_others = 0.5;
  return m;
}

void ExpectSameEpidemic(const RunResult& a, const RunResult& b) {
  ASSERT_EQ(a.daily.size(), b.daily.size());
  for (size_t i = 0; i < a.daily.size(); ++i) {
    EXPECT_EQ(a.daily[i].in_state, b.daily[i].in_state) << "day " << i;
  }
}

// A ration of 0 is no masks at all; a ration above the need is no ration;
// one in between gives an epidemic in between.
TEST(Supplies, HouseholdRationsCapMaskUse) {
  Parameters p = City();
  RunResult plain = Simulate(p);
  p.measures = {Masks(5)};
  RunResult unlimited = Simulate(p);
  p.measures[0].household_ration = 0;
  ExpectSameEpidemic(plain, Simulate(p));
  p.measures[0].household_ration = 1000;  // a household of 10 needs 70 a week
  p.measures[0].ration_days = 7;
  ExpectSameEpidemic(unlimited, Simulate(p));
  p.measures[0].household_ration = 5;  // about a third of the need
  RunResult rationed = Simulate(p);
  EXPECT_LT(rationed.summary.total_infections, plain.summary.total_infections);
  EXPECT_GT(rationed.summary.total_infections, unlimited.summary.total_infections);
  EXPECT_EQ(rationed.summary.masks_run_out_day, -1);  // a ration is not a shortage
}

// The day the stock first cannot cover every wearer: with 40,000 wearers a
// day from day 5 and 100,000 masks, days 5 and 6 are covered, day 7 is not.
TEST(Supplies, SummaryGivesTheDayTheMaskStockRanOut) {
  Parameters p = City();
  MeasureSpec m = Masks(5);
  m.stock = 100000;
  p.measures = {m};
  RunResult r = Simulate(p);
  EXPECT_EQ(r.summary.masks_run_out_day, 7);
  EXPECT_EQ(r.daily[6].masks_in_stock, 20000);
  EXPECT_EQ(r.daily[7].masks_in_stock, 0);
  p.measures[0].stock = -1;
  EXPECT_EQ(Simulate(p).summary.masks_run_out_day, -1);
}

}  // namespace
}  // namespace fk::sim
