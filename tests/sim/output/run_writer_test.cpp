#include "sim/output/run_writer.hpp"

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

TEST(RunWriter, DailyCsvHasOneRowADayWithEveryColumn) {
  ScratchDir dir;
  ASSERT_TRUE(WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto lines = Lines(ReadFile(dir.path() / "daily.csv"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(
      lines[0],
      "date,day,susceptible,exposed,presymptomatic,asymptomatic,mild,severe,critical,"
      "recovered,dead,new_household,new_grid,new_workplace,new_school,new_city,new_seed,"
      "new_imported,new_infections,new_symptomatic,new_deaths,cumulative_infections,"
      "cumulative_deaths,isolated_home,isolated_facility,masks_in_stock,tests_done,"
      "tests_queued,new_confirmed,cumulative_confirmed,quarantined,rt,beds_capacity,beds_used,"
      "beds_unmet,icu_capacity,icu_used,icu_unmet,deaths_without_care,screened_households,"
      "found_by_screening");
  // No hospital measure: beds are not counted (unlimited), so their columns are 0.
  EXPECT_EQ(lines[1],
            "2020-01-23,0,97,3,0,0,0,0,0,0,0,0,0,0,0,0,3,0,3,0,0,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
            "0,0,0");
  EXPECT_EQ(lines[2],
            "2020-01-24,1,95,3,2,0,0,0,0,0,0,1,1,0,0,0,0,0,2,0,0,5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
            "0,0,0");
  EXPECT_EQ(lines[3],
            "2020-01-25,2,92,3,1,0,1,1,0,1,1,2,0,0,0,1,0,0,3,2,1,8,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
            "0,0,0");
}

TEST(RunWriter, GridsCsvNamesGridsByCode) {
  ScratchDir dir;
  ASSERT_TRUE(WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto lines = Lines(ReadFile(dir.path() / "grids.csv"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "date,day,grid_code,new_infections,infectious,cumulative_infections");
  EXPECT_EQ(lines[1], "2020-01-23,0,420102001001001,2,0,2");
  EXPECT_EQ(lines[3], "2020-01-25,2,420102001001002,3,3,4");
}

TEST(RunWriter, TransmissionsCsvLeavesInfectorOfSeedsEmpty) {
  ScratchDir dir;
  ASSERT_TRUE(WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto lines = Lines(ReadFile(dir.path() / "transmissions.csv"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "day,date,infector,infectee,layer,grid_code,infector_state");
  EXPECT_EQ(lines[1], "0,2020-01-23,,5,seed,420102001001001,");
  EXPECT_EQ(lines[2], "1,2020-01-24,5,6,household,420102001001001,presymptomatic");
  EXPECT_EQ(lines[3], "2,2020-01-25,6,70,city,420102001001002,mild");
}

TEST(RunWriter, OptionalFilesAreLeftOutWhenNotRecorded) {
  ScratchDir dir;
  RunResult run = SampleRun();
  ASSERT_TRUE(WriteRunOutputs(run, TwoGridPopulation(), SampleParameters(), dir.path()));
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "grids.csv"));  // from the earlier run
  run.grid_daily.clear();
  run.transmissions.clear();
  ASSERT_TRUE(WriteRunOutputs(run, TwoGridPopulation(), SampleParameters(), dir.path()));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "daily.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "grids.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "transmissions.csv"));
}

TEST(RunWriter, SummaryJsonHasFixedKeysAndRatiosByAge) {
  ScratchDir dir;
  ASSERT_TRUE(WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path()));
  auto j = nlohmann::ordered_json::parse(ReadFile(dir.path() / "summary.json"));
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"scenario", "agents", "days_simulated", "infections",
                                            "infectious", "deaths", "confirmed", "hospital",
                                            "supplies", "by_age", "transmission", "calibration"}));
  EXPECT_EQ(j["scenario"]["population"], 100);
  EXPECT_EQ(j["scenario"]["seed"], 7);
  EXPECT_EQ(j["scenario"]["r0_target"], 2.5);
  EXPECT_EQ(j["infections"]["total"], 8);
  EXPECT_EQ(j["infections"]["attack_rate"], 0.08);
  EXPECT_EQ(j["infections"]["peak_date"], "2020-01-25");
  EXPECT_EQ(j["infectious"]["peak_count"], 3);
  EXPECT_EQ(j["deaths"]["infection_fatality_ratio"], 0.125);
  EXPECT_EQ(j["confirmed"]["total"], 2);
  EXPECT_EQ(j["confirmed"]["share_of_infections"], 0.25);
  EXPECT_EQ(j["confirmed"]["peak_date"], "2020-01-24");
  EXPECT_EQ(j["confirmed"]["peak_new_confirmed_per_day"], 2);
  EXPECT_EQ(j["by_age"]["infections"]["0-9"], 1);
  EXPECT_EQ(j["by_age"]["deaths"]["80+"], 1);
  EXPECT_EQ(j["by_age"]["infection_fatality_ratio"]["80+"], 1.0);
  EXPECT_EQ(j["by_age"]["infection_fatality_ratio"]["0-9"], 0.0);
  EXPECT_TRUE(j["by_age"]["infection_fatality_ratio"]["70-79"].is_null());  // no infections
  EXPECT_EQ(j["transmission"]["empirical_r0"], 2.4);
  EXPECT_EQ(j["transmission"]["mean_generation_interval_days"], 6.5);
  EXPECT_EQ(ReadFile(dir.path() / "summary.json").find("wall_seconds"), std::string::npos);

  auto info = nlohmann::json::parse(ReadFile(dir.path() / "run_info.json"));
  EXPECT_EQ(info["wall_seconds"], 0.25);
  EXPECT_EQ(info["peak_memory_bytes"], 123456);
  EXPECT_EQ(info["threads"], 2);
}

