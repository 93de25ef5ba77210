// Each measure does what it should and nothing else, at 1 and 2 threads
// alike. Small cities (30,000-60,000 agents) keep these fast; the checks
// are exact (on the transmission log), not statistical, except where said.
#include <algorithm>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"
#include "sim/measures/measure_policy.hpp"
#include "sim/population/build_population.hpp"
#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

Parameters City(int64_t population = 40000, int days = 60) {
  Parameters p = BuiltinScenario("default");
  p.population = population;
  p.days = days;
  p.initial_infections = 40;
  p.other_fever_per_100k.fill(0);  // each measure alone; fevers are tested on their own
  return p;
}

MeasureSpec Measure(MeasureKind kind, int start_day) {
  MeasureSpec m;
  m.kind = kind;
  m.start.kind = MeasureTime::Kind::kDay;
  m.start.day = start_day;
  return m;
}

void ExpectSameDays(const RunResult& a, const RunResult& b, size_t days) {
  ASSERT_GE(a.daily.size(), days);
  ASSERT_GE(b.daily.size(), days);
  for (size_t i = 0; i < days; ++i) {
    EXPECT_EQ(a.daily[i].in_state, b.daily[i].in_state) << "day " << i;
    EXPECT_EQ(a.daily[i].new_infections, b.daily[i].new_infections) << "day " << i;
  }
}

int64_t New(const DayRecord& d, Layer l) { return d.new_infections[static_cast<int>(l)]; }

Population Build(const Parameters& p) {
  auto pop = BuildPopulation(p, Rng(p.seed), 2);
  EXPECT_TRUE(pop.ok());
  return std::move(pop).value();
}

// Without local transmission a cordon ends the epidemic: no imports from its
// first day, and the city empties of infections; before it, nothing changes.
TEST(Measures, CordonStopsImports) {
  Parameters p = City(30000, 80);
  p.r0 = 0;
  p.initial_infections = 0;
  p.imports_per_day = 5;
  RunResult open = Simulate(p);
  p.measures = {Measure(MeasureKind::kCordon, 10)};
  RunResult closed = Simulate(p);
  ExpectSameDays(open, closed, 10);
  for (const DayRecord& d : closed.daily) {
    if (d.day >= 10) {
      EXPECT_EQ(New(d, Layer::kImported), 0) << d.day;
    }
  }
  const DayRecord& last = closed.daily.back();
  EXPECT_EQ(last.in_state[static_cast<int>(State::kSusceptible)] +
                last.in_state[static_cast<int>(State::kRecovered)] +
                last.in_state[static_cast<int>(State::kDead)],
            p.population);
  EXPECT_GT(open.summary.total_infections, closed.summary.total_infections + 100);
}

TEST(Measures, SchoolClosureCityWideStopsSchoolTransmissionOnly) {
  Parameters p = City();
  RunResult open = Simulate(p);
  p.measures = {Measure(MeasureKind::kSchoolClosure, 15)};
  RunResult closed = Simulate(p);
  ExpectSameDays(open, closed, 15);
  int64_t before = 0;
  for (const DayRecord& d : closed.daily) {
    if (d.day >= 15) EXPECT_EQ(New(d, Layer::kSchool), 0) << d.day;
    if (d.day < 15) before += New(d, Layer::kSchool);
  }
  int64_t open_after = 0;
  for (const DayRecord& d : open.daily) {
    if (d.day >= 15) open_after += New(d, Layer::kSchool);
  }
  EXPECT_GT(open_after, 0);
}

