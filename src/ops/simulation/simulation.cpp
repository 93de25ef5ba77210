#include "ops/simulation/simulation.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <new>
#include <random>

#include <nlohmann/json.hpp>

#include "common/dates.hpp"
#include "common/rng.hpp"
#include "ops/audit/audit.hpp"
#include "ops/simulation/run_json.hpp"
#include "sim/output/summary_json.hpp"
#include "sim/params/scenario.hpp"
#include "sim/population/build_population.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kStatusNames[] = {"queued", "running", "done", "failed", "cancelled"};

RunStatus ParseStatus(const std::string& text) {
  for (int i = 0; i < 5; ++i)
    if (kStatusNames[i] == text) return static_cast<RunStatus>(i);
  return RunStatus::kFailed;
}

constexpr std::string_view kRunColumns =
    "SELECT id, user_id, scenario, parameters, agents, days, status, progress, created_at, "
    "started_at, finished_at, error, summary";

SimulationRun RunFromRow(const store::Row& r) {
  SimulationRun run;
  run.id = r.Int(0);
  run.user_id = r.Int(1);
  run.scenario = r.Text(2);
  run.parameters = r.Text(3);
  run.agents = r.Int(4);
  run.days = r.Int(5);
  run.status = ParseStatus(r.Text(6));
  run.progress = r.Real(7);
  run.created_at = r.Int(8);
  if (!r.IsNull(9)) run.started_at = r.Int(9);
  if (!r.IsNull(10)) run.finished_at = r.Int(10);
  if (!r.IsNull(11)) run.error = r.Text(11);
  if (!r.IsNull(12)) run.summary = r.Text(12);
  return run;
}

Result<SimulationRun> LoadRun(store::Transaction& tx, int64_t user_id, int64_t id,
                              bool with_curve) {
  std::string sql(kRunColumns);
  sql += with_curve ? ", curve" : "";
  sql += " FROM simulation_runs WHERE id = ? AND user_id = ?";
  auto row = tx.QueryOne(sql, {id, user_id}, "simulation " + std::to_string(id) + " not found");
  if (!row) return row.error();
  SimulationRun run = RunFromRow(*row);
  if (with_curve && !row->IsNull(13)) run.curve = row->Text(13);
  return run;
}

// The value as the parameter's own type, or a message saying what it must be.
Result<sim::ParamValue> Coerce(const sim::ParameterSpec& spec, const sim::ParamValue& value) {
  const std::string key(spec.key);
  switch (spec.type) {
    case sim::ParamType::kInteger:
      if (std::holds_alternative<int64_t>(value)) return value;
      if (const double* d = std::get_if<double>(&value);
          d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.0e18)
        return sim::ParamValue{static_cast<int64_t>(*d)};
      return InvalidArgument("parameters: " + key + ": must be an integer");
    case sim::ParamType::kReal:
      if (std::holds_alternative<double>(value)) return value;
      if (const int64_t* i = std::get_if<int64_t>(&value))
        return sim::ParamValue{static_cast<double>(*i)};
      return InvalidArgument("parameters: " + key + ": must be a number");
    case sim::ParamType::kDate:
      if (std::holds_alternative<std::string>(value)) return value;
      return InvalidArgument("parameters: " + key + ": must be a YYYY-MM-DD date");
    case sim::ParamType::kRealArray:
      if (std::holds_alternative<std::vector<double>>(value)) return value;
      return InvalidArgument("parameters: " + key + ": must be a list of " +
                             std::to_string(spec.length) + " numbers");
  }
  return InvalidArgument("parameters: " + key + ": unsupported type");
}

struct Resolved {
  sim::Parameters params;
  std::string parameters_json;
};

