#include "sim/run/run_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/process_stats.hpp"
#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/engine/calibration.hpp"
#include "sim/engine/chunked_list.hpp"
#include "sim/engine/epidemic.hpp"
#include "sim/measures/measure_policy.hpp"
#include "sim/population/build_population.hpp"
#include "sim/transmission/contact_layers.hpp"

namespace fk::sim {

uint64_t EstimateRunBytes(const Parameters& params, const RunOptions& options) {
  const uint64_t n = static_cast<uint64_t>(params.population);
  const uint64_t threads = static_cast<uint64_t>(std::max(1, options.threads));
  uint64_t bytes = EstimatePopulationBytes(params.population);
  bytes += n * sizeof(State);  // state per agent
  // Active entries and proposals' distinct targets are disjoint sets of
  // agents: a thread's proposals are settled every kProposalBatch (at most
  // one per target), and while the winners are taken each settled buffer
  // loses its entries for the targets taken. A deque of proposals holds at
  // most 17/16 of its size plus two blocks.
  const uint64_t proposal_bytes_per_agent = threads * sizeof(Proposal) * 17 / 16 + 1;
  const uint64_t per_agent = std::max<uint64_t>(sizeof(Infection), proposal_bytes_per_agent);
  bytes += ChunkedList<Infection>::MaxMemoryBytes(n) - n * sizeof(Infection) + n * per_agent;
  bytes += threads * (2 * kProposalBatch * sizeof(Proposal) + 4096);
  const uint64_t grids = n / 900 + 1;
  bytes += grids * sizeof(GridRule);
  if (!params.measures.empty()) {
    // Per-agent flags; the day's onsets (a subset of the active list) in the
    // threads' lists and the merged one; pending isolation events.
    bytes += n + n * 2 * sizeof(uint32_t) + n * 2 * 8;
    bytes += grids * params.measures.size();  // scopes
    for (const MeasureSpec& m : params.measures) {
      if (m.kind != MeasureKind::kHospital) continue;
      // Cases waiting for a bed (a subset of the active list) in the
      // threads' lists and the merged one.
      bytes += n * 2 * sizeof(uint32_t);
      break;
    }
    for (const MeasureSpec& m : params.measures) {
      if (m.kind != MeasureKind::kTesting && m.kind != MeasureKind::kIsolation &&
          m.kind != MeasureKind::kScreening) {
        continue;
      }
      // Fever from other causes: who is febrile (a hash node and an event
      // each, every agent at most once), and every such fever of the run
      // waiting for a test (8 bytes, in the seekers and the queue).
      const double rate = *std::max_element(params.other_fever_per_100k.begin(),
                                            params.other_fever_per_100k.end()) /
                          100000.0;
      const double febrile = std::min(1.0, rate * params.other_fever_days) * static_cast<double>(n);
      bytes += static_cast<uint64_t>(febrile) * (48 + 4) +
               static_cast<uint64_t>(rate * static_cast<double>(n) * params.days) * 2 * 8;
      break;
    }
    for (const MeasureSpec& m : params.measures) {
      if (m.kind != MeasureKind::kContactTracing) continue;
      // Who infected whom (a hash node and a list entry per infected
      // agent) and each quarantined agent's release (a hash node and an
      // event): every agent at most once in each.
      bytes += n * (64 + 8) + n * (48 + 4);
      break;
    }
  }
  if (options.record_transmissions) bytes += n * sizeof(TransmissionRecord) * 2;
  if (options.record_grids) bytes += grids * params.days * sizeof(GridDayRecord) * 2;
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

Result<CalibrationReport> CalibrateRun(const Parameters& params, const Population& population,
                                       int threads) {
  auto history = NaturalHistory::Create(params);
  if (!history.ok()) return history.error();
  InfectiousnessProfile profile(params);
  ContactLayers layers(params, population);
  return Calibrate(params, population, *history, profile, layers, std::max(1, threads));
}

Result<RunResult> RunSimulation(const Parameters& params, const Population& population,
                                const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  auto history = NaturalHistory::Create(params);
  if (!history.ok()) return history.error();
  InfectiousnessProfile profile(params);
  ContactLayers layers(params, population);
  const int threads = std::max(1, options.threads);

  CalibrationReport calibration =
      options.calibration ? *options.calibration
                          : Calibrate(params, population, *history, profile, layers, threads);

  std::unique_ptr<MeasurePolicy> policy;
  if (!params.measures.empty()) {
    auto created = MeasurePolicy::Create(params, population);
    if (!created.ok()) return created.error();
    policy = std::move(*created);
  }

  EpidemicConfig config;
  config.seed = params.seed;
  config.policy = policy.get();
  config.transmission_scale = calibration.scale;
  config.threads = threads;
  config.record_grids = options.record_grids;
  config.record_transmissions = options.record_transmissions;
  config.initial = options.initial;
  Epidemic epidemic(params, population, *history, profile, layers, config);
  bool stopped = false;
  for (int day = 0; day < params.days && !stopped; ++day) {
    epidemic.RunDay(day);
    if (options.on_day) options.on_day(day, params.days, epidemic.cumulative_infections());
    stopped = options.stop && options.stop->load(std::memory_order_relaxed);
  }
  RunResult result = epidemic.TakeResult();
  result.stopped = stopped;
  result.summary.calibration = std::move(calibration);
  result.summary.peak_engine_bytes = epidemic.peak_engine_bytes();
  result.summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.summary.peak_memory_bytes = PeakResidentBytes();
  return result;
}

}  // namespace fk::sim
