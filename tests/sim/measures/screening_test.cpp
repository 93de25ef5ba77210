// Door-to-door screening (拉网式排查) and fever from other causes: a round
// visits every household of its scope in round_days days and isolates the
// people with mild symptoms or another fever it finds, and nobody else;
// people with another fever seek tests, test negative and fill isolation.
// Policy-level checks are exact (known states and flags); the whole-run
// checks compare with the same run without the measure.
#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"
#include "sim/measures/measure_policy.hpp"
#include "sim/population/build_population.hpp"
#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

Parameters City(int64_t population, int days) {
  Parameters p = BuiltinScenario("default");
  p.population = population;
  p.days = days;
  p.initial_infections = 40;
  p.other_fever_per_100k.fill(0);
  return p;
}

MeasureSpec Measure(MeasureKind kind, int start_day) {
  MeasureSpec m;
  m.kind = kind;
  m.start.kind = MeasureTime::Kind::kDay;
  m.start.day = start_day;
  if (kind == MeasureKind::kScreening) m.facility = true;
  return m;
}

Population Build(const Parameters& p) {
  auto pop = BuildPopulation(p, Rng(p.seed), 2);
  EXPECT_TRUE(pop.ok());
  return std::move(pop).value();
}

// Runs the policy alone, day by day, on given states.
struct PolicyDays {
  PolicyDays(const Parameters& p, const Population& pop) : context(pop, p.seed) {
    auto created = MeasurePolicy::Create(p, pop);
    EXPECT_TRUE(created.ok()) << created.error().message;
    policy = std::move(created).value();
  }
  DayRecord Run(int day, const std::vector<State>& states,
                const std::vector<uint32_t>& onsets = {}) {
    policy->BeginDay(day, records, context);
    policy->AfterProgress(day, onsets, states, context);
    DayRecord r;
    r.day = day;
    policy->RecordDay(day, r);
    records.push_back(r);
    return r;
  }
  std::unique_ptr<MeasurePolicy> policy;
  TransmissionContext context;
  std::vector<DayRecord> records;
};

// A round over one community: its households in three days (a third, at
// most, a day), none outside it; the mild resident of the community is
// found and isolated in a facility on the day its household is visited;
// the presymptomatic one, the one already isolated at home and the mild one
// in another community are not; after the end nothing is visited.
TEST(Screening, ARoundVisitsItsScopeAndIsolatesTheSymptomaticOnly) {
  Parameters p = City(20000, 10);
  Population pop = Build(p);
  ASSERT_GE(pop.communities.size(), 2u);
  const Region& community = pop.communities[0];
  const uint32_t first_grid = community.first_child, end_grid = community.end_child;
  const uint32_t agents_begin = pop.grid_agent_start[first_grid];
  const uint32_t agents_end = pop.grid_agent_start[end_grid];
  const int64_t households =
      pop.grid_household_start[end_grid] - pop.grid_household_start[first_grid];
  MeasureSpec screening = Measure(MeasureKind::kScreening, 2);
  screening.duration_days = 3;
  screening.scope = {community.code};
  screening.isolation_days = 14;
  p.measures = {screening};
  PolicyDays days(p, pop);

  std::vector<State> states(pop.size(), State::kSusceptible);
  const uint32_t mild = agents_end - 1;  // the last household: visited on the third day
  const uint32_t presymptomatic = agents_begin;
  const uint32_t already = agents_begin + (agents_end - agents_begin) / 2;
  const uint32_t outside = agents_end + 5;
  ASSERT_LT(outside, pop.grid_agent_start[pop.communities[1].end_child]);
  states[mild] = states[already] = states[outside] = State::kMild;
  states[presymptomatic] = State::kPresymptomatic;
  days.context.SetFlags(already, kIsolatedHome);

  int64_t visited = 0;
  for (int d = 0; d < 7; ++d) {
    DayRecord r = days.Run(d, states);
    if (d < 2 || d >= 5) {
      EXPECT_EQ(r.screened_households, 0) << d;
      EXPECT_EQ(r.found_by_screening, 0) << d;
    } else {
      EXPECT_LE(r.screened_households, (households + 2) / 3) << d;
      EXPECT_EQ(r.found_by_screening, d == 4 ? 1 : 0) << d;
      EXPECT_EQ(r.isolated_facility, d == 4 ? 1 : 0) << d;
    }
    visited += r.screened_households;
  }
  EXPECT_EQ(visited, households);
  EXPECT_EQ(days.context.Flags(mild), kIsolatedFacility);
  EXPECT_EQ(days.context.Flags(presymptomatic), 0);
  EXPECT_EQ(days.context.Flags(already), kIsolatedHome);
  EXPECT_EQ(days.context.Flags(outside), 0);
  // Released isolation_days after the visit.
  for (int d = 7; d < 18; ++d) days.Run(d, states);
  EXPECT_EQ(days.context.Flags(mild), kIsolatedFacility);
  days.Run(18, states);
  EXPECT_EQ(days.context.Flags(mild), 0);
}

