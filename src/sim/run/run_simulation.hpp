// Runs simulations: checks that the run fits in memory, calibrates
// transmission, and advances the epidemic day by day. The entry point the
// CLI and the forecast part call. Thread-safe: no shared mutable state.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/result.hpp"
#include "sim/engine/initial_infection.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

struct RunOptions {
  int threads = 1;
  bool record_grids = false;
  bool record_transmissions = false;
  // Called after each simulated day (for progress bars); may be empty.
  std::function<void(int day, int days, int64_t cumulative_infections)> on_day;
  // Read after each simulated day; once it is true the run ends there and
  // RunResult::stopped is set (daily holds the days run). May be null; the
  // caller keeps it alive for the run. One load a day, so free when unused.
  const std::atomic<bool>* stop = nullptr;
  // The transmission scale found once for an ensemble (CalibrateRun with its
  // first seed); null: the run calibrates itself, with its own seed.
  const CalibrationReport* calibration = nullptr;
  // Infections present on day 0 (a forecast's live state) instead of
  // params.initial_infections random seeds; may be null. Not owned.
  const std::vector<InitialInfection>* initial = nullptr;
};

// Bytes a run of `params` can hold at most, worked out before anything is
// allocated: the city, one state byte an agent, the active list with every
// agent in it (chunk-rounded), each thread's proposals at their bound
// (distinct susceptible targets plus one batch; the susceptible and the
// active are disjoint, so both together are bounded by the larger of an
// infection entry and the threads' proposal bytes, per agent), the
// measures' per-agent flags and per-grid rules, and the records. A bound,
// not a guess: tests check it against what the engine holds at R0 = 20.
uint64_t EstimateRunBytes(const Parameters& params, const RunOptions& options);

// Refuses (kResourceExhausted, with the estimate) a run that would not fit
// in 90 % of the memory available now (MemAvailable, or the environment
// variable FANGKONG_MEMORY_LIMIT in bytes if smaller).
Status CheckRunFitsInMemory(const Parameters& params, const RunOptions& options);

// The transmission scale for `params` on `population` (calibration.hpp),
// for an ensemble to share. Fails as RunSimulation does.
Result<CalibrationReport> CalibrateRun(const Parameters& params, const Population& population,
                                       int threads);

// One run of `params` on `population` (built from the same params).
// Fails only if the parameters are inconsistent (e.g. an impossible IFR).
// A run ended by `options.stop` is a success with RunResult::stopped set.
Result<RunResult> RunSimulation(const Parameters& params, const Population& population,
                                const RunOptions& options);

}  // namespace fk::sim