Result<Resolved> Resolve(const std::filesystem::path& dir, const std::string& scenario,
                         const std::vector<ParameterOverride>& overrides) {
  bool builtin = false;
  for (const auto& info : sim::ListScenarios(dir)) builtin = builtin || info.name == scenario;
  if (!builtin) {
    std::string names;
    for (const auto& info : sim::ListScenarios(dir))
      names += (names.empty() ? "" : ", ") + info.name;
    return InvalidArgument("scenario: " + scenario + " is not a built-in scenario (" + names + ")");
  }
  auto params = sim::LoadScenarioFile(dir / (scenario + ".toml"));
  if (!params) return InvalidArgument("scenario: " + params.error().message);
  nlohmann::ordered_json changed = nlohmann::ordered_json::object();
  for (const auto& o : overrides) {
    const sim::ParameterSpec* spec = sim::FindParameter(o.key);
    if (!spec) return InvalidArgument("parameters: " + o.key + " is not a parameter");
    auto value = Coerce(*spec, o.value);
    if (!value) return value.error();
    if (Status s = sim::CheckRange(*spec, *value); !s)
      return InvalidArgument("parameters: " + s.error().message);
    spec->set(*params, *value);
    changed[o.key] = ParamValueJson(*value);
  }
  if (Status s = sim::Validate(*params); !s)
    return InvalidArgument("parameters: " + s.error().message);
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const auto& spec : sim::ParameterTable())
    values[std::string(spec.key)] = ParamValueJson(spec.get(*params));
  nlohmann::ordered_json doc = {{"overrides", changed}, {"values", values}};
  return Resolved{*params, doc.dump()};
}

constexpr std::string_view kStoppedError = "the server stopped before the run finished";

// "host:pid:random": unique among the processes sharing a database, and
// telling an administrator which server a run belongs to.
std::string InstanceName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  char tail[17];
  std::snprintf(tail, sizeof tail, "%08x%08x", random(), random());
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + tail;
}

}  // namespace

std::string_view RunStatusName(RunStatus status) { return kStatusNames[static_cast<int>(status)]; }

SimulationService::SimulationService(store::Database& db, SimulationOptions options, Clock clock)
    : db_(db),
      options_(std::move(options)),
      clock_(std::move(clock)),
      instance_(InstanceName()),
      runner_(options_.max_running) {
  (void)Beat();  // before any run is queued; the heartbeat thread retries
  heartbeat_ = std::thread([this] { HeartbeatLoop(); });
}

SimulationService::~SimulationService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  heartbeat_cv_.notify_all();
  const std::vector<int64_t> left = runner_.Stop();
  heartbeat_.join();
  for (int64_t id : left) {
    auto tx = db_.Begin();
    if (!tx) continue;
    (void)tx->Exec(
        "UPDATE simulation_runs SET status = 'failed', finished_at = ?, error = ? "
        "WHERE id = ? AND status IN ('queued', 'running')",
        {clock_(), std::string(kStoppedError), id});
    (void)tx->Commit();
  }
  if (auto tx = db_.Begin()) {
    (void)tx->Exec("DELETE FROM simulation_servers WHERE instance = ?", {instance_});
    (void)tx->Commit();
  }
}

Status SimulationService::Beat() {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto n = tx->Exec(
      "INSERT INTO simulation_servers (instance, heartbeat_at) VALUES (?, ?) "
      "ON CONFLICT (instance) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
      {instance_, clock_()});
  if (!n) return n.error();
  return tx->Commit();
}

Result<int64_t> SimulationService::RecoverInterrupted() {
  const int64_t now = clock_();
  // A heartbeat older than this: its instance has stopped.
  const int64_t alive_since = now - 3 * int64_t{std::max(1, options_.heartbeat_seconds)};
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto n = tx->Exec(
      "UPDATE simulation_runs SET status = 'failed', finished_at = ?, error = ? "
      "WHERE status IN ('queued', 'running') AND (owner IS NULL OR (owner <> ? AND owner NOT IN "
      "(SELECT instance FROM simulation_servers WHERE heartbeat_at >= ?)))",
      {now, std::string(kStoppedError), instance_, alive_since});
  if (!n) return n.error();
  auto gone = tx->Exec("DELETE FROM simulation_servers WHERE heartbeat_at < ? AND instance <> ?",
                       {alive_since, instance_});
  if (!gone) return gone.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return *n;
}

void SimulationService::StopRunsEndedElsewhere() {
  const std::vector<int64_t> ids = runner_.Live();
  if (ids.empty()) return;
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return;
  std::vector<int64_t> ended;
  for (int64_t id : ids) {
    auto row = tx->QueryOne("SELECT status FROM simulation_runs WHERE id = ?", {id}, "");
    if (row && row->Text(0) != "queued" && row->Text(0) != "running") ended.push_back(id);
  }
  for (int64_t id : ended) runner_.Cancel(id);
}