// Scoped to some communities: after the start, no school transmission
// touches a resident of them, on either side; elsewhere schools go on.
TEST(Measures, SchoolClosureInSomeCommunitiesOnly) {
  Parameters p = City(60000, 60);
  Population pop = Build(p);
  ASSERT_GE(pop.communities.size(), 6u);
  MeasureSpec m = Measure(MeasureKind::kSchoolClosure, 10);
  m.scope = {pop.communities[0].code, pop.communities[1].code, pop.communities[2].code};
  p.measures = {m};
  RunResult r = Simulate(p, 2, false, true);
  const uint32_t first_grid = pop.communities[0].first_child;
  const uint32_t end_grid = pop.communities[2].end_child;
  auto inside = [&](uint32_t agent) {
    uint32_t g = pop.GridOf(agent);
    return g >= first_grid && g < end_grid;
  };
  int64_t elsewhere = 0;
  for (const TransmissionRecord& t : r.transmissions) {
    if (t.layer != Layer::kSchool || t.day < 10) continue;
    EXPECT_FALSE(inside(t.infector) || inside(t.infectee)) << t.infector << " " << t.infectee;
    ++elsewhere;
  }
  EXPECT_GT(elsewhere, 0);
}

// Closed workplaces: after the start, work transmission only in hospitals
// and in the essential share of workplaces.
TEST(Measures, WorkplaceClosureKeepsHealthCareAndEssentialWorkOpen) {
  Parameters p = City(60000, 60);
  Population pop = Build(p);
  MeasureSpec m = Measure(MeasureKind::kWorkplaceClosure, 10);
  m.essential_share = 0.2;
  p.measures = {m};
  RunResult r = Simulate(p, 2, false, true);
  TransmissionContext ranks(pop, p.seed);
  int64_t essential = 0, before = 0;
  for (const TransmissionRecord& t : r.transmissions) {
    if (t.layer != Layer::kWorkplace) continue;
    if (t.day < 10) {
      ++before;
      continue;
    }
    uint32_t group = pop.agent_group[t.infectee];
    bool exempt = pop.group_kind[group] == GroupKind::kHospital || ranks.EssentialRank(group) < 0.2;
    EXPECT_TRUE(exempt) << "group " << group;
    ++essential;
  }
  EXPECT_GT(before, 0);
  EXPECT_GT(essential, 0);
}

// Stay at home: complying residents meet nobody outside their household;
// with full compliance and no essential work only households (and health
// care) transmit.
TEST(Measures, StayAtHomeWithCompliance) {
  Parameters p = City(50000, 60);
  Population pop = Build(p);
  TransmissionContext ranks(pop, p.seed);
  MeasureSpec m = Measure(MeasureKind::kStayAtHome, 10);
  m.essential_share = 0;
  m.compliance = 1;
  p.measures = {m};
  RunResult full = Simulate(p);
  for (const DayRecord& d : full.daily) {
    if (d.day < 10) continue;
    EXPECT_EQ(New(d, Layer::kGrid) + New(d, Layer::kSchool) + New(d, Layer::kCity), 0) << d.day;
  }
  p.measures[0].compliance = 0.6;
  RunResult partial = Simulate(p, 2, false, true);
  int64_t outside = 0;
  for (const TransmissionRecord& t : partial.transmissions) {
    if (t.day < 10 || t.layer == Layer::kHousehold || t.layer == Layer::kWorkplace) continue;
    EXPECT_GE(ranks.ComplianceRank(t.infector), 0.6);
    EXPECT_GE(ranks.ComplianceRank(t.infectee), 0.6);
    ++outside;
  }
  EXPECT_GT(outside, 0);
  EXPECT_LT(full.summary.total_infections, partial.summary.total_infections);
}