// With compliance 0 nobody is found; at home, the flag is home isolation;
// with a testing measure in force the found person is tested first, the
// next day, and reported confirmed.
TEST(Screening, ComplianceThePlaceAndATestForWhomItFinds) {
  Parameters p = City(20000, 10);
  Population pop = Build(p);
  std::vector<State> states(pop.size(), State::kSusceptible);
  const uint32_t mild = 17;
  states[mild] = State::kMild;
  MeasureSpec screening = Measure(MeasureKind::kScreening, 0);
  screening.round_days = 1;

  screening.compliance = 0;
  p.measures = {screening};
  PolicyDays hidden(p, pop);
  EXPECT_EQ(hidden.Run(0, states).found_by_screening, 0);
  EXPECT_EQ(hidden.context.Flags(mild), 0);

  screening.compliance = 1;
  screening.facility = false;
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.sensitivity = 1;
  testing.report_delay_days = 0;
  testing.tests_per_day = 1;
  p.measures = {testing, screening};
  PolicyDays found(p, pop);
  DayRecord day0 = found.Run(0, states);
  EXPECT_EQ(day0.screened_households, pop.households());
  EXPECT_EQ(day0.found_by_screening, 1);
  EXPECT_EQ(day0.isolated_home, 1);
  EXPECT_EQ(found.context.Flags(mild), kIsolatedHome);
  EXPECT_EQ(day0.tests_queued, 1);
  DayRecord day1 = found.Run(1, states);
  EXPECT_EQ(day1.tests_done, 1);
  EXPECT_EQ(day1.new_confirmed, 1);
  EXPECT_EQ(day1.found_by_screening, 0);  // already isolated
}

// Fever from other causes: at 1,000 in 100,000 a day a city of 20,000 has
// about 200 such people a day; they join the test queue and all test
// negative; screening finds them while they are febrile; at rate 0 there
// are none.
TEST(Screening, FeverFromOtherCausesFillsTestsAndIsFoundButNeverConfirmed) {
  Parameters p = City(20000, 10);
  Population pop = Build(p);
  std::vector<State> states(pop.size(), State::kSusceptible);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 0;
  testing.sensitivity = 1;
  testing.report_delay_days = 0;
  p.measures = {testing};
  p.other_fever_per_100k.fill(1000);
  PolicyDays fevers(p, pop);
  fevers.Run(0, states);
  for (int d = 1; d < 6; ++d) {
    DayRecord r = fevers.Run(d, states);
    EXPECT_GT(r.tests_done, 120) << d;
    EXPECT_LT(r.tests_done, 280) << d;
    EXPECT_EQ(r.new_confirmed, 0) << d;
  }
  // Only residents who are susceptible or recovered fall ill with another
  // fever: none when everyone is infected.
  std::vector<State> infected(pop.size(), State::kAsymptomatic);
  PolicyDays none(p, pop);
  none.Run(0, infected);
  EXPECT_EQ(none.Run(1, infected).tests_done, 0);

  MeasureSpec screening = Measure(MeasureKind::kScreening, 3);
  screening.round_days = 1;
  p.measures = {screening};
  PolicyDays screened(p, pop);
  for (int d = 0; d < 3; ++d) screened.Run(d, states);
  // The fevers of days 1-3 (other_fever_days = 3) are still on.
  const int64_t found = screened.Run(3, states).found_by_screening;
  EXPECT_GT(found, 400);
  EXPECT_LT(found, 800);
  EXPECT_EQ(screened.records.back().isolated_facility, found);
  p.other_fever_per_100k.fill(0);
  PolicyDays cool(p, pop);
  for (int d = 0; d < 4; ++d) EXPECT_EQ(cool.Run(d, states).found_by_screening, 0);
}

// In a whole run: nothing changes before the screening starts; from then
// on the people it isolates are those it found (isolated_facility is the
// sum of the last isolation_days days' finds) and the epidemic is smaller.
TEST(Screening, InARunItChangesNothingBeforeItAndIsolatesWhomItFinds) {
  Parameters p = City(40000, 70);
  RunResult plain = Simulate(p);
  MeasureSpec screening = Measure(MeasureKind::kScreening, 25);
  screening.round_days = 3;
  screening.isolation_days = 10;
  p.measures = {screening};
  RunResult screened = Simulate(p);
  ASSERT_EQ(plain.daily.size(), screened.daily.size());
  for (int d = 0; d < 25; ++d) {
    EXPECT_EQ(plain.daily[d].in_state, screened.daily[d].in_state) << d;
    EXPECT_EQ(screened.daily[d].screened_households, 0) << d;
  }
  int64_t found = 0;
  for (size_t d = 25; d < screened.daily.size(); ++d) {
    int64_t window = 0;
    for (size_t k = d >= 9 ? d - 9 : 0; k <= d; ++k) window += screened.daily[k].found_by_screening;
    EXPECT_EQ(screened.daily[d].isolated_facility, window) << d;
    EXPECT_GT(screened.daily[d].screened_households, 0) << d;
    found += screened.daily[d].found_by_screening;
  }
  EXPECT_GT(found, 100);
  EXPECT_LT(screened.summary.total_infections, plain.summary.total_infections);
}

TEST(Screening, ByteIdenticalAtOneAndTwoThreadsWithFeversAndTests) {
  Parameters p = City(40000, 60);
  p.other_fever_per_100k.fill(50);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.tests_per_day = 40;
  MeasureSpec isolation = Measure(MeasureKind::kIsolation, 10);
  isolation.after_confirmation = true;
  MeasureSpec screening = Measure(MeasureKind::kScreening, 20);
  screening.households_per_day = 2000;
  screening.compliance = 0.8;
  p.measures = {testing, isolation, screening};
  RunResult one = Simulate(p, 1);
  RunResult two = Simulate(p, 2);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  int64_t found = 0;
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(one.daily[i].in_state, two.daily[i].in_state) << i;
    EXPECT_EQ(one.daily[i].new_infections, two.daily[i].new_infections) << i;
    EXPECT_EQ(one.daily[i].tests_done, two.daily[i].tests_done) << i;
    EXPECT_EQ(one.daily[i].found_by_screening, two.daily[i].found_by_screening) << i;
    EXPECT_EQ(one.daily[i].isolated_facility, two.daily[i].isolated_facility) << i;
    EXPECT_LE(one.daily[i].screened_households, 2000) << i;
    found += one.daily[i].found_by_screening;
  }
  EXPECT_GT(found, 0);
}

}  // namespace
}  // namespace fk::sim
