// [[measures]] tables: what is read, and every refusal word for word.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "sim/params/parameter_table.hpp"
#include "sim/params/scenario.hpp"

namespace fk::sim {
namespace {

std::string ParseError(const std::string& text) {
  Result<Parameters> p = ParseScenario(text, "m.toml");
  if (!p.ok()) return p.error().message;
  Status s = Validate(*p);
  return s.ok() ? "" : s.error().message;
}

TEST(Measures, ReadsEveryKindOfStartEndAndScope) {
  Result<Parameters> p = ParseScenario(R"(
[run]
start_date = "2020-01-01"

[[measures]]
kind = "cordon"
start = "2020-01-23"
end = 2020-04-08

[[measures]]
kind = "isolation"
start = 30
duration_days = 14
scope = ["420102", 420103001]
compliance = 0.9
place = "facility"
delay_days = 2

[[measures]]
kind = "masks"
start = "symptomatic_daily > 50"
stock = 1e6
production_per_day = 2000

[[measures]]
kind = "isolation"
start = 10
after = "confirmation"
delay_days = 0

[[measures]]
kind = "community_closure"
start = "grid_has_confirmed"
scope = "each_grid_triggered"
duration_days = 14

[[measures]]
kind = "contact_tracing"
start = "confirmed_daily > 5"
place = "site"
cases_per_day = 300
quarantine_days = 10
recall_household = 0.95
recall_city = 0.05
contacts_workplace = 8
)",
                                       "m.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->measures.size(), 6u);
  const MeasureSpec& cordon = p->measures[0];
  EXPECT_EQ(cordon.kind, MeasureKind::kCordon);
  EXPECT_EQ(cordon.start.kind, MeasureTime::Kind::kDate);
  EXPECT_EQ(cordon.start.date, "2020-01-23");
  EXPECT_EQ(cordon.end.date, "2020-04-08");
  EXPECT_TRUE(cordon.scope.empty());
  const MeasureSpec& isolation = p->measures[1];
  EXPECT_EQ(isolation.start.day, 30);
  EXPECT_EQ(isolation.duration_days, 14);
  EXPECT_EQ(isolation.scope, (std::vector<std::string>{"420102", "420103001"}));
  EXPECT_DOUBLE_EQ(isolation.compliance, 0.9);
  EXPECT_TRUE(isolation.facility);
  EXPECT_EQ(isolation.delay_days, 2);
  const MeasureSpec& masks = p->measures[2];
  EXPECT_EQ(masks.start.kind, MeasureTime::Kind::kTrigger);
  EXPECT_EQ(masks.start.metric, "symptomatic_daily");
  EXPECT_DOUBLE_EQ(masks.start.threshold, 50);
  EXPECT_DOUBLE_EQ(masks.stock, 1e6);
  EXPECT_FALSE(isolation.after_confirmation);
  EXPECT_TRUE(p->measures[3].after_confirmation);
  EXPECT_EQ(p->measures[3].delay_days, 0);
  const MeasureSpec& grid = p->measures[4];
  EXPECT_TRUE(grid.each_grid);
  EXPECT_TRUE(grid.scope.empty());
  EXPECT_EQ(grid.start.kind, MeasureTime::Kind::kTrigger);
  EXPECT_EQ(grid.start.metric, "grid_has_confirmed");
  EXPECT_EQ(grid.duration_days, 14);
  const MeasureSpec& tracing = p->measures[5];
  EXPECT_EQ(tracing.kind, MeasureKind::kContactTracing);
  EXPECT_TRUE(tracing.facility);
  EXPECT_EQ(tracing.delay_days, 1);  // the tracing default
  EXPECT_DOUBLE_EQ(tracing.cases_per_day, 300);
  EXPECT_EQ(tracing.quarantine_days, 10);
  EXPECT_EQ(tracing.lookback_days, 14);
  EXPECT_DOUBLE_EQ(tracing.recall_household, 0.95);
  EXPECT_EQ(tracing.recall, (std::array<double, 4>{0.5, 0.8, 0.9, 0.05}));
  EXPECT_EQ(tracing.contacts, (std::array<double, 4>{3, 8, 10, 2}));
  EXPECT_TRUE(Validate(*p).ok());
  // Written back and read again: the same measures.
  Result<Parameters> back = ParseScenario(ScenarioToToml(*p), "back.toml");
  ASSERT_TRUE(back.ok()) << back.error().message << "\n" << ScenarioToToml(*p);
  EXPECT_TRUE(SameParameters(*back, *p));
}

TEST(Measures, ReadsHospitals) {
  Result<Parameters> p = ParseScenario(R"(
[run]
start_date = "2020-01-01"

[[measures]]
kind = "hospital"
start = 0
beds = 5000
icu_beds = 300

[[measures]]
kind = "hospital"
start = "2020-02-03"
scope = "city"
beds = 1000
)",
                                       "m.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->measures.size(), 2u);
  EXPECT_EQ(p->measures[0].kind, MeasureKind::kHospital);
  EXPECT_EQ(p->measures[0].beds, 5000);
  EXPECT_EQ(p->measures[0].icu_beds, 300);
  EXPECT_EQ(p->measures[1].beds, 1000);
  EXPECT_EQ(p->measures[1].icu_beds, 0);
  EXPECT_EQ(p->measures[1].start.date, "2020-02-03");
  Result<Parameters> back = ParseScenario(ScenarioToToml(*p), "back.toml");
  ASSERT_TRUE(back.ok()) << back.error().message << "\n" << ScenarioToToml(*p);
  EXPECT_TRUE(SameParameters(*back, *p));
}

TEST(Measures, RefusesBadHospitals) {
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 1\nbeds = -5\n"),
            "m.toml:4:8: measures[1].beds: -5 is out of range; allowed 0 to 100000000 beds");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 1\nicu_beds = 2.5\n"),
            "m.toml:4:12: measures[1].icu_beds: expected an integer, got 2.5");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 1\nbeds = 10\ncompliance = "
                       "0.5\n"),
            "m.toml:5:14: measures[1].compliance: unknown key for a measure of kind hospital; "
            "allowed keys: kind, start, end, duration_days, scope, beds, icu_beds");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 1\n"),
            "m.toml:1:1: measures[1]: a hospital needs beds or icu_beds; allowed: integers from 0 "
            "to 100000000, not both 0");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 1\nbeds = 10\nscope = "
                       "[\"420102\"]\n"),
            "m.toml:1:1: measures[1].scope: a hospital serves the whole city; allowed scope: "
            "\"city\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"hospital\"\nstart = 9\nend = 3\nbeds = 10\n"),
            "measures[1].end: 3 (day 3) is not after start 9 (day 9); the end is the first day "
            "the measure is no longer in force");
  EXPECT_EQ(ParseError("[disease]\nno_icu_death_factor = 0.5\n"),
            "m.toml:2:23: disease.no_icu_death_factor: 0.5 is out of range; allowed 1 to 100");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 1\nration_days = 0\n"),
            "m.toml:4:15: measures[1].ration_days: 0 is out of range; allowed 1 to 365 days");
}

