// Building the synthetic city (BuildPopulation) with the default parameters
// on 2 threads. Run: build/<dir>/bench/population_bench
#include <benchmark/benchmark.h>

#include "common/rng.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/population/build_population.hpp"

namespace {

void BM_BuildPopulation(benchmark::State& state) {
  fk::sim::Parameters params = fk::sim::DefaultParameters();
  params.population = state.range(0);
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto pop = fk::sim::BuildPopulation(params, fk::Rng(params.seed), 2);
    if (!pop.ok()) {
      state.SkipWithError(pop.error().message.c_str());
      return;
    }
    bytes = pop->MemoryBytes();
    benchmark::DoNotOptimize(pop->age.data());
  }
  state.counters["bytes_per_agent"] = static_cast<double>(bytes) / params.population;
  state.SetItemsProcessed(state.iterations() * params.population);
}
BENCHMARK(BM_BuildPopulation)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
