// `fangkong serve` and `fangkong demo`: the operations server.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "api/api_server.hpp"
#include "api/demo/demo_data.hpp"
#include "api/demo/demo_outbreak.hpp"
#include "api/endpoints/routes.hpp"
#include "cli/commands.hpp"
#include "sim/population/build_population.hpp"
#include "store/database.hpp"

namespace fk::cli {

namespace {

struct ServeFlags {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  int workers = api::DefaultWorkerThreads();  // docs/http-server.md
  int io_threads = 2;
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 256;
  std::size_t body_budget_mib = 256;
  std::vector<std::string> trusted_proxies;
  std::string tls_certificate;
  std::string tls_key;
  // The built front end; by default the web/dist of the checkout this binary
  // was built from (docs/http-server.md, "The web front end").
  std::string web_root = std::string(FANGKONG_SOURCE_DIR) + "/web/dist";
  // Simulation runs (ops/simulation/simulation.hpp, docs/operations.md):
  // by default one at a time on half the cores, so that requests keep the rest.
  int sim_runs = 1;
  std::int64_t sim_max_agent_days = ops::SimulationOptions{}.max_agent_days;
  int sim_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  int sim_heartbeat = ops::SimulationOptions{}.heartbeat_seconds;
  api::DemoOptions demo;  // `fangkong demo` only
};

void AddServeFlags(CLI::App* cmd, ServeFlags& f, bool db_required) {
  auto* db = cmd->add_option("--db", f.db, "SQLite file path or postgresql://user@host:port/db");
  if (db_required) db->required();
  cmd->add_option("--listen", f.listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  cmd->add_option("--workers", f.workers, "handler threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--io-threads", f.io_threads, "network threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--max-connections", f.max_connections, "open connections at most")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--max-connections-per-address", f.max_connections_per_address,
                  "open connections from one client address at most (trusted proxies exempt)")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--body-budget", f.body_budget_mib,
                  "MiB of request bodies held at once across all connections (a body that does "
                  "not fit waits up to 1 s, then gets 503)")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", f.trusted_proxies,
                  "address or CIDR block of a reverse proxy whose X-Forwarded-For and "
                  "X-Forwarded-Proto are believed (repeatable)");
  auto* cert = cmd->add_option("--tls-cert", f.tls_certificate,
                               "PEM certificate chain: serve HTTPS only (TLS 1.2 and later)");
  auto* key = cmd->add_option("--tls-key", f.tls_key, "PEM private key of --tls-cert");
  cert->needs(key);
  key->needs(cert);
  cmd->add_option("--web-root", f.web_root,
                  "folder of the built web front end, served at / (empty: none)")
      ->capture_default_str();
  cmd->add_option("--sim-runs", f.sim_runs,
                  "simulation runs at once (more wait in a queue; one per user)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--sim-max-agent-days", f.sim_max_agent_days,
                  "largest simulation run accepted, in agents x days")
      ->check(CLI::Range(std::int64_t{1000}, std::int64_t{1'000'000'000'000}))
      ->capture_default_str();
  cmd->add_option("--sim-threads", f.sim_threads, "simulator threads of one run")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--sim-heartbeat", f.sim_heartbeat,
                  "seconds between this server's heartbeats; a server silent for 3 of them is "
                  "gone and the other servers on the database fail its simulation runs")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

