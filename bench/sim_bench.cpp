// Google Benchmark of whole simulation runs of the default city (population
// built once, outside the timing): 100 days at 100k and 1M agents on 1 and
// 2 threads, and at 1M agents with measures configured but none in force.
// Numbers and how to read them: bench/README.md.
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

// The same run with measures configured but none in force (all start on
// day 1,000): one of every kind but `hospital` (a hospital not yet open is
// a city with no beds, not an inactive measure), with contact tracing
// (range(1) = 1) or without it (0). Fever from other causes is drawn
// (testing, isolation and screening are configured). 2 threads.
void BM_SimulateWithInactiveMeasures(benchmark::State& state) {
  fk::sim::Parameters params = fk::sim::DefaultParameters();
  params.population = state.range(0);
  params.days = 100;
  for (int k = 0; k < fk::sim::kMeasureKindCount; ++k) {
    const auto kind = static_cast<fk::sim::MeasureKind>(k);
    if (kind == fk::sim::MeasureKind::kHospital) continue;
    if (kind == fk::sim::MeasureKind::kContactTracing && state.range(1) == 0) continue;
    fk::sim::MeasureSpec m;
    m.kind = kind;
    m.start.kind = fk::sim::MeasureTime::Kind::kDay;
    m.start.day = 1000;
    params.measures.push_back(m);
  }
  auto population = fk::sim::BuildPopulation(params, fk::Rng(params.seed), 2);
  fk::sim::RunOptions options;
  options.threads = 2;
  int64_t infections = 0;
  for (auto _ : state) {
    auto result = fk::sim::RunSimulation(params, *population, options);
    infections = result->summary.total_infections;
    benchmark::DoNotOptimize(infections);
  }
  state.counters["infections"] = static_cast<double>(infections);
}

BENCHMARK(BM_SimulateWithInactiveMeasures)
    ->ArgsProduct({{1000000}, {0, 1}})
    ->ArgNames({"agents", "tracing"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