TEST(RunWriter, FilesAreByteIdenticalWhateverTheMachineFacts) {
  ScratchDir dir;
  RunResult fast = SampleRun();
  RunResult slow = SampleRun();
  slow.summary.wall_seconds = 99;
  slow.summary.threads = 16;
  slow.summary.peak_memory_bytes = 1;
  ASSERT_TRUE(WriteRunOutputs(fast, TwoGridPopulation(), SampleParameters(), dir.path() / "a"));
  ASSERT_TRUE(WriteRunOutputs(slow, TwoGridPopulation(), SampleParameters(), dir.path() / "b"));
  for (const char* file :
       {"daily.csv", "grids.csv", "transmissions.csv", "summary.json", "epidemic_curve.svg"}) {
    EXPECT_EQ(ReadFile(dir.path() / "a" / file), ReadFile(dir.path() / "b" / file)) << file;
  }
  EXPECT_NE(ReadFile(dir.path() / "a" / "run_info.json"),
            ReadFile(dir.path() / "b" / "run_info.json"));
}

TEST(RunWriter, ReplacesEarlierFilesAndLeavesNoTemporaryOnes) {
  ScratchDir dir;
  RunResult run = SampleRun();
  ASSERT_TRUE(WriteRunOutputs(run, TwoGridPopulation(), SampleParameters(), dir.path()));
  run.daily.pop_back();
  ASSERT_TRUE(WriteRunOutputs(run, TwoGridPopulation(), SampleParameters(), dir.path()));
  EXPECT_EQ(Lines(ReadFile(dir.path() / "daily.csv")).size(), 3u);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST(RunWriter, ReportsAFileThatCannotBeWritten) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path() / "daily.csv" / "in_the_way");
  Status s = WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "cannot write '" + (dir.path() / "daily.csv").string() + "'");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "daily.csv.tmp"));
}

TEST(RunWriter, RefusesABadStartDate) {
  ScratchDir dir;
  Parameters params = SampleParameters();
  params.start_date = "2020-02-30";
  Status s = WriteRunOutputs(SampleRun(), TwoGridPopulation(), params, dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "'2020-02-30' is not a valid calendar date");
}

TEST(RunWriter, RefusesAGridTheCityLacks) {
  ScratchDir dir;
  RunResult run = SampleRun();
  run.grid_daily[0].grid = 5;
  Status s = WriteRunOutputs(run, TwoGridPopulation(), SampleParameters(), dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message, "grid index 5 is not in the population (2 grids)");
}

TEST(RunWriter, ReportsAFolderThatCannotBeCreated) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path());
  testing::WriteBlocker(dir.path() / "taken");
  Status s =
      WriteRunOutputs(SampleRun(), TwoGridPopulation(), SampleParameters(), dir.path() / "taken");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message.rfind("cannot create the output folder '", 0), 0u)
      << s.error().message;
}

}  // namespace
}  // namespace fk::sim
