// Hospital beds and ICU beds (`hospital` measures): beds are given out up
// to the staffed capacity, the rest is unmet demand, an emergency hospital
// adds its beds from its opening day, and cases without a bed or an ICU bed
// die more often; all of it the same at 1 and 2 threads.
#include <gtest/gtest.h>

#include "../engine/simulate_helper.hpp"
#include "sim/output/daily_table.hpp"

namespace fk::sim {
namespace {

using testing::BuiltinScenario;
using testing::Simulate;

// A fast epidemic in a small city, old enough to fill beds.
Parameters City(int64_t population = 40000, int days = 90) {
  Parameters p = BuiltinScenario("default");
  p.population = population;
  p.days = days;
  p.initial_infections = 40;
  return p;
}

MeasureSpec Hospital(int start_day, int64_t beds, int64_t icu_beds) {
  MeasureSpec m;
  m.kind = MeasureKind::kHospital;
  m.start.kind = MeasureTime::Kind::kDay;
  m.start.day = start_day;
  m.beds = beds;
  m.icu_beds = icu_beds;
  return m;
}

int64_t In(const DayRecord& d, State s) { return d.in_state[static_cast<int>(s)]; }

// Every day (capacity never falling): occupied beds within the capacity, occupied + unmet = the
// severe (critical) cases, and a bed is left empty only when nobody waits.
void ExpectBedsAccountedFor(const RunResult& r) {
  for (const DayRecord& d : r.daily) {
    EXPECT_LE(d.beds_used, d.beds_capacity) << d.day;
    EXPECT_LE(d.icu_used, d.icu_capacity) << d.day;
    EXPECT_GE(d.beds_unmet, 0) << d.day;
    EXPECT_GE(d.icu_unmet, 0) << d.day;
    EXPECT_EQ(d.beds_used + d.beds_unmet, In(d, State::kSevere)) << d.day;
    EXPECT_EQ(d.icu_used + d.icu_unmet, In(d, State::kCritical)) << d.day;
    if (d.beds_unmet > 0) {
      EXPECT_EQ(d.beds_used, d.beds_capacity) << d.day;
    }
    if (d.icu_unmet > 0) {
      EXPECT_EQ(d.icu_used, d.icu_capacity) << d.day;
    }
  }
}

// Beds enough for everyone: the same epidemic, draw for draw, as without
// any hospital measure, with every severe and critical case in a bed.
TEST(Hospital, EnoughBedsChangeNothing) {
  Parameters p = City();
  RunResult plain = Simulate(p);
  p.measures = {Hospital(0, 1000000, 1000000)};
  RunResult ample = Simulate(p);
  ASSERT_EQ(plain.daily.size(), ample.daily.size());
  int64_t peak = 0;
  for (size_t i = 0; i < plain.daily.size(); ++i) {
    const DayRecord& d = ample.daily[i];
    EXPECT_EQ(plain.daily[i].in_state, d.in_state) << i;
    EXPECT_EQ(d.beds_used, In(d, State::kSevere)) << i;
    EXPECT_EQ(d.icu_used, In(d, State::kCritical)) << i;
    EXPECT_EQ(d.beds_unmet + d.icu_unmet + d.deaths_without_care, 0) << i;
    EXPECT_EQ(plain.daily[i].beds_capacity, 0) << "no hospital measure: no columns";
    peak = std::max(peak, d.beds_used);
  }
  EXPECT_GT(peak, 10);
  EXPECT_TRUE(ample.summary.care_limited);
  EXPECT_FALSE(plain.summary.care_limited);
  EXPECT_EQ(ample.summary.peak_beds_used, peak);
  EXPECT_EQ(ample.summary.first_day_beds_short, -1);
  EXPECT_EQ(ample.summary.days_beds_short, 0);
  EXPECT_EQ(plain.summary.total_deaths, ample.summary.total_deaths);
}

// Few beds: occupancy capped, the rest unmet; an emergency hospital adds
// its beds from the day it opens.
TEST(Hospital, BedsUpToCapacityAndAnEmergencyHospitalFromItsOpening) {
  Parameters p = City();
  p.measures = {Hospital(0, 10, 3), Hospital(50, 40, 10)};
  RunResult r = Simulate(p);
  ExpectBedsAccountedFor(r);
  for (const DayRecord& d : r.daily) {
    const bool open = d.day >= 50;
    EXPECT_EQ(d.beds_capacity, open ? 50 : 10) << d.day;
    EXPECT_EQ(d.icu_capacity, open ? 13 : 3) << d.day;
  }
  const RunSummary& s = r.summary;
  ASSERT_GE(s.first_day_beds_short, 0);
  EXPECT_GT(r.daily[s.first_day_beds_short].beds_unmet, 0);
  for (int d = 0; d < s.first_day_beds_short; ++d) EXPECT_EQ(r.daily[d].beds_unmet, 0) << d;
  EXPECT_GT(s.days_beds_short, 0);
  EXPECT_EQ(s.peak_beds_used, r.daily[s.peak_beds_day].beds_used);
  EXPECT_EQ(s.peak_beds_capacity, r.daily[s.peak_beds_day].beds_capacity);
  EXPECT_LE(s.peak_beds_used, 50);
  int64_t without_care = 0;
  for (const DayRecord& d : r.daily) without_care += d.deaths_without_care;
  EXPECT_EQ(s.deaths_without_care, without_care);
}

// Same seed, fewer ICU beds: more deaths, and deaths without an ICU bed.
TEST(Hospital, CuttingIcuBedsRaisesDeaths) {
  Parameters p = City(60000, 120);
  p.measures = {Hospital(0, 1000000, 1000000)};
  RunResult ample = Simulate(p);
  p.measures = {Hospital(0, 1000000, 2)};
  RunResult scarce = Simulate(p);
  ExpectBedsAccountedFor(scarce);
  EXPECT_EQ(ample.summary.deaths_without_care, 0);
  EXPECT_GT(scarce.summary.deaths_without_care, 0);
  EXPECT_GT(scarce.summary.total_deaths, ample.summary.total_deaths);
  EXPECT_GE(scarce.summary.first_day_icu_short, 0);
  // Infections are the same: patients in hospital do not transmit either way.
  EXPECT_EQ(scarce.summary.total_infections, ample.summary.total_infections);
}

// Without hospital beds, severe cases become critical more often.
TEST(Hospital, NoBedsMakeSevereCasesCriticalMoreOften) {
  Parameters p = City(60000, 120);
  p.measures = {Hospital(0, 1000000, 1000000)};
  RunResult ample = Simulate(p);
  p.measures = {Hospital(0, 1, 1000000)};
  RunResult scarce = Simulate(p);
  ExpectBedsAccountedFor(scarce);
  int64_t ample_icu = 0, scarce_icu = 0;
  for (const DayRecord& d : ample.daily) ample_icu += d.icu_used;
  for (const DayRecord& d : scarce.daily) scarce_icu += d.icu_used;
  EXPECT_GT(scarce_icu, ample_icu);
  EXPECT_GE(scarce.summary.total_deaths, ample.summary.total_deaths);
}

TEST(Hospital, ByteIdenticalAtOneAndTwoThreads) {
  Parameters p = City(40000, 90);
  MeasureSpec emergency = Hospital(40, 30, 5);
  p.measures = {Hospital(0, 8, 2), emergency};
  RunResult one = Simulate(p, 1, true, true);
  RunResult two = Simulate(p, 2, true, true);
  ASSERT_EQ(one.daily.size(), two.daily.size());
  for (size_t i = 0; i < one.daily.size(); ++i) {
    EXPECT_EQ(DailyValues(one.daily[i]), DailyValues(two.daily[i])) << i;
  }
  ASSERT_EQ(one.transmissions.size(), two.transmissions.size());
  for (size_t i = 0; i < one.transmissions.size(); ++i) {
    EXPECT_EQ(one.transmissions[i].infectee, two.transmissions[i].infectee) << i;
  }
  EXPECT_GT(one.summary.days_beds_short, 0);
  EXPECT_EQ(one.summary.deaths_without_care, two.summary.deaths_without_care);
}

}  // namespace
}  // namespace fk::sim
