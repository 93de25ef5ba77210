// The forecast from the live data (issue 17) at city scale: a demo city of
// N residents (default 1,000,000) in a SQLite database with an outbreak of
// confirmed cases, then `fangkong forecast`'s work (RunLiveForecast: cases,
// Rt, the live state, the registry streamed into the simulator's city,
// calibration, the ensemble) timed from the database to the result.
// Usage: fk_forecast_bench DB [POPULATION] [THREADS] [RUNS] [DAYS] [stored]
// DB is created (demo city and cases) when it does not exist, else reused.
// With "stored": the server's path instead (forecast/service: queued by the
// command centre's account, run on the service's runner, the result and
// inputs stored in `forecasts` and read back), timed from Start to the
// stored forecast read.
// Numbers and the command: bench/README.md, "Forecast".
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "api/demo/demo_data.hpp"
#include "api/endpoints/services.hpp"
#include "common/dates.hpp"
#include "common/distributions.hpp"
#include "common/rng.hpp"
#include "forecast/live/live_forecast.hpp"
#include "forecast/service/forecast_service.hpp"
#include "ops/schema.hpp"
#include "store/database.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Confirmed cases: onsets over 40 days to the cutoff 2020-11-01, 20 a day
// growing 4 % a day (about 2,000), confirmed 1-5 days after onset; two thirds
// in the first district's residents, the rest anywhere; closed (recovered)
// when the onset is more than 14 days old; one in ten severe, one in fifty
// critical.
int AddOutbreak(fk::store::Database& db) {
  std::vector<std::pair<int64_t, std::string>> all, first;
  {
    auto lease = db.Acquire();
    auto rows = (*lease)->Query("SELECT id, grid_code FROM residents ORDER BY id");
    if (!rows) return 0;
    for (const auto& r : *rows) all.emplace_back(r.Int(0), r.Text(1));
  }
  for (const auto& p : all)
    if (p.second.compare(0, 6, all.front().second.substr(0, 6)) == 0) first.push_back(p);
  const fk::Rng rng(17);
  const int cutoff = fk::DaysFromCivil(fk::Date{2020, 11, 1});
  auto tx = db.Begin();
  int added = 0;
  for (int t = 0; t < 40; ++t) {
    const int onset = cutoff - 40 + t;
    const int64_t n = fk::PoissonFromUniform(20 * std::exp(0.04 * t),
                                             rng.Uniform(fk::Stream::kCalibration, t, 0, 0));
    for (int64_t k = 0; k < n; ++k) {
      const fk::Bits b = rng.Draw(fk::Stream::kCalibration, t, static_cast<uint32_t>(k + 1), 0);
      const int delay = 1 + static_cast<int>(b[0] % 5);
      if (onset + delay > cutoff) continue;
      const auto& pool = b[1] % 3 < 2 ? first : all;
      const auto& [id, grid] = pool[fk::Rng::ToIndex(b[2], pool.size())];
      const char* severity = b[3] % 50 == 0 ? "critical" : b[3] % 10 == 0 ? "severe" : "mild";
      const bool closed = cutoff - onset > 14;
      const std::string on = fk::AddDays(fk::Date{1970, 1, 1}, onset),
                        rep = fk::AddDays(fk::Date{1970, 1, 1}, onset + delay);
      auto r = tx->Exec(
          "INSERT INTO cases (resident_id, grid_code, status, severity, onset_date, report_date, "
          "confirmation_date, basis, outcome, outcome_date, created_by, created_at, updated_at) "
          "SELECT ?, ?, 'confirmed', ?, ?, ?, ?, 'lab_test', ?, ?, 1, 0, 0 WHERE NOT EXISTS "
          "(SELECT 1 FROM cases WHERE resident_id = ? AND outcome IS NULL)",
          {id, grid, std::string(severity), on, rep, rep,
           closed ? fk::store::Value(std::string("recovered")) : fk::store::Value(nullptr),
           closed ? fk::store::Value(rep) : fk::store::Value(nullptr), id});
      if (r.ok()) added += static_cast<int>(*r);
    }
  }
  (void)tx->Commit();
  return added;
}