// Isolation in a facility from onset: symptomatic people stop transmitting,
// in their household too. At home: only their household.
TEST(Measures, IsolationOfCasesAtHomeOrInAFacility) {
  Parameters p = City(50000, 50);
  MeasureSpec m = Measure(MeasureKind::kIsolation, 0);
  m.delay_days = 0;
  m.isolation_days = 60;  // longer than any course
  m.facility = true;
  p.measures = {m};
  RunResult facility = Simulate(p, 2, false, true);
  int64_t presymptomatic = 0;
  for (const TransmissionRecord& t : facility.transmissions) {
    EXPECT_NE(t.infector_state, State::kMild);
    presymptomatic += t.infector_state == State::kPresymptomatic;
  }
  EXPECT_GT(presymptomatic, 0);
  EXPECT_GT(facility.daily.back().isolated_facility + facility.daily[30].isolated_facility, 0);

  p.measures[0].facility = false;
  RunResult home = Simulate(p, 2, false, true);
  int64_t mild_household = 0;
  for (const TransmissionRecord& t : home.transmissions) {
    if (t.infector_state != State::kMild) continue;
    EXPECT_EQ(t.layer, Layer::kHousehold);
    ++mild_household;
  }
  EXPECT_GT(mild_household, 0);
  EXPECT_EQ(home.daily[30].isolated_facility, 0);
  EXPECT_GT(home.daily[30].isolated_home, 0);
}

// Masks without masks are no measure at all: the same epidemic, draw for
// draw. With a stock that runs out, the stock reaches 0.
TEST(Measures, MasksStopHelpingWhenTheStockIsEmpty) {
  Parameters p = City(40000, 60);
  RunResult plain = Simulate(p);
  MeasureSpec m = Measure(MeasureKind::kMasks, 5);
  m.coverage = 1;
  m.stock = 0;
  m.production_per_day = 0;
  p.measures = {m};
  RunResult empty = Simulate(p);
  ExpectSameDays(plain, empty, plain.daily.size());

  p.measures[0].stock = -1;  // unlimited
  p.measures[0].efficacy_wearer = 0.5;
  p.measures[0].efficacy_others = 0.5;
  RunResult unlimited = Simulate(p);
  ExpectSameDays(plain, unlimited, 5);
  EXPECT_LT(unlimited.summary.total_infections, plain.summary.total_infections);

  p.measures[0].stock = 40000.0 * 10;  // ten days for everyone
  p.measures[0].production_per_day = 0;
  RunResult runs_out = Simulate(p);
  EXPECT_EQ(runs_out.daily[4].masks_in_stock, 400000);
  EXPECT_EQ(runs_out.daily[14].masks_in_stock, 0);
  EXPECT_GT(runs_out.daily[10].masks_in_stock, 0);
  // From the day it ran out, it is the plain epidemic's rules again, so the
  // run lies between the two.
  EXPECT_GE(runs_out.summary.total_infections, unlimited.summary.total_infections);
}

// A trigger starts a measure the day after its metric passes the threshold.
TEST(Measures, TriggerStartsTheDayAfter) {
  Parameters p = City(40000, 60);
  MeasureSpec m = Measure(MeasureKind::kSchoolClosure, 0);
  m.start.kind = MeasureTime::Kind::kTrigger;
  m.start.metric = "symptomatic_daily";
  m.start.threshold = 20;
  p.measures = {m};
  RunResult r = Simulate(p);
  int first = -1;
  for (const DayRecord& d : r.daily) {
    if (first < 0 && d.new_symptomatic > 20) first = d.day;
    if (first >= 0 && d.day > first) EXPECT_EQ(New(d, Layer::kSchool), 0) << d.day;
  }
  ASSERT_GT(first, 0);
}

TEST(Measures, EveryMeasureIsByteIdenticalAtOneAndTwoThreads) {
  Parameters p = City(40000, 60);
  p.imports_per_day = 1;
  Population pop = Build(p);
  MeasureSpec cordon = Measure(MeasureKind::kCordon, 20);
  MeasureSpec school = Measure(MeasureKind::kSchoolClosure, 12);
  school.scope = {pop.districts[0].code};
  MeasureSpec work = Measure(MeasureKind::kWorkplaceClosure, 14);
  MeasureSpec home = Measure(MeasureKind::kStayAtHome, 25);
  home.compliance = 0.7;
  MeasureSpec isolation = Measure(MeasureKind::kIsolation, 5);
  isolation.delay_days = 2;
  isolation.compliance = 0.8;
  MeasureSpec masks = Measure(MeasureKind::kMasks, 8);
  masks.stock = 200000;
  masks.production_per_day = 5000;
  p.measures = {cordon, school, work, home, isolation, masks};
  RunResult one = Simulate(p, 1, true, true);
  RunResult two = Simulate(p, 2, true, true);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(one.daily[i].in_state, two.daily[i].in_state);
    EXPECT_EQ(one.daily[i].new_infections, two.daily[i].new_infections);
    EXPECT_EQ(one.daily[i].isolated_home, two.daily[i].isolated_home);
    EXPECT_EQ(one.daily[i].masks_in_stock, two.daily[i].masks_in_stock);
  }
  ASSERT_EQ(one.transmissions.size(), two.transmissions.size());
  for (size_t i = 0; i < one.transmissions.size(); ++i) {
    EXPECT_EQ(one.transmissions[i].infector, two.transmissions[i].infector);
    EXPECT_EQ(one.transmissions[i].infectee, two.transmissions[i].infectee);
  }
}

