// The same seed gives the same epidemic, bit for bit, at any thread count.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>

#include "simulate_helper.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

void ExpectSameRun(const RunResult& a, const RunResult& b) {
  ASSERT_EQ(a.daily.size(), b.daily.size());
  for (size_t i = 0; i < a.daily.size(); ++i) {
    EXPECT_EQ(a.daily[i].in_state, b.daily[i].in_state) << "day " << i;
    EXPECT_EQ(a.daily[i].new_infections, b.daily[i].new_infections) << "day " << i;
  }
  ASSERT_EQ(a.transmissions.size(), b.transmissions.size());
  for (size_t i = 0; i < a.transmissions.size(); ++i) {
    EXPECT_EQ(a.transmissions[i].infector, b.transmissions[i].infector);
    EXPECT_EQ(a.transmissions[i].infectee, b.transmissions[i].infectee);
    EXPECT_EQ(a.transmissions[i].layer, b.transmissions[i].layer);
  }
  ASSERT_EQ(a.grid_daily.size(), b.grid_daily.size());
  for (size_t i = 0; i < a.grid_daily.size(); ++i) {
    EXPECT_EQ(a.grid_daily[i].grid, b.grid_daily[i].grid);
    EXPECT_EQ(a.grid_daily[i].infectious, b.grid_daily[i].infectious);
  }
  EXPECT_EQ(a.summary.transmission_scale, b.summary.transmission_scale);  // bit for bit
  EXPECT_EQ(a.summary.empirical_r0, b.summary.empirical_r0);
}

TEST(Determinism, OneAndTwoThreadsGiveTheSameEpidemic) {
  Parameters p = BuiltinScenario("default");
  p.population = 40000;
  p.days = 90;
  p.imports_per_day = 0.5;
  RunResult one = Simulate(p, 1, true, true);
  RunResult two = Simulate(p, 2, true, true);
  EXPECT_GT(one.summary.total_infections, 1000);
  ExpectSameRun(one, two);
  RunResult again = Simulate(p, 2, true, true);
  ExpectSameRun(two, again);
}

TEST(Determinism, AnotherSeedGivesAnotherEpidemic) {
  Parameters p = BuiltinScenario("default");
  p.population = 20000;
  p.days = 60;
  RunResult a = Simulate(p);
  p.seed += 1;
  RunResult b = Simulate(p);
  EXPECT_NE(a.summary.total_infections, b.summary.total_infections);
}

// A stop flag (the server's cancel) ends the run after the day it is seen,
// and the days run are those of the whole run, at 1 and 2 threads.
TEST(Determinism, AStoppedRunIsThePrefixOfTheWholeRun) {
  Parameters p = BuiltinScenario("default");
  p.population = 20000;
  p.days = 40;
  RunResult whole = Simulate(p, 1);
  EXPECT_FALSE(whole.stopped);
  for (int threads : {1, 2}) {
    auto population = BuildPopulation(p, Rng(p.seed), threads);
    ASSERT_TRUE(population.ok());
    std::atomic<bool> stop{false};
    RunOptions options;
    options.threads = threads;
    options.stop = &stop;
    options.on_day = [&stop](int day, int, int64_t) {
      if (day == 14) stop = true;
    };
    auto stopped = RunSimulation(p, *population, options);
    ASSERT_TRUE(stopped.ok());
    EXPECT_TRUE(stopped->stopped);
    ASSERT_EQ(stopped->daily.size(), 15u);
    for (size_t i = 0; i < stopped->daily.size(); ++i) {
      EXPECT_EQ(stopped->daily[i].in_state, whole.daily[i].in_state) << "day " << i;
      EXPECT_EQ(stopped->daily[i].new_infections, whole.daily[i].new_infections) << "day " << i;
    }
  }
}

}  // namespace
}  // namespace fk::sim
