// Writes the files of one simulation run into a folder: daily.csv,
// grids.csv and transmissions.csv (when the run recorded them),
// summary.json, run_info.json and epidemic_curve.svg. docs/outputs.md
// describes every file and column.
//
// Everything except run_info.json depends only on the result's data, so the
// files are byte-identical for a seed at any thread count. Reads its
// arguments only; safe to call from several threads for different folders.
#pragma once

#include <filesystem>

#include "common/result.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Creates `dir` if needed and writes the run's files, replacing earlier ones
// and removing an earlier grids.csv or transmissions.csv this run lacks.
// Fails with kInvalidArgument if params.start_date is not a date or a record
// names a grid the population lacks, and with kIo if a file cannot be
// written (some files may then already be written).
Status WriteRunOutputs(const RunResult& result, const Population& population,
                       const Parameters& params, const std::filesystem::path& dir);

}  // namespace fk::sim
