// Side-by-side comparison of scenarios run with the same seeds (common
// random numbers: run k of every scenario has seed S + k, so paired runs
// differ only by what the scenarios change). Writes, into one folder:
//  - compare.csv: a row per scenario with the median and 5-95 % band across
//    runs of infections, confirmed cases, deaths, peak beds needed and the
//    days over capacity (beds, ICU beds: days with a severe or critical
//    case and no bed for it; 0 without `hospital` measures, when beds are
//    not limited), and of the paired difference from the first scenario
//    (the baseline);
//  - compare_daily.csv: per day and scenario, new infections (median, band)
//    and the paired difference from the baseline (median, band);
//  - compare.svg: daily new infections of every scenario, and the paired
//    difference from the baseline with its 5-95 % band.
// docs/outputs.md describes the files. Pure apart from the files written;
// the output depends only on the runs' data (byte-identical for identical
// runs).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/output/quantile.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

struct ScenarioRuns {
  std::string name;  // as given on the command line (file stem or built-in name)
  Parameters params;
  std::vector<RunResult> runs;  // in seed order
};

// One compared quantity of one scenario: its band across runs and the band
// of its paired difference from the baseline (0 for the baseline itself).
struct ComparedQuantity {
  Band value, difference;
};

struct ComparisonRow {
  std::string name;
  int runs = 0;
  ComparedQuantity infections, confirmed, deaths, peak_beds;
  ComparedQuantity days_beds_short, days_icu_short;  // days over capacity
};

// Fails with kInvalidArgument unless there are at least two scenarios, all
// with the same seeds in the same order and the same days.
Result<std::vector<ComparisonRow>> CompareScenarios(const std::vector<ScenarioRuns>& scenarios);

// The rows as an aligned text table (for the terminal).
std::string ComparisonTable(const std::vector<ComparisonRow>& rows);

// Writes compare.csv, compare_daily.csv and compare.svg into `dir`
// (created if missing). Fails as CompareScenarios, or with kIo.
Status WriteComparison(const std::vector<ScenarioRuns>& scenarios,
                       const std::filesystem::path& dir);

}  // namespace fk::sim
