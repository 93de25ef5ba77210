// Forecasts on the server (疫情预测, issue 17): a user asks for the live
// forecast (forecast/live) of a city or district in their scope; it runs on
// this service's own runner thread (common/job_runner.hpp), never on a
// request's, at a lowered scheduling priority (nice 10), one at a time
// (later ones wait in a queue), one queued-or-running forecast a user. Each
// forecast is a row of `forecasts` kept with who asked, the options, the code version
// (common/version.hpp), the inputs as seeded and fitted (cutoff, open cases,
// quarantined, seeded undetected infections, fitted Rt) and the result
// JSON (forecast_output.hpp), so that it can be scored later against what
// happened. A database with nothing to forecast from ends the forecast as
// failed with the reason RunLiveForecast gives (the CLI's message).
// Forecasts are shared within a scope: anyone allowed to run them sees the
// forecasts of the regions in their scope.
// Several servers on one database: a forecast belongs to the instance that
// queued it (forecasts.owner, the simulation service's instance name), and
// RecoverInterrupted fails only the forecasts of instances whose heartbeat
// (simulation_servers, ops/simulation/simulation.hpp) has lapsed.
// Thread-safe; the Database must outlive the service. The destructor stops
// the runner (a forecast under way ends as failed: the server stopped).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/job_runner.hpp"
#include "common/result.hpp"
#include "forecast/live/what_if.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct ForecastServiceOptions {
  int threads = 1;                       // simulator threads of a forecast (`serve --sim-threads`)
  int max_days = 120;                    // largest horizon accepted
  int max_runs = 100;                    // largest ensemble accepted
  std::string instance;                  // owner name of this server's forecasts
  int heartbeat_seconds = 10;            // as SimulationOptions::heartbeat_seconds
  double progress_interval_seconds = 1;  // between two progress writes
  // Called on the runner thread after each ensemble member; may be empty
  // (tests hold one here to stop the server under way).
  std::function<void(int64_t forecast_id, int done)> on_run;
};

enum class ForecastStatus { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view ForecastStatusName(ForecastStatus status);  // "queued", "running", ...

struct ForecastRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;  // who asked
  std::string region_code, region_name;
  int64_t days = 0, runs = 0, seed = 0;
  ForecastStatus status = ForecastStatus::kQueued;
  double progress = 0;  // 0..1, ensemble members run / runs
  std::string code_version;
  int64_t created_at = 0;
  std::optional<int64_t> started_at, finished_at;
  std::string error;  // why it failed (Chinese / English when from the forecast); else empty
  // Inputs once running: the data's cutoff date, open cases, people in
  // quarantine, undetected infections seeded (expected), the fitted Rt.
  std::string cutoff;
  std::optional<int64_t> open_cases, quarantined;
  std::optional<double> seeded_undetected, fitted_rt;
  std::string inputs;  // JSON object text: every input and assumption (done only)
  std::string result;  // JSON object text of ForecastToJson (Get of a done forecast only)
};

struct ForecastRequest {
  std::string region;  // a city or district in scope; empty: the caller's own (see Start)
  int days = 28;
  int runs = 20;
  int64_t seed = 1;
  std::vector<WhatIfAction> actions;  // what-if: candidate actions on grids (live/what_if.hpp)
};

class ForecastService {
 public:
  ForecastService(store::Database& db, ForecastServiceOptions options,
                  ops::Clock clock = ops::SystemClock());
  ~ForecastService();
  ForecastService(const ForecastService&) = delete;
  ForecastService& operator=(const ForecastService&) = delete;

  const ForecastServiceOptions& options() const { return options_; }

  // Forecasts left queued or running by an instance whose heartbeat has
  // lapsed (or none) become failed. Returns how many.
  Result<int64_t> RecoverInterrupted();

  // Queues a forecast. Needs kRunSimulations and the region in scope. An
  // empty region is the caller's scope when that is a city or district,
  // else the database's only city. kInvalidArgument naming "region",
  // "days", "runs" or "seed"; kPermissionDenied for a region out of scope;
  // kConflict when the caller has a forecast queued or running. Audited
  // (create, forecast).
  Result<ForecastRecord> Start(const ops::AccessContext& ctx, const ForecastRequest& request);

  // The forecasts of the regions in the caller's scope, newest first,
  // without inputs and results; `after_id` is the previous page's last id.
  Result<ops::Page<ForecastRecord>> List(const ops::AccessContext& ctx, int64_t after_id,
                                         int limit);

  // One forecast in the caller's scope with its inputs and result;
  // kNotFound otherwise.
  Result<ForecastRecord> Get(const ops::AccessContext& ctx, int64_t id);

  // Cancels a queued or running forecast the caller started; kNotFound for
  // another's, kConflict when it has ended. Audited (cancel, forecast).
  Result<ForecastRecord> Cancel(const ops::AccessContext& ctx, int64_t id);

  // For tests: true once nothing is queued or running here, false if
  // `timeout` passed first.
  bool WaitIdle(std::chrono::milliseconds timeout);

 private:
  // Runs forecast `id` on the runner thread; `stop` is its cancel flag.
  void Execute(int64_t id, const ForecastRequest& request, const std::atomic<bool>& stop);
  int64_t Write(std::string_view sql, const store::Params& params);

  // Constant after construction.
  store::Database& db_;
  const ForecastServiceOptions options_;
  const ops::Clock clock_;

  JobRunner runner_;  // one worker; last, so its jobs never outlive the members they use
};

}  // namespace fk::forecast
