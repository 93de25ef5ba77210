// Runs a whole simulation in-process for tests: builds the city of `params`
// and simulates it.
#pragma once

#include <gtest/gtest.h>

#include "sim/params/parameter_table.hpp"
#include "sim/params/scenario.hpp"
#include "sim/population/build_population.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::sim::testing {

inline Parameters BuiltinScenario(const char* name) {
  auto p = LoadScenarioFile(std::string(FANGKONG_SOURCE_DIR) + "/scenarios/" + name + ".toml");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : DefaultParameters();
}

inline RunResult Simulate(const Parameters& params, int threads = 2, bool grids = false,
                          bool transmissions = false) {
  EXPECT_TRUE(Validate(params).ok()) << Validate(params).error().message;
  auto population = BuildPopulation(params, Rng(params.seed), threads);
  EXPECT_TRUE(population.ok()) << population.error().message;
  RunOptions options;
  options.threads = threads;
  options.record_grids = grids;
  options.record_transmissions = transmissions;
  auto result = RunSimulation(params, *population, options);
  EXPECT_TRUE(result.ok());
  return std::move(result).value();
}

}  // namespace fk::sim::testing