TEST(Measures, ReadsScreening) {
  Result<Parameters> p = ParseScenario(R"(
[run]
start_date = "2020-01-01"

[[measures]]
kind = "screening"
start = "2020-02-17"
end = "2020-02-20"
compliance = 0.9

[[measures]]
kind = "screening"
start = 40
duration_days = 10
scope = ["420102"]
place = "home"
isolation_days = 7
round_days = 5
households_per_day = 2500
)",
                                       "m.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->measures.size(), 2u);
  const MeasureSpec& wuhan = p->measures[0];
  EXPECT_EQ(wuhan.kind, MeasureKind::kScreening);
  EXPECT_TRUE(wuhan.facility);  // the screening default
  EXPECT_EQ(wuhan.round_days, 3);
  EXPECT_LT(wuhan.households_per_day, 0);
  EXPECT_EQ(wuhan.isolation_days, 14);
  const MeasureSpec& local = p->measures[1];
  EXPECT_FALSE(local.facility);
  EXPECT_EQ(local.isolation_days, 7);
  EXPECT_EQ(local.round_days, 5);
  EXPECT_DOUBLE_EQ(local.households_per_day, 2500);
  Result<Parameters> back = ParseScenario(ScenarioToToml(*p), "back.toml");
  ASSERT_TRUE(back.ok()) << back.error().message << "\n" << ScenarioToToml(*p);
  EXPECT_TRUE(SameParameters(*back, *p));
}

