// Whether an out-of-scope record can be told from a missing one by timing
// (security by default: "a role matrix that holds can still be walked around
// ... by timing"). A grid worker reads a resident of their grid (200), a
// resident of another street's grid (404) and an id that does not exist
// (404) through RegistryService::GetResident, what GET
// /api/v1/residents/{id} calls, on a 2,000-resident demo database (SQLite,
// a fresh temporary file). Compare the two 404 lines (bench/README.md,
// "Out-of-scope and missing records").
//   build/release/bench/ops/fk_scope_timing_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "api/demo/demo_data.hpp"
#include "api/endpoints/services.hpp"
#include "ops/schema.hpp"
#include "store/database.hpp"

namespace fk::api {
namespace {

struct Fixture {
  std::filesystem::path file;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<Services> services;
  ops::AccessContext worker{0, ops::Role::kGridWorker, kDemoGrid, "bench"};
  int64_t mine = 0, theirs = 0, missing = 0;

  Fixture() {
    file = std::filesystem::temp_directory_path() /
           ("fk-scope-timing-" + std::to_string(::getpid()) + ".db");
    auto opened = store::Database::Open(file.string());
    if (!opened) Die(opened.error().message);
    db = std::move(*opened);
    if (auto v = ops::MigrateOps(*db); !v) Die(v.error().message);
    ops::UserOptions users;
    users.ops_limit = 1;
    users.mem_limit = 8192;
    services = std::make_unique<Services>(*db, users);
    DemoOptions demo;
    demo.population = 2'000;
    demo.outbreak = false;
    if (auto created = CreateDemoData(*services, demo); !created) Die(created.error().message);
    auto lease = db->Acquire();
    if (!lease) Die(lease.error().message);
    auto first = [&](const char* grid) {
      auto row =
          (*lease)->Query("SELECT MIN(id) FROM residents WHERE grid_code = ?", {std::string(grid)});
      if (!row || row->empty()) Die(std::string("no resident in ") + grid);
      return row->front().Int(0);
    };
    mine = first(kDemoGrid);
    theirs = first(kDemoOtherGrid);
    auto top = (*lease)->Query("SELECT MAX(id) FROM residents", {});
    if (!top) Die(top.error().message);
    missing = top->front().Int(0) + 1000;
  }
  ~Fixture() {
    services.reset();
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  }
  [[noreturn]] static void Die(const std::string& why) {
    std::fprintf(stderr, "fk_scope_timing_bench: %s\n", why.c_str());
    std::exit(1);
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

void Read(benchmark::State& state, int64_t Fixture::*which, bool found) {
  Fixture& f = Shared();
  for (auto _ : state) {
    auto r = f.services->registry.GetResident(f.worker, f.*which);
    if (r.ok() != found) state.SkipWithError("unexpected answer");
    benchmark::DoNotOptimize(r);
  }
}

void BM_InScope(benchmark::State& state) { Read(state, &Fixture::mine, true); }
void BM_OutOfScope(benchmark::State& state) { Read(state, &Fixture::theirs, false); }
void BM_Missing(benchmark::State& state) { Read(state, &Fixture::missing, false); }
BENCHMARK(BM_InScope)->Unit(benchmark::kMicrosecond)->Repetitions(5);
BENCHMARK(BM_OutOfScope)->Unit(benchmark::kMicrosecond)->Repetitions(5);
BENCHMARK(BM_Missing)->Unit(benchmark::kMicrosecond)->Repetitions(5);

}  // namespace
}  // namespace fk::api

BENCHMARK_MAIN();