// Testing changes no transmission. With everyone seeking a test on onset,
// unlimited tests, a perfect test and no reporting delay, the cases
// confirmed on a day are the onsets of the day before; a delay shifts them;
// a capacity caps the tests and leaves a queue.
TEST(Measures, TestingReportsConfirmedCases) {
  Parameters p = City(40000, 60);
  RunResult plain = Simulate(p);
  MeasureSpec m = Measure(MeasureKind::kTesting, 0);
  m.seek_delay_days = 0;
  m.sensitivity = 1;
  m.report_delay_days = 0;
  p.measures = {m};
  RunResult prompt = Simulate(p);
  ExpectSameDays(plain, prompt, plain.daily.size());
  for (size_t d = 1; d < prompt.daily.size(); ++d) {
    EXPECT_EQ(prompt.daily[d].new_confirmed, prompt.daily[d - 1].new_symptomatic) << d;
  }
  EXPECT_GT(prompt.daily.back().cumulative_confirmed, 1000);
  // The summary's confirmed cases: the last day's total and the first day
  // with the most reported; none without testing.
  EXPECT_EQ(prompt.summary.total_confirmed, prompt.daily.back().cumulative_confirmed);
  auto peak = std::max_element(
      prompt.daily.begin(), prompt.daily.end(),
      [](const DayRecord& a, const DayRecord& b) { return a.new_confirmed < b.new_confirmed; });
  EXPECT_EQ(prompt.summary.peak_confirmed_day, peak->day);
  EXPECT_EQ(prompt.summary.peak_new_confirmed, peak->new_confirmed);
  EXPECT_EQ(plain.summary.total_confirmed, 0);
  EXPECT_EQ(plain.summary.peak_new_confirmed, 0);

  p.measures[0].report_delay_days = 3;
  RunResult late = Simulate(p);
  for (size_t d = 3; d < late.daily.size(); ++d) {
    EXPECT_EQ(late.daily[d].new_confirmed, prompt.daily[d - 3].new_confirmed) << d;
  }

  p.measures[0].tests_per_day = 20;
  RunResult few = Simulate(p);
  int64_t most_queued = 0;
  for (const DayRecord& d : few.daily) {
    EXPECT_LE(d.tests_done, 20);
    most_queued = std::max(most_queued, d.tests_queued);
  }
  EXPECT_GT(most_queued, 100);
  EXPECT_LT(few.daily.back().cumulative_confirmed, late.daily.back().cumulative_confirmed);
}

TEST(Measures, ARegionCodeNotInTheCityIsRefused) {
  Parameters p = City(20000, 10);
  Population pop = Build(p);
  MeasureSpec m = Measure(MeasureKind::kSchoolClosure, 0);
  m.scope = {"429999"};
  p.measures = {m};
  auto policy = MeasurePolicy::Create(p, pop);
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().message,
            fmt::format("measures[1].scope: 429999 is not a region of the city {} ({}); "
                        "allowed: the city's code or the code of one of its {} districts, {} "
                        "streets, {} communities or {} grids",
                        pop.city_name, pop.city_code, pop.districts.size(), pop.streets.size(),
                        pop.communities.size(), pop.grids.size()));
  // Every level's codes are accepted.
  for (const std::string& code :
       {pop.districts[0].code, pop.streets[0].code, pop.communities[0].code, pop.grids[0].code,
        std::to_string(pop.city_code)}) {
    p.measures[0].scope = {code};
    EXPECT_TRUE(MeasurePolicy::Create(p, pop).ok()) << code;
  }
}