TEST(Measures, RefusesBadScreening) {
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"screening\"\nstart = 1\nround_days = 0\n"),
            "m.toml:4:14: measures[1].round_days: 0 is out of range; allowed 1 to 365 days");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"screening\"\nstart = 1\nhouseholds_per_day = 0.5\n"),
            "m.toml:4:22: measures[1].households_per_day: 0.5 is out of range; allowed 1 to "
            "1000000000 households/day");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"screening\"\nstart = 1\nplace = \"site\"\n"),
            "m.toml:4:9: measures[1].place: \"site\" is not a place; allowed: \"home\", "
            "\"facility\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"screening\"\nstart = 1\ntests_per_day = 5\n"),
            "m.toml:4:17: measures[1].tests_per_day: unknown key for a measure of kind screening; "
            "allowed keys: kind, start, end, duration_days, scope, compliance, place, "
            "isolation_days, round_days, households_per_day");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"screening\"\nstart = \"grid_has_confirmed\"\n"
                       "scope = \"each_grid_triggered\"\nduration_days = 3\n"),
            "m.toml:1:1: measures[1].scope: \"each_grid_triggered\" is not for a measure of kind "
            "screening; allowed kinds: school_closure, workplace_closure, stay_at_home, "
            "gathering_ban, community_closure");
  EXPECT_EQ(ParseError("[disease]\nother_fever_days = 0\n"),
            "m.toml:2:20: disease.other_fever_days: 0 is out of range; allowed 1 to 30 days");
  EXPECT_EQ(ParseError("[disease]\nother_fever_per_100k = [1, 2]\n"),
            "m.toml:2:24: disease.other_fever_per_100k: expected an array of 12 numbers, got 2");
}

