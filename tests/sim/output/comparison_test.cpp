// Side-by-side comparison: paired differences by seed, the files, the
// refusals; and on the real engine, that compared scenarios share their
// random numbers (common random numbers) until their measures differ.
#include "sim/output/comparison.hpp"

#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"
#include "sample_run.hpp"

namespace fk::sim {
namespace {

using testing::Lines;
using testing::ReadFile;
using testing::SampleParameters;
using testing::SampleRun;
using testing::ScratchDir;

// Five runs, seeds 1..5; run k has base + 100 k infections and k deaths, and
// `fewer` k fewer new infections on day 2.
ScenarioRuns Scenario(const std::string& name, int64_t base, int fewer = 0) {
  ScenarioRuns s{name, SampleParameters(), {}};
  for (int k = 1; k <= 5; ++k) {
    RunResult run = SampleRun(static_cast<uint64_t>(k));
    run.summary.total_infections = base + 100 * k - fewer * k;
    run.summary.total_deaths = k;
    run.summary.days_beds_short = fewer > 0 ? 0 : 2 * k;
    run.daily[2].new_infections[static_cast<int>(Layer::kCity)] = 10 * k - fewer * k;
    s.runs.push_back(run);
  }
  return s;
}

// The band of the paired differences is that of the per-seed differences
// (here 10 k fewer: -10 .. -50), far narrower than the spread of either
// scenario across seeds (100 .. 500).
TEST(Comparison, DifferencesArePairedBySeed) {
  auto rows = CompareScenarios({Scenario("base", 1000), Scenario("measures", 1000, 10)});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const ComparisonRow& base = (*rows)[0];
  EXPECT_EQ(base.name, "base");
  EXPECT_EQ(base.runs, 5);
  EXPECT_DOUBLE_EQ(base.infections.value.median, 1300);
  EXPECT_DOUBLE_EQ(base.infections.difference.median, 0);
  EXPECT_DOUBLE_EQ(base.infections.difference.p95, 0);
  const ComparisonRow& m = (*rows)[1];
  EXPECT_DOUBLE_EQ(m.infections.value.median, 1270);
  EXPECT_DOUBLE_EQ(m.infections.difference.median, -30);
  EXPECT_DOUBLE_EQ(m.infections.difference.p05, -48);
  EXPECT_DOUBLE_EQ(m.infections.difference.p95, -12);
  EXPECT_DOUBLE_EQ(m.deaths.difference.median, 0);
  // Days over capacity: 2 k in the baseline, none with the measures.
  EXPECT_DOUBLE_EQ(base.days_beds_short.value.median, 6);
  EXPECT_DOUBLE_EQ(m.days_beds_short.value.p95, 0);
  EXPECT_DOUBLE_EQ(m.days_beds_short.difference.median, -6);
  EXPECT_DOUBLE_EQ(m.days_icu_short.value.median, 0);
  EXPECT_NE(ComparisonTable(*rows).find("1,270 (-30)"), std::string::npos)
      << ComparisonTable(*rows);
}

TEST(Comparison, WritesTheTableTheDailyDifferencesAndTheChart) {
  ScratchDir dir;
  ASSERT_TRUE(WriteComparison({Scenario("base", 1000), Scenario("a,b", 1000, 10)}, dir.path()));
  auto table = Lines(ReadFile(dir.path() / "compare.csv"));
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table[0].rfind("scenario,runs,infections_median,infections_p05,infections_p95,"
                           "infections_diff_median,infections_diff_p05,infections_diff_p95,"
                           "confirmed_median",
                           0),
            0u);
  EXPECT_EQ(table[2].rfind("\"a,b\",5,1270,1108,1432,-30,-48,-12,", 0), 0u) << table[2];
  EXPECT_TRUE(
      table[0].ends_with(",days_beds_short_median,days_beds_short_p05,days_beds_short_p95,"
                         "days_beds_short_diff_median,days_beds_short_diff_p05,"
                         "days_beds_short_diff_p95,days_icu_short_median,"
                         "days_icu_short_p05,days_icu_short_p95,"
                         "days_icu_short_diff_median,days_icu_short_diff_p05,"
                         "days_icu_short_diff_p95"))
      << table[0];
  // The baseline's days beds short: 2, 4, 6, 8, 10 (p05 2.4, p95 9.6); the
  // measures': 0, paired differences -2 k.
  EXPECT_TRUE(table[1].ends_with(",6,2.4,9.6,0,0,0,0,0,0,0,0,0")) << table[1];
  EXPECT_TRUE(table[2].ends_with(",0,0,0,-6,-9.6,-2.4,0,0,0,0,0,0")) << table[2];
  auto daily = Lines(ReadFile(dir.path() / "compare_daily.csv"));
  ASSERT_EQ(daily.size(), 1u + 3 * 2);
  EXPECT_EQ(daily[5], "2020-01-25,2,base,32,14,50,0,0,0");
  EXPECT_EQ(daily[6], "2020-01-25,2,\"a,b\",2,2,2,-30,-48,-12");
  const std::string svg = ReadFile(dir.path() / "compare.svg");
  EXPECT_NE(svg.find("data-series=\"difference-1\""), std::string::npos);
  EXPECT_NE(svg.find("data-series=\"difference-band-1\""), std::string::npos);
  EXPECT_NE(svg.find(">-40<"), std::string::npos);  // an axis below zero
  EXPECT_EQ(svg.find("difference-0"), std::string::npos);
}

TEST(Comparison, RefusesUnpairedRuns) {
  EXPECT_EQ(CompareScenarios({Scenario("base", 1000)}).error().message,
            "a comparison needs at least two scenarios, got 1");
  ScenarioRuns other = Scenario("other", 1000);
  other.runs[1].summary.seed = 99;
  EXPECT_EQ(CompareScenarios({Scenario("base", 1000), other}).error().message,
            "run 2 of other has seed 99, of base seed 2: compared runs must share their seeds");
  other = Scenario("other", 1000);
  other.runs.pop_back();
  EXPECT_EQ(CompareScenarios({Scenario("base", 1000), other}).error().message,
            "scenario other has 4 runs, base has 5");
  other = Scenario("other", 1000);
  for (RunResult& r : other.runs) r.daily.pop_back();
  EXPECT_EQ(CompareScenarios({Scenario("base", 1000), other}).error().message,
            "scenario other ran 2 days, base ran 3");
}

// On the engine: two scenarios with the same seed are the same epidemic,
// draw for draw, until the day a measure of one starts, so the paired
// difference is exactly 0 before it.
TEST(Comparison, CommonRandomNumbersUntilTheMeasuresDiffer) {
  Parameters p = testing::BuiltinScenario("default");
  p.population = 30000;
  p.days = 40;
  p.initial_infections = 30;
  ScenarioRuns base{"base", p, {}}, closed{"closed", p, {}};
  MeasureSpec m;
  m.kind = MeasureKind::kStayAtHome;
  m.start.kind = MeasureTime::Kind::kDay;
  m.start.day = 15;
  closed.params.measures = {m};
  for (uint64_t seed : {5, 6}) {
    base.params.seed = closed.params.seed = seed;
    base.runs.push_back(testing::Simulate(base.params));
    closed.runs.push_back(testing::Simulate(closed.params));
  }
  ScratchDir dir;
  ASSERT_TRUE(WriteComparison({base, closed}, dir.path()));
  auto daily = Lines(ReadFile(dir.path() / "compare_daily.csv"));
  for (size_t day = 0; day < 40; ++day) {
    const std::string& row = daily[1 + 2 * day + 1];  // closed
    if (day < 15) {
      EXPECT_TRUE(row.ends_with(",0,0,0")) << row;
    }
  }
  auto rows = CompareScenarios({base, closed});
  ASSERT_TRUE(rows.ok());
  EXPECT_LT((*rows)[1].infections.difference.p95, 0);
}

}  // namespace
}  // namespace fk::sim
