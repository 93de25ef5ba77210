#include "sim/output/ensemble.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sample_run.hpp"

namespace fk::sim {
namespace {

using testing::Lines;
using testing::ReadFile;
using testing::SampleParameters;
using testing::SampleRun;
using testing::ScratchDir;
using testing::TwoGridPopulation;

// Five runs, seeds 1..5, in which run k has k seed infections on day 0, an
// attack rate of k %, peak day k and k deaths.
std::vector<RunResult> FiveRuns() {
  std::vector<RunResult> runs;
  for (int k : {3, 1, 5, 2, 4}) {  // out of order: quantiles must sort
    RunResult run = SampleRun(static_cast<uint64_t>(k));
    run.daily[0].new_infections[static_cast<int>(Layer::kSeed)] = k;
    run.summary.attack_rate = k / 100.0;
    run.summary.peak_day = k;
    run.summary.total_deaths = k;
    runs.push_back(run);
  }
  return runs;
}

// The value of `column` in `row` of a CSV text with a header line.
std::string Cell(const std::vector<std::string>& lines, size_t row, const std::string& column) {
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    return cells;
  };
  auto header = split(lines[0]);
  auto cells = split(lines[row]);
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) return cells.at(i);
  }
  return "<no column " + column + ">";
}

TEST(Ensemble, WritesEachRunInItsOwnFolder) {
  ScratchDir dir;
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path()));
  for (int seed = 1; seed <= 5; ++seed) {
    EXPECT_TRUE(
        std::filesystem::exists(dir.path() / ("run-" + std::to_string(seed)) / "daily.csv"));
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "epidemic_curve.svg"));
}

TEST(Ensemble, DailyBandsHoldMedianAndFiveToNinetyFivePercent) {
  ScratchDir dir;
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto lines = Lines(ReadFile(dir.path() / "daily_bands.csv"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("date,day,susceptible_median,susceptible_p05,susceptible_p95,"
                           "exposed_median,",
                           0),
            0u);
  EXPECT_NE(lines[0].find(",cumulative_confirmed_p95,quarantined_median,quarantined_p05,"
                          "quarantined_p95,rt_median,rt_p05,rt_p95,"),
            std::string::npos);
  EXPECT_TRUE(lines[0].ends_with(
      ",deaths_without_care_p95,screened_households_median,screened_households_p05,"
      "screened_households_p95,found_by_screening_median,found_by_screening_p05,"
      "found_by_screening_p95"))
      << lines[0];
  EXPECT_EQ(Cell(lines, 1, "date"), "2020-01-23");
  EXPECT_EQ(Cell(lines, 1, "new_seed_median"), "3");
  EXPECT_EQ(Cell(lines, 1, "new_seed_p05"), "1.2");
  EXPECT_EQ(Cell(lines, 1, "new_seed_p95"), "4.8");
  EXPECT_EQ(Cell(lines, 1, "new_infections_p95"), "4.8");
  EXPECT_EQ(Cell(lines, 3, "new_household_median"), "2");  // equal in every run
  EXPECT_EQ(Cell(lines, 3, "new_household_p05"), "2");
}

TEST(Ensemble, SummaryHasBandsOfTheRunSummaries) {
  ScratchDir dir;
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto j = nlohmann::json::parse(ReadFile(dir.path() / "summary.json"));
  EXPECT_EQ(j["runs"], 5);
  EXPECT_EQ(j["seeds"], nlohmann::json({3, 1, 5, 2, 4}));
  EXPECT_DOUBLE_EQ(j["attack_rate"]["median"].get<double>(), 0.03);
  EXPECT_DOUBLE_EQ(j["attack_rate"]["p05"].get<double>(), 0.012);
  EXPECT_DOUBLE_EQ(j["peak_day"]["p95"].get<double>(), 4.8);
  EXPECT_DOUBLE_EQ(j["total_deaths"]["median"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(j["empirical_r0"]["median"].get<double>(), 2.4);
  EXPECT_DOUBLE_EQ(j["mean_generation_interval_days"]["p05"].get<double>(), 6.5);
  EXPECT_TRUE(j.contains("peak_new_infections_per_day"));
}

// Hospital figures: bands across runs, and how many runs ran short; null
// when beds are not limited.
TEST(Ensemble, SummaryHasHospitalBandsWhenBedsAreLimited) {
  ScratchDir dir;
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path() / "a"));
  EXPECT_TRUE(
      nlohmann::json::parse(ReadFile(dir.path() / "a" / "summary.json"))["hospital"].is_null());
  std::vector<RunResult> runs = FiveRuns();
  for (RunResult& run : runs) {
    const int k = static_cast<int>(run.summary.seed);
    run.summary.care_limited = true;
    run.summary.peak_beds_used = 100 * k;
    run.summary.peak_beds_capacity = 300;
    run.summary.days_beds_short = k > 3 ? 2 * k : 0;
    run.summary.first_day_beds_short = k > 3 ? 10 : -1;
    run.summary.deaths_without_care = k;
  }
  ASSERT_TRUE(
      WriteEnsembleOutputs(runs, TwoGridPopulation(), SampleParameters(), dir.path() / "b"));
  auto h = nlohmann::json::parse(ReadFile(dir.path() / "b" / "summary.json"))["hospital"];
  EXPECT_DOUBLE_EQ(h["peak_beds_used"]["median"].get<double>(), 300);
  EXPECT_DOUBLE_EQ(h["peak_beds_used"]["p05"].get<double>(), 120);
  EXPECT_DOUBLE_EQ(h["beds_capacity_at_peak"]["p95"].get<double>(), 300);
  EXPECT_DOUBLE_EQ(h["days_beds_short"]["median"].get<double>(), 0);  // 0, 0, 0, 8, 10
  EXPECT_DOUBLE_EQ(h["days_beds_short"]["p95"].get<double>(), 9.6);
  EXPECT_EQ(h["runs_beds_short"], 2);
  EXPECT_EQ(h["runs_icu_short"], 0);
  EXPECT_DOUBLE_EQ(h["deaths_without_care"]["median"].get<double>(), 3);
}

TEST(Ensemble, IsByteIdenticalWhenWrittenTwice) {
  ScratchDir dir;
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path() / "a"));
  ASSERT_TRUE(
      WriteEnsembleOutputs(FiveRuns(), TwoGridPopulation(), SampleParameters(), dir.path() / "b"));
  for (const char* file : {"daily_bands.csv", "summary.json", "epidemic_curve.svg"}) {
    EXPECT_EQ(ReadFile(dir.path() / "a" / file), ReadFile(dir.path() / "b" / file)) << file;
  }
}

TEST(Ensemble, RefusesRunsThatDoNotMatch) {
  ScratchDir dir;
  auto message = [&](const std::vector<RunResult>& runs) {
    Status s = WriteEnsembleOutputs(runs, TwoGridPopulation(), SampleParameters(), dir.path());
    return s.ok() ? std::string("ok") : s.error().message;
  };
  EXPECT_EQ(message({}), "an ensemble needs at least one run");
  EXPECT_EQ(message({SampleRun(4), SampleRun(4)}), "two runs of the ensemble have seed 4");
  RunResult shorter = SampleRun(2);
  shorter.daily.pop_back();
  EXPECT_EQ(message({SampleRun(1), shorter}), "run with seed 2 has 2 days, run with seed 1 has 3");
  RunResult shifted = SampleRun(2);
  shifted.daily[1].day = 5;
  EXPECT_EQ(message({SampleRun(1), shifted}),
            "runs with seeds 1 and 2 do not record the same days");
}

}  // namespace
}  // namespace fk::sim