void SimulationService::HeartbeatLoop() {
  const auto interval = std::chrono::seconds(std::max(1, options_.heartbeat_seconds));
  std::unique_lock lock(mu_);
  while (!heartbeat_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    (void)Beat();
    (void)RecoverInterrupted();
    StopRunsEndedElsewhere();
    lock.lock();
  }
}

Result<std::vector<BuiltinScenario>> SimulationService::Scenarios(const AccessContext& ctx) const {
  if (Status s = Require(ctx, Permission::kRunSimulations); !s) return s.error();
  std::vector<BuiltinScenario> out;
  for (const auto& info : sim::ListScenarios(options_.scenario_dir)) {
    auto params = sim::LoadScenarioFile(info.path);
    if (!params) continue;
    out.push_back({info.name, info.description, *params});
  }
  return out;
}

Result<SimulationRun> SimulationService::Start(const AccessContext& ctx,
                                               const std::string& scenario,
                                               const std::vector<ParameterOverride>& overrides) {
  if (Status s = Require(ctx, Permission::kRunSimulations); !s) return s.error();
  auto resolved = Resolve(options_.scenario_dir, scenario, overrides);
  if (!resolved) return resolved.error();
  const sim::Parameters& params = resolved->params;
  const int64_t agent_days = params.population * params.days;
  if (agent_days > options_.max_agent_days) {
    return Error{ErrorCode::kResourceExhausted, "parameters: " + std::to_string(params.population) +
                                                    " agents x " + std::to_string(params.days) +
                                                    " days = " + std::to_string(agent_days) +
                                                    " agent-days, more than this server runs (" +
                                                    std::to_string(options_.max_agent_days) + ")"};
  }
  sim::RunOptions run_options;
  run_options.threads = options_.threads;
  if (Status fits = sim::CheckRunFitsInMemory(params, run_options); !fits)
    return Error{ErrorCode::kResourceExhausted, "parameters: " + fits.error().message};

  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto active = tx->Query(
      "SELECT id, status FROM simulation_runs WHERE user_id = ? AND status IN ('queued', "
      "'running')",
      {ctx.user_id});
  if (!active) return active.error();
  if (!active->empty()) {
    const auto& r = active->front();
    return Error{ErrorCode::kConflict, "simulation: your run " + std::to_string(r.Int(0)) +
                                           " is still " + r.Text(1) +
                                           "; cancel it or wait for it to end"};
  }
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO simulation_runs (user_id, scenario, parameters, agents, days, status, "
      "progress, created_at, owner) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING id",
      {ctx.user_id, scenario, resolved->parameters_json, params.population, int64_t{params.days},
       now, instance_});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s = AppendAudit(*tx, ctx, now, "create", "simulation_run", std::to_string(id),
                             "scenario " + scenario + ", " + std::to_string(params.population) +
                                 " agents x " + std::to_string(params.days) + " days",
                             ctx.scope);
      !s)
    return s.error();
  auto run = LoadRun(*tx, ctx.user_id, id, false);
  if (!run) return run;
  if (Status s = tx->Commit(); !s) return s.error();
  runner_.Submit(id,
                 [this, id, params](const std::atomic<bool>& stop) { Execute(id, params, stop); });
  return run;
}

Result<Page<SimulationRun>> SimulationService::Runs(const AccessContext& ctx, int64_t after_id,
                                                    int limit) {
  if (Status s = Require(ctx, Permission::kRunSimulations); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kRunColumns) +
                            " FROM simulation_runs WHERE user_id = ? AND (? = 0 OR id < ?) "
                            "ORDER BY user_id DESC, id DESC LIMIT ?",
                        {ctx.user_id, after_id, after_id, int64_t{limit} + 1});
  if (!rows) return rows.error();
  Page<SimulationRun> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(RunFromRow(r));
  }
  return page;
}

Result<SimulationRun> SimulationService::Get(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kRunSimulations); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  return LoadRun(*tx, ctx.user_id, id, true);
}

