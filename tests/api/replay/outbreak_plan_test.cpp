// The replay's plan (api/replay/outbreak_plan.hpp) without a server: the
// transmissions.csv reader, and the plan's rules on a small made-up city
// (who is listed, the cap and the backlog, a registry that is not the
// simulated city refused).
#include "api/replay/outbreak_plan.hpp"

#include <gtest/gtest.h>

#include <set>

namespace fk::api::replay {
namespace {

// 40 residents: 4 grids of 10, households of 2.
std::vector<Resident> City() {
  std::vector<Resident> out;
  for (int p = 0; p < 40; ++p)
    out.push_back({1000 + p, 500 + p / 2, "42010200100100" + std::to_string(p / 10)});
  return out;
}

// Person p infected on day 100 + p / 4, by p - 4 (the first four are seeds).
std::vector<Infection> Chain() {
  std::vector<Infection> out;
  const auto city = City();
  for (uint32_t p = 0; p < 40; ++p) {
    Infection row{p, 100 + p / 4, std::nullopt, p % 2 ? "household" : "community",
                  city[p].grid_code};
    if (p >= 4) row.infector = p - 4;
    out.push_back(row);
  }
  return out;
}

TEST(OutbreakPlanTest, ReadsTransmissionsWithTheirExtraColumns) {
  auto rows = ReadTransmissions(
      "day,date,infector,infectee,layer,grid_code,infector_state\n"
      "0,2020-01-01,,7,seed,420102001001001,\n"
      "3,2020-01-04,7,9,household,420102001001002,presymptomatic\n");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_FALSE((*rows)[0].infector.has_value());
  EXPECT_EQ((*rows)[1].infector, 7u);
  EXPECT_EQ((*rows)[1].person, 9u);
  EXPECT_EQ(DayDate((*rows)[1].day), "2020-01-04");
  EXPECT_EQ((*rows)[1].grid_code, "420102001001002");
  auto bad = ReadTransmissions("date,infector,infectee,layer,grid_code\n2020-13-01,,1,seed,x\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos) << bad.error().message;
}

TEST(OutbreakPlanTest, ListsNoCaseAndNobodyTwiceAndCountsWhatItPlans) {
  PlanOptions options{100, 140, 5};
  auto plan = MakePlan(Chain(), City(), options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->days.size(), 41u);
  std::set<uint32_t> cases;
  int64_t cumulative = 0;
  for (size_t d = 0; d < plan->days.size(); ++d) {
    const DayPlan& day = plan->days[d];
    for (const CaseStep& c : day.cases) EXPECT_TRUE(cases.insert(c.person).second);
    int64_t listed = 0;
    for (const CaseStep& c : day.cases) {
      std::set<uint32_t> on_list;
      for (const ContactStep& k : c.contacts) {
        EXPECT_FALSE(cases.count(k.person)) << "case " << k.person << " listed";
        EXPECT_TRUE(on_list.insert(k.person).second);
        EXPECT_LE(k.last_exposure, day.day);
      }
      // Its infectee (p + 4) by then, then household and grid up to 5.
      EXPECT_LE(c.contacts.size(), 5u);
      listed += static_cast<int64_t>(c.contacts.size());
    }
    cumulative += static_cast<int64_t>(day.cases.size());
    EXPECT_EQ(plan->truth[d].new_confirmed, static_cast<int64_t>(day.cases.size()));
    EXPECT_EQ(plan->truth[d].cumulative_confirmed, cumulative);
    EXPECT_EQ(plan->truth[d].contacts_listed, listed);
    EXPECT_EQ(plan->truth[d].checks, static_cast<int64_t>(day.checks.size()));
  }
  // Every infection is due by day 100 + 9 + 14: all 40 reported.
  EXPECT_EQ(cumulative, 40);
  EXPECT_GT(plan->shelter_beds, 0);
}

TEST(OutbreakPlanTest, BacklogOnTheFirstDayUpToTheCap) {
  PlanOptions options{130, 130, 10, true, 7};
  auto plan = MakePlan(Chain(), City(), options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->days.size(), 1u);
  EXPECT_EQ(plan->days[0].cases.size(), 7u);
  EXPECT_EQ(plan->truth[0].new_confirmed, 7);
  for (const CaseStep& c : plan->days[0].cases) EXPECT_GE(c.contacts.size(), 1u);
  options.backlog = false;
  auto without = MakePlan(Chain(), City(), options);
  ASSERT_TRUE(without.ok());
  EXPECT_LT(without->truth[0].new_confirmed, 7);
}

TEST(OutbreakPlanTest, RefusesARegistryThatIsNotTheSimulatedCity) {
  auto rows = Chain();
  rows[3].grid_code = "420102001001003";
  auto plan = MakePlan(rows, City(), {100, 140, 5});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message,
            "infectee 3 in grid 420102001001003 is not a resident of that grid");
}

}  // namespace
}  // namespace fk::api::replay
