// summary.json and run_info.json of one run. summary.json holds only what
// the seed determines, so it is byte-identical at any thread count;
// run_info.json holds the machine facts (wall time, memory, threads).
// Pure; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/dates.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

// "0-9", "10-19", ..., "70-79", "80+".
std::string AgeBandName(int band);

// The summary with keys in a fixed order (see docs/outputs.md).
nlohmann::ordered_json SummaryJson(const RunSummary& summary, const Parameters& params,
                                   const Date& start);

// How the transmission scale was found: seed, analytic_scale, scale,
// pilots [{r, cases}], last_pilot_error, converged.
nlohmann::ordered_json CalibrationJson(const CalibrationReport& calibration);

// wall_seconds, peak_memory_bytes, peak_engine_bytes, threads.
nlohmann::ordered_json RunInfoJson(const RunSummary& summary);

}  // namespace fk::sim
