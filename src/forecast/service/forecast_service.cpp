#include "forecast/service/forecast_service.hpp"

#include <algorithm>
#include <exception>
#include <new>

#include <nlohmann/json.hpp>

#include "common/version.hpp"
#include "forecast/live/forecast_output.hpp"
#include "forecast/live/live_forecast.hpp"
#include "forecast/regional/case_onsets.hpp"
#include "ops/audit/audit.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::forecast {
namespace {

constexpr std::string_view kStatusNames[] = {"queued", "running", "done", "failed", "cancelled"};
constexpr std::string_view kStoppedError =
    "服务器在预测完成前停止 / the server stopped before the forecast finished";

ForecastStatus ParseStatus(std::string_view text) {
  for (int i = 0; i < 5; ++i)
    if (kStatusNames[i] == text) return static_cast<ForecastStatus>(i);
  return ForecastStatus::kFailed;
}

constexpr std::string_view kColumns =
    "SELECT f.id, f.user_id, u.username, f.region_code, r.name, f.days, f.runs, f.seed, "
    "f.status, f.progress, f.code_version, f.created_at, f.started_at, f.finished_at, f.error, "
    "f.cutoff, f.open_cases, f.quarantined, f.seeded_undetected, f.fitted_rt";
constexpr std::string_view kFrom =
    " FROM forecasts f JOIN users u ON u.id = f.user_id JOIN regions r ON r.code = f.region_code";

ForecastRecord FromRow(const store::Row& r) {
  ForecastRecord f;
  f.id = r.Int(0);
  f.user_id = r.Int(1);
  f.username = r.Text(2);
  f.region_code = r.Text(3);
  f.region_name = r.Text(4);
  f.days = r.Int(5);
  f.runs = r.Int(6);
  f.seed = r.Int(7);
  f.status = ParseStatus(r.Text(8));
  f.progress = r.Real(9);
  f.code_version = r.Text(10);
  f.created_at = r.Int(11);
  if (!r.IsNull(12)) f.started_at = r.Int(12);
  if (!r.IsNull(13)) f.finished_at = r.Int(13);
  if (!r.IsNull(14)) f.error = r.Text(14);
  if (!r.IsNull(15)) f.cutoff = r.Text(15);
  if (!r.IsNull(16)) f.open_cases = r.Int(16);
  if (!r.IsNull(17)) f.quarantined = r.Int(17);
  if (!r.IsNull(18)) f.seeded_undetected = r.Real(18);
  if (!r.IsNull(19)) f.fitted_rt = r.Real(19);
  return f;
}

// The forecast `id` if it lies in `scope`, with its inputs and result.
Result<ForecastRecord> Load(store::Transaction& tx, const std::string& scope, int64_t id) {
  auto row = tx.QueryOne(
      std::string(kColumns) + ", f.inputs, f.result" + std::string(kFrom) + " WHERE f.id = ?", {id},
      "forecast " + std::to_string(id) + " not found");
  if (!row) return row.error();
  ForecastRecord f = FromRow(*row);
  if (!ops::InScope(scope, f.region_code))
    return Error{ErrorCode::kNotFound, "forecast " + std::to_string(id) + " not found"};
  if (!row->IsNull(20)) f.inputs = row->Text(20);
  if (!row->IsNull(21)) f.result = row->Text(21);
  return f;
}

// Everything the forecast was made from: the options, the data as read and
// the values fitted (the result without its daily bands).
nlohmann::json InputsJson(const ForecastRequest& request, const LiveForecastOptions& options,
                          const nlohmann::json& result) {
  nlohmann::json inputs = {{"options",
                            {{"region", request.region},
                             {"days", request.days},
                             {"runs", request.runs},
                             {"seed", request.seed},
                             {"actions", result["actions"]},
                             {"ascertained", options.undetected.ascertained},
                             {"incubation_days", options.undetected.incubation},
                             {"infection_days", options.undetected.infection_days}}}};
  for (const char* key : {"cutoff", "first_day", "city", "live_state", "undetected", "fit"})
    inputs[key] = result[key];
  return inputs;
}

}  // namespace

