// Hand-made inputs for the output writer tests: a three-day run of 100
// agents in two grids, and a scratch folder removed at the end of a test.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim::testing {

inline Population TwoGridPopulation() {
  Population p;
  p.grids = {{"420102001001001", "第1网格", RegionLevel::kGrid, 0, 0, 0},
             {"420102001001002", "第2网格", RegionLevel::kGrid, 0, 0, 0}};
  return p;
}

inline Parameters SampleParameters() {
  Parameters params{};
  params.population = 100;
  params.days = 3;
  params.seed = 7;
  params.start_date = "2020-01-23";
  params.initial_infections = 3;
  params.imports_per_day = 0;
  params.r0 = 2.5;
  return params;
}

// Day 0: 3 seeds; day 1: 1 household and 1 grid infection; day 2: 2 household
// and 1 city infection, 2 onsets, 1 death.
inline RunResult SampleRun(uint64_t seed = 7) {
  RunResult r;
  DayRecord d0;
  d0.day = 0;
  d0.in_state = {97, 3, 0, 0, 0, 0, 0, 0, 0};
  d0.new_infections[static_cast<int>(Layer::kSeed)] = 3;
  d0.cumulative_infections = 3;
  DayRecord d1;
  d1.day = 1;
  d1.in_state = {95, 3, 2, 0, 0, 0, 0, 0, 0};
  d1.new_infections[static_cast<int>(Layer::kHousehold)] = 1;
  d1.new_infections[static_cast<int>(Layer::kGrid)] = 1;
  d1.cumulative_infections = 5;
  DayRecord d2;
  d2.day = 2;
  d2.in_state = {92, 3, 1, 0, 1, 1, 0, 1, 1};
  d2.new_infections[static_cast<int>(Layer::kHousehold)] = 2;
  d2.new_infections[static_cast<int>(Layer::kCity)] = 1;
  d2.new_symptomatic = 2;
  d2.new_deaths = 1;
  d2.cumulative_infections = 8;
  d2.cumulative_deaths = 1;
  r.daily = {d0, d1, d2};
  r.grid_daily = {{0, 0, 2, 0, 2}, {0, 1, 1, 0, 1}, {2, 1, 3, 3, 4}};
  r.transmissions = {{kNoAgent, 5, 0, Layer::kSeed, State::kSusceptible, 0},
                     {5, 6, 1, Layer::kHousehold, State::kPresymptomatic, 0},
                     {6, 70, 2, Layer::kCity, State::kMild, 1}};
  RunSummary& s = r.summary;
  s.seed = seed;
  s.agents = 100;
  s.days = 3;
  s.total_infections = 8;
  s.attack_rate = 0.08;
  s.peak_day = 2;
  s.peak_new_infections = 3;
  s.peak_infectious_day = 2;
  s.peak_infectious = 3;
  s.total_deaths = 1;
  s.total_confirmed = 2;
  s.peak_confirmed_day = 1;
  s.peak_new_confirmed = 2;
  s.infections_by_age = {1, 1, 1, 1, 1, 1, 1, 0, 1};
  s.deaths_by_age = {0, 0, 0, 0, 0, 0, 0, 0, 1};
  s.empirical_r0 = 2.4;
  s.r0_cases = 5;
  s.mean_generation_interval = 6.5;
  s.transmission_scale = 0.031;
  s.wall_seconds = 0.25;
  s.peak_memory_bytes = 123456;
  s.threads = 2;
  return r;
}

// A fresh folder under the system temp folder, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("fk_output_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
             std::to_string(getpid()));
    std::filesystem::remove_all(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A plain file at `path`, so that a folder cannot be created there.
inline void WriteBlocker(const std::filesystem::path& path) { std::ofstream(path) << "x"; }

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace fk::sim::testing
