// Wuhan's busiest day through the API (issue 13, bench/README.md "Outbreak
// replay"): a demo city of --population residents, the simulator's outbreak
// over it (transmissions.csv), and one replayed day on which the backlog of
// cases is counted at once, as on 12 Feb 2020 (13,426 new confirmed in
// Wuhan, wuhan-2020.md): --cases cases, each with --contacts contacts and
// their quarantine orders, every active order checked, every case admitted.
// The server runs in this process on a loopback port (HTTP, real logins);
// --lanes client threads send one request per connection. Prints the day's
// counts as planned and as the API reports them, and the time of the writes.
//   fk_replay_bench DB_URL [--population N] [--cases N] [--contacts N] [--lanes N]
// DB_URL: a SQLite file (made fresh) or a postgresql:// URL of an empty database.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/resource.h>

#include "api/api_server.hpp"
#include "api/demo/demo_data.hpp"
#include "api/replay/outbreak_replay.hpp"
#include "http_client.hpp"
#include "ops/clock_override.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/run/run_simulation.hpp"

namespace {

using namespace fk;
using namespace fk::api;

constexpr const char* kPassword = "replay-bench-password";

// CPU seconds (user + system) of this process so far: server and clients.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "fk_replay_bench: %s\n", what.c_str());
  return 1;
}