Result<SimulationRun> SimulationService::Cancel(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kRunSimulations); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto run = LoadRun(*tx, ctx.user_id, id, false);
  if (!run) return run;
  if (run->status != RunStatus::kQueued && run->status != RunStatus::kRunning) {
    return Error{ErrorCode::kConflict,
                 "simulation: run " + std::to_string(id) + " has already " +
                     (run->status == RunStatus::kDone
                          ? "finished"
                          : "ended (" + std::string(RunStatusName(run->status)) + ")")};
  }
  const int64_t now = clock_();
  auto up = tx->Exec(
      "UPDATE simulation_runs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status "
      "IN ('queued', 'running')",
      {now, id});
  if (!up) return up.error();
  if (Status s =
          AppendAudit(*tx, ctx, now, "cancel", "simulation_run", std::to_string(id),
                      std::string("was ") + std::string(RunStatusName(run->status)), ctx.scope);
      !s)
    return s.error();
  auto cancelled = LoadRun(*tx, ctx.user_id, id, false);
  if (!cancelled) return cancelled;
  if (Status s = tx->Commit(); !s) return s.error();
  runner_.Cancel(id);
  return cancelled;
}

bool SimulationService::WaitIdle(std::chrono::milliseconds timeout) {
  return runner_.WaitIdle(timeout);
}

void SimulationService::Execute(int64_t id, const sim::Parameters& params,
                                const std::atomic<bool>& stop) {
  // Every write after the start names the status it expects: a run cancelled
  // meanwhile (status 'cancelled') is never turned back into done or failed.
  auto write = [this](std::string_view sql, const store::Params& params) -> int64_t {
    auto tx = db_.Begin();
    if (!tx) return 0;
    auto n = tx->Exec(sql, params);
    if (!n || !tx->Commit()) return 0;
    return *n;
  };
  auto fail = [&](const std::string& why) {
    write(
        "UPDATE simulation_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? "
        "AND status = 'running'",
        {clock_(), why, id});
  };
  if (write("UPDATE simulation_runs SET status = 'running', started_at = ? WHERE id = ? AND "
            "status = 'queued'",
            {clock_(), id}) == 0)
    return;  // cancelled while queued
  try {
    auto population = sim::BuildPopulation(params, Rng(params.seed), options_.threads);
    if (!population) return fail(population.error().message);
    sim::RunOptions options;
    options.threads = options_.threads;
    options.stop = &stop;
    auto last = std::chrono::steady_clock::now();
    const auto interval = std::chrono::duration<double>(options_.progress_interval_seconds);
    options.on_day = [&](int day, int days, int64_t) {
      if (options_.on_day) options_.on_day(id, day);
      const auto now = std::chrono::steady_clock::now();
      if (now - last < interval || day + 1 == days) return;
      last = now;
      write("UPDATE simulation_runs SET progress = ? WHERE id = ? AND status = 'running'",
            {static_cast<double>(day + 1) / days, id});
    };
    if (stop.load()) return;
    auto result = sim::RunSimulation(params, *population, options);
    if (!result) return fail(result.error().message);
    auto start = ParseDate(params.start_date);
    nlohmann::ordered_json summary =
        start ? sim::SummaryJson(result->summary, params, *start) : nlohmann::ordered_json{};
    summary["wall_seconds"] = result->summary.wall_seconds;
    summary["threads"] = options_.threads;
    const std::string curve = CurveJson(*result, params.start_date).dump();
    const double progress = static_cast<double>(result->daily.size()) / params.days;
    if (result->stopped) {
      if (runner_.stopping()) return;  // the destructor marks it failed
      write(
          "UPDATE simulation_runs SET progress = ?, summary = ?, curve = ? WHERE id = ? AND "
          "status = 'cancelled'",
          {progress, summary.dump(), curve, id});
      return;
    }
    write(
        "UPDATE simulation_runs SET status = 'done', progress = 1, finished_at = ?, summary = ?, "
        "curve = ? WHERE id = ? AND status = 'running'",
        {clock_(), summary.dump(), curve, id});
  } catch (const std::bad_alloc&) {
    fail("out of memory");
  } catch (const std::exception& e) {
    fail(std::string("internal error: ") + e.what());
  }
}

}  // namespace fk::ops
