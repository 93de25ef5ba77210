// Google Benchmark of whole simulation runs of the default city (population
// built once, outside the timing): 100 days at 100k and 1M agents on 1 and
// 2 threads. Numbers and how to read them: bench/README.md.
#include <benchmark/benchmark.h>

#include "common/rng.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/population/build_population.hpp"
#include "sim/run/run_simulation.hpp"

namespace {

void BM_SimulateDefaultCity(benchmark::State& state) {
  fk::sim::Parameters params = fk::sim::DefaultParameters();
  params.population = state.range(0);
  params.days = 100;
  const int threads = static_cast<int>(state.range(1));
  auto population = fk::sim::BuildPopulation(params, fk::Rng(params.seed), threads);
  fk::sim::RunOptions options;
  options.threads = threads;
  int64_t infections = 0;
  for (auto _ : state) {
    auto result = fk::sim::RunSimulation(params, *population, options);
    infections = result->summary.total_infections;
    benchmark::DoNotOptimize(infections);
  }
  state.counters["infections"] = static_cast<double>(infections);
  state.counters["agent_days_per_s"] =
      benchmark::Counter(static_cast<double>(params.population) * params.days,
                         benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_SimulateDefaultCity)
    ->ArgsProduct({{100000, 1000000}, {1, 2}})
    ->ArgNames({"agents", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
