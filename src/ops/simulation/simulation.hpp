// Simulation runs (推演): a user picks a built-in scenario (scenarios/*.toml),
// overrides some parameters and runs it on the server. Runs are rows of
// simulation_runs kept with their parameters, summary and daily curve; the
// simulator (sim/) runs on this service's own runner threads
// (common/job_runner.hpp), never on a request's, at a lowered scheduling
// priority (nice 10) so that requests come first. Limits: one queued-or-running run per user,
// `max_running` at once (later ones wait in a queue), runs larger than `max_agent_days` (agents x
// days) or than the memory refused before they start. A run can be cancelled
// while queued or running.
// Several server processes may share one database: each run is owned by the
// service instance that queued it (simulation_runs.owner), and each instance
// records that it is alive in simulation_servers every `heartbeat_seconds`.
// RecoverInterrupted, called at start-up and after every heartbeat, fails
// only the runs whose owner has stopped (no heartbeat for 3 intervals, or
// none recorded), never a live instance's. An instance stops its own runs
// that another has ended meanwhile (cancelled through another server, or
// failed because its heartbeat lapsed).
// Thread-safe; the Database must outlive the service. The destructor stops
// the runner threads (a run under way ends as failed: the server stopped).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/job_runner.hpp"
#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/parameters.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct SimulationOptions {
  int max_running = 1;                   // runs at once (`serve --sim-runs`)
  int64_t max_agent_days = 400'000'000;  // largest run: agents x days (`--sim-max-agent-days`)
  int threads = 1;                       // simulator threads of a run (`--sim-threads`)
  std::filesystem::path scenario_dir;    // the built-in scenarios (*.toml)
  // Seconds between two progress writes of a running run (at most one a day
  // of simulation).
  double progress_interval_seconds = 1.0;
  // Called on the runner thread after each simulated day of a run, before
  // its stop flag is read; may be empty. Lets a caller watch a run (tests
  // hold one here to cancel it or stop the server under way).
  std::function<void(int64_t run_id, int day)> on_day;
  // Seconds between two heartbeats of this instance (`serve
  // --sim-heartbeat`); after 3 without one its runs are failed by the others.
  int heartbeat_seconds = 10;
};

// A built-in scenario: its name (file stem), description and parameters.
struct BuiltinScenario {
  std::string name;
  std::string description;
  sim::Parameters parameters;
};

// One parameter changed from the scenario's value: a key of the parameter
// table ("transmission.r0") and its value (int64_t, double, a date string or
// a list of numbers; an integer is accepted for a real and an integral real
// for an integer).
struct ParameterOverride {
  std::string key;
  sim::ParamValue value;
};

enum class RunStatus { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view RunStatusName(RunStatus status);  // "queued", "running", ...

struct SimulationRun {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string scenario;
  // JSON object text: {"overrides": {key: value}, "values": {every key: value}}.
  std::string parameters;
  int64_t agents = 0, days = 0;
  RunStatus status = RunStatus::kQueued;
  double progress = 0;  // 0..1, days simulated / days
  int64_t created_at = 0;
  std::optional<int64_t> started_at, finished_at;
  std::string error;    // why it failed; empty otherwise
  std::string summary;  // JSON object text once done (or cancelled after a day); else empty
  std::string curve;    // JSON object text of daily columns (Get only; lists leave it empty)
};

class SimulationService {
 public:
  SimulationService(store::Database& db, SimulationOptions options, Clock clock = SystemClock());
  ~SimulationService();
  SimulationService(const SimulationService&) = delete;
  SimulationService& operator=(const SimulationService&) = delete;

  const SimulationOptions& options() const { return options_; }
  // This instance's name as its runs' owner: "host:pid:random".
  const std::string& instance() const { return instance_; }

  // Runs left queued or running by an instance that stopped (no heartbeat
  // for 3 x heartbeat_seconds, or an owner that never recorded one) become
  // failed; this instance's and other live instances' runs are left alone.
  // Called at start-up and after each heartbeat. Returns how many.
  Result<int64_t> RecoverInterrupted();

  // The built-in scenarios, sorted by name (files that do not parse are left
  // out). Needs kRunSimulations.
  Result<std::vector<BuiltinScenario>> Scenarios(const AccessContext& ctx) const;

  // Queues a run of `scenario` with `overrides`. Needs kRunSimulations.
  // kInvalidArgument naming "scenario" or "parameters" (with the key), e.g.
  // "parameters: transmission.r0: 25 is out of range; allowed 0 to 20";
  // kConflict when the user already has a run queued or running;
  // kResourceExhausted (not from the database) when the run is larger than
  // max_agent_days or the memory available. Audited (create).
  Result<SimulationRun> Start(const AccessContext& ctx, const std::string& scenario,
                              const std::vector<ParameterOverride>& overrides);

  // The caller's runs, newest first, without their curves; `after_id` is the
  // last id of the previous page (0: the first page).
  Result<Page<SimulationRun>> Runs(const AccessContext& ctx, int64_t after_id, int limit);

  // One of the caller's runs with its curve; another user's run is kNotFound.
  Result<SimulationRun> Get(const AccessContext& ctx, int64_t id);

  // Cancels a queued or running run of the caller: it is cancelled at once
  // (the runner stops after the day it is simulating and keeps the days
  // run). kConflict when it has already ended. Audited (cancel).
  Result<SimulationRun> Cancel(const AccessContext& ctx, int64_t id);

  // For tests and shutdown: true once no run is queued or running in this
  // process, false if `timeout` passed first.
  bool WaitIdle(std::chrono::milliseconds timeout);

 private:
  // Runs run `id` on a runner thread; `stop` is its cancel flag.
  void Execute(int64_t id, const sim::Parameters& params, const std::atomic<bool>& stop);
  void HeartbeatLoop();
  // Records that this instance is alive (now).
  Status Beat();
  // Sets the stop flag of this instance's live runs that no longer read as
  // queued or running in the database.
  void StopRunsEndedElsewhere();

  // Constant after construction.
  store::Database& db_;
  const SimulationOptions options_;
  const Clock clock_;
  const std::string instance_;

  std::mutex mu_;
  std::condition_variable heartbeat_cv_;  // stopping_
  bool stopping_ = false;                 // guarded by mu_; ends the heartbeat
  std::thread heartbeat_;
  // max_running workers; last, so its jobs never outlive the members they use.
  JobRunner runner_;
};

}  // namespace fk::ops