// Contact tracing, driven stage by stage: a confirmed case's household
// members, its infector and its infectees outside the household (by the
// recall of each layer) are quarantined the day it is reported, the case
// itself isolated; the uninfected contacts are a count; everyone is released
// quarantine_days later; a quarantined person whose symptoms begin is
// tested first, whatever the testing compliance.
TEST(Measures, TracingQuarantinesTheContactsOfAConfirmedCase) {
  Parameters p = City(20000, 40);
  Population pop = Build(p);
  // A case in a household of three or more, and people of other households.
  uint32_t c = 0;
  while (pop.household_start[pop.HouseholdOf(c) + 1] - pop.household_start[pop.HouseholdOf(c)] < 3)
    ++c;
  const uint32_t h = pop.HouseholdOf(c);
  const uint32_t first = pop.household_start[h], end = pop.household_start[h + 1];
  const uint32_t x = end + 10, y_city = end + 20, y_grid = end + 30, y_old = end + 40;
  const uint32_t household_member = c == first ? first + 1 : first;

  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 5;
  testing.sensitivity = 1;
  testing.report_delay_days = 0;
  MeasureSpec isolation = Measure(MeasureKind::kIsolation, 0);
  isolation.after_confirmation = true;
  isolation.delay_days = 0;
  isolation.facility = true;
  MeasureSpec tracing = Measure(MeasureKind::kContactTracing, 0);
  tracing.delay_days = 0;
  tracing.lookback_days = 5;
  tracing.quarantine_days = 10;
  tracing.facility = true;
  tracing.recall = {1, 1, 1, 0};  // grid, workplace, school: all; city: none
  tracing.contacts = {0, 0, 0, 0};
  p.measures = {testing, isolation, tracing};
  auto created = MeasurePolicy::Create(p, pop);
  ASSERT_TRUE(created.ok());
  MeasurePolicy& policy = **created;
  TransmissionContext context(pop, p.seed);
  std::vector<DayRecord> records;
  auto run_day = [&](int day, const std::vector<uint32_t>& onsets) {
    policy.BeginDay(day, records, context);
    policy.AfterProgress(day, onsets, {}, context);
    DayRecord r;
    r.day = day;
    policy.RecordDay(day, r);
    records.push_back(r);
    return r;
  };
  run_day(0, {});
  policy.OnInfection(1, c, y_old, Layer::kGrid);  // 6 days before tracing: outside the lookback
  run_day(1, {});
  policy.OnInfection(2, x, c, Layer::kWorkplace);  // 5 days before: inside
  run_day(2, {c});                                 // onset: in the test queue on day 7
  for (int d = 3; d < 5; ++d) run_day(d, {});
  policy.OnInfection(5, c, y_city, Layer::kCity);
  policy.OnInfection(5, c, y_grid, Layer::kGrid);
  policy.OnInfection(5, c, household_member, Layer::kHousehold);
  run_day(5, {});
  EXPECT_EQ(run_day(6, {}).quarantined, 0);
  DayRecord traced = run_day(7, {});
  EXPECT_EQ(traced.new_confirmed, 1);
  EXPECT_EQ(traced.isolated_facility, 1);
  EXPECT_EQ(context.Flags(c), kIsolatedFacility);
  const int64_t household_others = end - first - 1;
  EXPECT_EQ(traced.quarantined, household_others + 2);  // the household, x and y_grid
  for (uint32_t j = first; j < end; ++j) {
    if (j != c) {
      EXPECT_EQ(context.Flags(j), kQuarantinedSite) << j;
    }
  }
  EXPECT_EQ(context.Flags(x), kQuarantinedSite);
  EXPECT_EQ(context.Flags(y_grid), kQuarantinedSite);
  EXPECT_EQ(context.Flags(y_city), 0);  // recall 0 in the city layer
  EXPECT_EQ(context.Flags(y_old), 0);   // infected before the lookback
  EXPECT_EQ(context.HouseholdFactor(household_member), 0.0);

  // y_grid falls ill in quarantine: tested the next day, not
  // seek_delay_days later; confirmed, isolated and traced in turn (its
  // household, and c, who infected it in the grid layer).
  EXPECT_EQ(run_day(8, {y_grid}).new_confirmed, 0);
  DayRecord second = run_day(9, {});
  EXPECT_EQ(second.new_confirmed, 1);
  EXPECT_EQ(second.isolated_facility, 2);
  const uint32_t hy = pop.HouseholdOf(y_grid);
  const int64_t y_household = pop.household_start[hy + 1] - pop.household_start[hy] - 1;
  for (int d = 10; d < 17; ++d) {
    EXPECT_EQ(run_day(d, {}).quarantined, household_others + 2 + y_household + 1) << d;
  }
  // Released on day 7 + 10; those quarantined on day 9 on day 19.
  EXPECT_EQ(run_day(17, {}).quarantined, y_household + 1);
  EXPECT_EQ(context.Flags(x), 0);
  EXPECT_EQ(run_day(18, {}).quarantined, y_household + 1);
  EXPECT_EQ(run_day(19, {}).quarantined, 0);
  EXPECT_EQ(context.Flags(c), kIsolatedFacility);
}