// Runs until SIGINT or SIGTERM; returns the exit code.
int Serve(const ServeFlags& f, bool demo) {
  const std::size_t colon = f.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(f.listen.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  if (colon == std::string::npos || port < 0 || port > 65535) {
    std::fprintf(stderr, "fangkong: --listen must be HOST:PORT, got '%s'\n", f.listen.c_str());
    return 2;
  }
  api::ApiServerOptions options;
  options.db_url = f.db;
  options.web_root = f.web_root;
  options.http.host = f.listen.substr(0, colon);
  options.http.port = static_cast<std::uint16_t>(port);
  options.http.worker_threads = f.workers;
  options.http.io_threads = f.io_threads;
  options.http.max_connections = f.max_connections;
  options.http.max_connections_per_address = f.max_connections_per_address;
  options.http.body_budget_bytes = f.body_budget_mib << 20;
  options.http.trusted_proxies = f.trusted_proxies;
  options.http.tls_certificate_file = f.tls_certificate;
  options.http.tls_private_key_file = f.tls_key;
  options.simulation.max_running = f.sim_runs;
  options.simulation.max_agent_days = f.sim_max_agent_days;
  options.simulation.threads = f.sim_threads;
  options.simulation.heartbeat_seconds = f.sim_heartbeat;
  options.simulation.scenario_dir = BuiltinScenarioDir();
  bool new_demo = false;
  if (demo) {
    // Demo creates a new database or reuses one it made; never another
    // (a real city's database must not receive the public demo logins).
    auto db = store::Database::Open(f.db, {.pool_size = 1});
    if (!db.ok()) {
      std::fprintf(stderr, "fangkong: %s\n", db.error().message.c_str());
      return 1;
    }
    auto kind = api::ClassifyDemoDatabase(**db);
    if (!kind.ok()) {
      std::fprintf(stderr, "fangkong: %s\n", kind.error().message.c_str());
      return 1;
    }
    if (*kind == api::DemoDatabase::kOther) {
      std::fprintf(stderr,
                   "fangkong: %s was not made by `fangkong demo`; demo creates a new database or "
                   "reuses one it made, and never changes another (serve it with `fangkong "
                   "serve`, or give demo a new --db)\n",
                   f.db.c_str());
      return 1;
    }
    new_demo = *kind == api::DemoDatabase::kNew;
  }
  api::BlockTerminationSignals();
  auto server = api::ApiServer::Open(options);
  if (!server.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", server.error().message.c_str());
    return 1;
  }
  if (new_demo) {
    api::DemoOptions demo_options = f.demo;
    demo_options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    auto created = api::CreateDemoData((*server)->services(), demo_options);
    if (!created.ok()) {
      std::fprintf(stderr, "fangkong: demo data: %s\n", created.error().message.c_str());
      return 1;
    }
    std::printf("Demo database: %s (created)\n", f.db.c_str());
    std::printf(
        "Demo city: %lld residents in %lld households, %lld grids, %lld districts (built in "
        "%.2f s, stored in %.2f s)\n",
        static_cast<long long>(created->residents), static_cast<long long>(created->households),
        static_cast<long long>(created->grids), static_cast<long long>(created->districts),
        created->build_seconds, created->store_seconds);
    if (created->cases > 0) {
      std::printf(
          "Demo outbreak: %lld cases, %lld quarantine orders, over the last %d days (stored in "
          "%.2f s)\n",
          static_cast<long long>(created->cases),
          static_cast<long long>(created->quarantine_orders), api::kOutbreakDays,
          created->outbreak_seconds);
    }
  } else if (demo) {
    std::printf(
        "Demo database: %s (made by an earlier `fangkong demo`; reused as it is, its "
        "logins are not printed)\n",
        f.db.c_str());
  }
  if (Status started = (*server)->Start(); !started.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", started.error().message.c_str());
    return 1;
  }
  std::printf("Serving %s://%s:%u/ (API under /api/v1, OpenAPI at /api/v1/openapi.json)\n",
              f.tls_certificate.empty() ? "http" : "https", options.http.host.c_str(),
              (*server)->port());
  if (new_demo) {
    std::printf("Demo logins (POST /api/v1/auth/login with username and password):\n");
    for (const auto& login : api::DemoLogins()) {
      std::printf("  %-10s %-14s role %-18s scope %s\n", login.username.c_str(),
                  login.password.c_str(), login.role.c_str(), login.scope.c_str());
    }
  }
  std::printf("Press Ctrl-C to stop.\n");
  std::fflush(stdout);
  const int signal = api::WaitForTerminationSignal();
  std::printf("Signal %d: stopping after requests in progress.\n", signal);
  (*server)->Stop();
  return 0;
}

// `fangkong openapi`: the OpenAPI document of the route table, without a
// database server: the routes are built over a throwaway SQLite database in
// a temporary folder (no handler runs; the table only needs services to
// point at).
int PrintOpenApi() {
  std::error_code ec;
  const auto dir =
      std::filesystem::temp_directory_path(ec) / ("fangkong-openapi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir, ec);
  Result<std::string> text = Error{};
  {
    auto db = store::Database::Open((dir / "openapi.db").string());
    if (db.ok()) {
      api::Services services(**db);
      text = api::ApiDocument(api::BuildRoutes(services)).dump(2);
    } else {
      text = db.error();
    }
  }
  // Removed before printing, so that a reader that stops early (SIGPIPE)
  // leaves nothing behind.
  std::filesystem::remove_all(dir, ec);
  if (!text.ok()) {
    std::fprintf(stderr, "fangkong openapi: %s\n", text.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", text->c_str());
  return 0;
}

}  // namespace

void RegisterServerCommands(CLI::App& app, int& exit_code) {
  static ServeFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "Run the operations server (HTTP/1.1 JSON API)");
  AddServeFlags(serve, serve_flags, true);
  serve->callback([&exit_code] { exit_code = Serve(serve_flags, false); });

  static ServeFlags demo_flags;
  demo_flags.db = "fangkong-demo.db";
  auto* demo = app.add_subcommand(
      "demo",
      "Create a demo database (a simulated city: regions, grids, households, residents, one "
      "user of each role with the public password fangkong-demo, supplies, notices, directives, "
      "and "
      "an outbreak of the last six weeks: cases, contacts, quarantine orders, hospital beds) and "
      "serve it; a database made "
      "by an earlier demo is reused as it is (its logins not printed), any other is refused");
  AddServeFlags(demo, demo_flags, false);
  demo->add_option("--population", demo_flags.demo.population,
                   "residents of the simulated city (when the database is created)")
      ->check(CLI::Range(sim::kMinPopulation, api::kMaxDemoPopulation))
      ->capture_default_str();
  demo->add_option("--households-per-grid", demo_flags.demo.households_per_grid,
                   "households a grid, 10 to 5000 (when the database is created; default 0: the "
                   "simulator's 350); "
                   "fewer make more grids, e.g. a map of about 3,000 grids from 200,000 residents")
      ->check(CLI::Range(10, 5000))
      ->capture_default_str();
  demo->add_option("--seed", demo_flags.demo.seed,
                   "random seed of the simulated city and its residents' data")
      ->capture_default_str();
  demo->add_flag_callback(
      "--no-outbreak", [] { demo_flags.demo.outbreak = false; },
      "a city without the outbreak (no cases, contacts, quarantine, hospitals; when the database "
      "is created)");
  demo->callback([&exit_code] { exit_code = Serve(demo_flags, true); });

  auto* openapi = app.add_subcommand(
      "openapi", "Print the API's OpenAPI 3 document (what /api/v1/openapi.json serves)");
  openapi->callback([&exit_code] { exit_code = PrintOpenApi(); });
}

}  // namespace fk::cli
