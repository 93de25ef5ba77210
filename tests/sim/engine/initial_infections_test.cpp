// Infections given from outside (RunOptions::initial, a forecast's live
// state): seeded in their states on day 0, isolated ones infect nobody,
// recorded per grid (onsets, severe, critical), the same at 1 and 2
// threads; and a population completed from given households.
#include <gtest/gtest.h>

#include "sim/population/build_population.hpp"
#include "sim/population/complete_population.hpp"
#include "sim/run/run_simulation.hpp"
#include "simulate_helper.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;

struct City {
  Parameters params;
  Population pop;
};

City MakeCity() {
  City c{BuiltinScenario("default"), {}};
  c.params.population = 20000;
  c.params.days = 30;
  c.params.initial_infections = 0;
  c.params.imports_per_day = 0;
  auto pop = BuildPopulation(c.params, Rng(c.params.seed), 1);
  EXPECT_TRUE(pop.ok());
  c.pop = std::move(*pop);
  return c;
}

std::vector<InitialInfection> Seeds(bool isolated) {
  std::vector<InitialInfection> seeds;
  const State states[] = {State::kExposed, State::kPresymptomatic, State::kAsymptomatic,
                          State::kMild,    State::kSevere,         State::kCritical};
  for (uint32_t i = 0; i < 120; ++i) seeds.push_back({i * 151, states[i % 6], isolated});
  return seeds;
}

TEST(InitialInfections, SeededInTheirStatesAndRecordedPerGrid) {
  City c = MakeCity();
  const auto seeds = Seeds(false);
  RunOptions o;
  o.initial = &seeds;
  o.record_grids = true;
  auto run = RunSimulation(c.params, c.pop, o);
  ASSERT_TRUE(run.ok());
  const DayRecord& day0 = run->daily.front();
  EXPECT_EQ(day0.new_infections[static_cast<int>(Layer::kSeed)], 120);
  // Severe and critical need at least a day to change state.
  EXPECT_EQ(day0.in_state[static_cast<int>(State::kSevere)] +
                day0.in_state[static_cast<int>(State::kCritical)],
            40);
  int64_t beds = 0;
  for (const GridDayRecord& g : run->grid_daily)
    if (g.day == 0) beds += g.severe + g.critical;
  EXPECT_EQ(beds, 40);
  int64_t onsets = 0, grid_onsets = 0;
  for (const DayRecord& d : run->daily) onsets += d.new_symptomatic;
  for (const GridDayRecord& g : run->grid_daily) grid_onsets += g.new_symptomatic;
  EXPECT_EQ(grid_onsets, onsets);
  EXPECT_GT(onsets, 20);  // the presymptomatic seeds at least
  EXPECT_GT(run->summary.total_infections, 120);

  o.threads = 2;
  auto two = RunSimulation(c.params, c.pop, o);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->grid_daily.size(), run->grid_daily.size());
  for (size_t i = 0; i < run->grid_daily.size(); ++i) {
    EXPECT_EQ(two->grid_daily[i].new_symptomatic, run->grid_daily[i].new_symptomatic);
    EXPECT_EQ(two->grid_daily[i].new_infections, run->grid_daily[i].new_infections);
  }
}

TEST(InitialInfections, IsolatedSeedsInfectNobody) {
  City c = MakeCity();
  const auto seeds = Seeds(true);
  RunOptions o;
  o.initial = &seeds;
  auto run = RunSimulation(c.params, c.pop, o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->summary.total_infections, 120);
}

TEST(CompletePopulation, GivenHouseholdsGetTheSimulatorsGroups) {
  City c = MakeCity();
  Population given = c.pop;  // the layout without groups
  given.agent_group.clear();
  given.group_kind.clear();
  given.group_school.clear();
  given.group_start.clear();
  given.group_members.clear();
  given.school_class_start.clear();
  ASSERT_TRUE(CompletePopulation(c.params, Rng(c.params.seed), 2, given).ok());
  EXPECT_EQ(given.agent_group, c.pop.agent_group);  // as BuildPopulation deals them
  EXPECT_EQ(given.group_members, c.pop.group_members);
  Population bad = c.pop;
  bad.household_start[1] = bad.household_start[0];  // an empty household
  EXPECT_FALSE(CompletePopulation(c.params, Rng(1), 1, bad).ok());
}

}  // namespace
}  // namespace fk::sim