// Uninfected contacts are counted, never flagged: with nothing recalled by
// name, tracing changes no transmission, and its load comes and goes with
// the cases traced. A capacity spreads the tracing over the days.
TEST(Measures, TracingCountsUninfectedContactsWithoutListingThem) {
  Parameters p = City(40000, 60);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 1;
  testing.report_delay_days = 1;
  p.measures = {testing};
  RunResult plain = Simulate(p);
  MeasureSpec tracing = Measure(MeasureKind::kContactTracing, 10);
  tracing.delay_days = 1;
  tracing.end.kind = MeasureTime::Kind::kDay;
  tracing.end.day = 30;
  tracing.recall_household = 0;
  tracing.recall = {0.5, 0.5, 0.5, 0.5};
  tracing.contacts = {4, 6, 10, 2};
  tracing.lookback_days = 0;  // infected contacts: none (all were infected before the day traced)
  tracing.quarantine_days = 7;
  p.measures = {testing, tracing};
  RunResult counted = Simulate(p);
  ExpectSameDays(plain, counted, plain.daily.size());
  for (int d = 0; d < 11; ++d) EXPECT_EQ(counted.daily[d].quarantined, 0) << d;
  EXPECT_GT(counted.daily[20].quarantined, 100);
  // Traced on days 10-29, released 7 days later.
  for (size_t d = 36; d < counted.daily.size(); ++d) EXPECT_EQ(counted.daily[d].quarantined, 0);

  p.measures[1].cases_per_day = 5;
  RunResult capped = Simulate(p);
  EXPECT_LT(capped.daily[20].quarantined, counted.daily[20].quarantined);
  EXPECT_GT(capped.daily[20].quarantined, 0);
}