void PrintCounts(const char* label, const replay::DayCounts& c) {
  std::printf(
      "%-9s %s new_confirmed=%lld cumulative=%lld contacts_listed=%lld from_contacts=%lld "
      "orders_started=%lld active_orders=%lld checks=%lld beds shelter=%lld general=%lld "
      "icu=%lld\n",
      label, replay::DayDate(c.day).c_str(), (long long)c.new_confirmed,
      (long long)c.cumulative_confirmed, (long long)c.contacts_listed,
      (long long)c.new_cases_from_contacts, (long long)c.orders_started, (long long)c.active_orders,
      (long long)c.checks, (long long)c.shelter_occupied, (long long)c.general_occupied,
      (long long)c.icu_occupied);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Fail("usage: fk_replay_bench DB_URL [--population N] [--cases N] ...");
  const std::string url = argv[1];
  int64_t population = 300'000, cases = 13'426;
  int contacts = 10, lanes = 8;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long long value = std::atoll(argv[i + 1]);
    if (flag == "--population")
      population = value;
    else if (flag == "--cases")
      cases = value;
    else if (flag == "--contacts")
      contacts = static_cast<int>(value);
    else if (flag == "--lanes")
      lanes = static_cast<int>(value);
    else
      return Fail("unknown flag " + flag);
  }
  if (url.rfind("postgresql://", 0) != 0) std::filesystem::remove(url);

  ApiServerOptions options;
  options.db_url = url;
  options.http.port = 0;
  options.users.ops_limit = 1;  // fast logins: the bench measures the replay
  options.users.mem_limit = 8192;
  auto server = ApiServer::Open(options);
  if (!server.ok()) return Fail(server.error().message);
  DemoOptions demo;
  demo.population = population;
  demo.supply_days = 0;
  demo.notices = demo.volunteers = demo.command = demo.checkpoints = demo.outbreak = false;
  auto t = std::chrono::steady_clock::now();
  auto created = CreateDemoData((*server)->services(), demo);
  if (!created.ok()) return Fail(created.error().message);
  std::printf("demo city: %lld residents, %lld grids, %.1f s\n", (long long)created->residents,
              (long long)created->grids, Since(t));
  auto& users = (*server)->services().users;
  if (!users
           .CreateBySystem({"replay-officer", "回放", ops::Role::kDistrictOfficer, kDemoCity},
                           kPassword, false, "bench")
           .ok() ||
      !users
           .CreateBySystem({"replay-checker", "回放", ops::Role::kCommunityOfficer, kDemoCity},
                           kPassword, false, "bench")
           .ok())
    return Fail("staff");
  if (Status s = (*server)->Start(); !s.ok()) return Fail(s.error().message);
  const std::uint16_t port = (*server)->port();

  // The simulated outbreak over the same city.
  t = std::chrono::steady_clock::now();
  auto pop = BuildDemoCity(demo);
  if (!pop.ok()) return Fail(pop.error().message);
  sim::Parameters params = sim::DefaultParameters();
  params.population = demo.population;
  sim::RunOptions run;
  run.record_transmissions = true;
  auto result = sim::RunSimulation(params, *pop, run);
  if (!result.ok()) return Fail(result.error().message);
  const auto dir =
      std::filesystem::temp_directory_path() / ("fk-replay-bench-" + std::to_string(getpid()));
  if (Status s = sim::WriteRunOutputs(*result, *pop, params, dir); !s.ok())
    return Fail(s.error().message);
  std::stringstream csv;
  csv << std::ifstream(dir / "transmissions.csv").rdbuf();
  std::filesystem::remove_all(dir);
  auto infections = replay::ReadTransmissions(csv.str());
  if (!infections.ok()) return Fail(infections.error().message);
  std::printf("simulated outbreak: %zu infections over %d days, %.1f s\n", infections->size(),
              params.days, Since(t));

  const replay::Caller call = [port](const std::string& method, const std::string& target,
                                     const std::string& body, const std::string& token) {
    test::Headers headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    test::ClientResponse r =
        test::Request(port, method, target, body, headers, std::chrono::seconds(60));
    return replay::Answer{r.status, r.Json()};
  };
  auto officer = replay::LogIn(call, {"replay-officer", kPassword});
  if (!officer.ok()) return Fail(officer.error().message);
  t = std::chrono::steady_clock::now();
  auto residents = replay::ReadResidents(call, *officer, kDemoCity);
  if (!residents.ok()) return Fail(residents.error().message);
  std::printf("registry read through the API: %zu residents, %.1f s\n", residents->size(),
              Since(t));

  // One day, late enough that every infection is due: the backlog counted at once.
  replay::PlanOptions plan_options;
  int64_t last_infection = 0;
  for (const auto& row : *infections) last_infection = std::max(last_infection, row.day);
  plan_options.first_day = plan_options.last_day = last_infection + 1;
  plan_options.backlog = true;
  plan_options.max_cases_per_day = cases;
  plan_options.contacts_per_case = contacts;
  auto plan = replay::MakePlan(*infections, *residents, plan_options);
  if (!plan.ok()) return Fail(plan.error().message);
  const replay::DayCounts& truth = plan->truth.front();
  if (truth.new_confirmed < cases)
    return Fail("the outbreak has only " + std::to_string(truth.new_confirmed) + " cases");

  replay::ReplayOptions replay_options;
  replay_options.region = kDemoCity;
  replay_options.officer = {"replay-officer", kPassword};
  replay_options.checker = {"replay-checker", kPassword};
  replay_options.lanes = lanes;
  replay_options.set_day = [](int64_t day) { ops::SetClockOverride(day * 86400 + 12 * 3600); };
  const double cpu = CpuSeconds();
  auto report = replay::Replay(call, *plan, *residents, replay_options);
  const double replay_cpu = CpuSeconds() - cpu;
  if (!report.ok()) return Fail(report.error().message);
  (*server)->Stop();
  PrintCounts("planned", truth);
  PrintCounts("reported", report->observed.front());
  const bool equal = report->observed.front() == truth && report->errors.empty();
  for (const auto& e : report->errors) std::printf("error: %s\n", e.c_str());
  std::printf(
      "%s: %lld writes in %.1f s (%.0f a second, %d lanes); reading back %.1f s; CPU of the "
      "process (server and clients) during the replay %.1f s (%.2f ms a write)\n",
      equal ? "EQUAL" : "DIFFERENT", (long long)report->writes, report->write_seconds,
      report->writes / report->write_seconds, lanes, report->read_seconds, replay_cpu,
      1000.0 * replay_cpu / static_cast<double>(report->writes));
  return equal ? 0 : 1;
}
