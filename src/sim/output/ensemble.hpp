// Writes the files of an ensemble (--runs K: the same scenario with K
// seeds): each run's files in dir/run-<seed>/ (see run_writer.hpp), and at
// the top level daily_bands.csv, summary.json and epidemic_curve.svg with
// the median and the 5-95 % band across runs (quantile.hpp defines the
// quantiles). docs/outputs.md describes every file and column.
// Reads its arguments only; the output depends only on the runs' data.
#pragma once

#include <filesystem>
#include <vector>

#include "common/result.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Fails with kInvalidArgument if `runs` is empty, two runs share a seed or
// the runs do not cover the same days, and otherwise as WriteRunOutputs.
Status WriteEnsembleOutputs(const std::vector<RunResult>& runs, const Population& population,
                            const Parameters& params, const std::filesystem::path& dir);

}  // namespace fk::sim