TEST(Measures, RefusesWithTheKeyTheValueAndWhatIsAllowed) {
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"lockdown\"\nstart = 1\n"),
            "m.toml:2:8: measures[1].kind: \"lockdown\" is not a measure; allowed kinds: cordon, "
            "school_closure, workplace_closure, stay_at_home, gathering_ban, community_closure, "
            "isolation, masks, testing, contact_tracing, hospital, screening");
  EXPECT_EQ(ParseError("[[measures]]\nstart = 1\n"),
            "m.toml:1:1: measures[1]: the key kind is missing; allowed kinds: cordon, "
            "school_closure, workplace_closure, stay_at_home, gathering_ban, community_closure, "
            "isolation, masks, testing, contact_tracing, hospital, screening");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"cordon\"\nstart = 1\ncoverage = 0.5\n"),
            "m.toml:4:12: measures[1].coverage: unknown key for a measure of kind cordon; allowed "
            "keys: kind, start, end, duration_days, scope, compliance, imports_remaining");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 1\ncompliance = 1.5\n"),
            "m.toml:4:14: measures[1].compliance: 1.5 is out of range; allowed 0 to 1");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 10\nend = 5\n"),
            "measures[1].end: 5 (day 5) is not after start 10 (day 10); the end is the first day "
            "the measure is no longer in force");
  EXPECT_EQ(
      ParseError("[[measures]]\nkind = \"masks\"\nstart = \"2020-02-01\"\nend = \"2020-01-20\"\n"),
      "measures[1].end: \"2020-01-20\" (day 19) is not after start \"2020-02-01\" (day 31); the "
      "end is the first day the measure is no longer in force");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\n"),
            "m.toml:1:1: measures[1]: the key start is missing; allowed: a day number, a date "
            "YYYY-MM-DD or a trigger such as \"symptomatic_daily > 50\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = \"beds_daily > 50\"\n"),
            "m.toml:3:9: measures[1].start: trigger \"beds_daily > 50\": unknown metric "
            "\"beds_daily\"; allowed metrics: symptomatic_daily, deaths_cumulative, "
            "confirmed_daily");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = \"soon\"\n"),
            "m.toml:3:9: measures[1].start: \"soon\" is not a day number, a date YYYY-MM-DD or a "
            "trigger such as \"symptomatic_daily > 50\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 1\nend = \"x > 3\"\n"),
            "m.toml:4:7: measures[1].end: \"x > 3\" is not a day number or a date YYYY-MM-DD");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 1\nend = 9\nduration_days = 3\n"),
            "m.toml:1:1: measures[1]: give end or duration_days, not both");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"isolation\"\nstart = 1\nplace = \"hotel\"\n"),
            "m.toml:4:9: measures[1].place: \"hotel\" is not a place; allowed: \"home\", "
            "\"facility\"");
  EXPECT_EQ(
      ParseError("[[measures]]\nkind = \"contact_tracing\"\nstart = 1\nplace = \"facility\"\n"),
      "m.toml:4:9: measures[1].place: \"facility\" is not a place; allowed: \"home\", \"site\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"isolation\"\nstart = 1\nafter = \"test\"\n"),
            "m.toml:4:9: measures[1].after: \"test\" is not an event; allowed: \"onset\", "
            "\"confirmation\"");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"contact_tracing\"\nstart = 1\nrecall_grid = 2\n"),
            "m.toml:4:15: measures[1].recall_grid: 2 is out of range; allowed 0 to 1");
  EXPECT_EQ(
      ParseError("[[measures]]\nkind = \"contact_tracing\"\nstart = 1\ncontacts_city = -1\n"),
      "m.toml:4:17: measures[1].contacts_city: -1 is out of range; allowed 0 to 1000 contacts");
  EXPECT_EQ(
      ParseError("[[measures]]\nkind = \"contact_tracing\"\nstart = 1\nisolation_days = 3\n"),
      "m.toml:4:18: measures[1].isolation_days: unknown key for a measure of kind "
      "contact_tracing; allowed keys: kind, start, end, duration_days, scope, compliance, place, "
      "delay_days, cases_per_day, lookback_days, quarantine_days, recall_household, recall_grid, "
      "recall_workplace, recall_school, recall_city, contacts_grid, contacts_workplace, "
      "contacts_school, contacts_city");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = 1\nscope = \"district\"\n"),
            "m.toml:4:9: measures[1].scope: \"district\" is not a scope; allowed: \"city\", "
            "\"each_grid_triggered\" or a list of region codes such as [\"420102\", 420103001]");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"community_closure\"\nstart = 1\nscope = "
                       "\"each_grid_triggered\"\nduration_days = 14\n"),
            "m.toml:1:1: measures[1]: start = \"grid_has_confirmed\" and scope = "
            "\"each_grid_triggered\" go together; allowed: both or neither");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"masks\"\nstart = \"grid_has_confirmed\"\nscope = "
                       "\"each_grid_triggered\"\nduration_days = 14\n"),
            "m.toml:1:1: measures[1].scope: \"each_grid_triggered\" is not for a measure of kind "
            "masks; allowed kinds: school_closure, workplace_closure, stay_at_home, "
            "gathering_ban, community_closure");
  EXPECT_EQ(
      ParseError("[[measures]]\nkind = \"community_closure\"\nstart = "
                 "\"grid_has_confirmed\"\nscope = \"each_grid_triggered\"\n"),
      "m.toml:1:1: measures[1]: scope = \"each_grid_triggered\" needs duration_days (how long "
      "each grid stays under the measure after its latest confirmed case) and no end");
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"cordon\"\nstart = 1\nscope = [\"420102\"]\n"),
            "m.toml:1:1: measures[1].scope: a cordon closes the whole city; allowed scope: "
            "\"city\"");
  EXPECT_EQ(ParseError("measures = 3\n"),
            "m.toml:1:12: measures: expected [[measures]] tables, "
            "got 3");
  // The second table is named as the second.
  EXPECT_EQ(ParseError("[[measures]]\nkind = \"cordon\"\nstart = 1\n[[measures]]\nkind = "
                       "\"masks\"\nstart = 1\ndelay_days = 2\n"),
            "m.toml:7:14: measures[2].delay_days: unknown key for a measure of kind masks; "
            "allowed keys: kind, start, end, duration_days, scope, compliance, coverage, "
            "efficacy_wearer, efficacy_others, stock, production_per_day, "
            "use_per_wearer_per_day, household_ration, ration_days");
}

}  // namespace
}  // namespace fk::sim
