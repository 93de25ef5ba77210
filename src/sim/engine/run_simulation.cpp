#include "sim/engine/run_simulation.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/process_stats.hpp"
#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/engine/calibration.hpp"
#include "sim/engine/epidemic.hpp"
#include "sim/population/build_population.hpp"
#include "sim/transmission/contact_layers.hpp"

namespace fk::sim {

uint64_t EstimateRunBytes(const Parameters& params, const RunOptions& options) {
  const uint64_t n = static_cast<uint64_t>(params.population);
  uint64_t bytes = EstimatePopulationBytes(params.population);
  bytes += n * sizeof(State);             // state per agent
  bytes += n / 2 * sizeof(Infection);     // active list at a generous peak
  bytes += n / 8 * 2 * sizeof(Proposal);  // a day's proposals, merged and per thread
  if (options.record_transmissions) bytes += n * sizeof(TransmissionRecord);
  if (options.record_grids) {
    uint64_t grids = n / 900 + 1;
    bytes += grids * params.days * sizeof(GridDayRecord);
  }
  return bytes;
}

Status CheckRunFitsInMemory(const Parameters& params, const RunOptions& options) {
  uint64_t need = EstimateRunBytes(params, options);
  uint64_t available = AvailableMemoryBytes();
  // FANGKONG_MEMORY_LIMIT (bytes) caps what a run may use, e.g. on a shared
  // machine, and lets tests exercise the refusal.
  if (const char* limit = std::getenv("FANGKONG_MEMORY_LIMIT")) {
    uint64_t cap = std::strtoull(limit, nullptr, 10);
    if (cap > 0 && (available == 0 || cap < available)) available = cap;
  }
  if (available > 0 && need > available / 10 * 9) {
    char msg[256];
    std::snprintf(msg, sizeof msg,
                  "run.population: %lld agents need about %.1f GiB, but only %.1f GiB of memory "
                  "is available",
                  static_cast<long long>(params.population), need / 1073741824.0,
                  available / 1073741824.0);
    return Error{ErrorCode::kResourceExhausted, msg};
  }
  return Status::Ok();
}

Result<RunResult> RunSimulation(const Parameters& params, const Population& population,
                                const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  auto history = NaturalHistory::Create(params);
  if (!history.ok()) return history.error();
  InfectiousnessProfile profile(params);
  ContactLayers layers(params, population);
  const int threads = std::max(1, options.threads);

  Calibration calibration = Calibrate(params, population, *history, profile, layers, threads);

  EpidemicConfig config;
  config.transmission_scale = calibration.scale;
  config.threads = threads;
  config.record_grids = options.record_grids;
  config.record_transmissions = options.record_transmissions;
  Epidemic epidemic(params, population, *history, profile, layers, config);
  bool stopped = false;
  for (int day = 0; day < params.days && !stopped; ++day) {
    epidemic.RunDay(day);
    if (options.on_day) options.on_day(day, params.days, epidemic.cumulative_infections());
    stopped = options.stop && options.stop->load(std::memory_order_relaxed);
  }
  RunResult result = epidemic.TakeResult();
  result.stopped = stopped;
  result.summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.summary.peak_memory_bytes = PeakResidentBytes();
  return result;
}

}  // namespace fk::sim