// Tracing with isolation on confirmation cuts the epidemic, and it is
// byte-identical at 1 and 2 threads.
TEST(Measures, TracingAndIsolationOnConfirmationCutTransmission) {
  Parameters p = City(40000, 60);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 1;
  testing.report_delay_days = 1;
  testing.sensitivity = 0.9;
  MeasureSpec isolation = Measure(MeasureKind::kIsolation, 0);
  isolation.after_confirmation = true;
  isolation.delay_days = 0;
  isolation.facility = true;
  p.measures = {testing, isolation};
  RunResult isolate = Simulate(p, 2, false, true);
  MeasureSpec tracing = Measure(MeasureKind::kContactTracing, 0);
  tracing.delay_days = 1;
  tracing.facility = true;
  p.measures = {testing, isolation, tracing};
  RunResult one = Simulate(p, 1, false, true);
  RunResult two = Simulate(p, 2, false, true);
  EXPECT_LT(one.summary.total_infections, isolate.summary.total_infections);
  EXPECT_GT(one.daily[30].quarantined, 0);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(one.daily[i].in_state, two.daily[i].in_state) << i;
    EXPECT_EQ(one.daily[i].quarantined, two.daily[i].quarantined) << i;
    EXPECT_EQ(one.daily[i].cumulative_confirmed, two.daily[i].cumulative_confirmed) << i;
  }
  ASSERT_EQ(one.transmissions.size(), two.transmissions.size());
  for (size_t i = 0; i < one.transmissions.size(); ++i) {
    EXPECT_EQ(one.transmissions[i].infectee, two.transmissions[i].infectee);
  }
}

// A per-grid trigger closes only the grid of a confirmed case, from the
// next day, for duration_days after its latest case.
TEST(Measures, AGridTriggerClosesOnlyThatGrid) {
  Parameters p = City(20000, 40);
  Population pop = Build(p);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 0;
  testing.sensitivity = 1;
  testing.report_delay_days = 0;
  MeasureSpec closure = Measure(MeasureKind::kCommunityClosure, 0);
  closure.start.kind = MeasureTime::Kind::kTrigger;
  closure.start.metric = "grid_has_confirmed";
  closure.each_grid = true;
  closure.duration_days = 14;
  p.measures = {testing, closure};
  auto created = MeasurePolicy::Create(p, pop);
  ASSERT_TRUE(created.ok());
  MeasurePolicy& policy = **created;
  TransmissionContext context(pop, p.seed);
  std::vector<DayRecord> records;
  const uint32_t a = pop.grid_agent_start[3];  // lives in grid 3
  auto closed_grids = [&](int day, const std::vector<uint32_t>& onsets) {
    policy.BeginDay(day, records, context);
    policy.AfterProgress(day, onsets, {}, context);
    std::vector<uint32_t> closed;
    for (uint32_t g = 0; g < pop.grid_count(); ++g) {
      const GridRule& r = context.grid_rules()[g];
      if (r.kept_out[0] > 0) closed.push_back(g);
      EXPECT_EQ(r.kept_out[1] + r.kept_out[2] + r.kept_out[3], 0);
    }
    return closed;
  };
  EXPECT_TRUE(closed_grids(0, {a}).empty());  // onset; tested and confirmed on day 1
  EXPECT_TRUE(closed_grids(1, {}).empty());
  for (int d = 2; d < 16; ++d) EXPECT_EQ(closed_grids(d, {}), std::vector<uint32_t>{3}) << d;
  EXPECT_TRUE(closed_grids(16, {}).empty());
}

TEST(Measures, GridTriggersAreByteIdenticalAtOneAndTwoThreads) {
  Parameters p = City(40000, 60);
  MeasureSpec testing = Measure(MeasureKind::kTesting, 0);
  testing.seek_delay_days = 2;
  testing.report_delay_days = 1;
  MeasureSpec closure = Measure(MeasureKind::kStayAtHome, 0);
  closure.start.kind = MeasureTime::Kind::kTrigger;
  closure.start.metric = "grid_has_confirmed";
  closure.each_grid = true;
  closure.duration_days = 14;
  p.measures = {testing};
  RunResult open = Simulate(p);
  p.measures = {testing, closure};
  RunResult one = Simulate(p, 1);
  RunResult two = Simulate(p, 2);
  EXPECT_LT(one.summary.total_infections, open.summary.total_infections);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(one.daily[i].in_state, two.daily[i].in_state) << i;
    EXPECT_EQ(one.daily[i].new_infections, two.daily[i].new_infections) << i;
  }
}

}  // namespace
}  // namespace fk::sim