// The forecast through the server's service, from Start to the stored row.
int Stored(fk::store::Database& db, int threads, int runs, int days) {
  int64_t user = 0;
  {
    auto tx = db.Begin(fk::store::TxMode::kRead);
    if (!tx) return 1;
    auto row = tx->QueryOne("SELECT id FROM users WHERE username = 'command'", {}, "no user");
    if (!row) return 1;
    user = row->Int(0);
  }
  const fk::ops::AccessContext command{user, fk::ops::Role::kCommandCentre, fk::api::kDemoCity,
                                       "bench"};
  fk::forecast::ForecastServiceOptions options;
  options.threads = threads;
  options.instance = "bench";
  fk::forecast::ForecastService service(db, options);
  const auto start = Clock::now();
  const double cpu0 = CpuSeconds();
  auto queued = service.Start(command, {.region = "", .days = days, .runs = runs, .seed = 1});
  if (!queued) {
    std::fprintf(stderr, "%s\n", queued.error().message.c_str());
    return 1;
  }
  if (!service.WaitIdle(std::chrono::minutes(30))) return 1;
  auto stored = service.Get(command, queued->id);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu0;
  if (!stored) return 1;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf(
      "stored forecast %lld: %s, %d runs x %d days, %d threads, code %s; %lld open cases, %.0f "
      "undetected seeded, Rt %.2f; result %zu bytes\n"
      "wall %.1f s (Start to the stored row read), CPU %.1f s, peak RSS %.0f MiB, load average "
      "%.1f %.1f %.1f\n",
      static_cast<long long>(stored->id),
      std::string(fk::forecast::ForecastStatusName(stored->status)).c_str(), runs, days, threads,
      stored->code_version.c_str(), static_cast<long long>(stored->open_cases.value_or(-1)),
      stored->seeded_undetected.value_or(-1), stored->fitted_rt.value_or(-1), stored->result.size(),
      wall, cpu, u.ru_maxrss / 1024.0, load[0], load[1], load[2]);
  if (stored->status != fk::forecast::ForecastStatus::kDone) {
    std::fprintf(stderr, "%s\n", stored->error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [POPULATION] [THREADS] [RUNS] [DAYS]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int64_t population = argc > 2 ? std::stoll(argv[2]) : 1'000'000;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 2;
  const int runs = argc > 4 ? std::stoi(argv[4]) : 20;
  const int days = argc > 5 ? std::stoi(argv[5]) : 28;
  const bool fresh = !std::filesystem::exists(path);
  auto db = fk::store::Database::Open(path, {.pool_size = 2});
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  if (!fk::ops::MigrateOps(**db).ok()) return 1;
  if (fresh) {
    const auto t0 = Clock::now();
    fk::ops::UserOptions users;
    users.ops_limit = 1;
    users.mem_limit = 8192;
    fk::api::Services services(**db, users);
    fk::api::DemoOptions demo;
    demo.population = population;
    demo.threads = threads;
    demo.supply_days = 0;
    demo.notices = false;
    demo.command = false;
    demo.outbreak = false;  // AddOutbreak makes the bench's own
    auto made = fk::api::CreateDemoData(services, demo);
    if (!made) {
      std::fprintf(stderr, "%s\n", made.error().message.c_str());
      return 1;
    }
    const int cases = AddOutbreak(**db);
    std::printf("setup: demo city of %lld residents and %d cases in %.1f s (not timed below)\n",
                static_cast<long long>(made->residents), cases,
                std::chrono::duration<double>(Clock::now() - t0).count());
  }
  if (argc > 6 && std::string(argv[6]) == "stored") return Stored(**db, threads, runs, days);
  fk::forecast::LiveForecastOptions o;
  o.days = days;
  o.runs = runs;
  o.threads = threads;
  const auto start = Clock::now();
  const double cpu0 = CpuSeconds();
  double first_run = 0;
  o.on_run = [&](int done, int) {
    if (done == 1) first_run = std::chrono::duration<double>(Clock::now() - start).count();
  };
  auto f = fk::forecast::RunLiveForecast(**db, o);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu0;
  if (!f) {
    std::fprintf(stderr, "%s\n", f.error().message.c_str());
    return 1;
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  const auto& city = f->regions.front();
  std::printf(
      "forecast: %lld residents, %lld households, %lld open cases, %.0f undetected seeded, Rt "
      "%.2f -> R0 %.2f, %d runs x %d days, %d threads\n"
      "wall %.1f s (to the end of the first run %.1f s), CPU %.1f s, peak RSS %.0f MiB, load "
      "average %.1f %.1f %.1f\n"
      "city: new cases over %d days %.0f (%.0f-%.0f); beds on the last day %.0f (%.0f-%.0f); "
      "simulated Rt %.2f\n",
      static_cast<long long>(f->residents), static_cast<long long>(f->households),
      static_cast<long long>(f->open_cases), f->undetected.total, f->city_rt.mean, f->r0, runs,
      days, threads, wall, first_run, cpu, u.ru_maxrss / 1024.0, load[0], load[1], load[2], days,
      city.total_new_cases.median, city.total_new_cases.p05, city.total_new_cases.p95,
      city.beds.back().median, city.beds.back().p05, city.beds.back().p95, f->simulated_rt.median);
  return 0;
}