std::string_view ForecastStatusName(ForecastStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

ForecastService::ForecastService(store::Database& db, ForecastServiceOptions options,
                                 ops::Clock clock)
    : db_(db), options_(std::move(options)), clock_(std::move(clock)) {}

ForecastService::~ForecastService() {
  for (int64_t id : runner_.Stop())
    Write(
        "UPDATE forecasts SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND "
        "status IN ('queued', 'running')",
        {clock_(), std::string(kStoppedError), id});
}

int64_t ForecastService::Write(std::string_view sql, const store::Params& params) {
  auto tx = db_.Begin();
  if (!tx) return 0;
  auto n = tx->Exec(sql, params);
  if (!n || !tx->Commit()) return 0;
  return *n;
}

Result<int64_t> ForecastService::RecoverInterrupted() {
  const int64_t now = clock_();
  const int64_t alive_since = now - 3 * int64_t{std::max(1, options_.heartbeat_seconds)};
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto n = tx->Exec(
      "UPDATE forecasts SET status = 'failed', finished_at = ?, error = ? "
      "WHERE status IN ('queued', 'running') AND (owner IS NULL OR (owner <> ? AND owner NOT IN "
      "(SELECT instance FROM simulation_servers WHERE heartbeat_at >= ?)))",
      {now, std::string(kStoppedError), options_.instance, alive_since});
  if (!n) return n.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return *n;
}

Result<ForecastRecord> ForecastService::Start(const ops::AccessContext& ctx,
                                              const ForecastRequest& request) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  if (request.days < 1 || request.days > options_.max_days)
    return InvalidArgument("days: must be 1.." + std::to_string(options_.max_days));
  if (request.runs < 1 || request.runs > options_.max_runs)
    return InvalidArgument("runs: must be 1.." + std::to_string(options_.max_runs));
  if (request.seed < 0) return InvalidArgument("seed: must not be negative");
  std::string region = request.region;
  if (region.empty()) {
    auto level = ops::LevelOfCode(ctx.scope);
    if (level && (*level == ops::RegionLevel::kCity || *level == ops::RegionLevel::kDistrict)) {
      region = ctx.scope;
    } else {
      auto city = OnlyCity(db_);
      if (!city) return InvalidArgument("region: " + city.error().message);
      region = *city;
    }
  }
  auto level = ops::LevelOfCode(region);
  if (!level) return InvalidArgument("region: " + level.error().message);
  if (*level != ops::RegionLevel::kCity && *level != ops::RegionLevel::kDistrict)
    return InvalidArgument("region: " + region + " is not a city or a district");
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations, region); !s) return s.error();
  if (Status s = CheckWhatIfActions(request.actions, region, request.days); !s) return s.error();

  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto known = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region});
  if (!known) return known.error();
  if (known->empty()) return InvalidArgument("region: " + region + " is not a known region");
  auto active = tx->Query(
      "SELECT id, status FROM forecasts WHERE user_id = ? AND status IN ('queued', 'running')",
      {ctx.user_id});
  if (!active) return active.error();
  if (!active->empty()) {
    const auto& r = active->front();
    return Error{ErrorCode::kConflict, "forecast: your forecast " + std::to_string(r.Int(0)) +
                                           " is still " + r.Text(1) +
                                           "; cancel it or wait for it to end"};
  }
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO forecasts (user_id, region_code, days, runs, seed, status, progress, "
      "code_version, owner, created_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?) RETURNING id",
      {ctx.user_id, region, int64_t{request.days}, int64_t{request.runs}, request.seed,
       std::string(CodeVersion()), options_.instance, now});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s = ops::AppendAudit(*tx, ctx, now, "create", "forecast", std::to_string(id),
                                  "region " + region + ", " + std::to_string(request.days) +
                                      " days x " + std::to_string(request.runs) + " runs" +
                                      (request.actions.empty() ? "" : ", what-if"),
                                  region);
      !s)
    return s.error();
  auto created = Load(*tx, ctx.scope, id);
  if (!created) return created;
  if (Status s = tx->Commit(); !s) return s.error();
  ForecastRequest queued = request;
  queued.region = region;
  runner_.Submit(id,
                 [this, id, queued](const std::atomic<bool>& stop) { Execute(id, queued, stop); });
  return created;
}

