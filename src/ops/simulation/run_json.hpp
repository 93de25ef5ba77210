// JSON of a simulation run's parts, as stored in simulation_runs and answered
// by the API: a parameter value, and the daily curve of a run. Pure;
// thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/engine/run_result.hpp"
#include "sim/params/parameter_table.hpp"

namespace fk::ops {

// A number, a date string or a list of numbers.
nlohmann::ordered_json ParamValueJson(const sim::ParamValue& value);

// The daily curve as columns of equal length, one entry a simulated day:
// {"start_date", "day": [0, 1, ...], "susceptible", "exposed", "infectious"
// (pre-symptomatic, asymptomatic, mild, severe and critical), "severe",
// "critical", "recovered", "dead", "new_infections", "cumulative_infections"}.
nlohmann::ordered_json CurveJson(const sim::RunResult& result, const std::string& start_date);

}  // namespace fk::ops