Result<ops::Page<ForecastRecord>> ForecastService::List(const ops::AccessContext& ctx,
                                                        int64_t after_id, int limit) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  if (limit < 1 || limit > ops::kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(ops::kMaxPageSize));
  const std::string prefix = ops::SubtreePrefix(ctx.scope), end = ops::PrefixEnd(prefix);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kColumns) + std::string(kFrom) +
                            " WHERE f.region_code >= ? AND f.region_code < ? AND (? = 0 OR "
                            "f.id < ?) ORDER BY f.id DESC LIMIT ?",
                        {prefix, end, after_id, after_id, int64_t{limit} + 1});
  if (!rows) return rows.error();
  ops::Page<ForecastRecord> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(FromRow(r));
  }
  return page;
}

Result<ForecastRecord> ForecastService::Get(const ops::AccessContext& ctx, int64_t id) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  return Load(*tx, ctx.scope, id);
}

Result<ForecastRecord> ForecastService::Cancel(const ops::AccessContext& ctx, int64_t id) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto f = Load(*tx, ctx.scope, id);
  if (!f) return f;
  if (f->user_id != ctx.user_id)
    return Error{ErrorCode::kNotFound, "forecast " + std::to_string(id) + " not found"};
  if (f->status != ForecastStatus::kQueued && f->status != ForecastStatus::kRunning)
    return Error{ErrorCode::kConflict, "forecast: " + std::to_string(id) + " has already ended (" +
                                           std::string(ForecastStatusName(f->status)) + ")"};
  const int64_t now = clock_();
  auto up = tx->Exec(
      "UPDATE forecasts SET status = 'cancelled', finished_at = ? WHERE id = ? AND status IN "
      "('queued', 'running')",
      {now, id});
  if (!up) return up.error();
  if (Status s =
          ops::AppendAudit(*tx, ctx, now, "cancel", "forecast", std::to_string(id),
                           "was " + std::string(ForecastStatusName(f->status)), f->region_code);
      !s)
    return s.error();
  auto cancelled = Load(*tx, ctx.scope, id);
  if (!cancelled) return cancelled;
  if (Status s = tx->Commit(); !s) return s.error();
  runner_.Cancel(id);
  return cancelled;
}

bool ForecastService::WaitIdle(std::chrono::milliseconds timeout) {
  return runner_.WaitIdle(timeout);
}

void ForecastService::Execute(int64_t id, const ForecastRequest& request,
                              const std::atomic<bool>& stop) {
  // Every write after the start names the status it expects: a forecast
  // cancelled meanwhile is never turned back into done or failed.
  auto fail = [&](const std::string& why) {
    Write(
        "UPDATE forecasts SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND "
        "status = 'running'",
        {clock_(), why, id});
  };
  if (Write("UPDATE forecasts SET status = 'running', started_at = ? WHERE id = ? AND status = "
            "'queued'",
            {clock_(), id}) == 0)
    return;  // cancelled while queued
  LiveForecastOptions options;
  options.region = request.region;
  options.days = request.days;
  options.runs = request.runs;
  options.seed = static_cast<uint64_t>(request.seed);
  options.actions = request.actions;
  options.threads = std::max(1, options_.threads);
  options.stop = &stop;
  auto last = std::chrono::steady_clock::now();
  const auto interval = std::chrono::duration<double>(options_.progress_interval_seconds);
  options.on_run = [&](int done, int runs) {
    if (options_.on_run) options_.on_run(id, done);
    const auto now = std::chrono::steady_clock::now();
    if (now - last < interval || done == runs) return;
    last = now;
    Write("UPDATE forecasts SET progress = ? WHERE id = ? AND status = 'running'",
          {static_cast<double>(done) / runs, id});
  };
  try {
    auto forecast = RunLiveForecast(db_, options);
    if (stop.load()) return;  // cancelled, or the destructor marks it failed
    if (!forecast) return fail(forecast.error().message);
    const nlohmann::json result = ForecastToJson(*forecast);
    const nlohmann::json inputs = InputsJson(request, options, result);
    Write(
        "UPDATE forecasts SET status = 'done', progress = 1, finished_at = ?, cutoff = ?, "
        "open_cases = ?, quarantined = ?, seeded_undetected = ?, fitted_rt = ?, inputs = ?, "
        "result = ? WHERE id = ? AND status = 'running'",
        {clock_(), forecast->cutoff, forecast->open_cases, forecast->quarantined,
         forecast->undetected.total, forecast->city_rt.mean, inputs.dump(), result.dump(), id});
  } catch (const std::bad_alloc&) {
    fail("out of memory");
  } catch (const std::exception& e) {
    fail(std::string("internal error: ") + e.what());
  }
}

}  // namespace fk::forecast
