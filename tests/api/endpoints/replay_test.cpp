// A simulated outbreak replayed through the API (issue 13): the simulator
// runs over the test's demo city (1,000 residents) and writes
// transmissions.csv; the replay (api/replay) turns it into cases, contacts,
// quarantine orders and checks, admissions and discharges day by day over
// HTTP with real logins, the server's response clock moved to each day;
// the daily counts the API then reports must equal the plan's truth, on
// SQLite and PostgreSQL, and every write must be answered as planned.
#include <fstream>
#include <sstream>

#include "api/replay/outbreak_replay.hpp"
#include "endpoints/api_fixture.hpp"
#include "ops/clock_override.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::api::test {
namespace {

constexpr const char* kOfficerPassword = "replay-officer-password";
constexpr const char* kCheckerPassword = "replay-checker-password";

class ReplayTest : public ApiTest {
 protected:
  // Every clock of the process back to the system's, whatever happened.
  void TearDown() override {
    ops::SetClockOverride(0);
    ApiTest::TearDown();
  }

  // transmissions.csv of a run over the fixture's demo city.
  std::string SimulatedTransmissions() {
    DemoOptions demo;
    demo.population = 1'000;
    demo.households_per_grid = 10;
    auto pop = BuildDemoCity(demo);
    EXPECT_TRUE(pop.ok());
    if (!pop.ok()) return {};
    sim::Parameters params = sim::DefaultParameters();
    params.population = demo.population;
    params.households_per_grid = demo.households_per_grid;
    params.days = 80;
    sim::RunOptions run;
    run.record_transmissions = true;
    auto result = sim::RunSimulation(params, *pop, run);
    EXPECT_TRUE(result.ok()) << result.error().message;
    if (!result.ok()) return {};
    const auto dir =
        std::filesystem::temp_directory_path() / ("fk-replay-" + std::to_string(getpid()) + "-" +
                                                  std::to_string(static_cast<int>(GetParam())));
    EXPECT_TRUE(sim::WriteRunOutputs(*result, *pop, params, dir).ok());
    std::ifstream in(dir / "transmissions.csv");
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove_all(dir);
    return text.str();
  }

  // The replay's staff: an officer and a checker of the whole city, made
  // the operator's way.
  void MakeStaff() {
    auto& users = server_->services().users;
    ASSERT_TRUE(users
                    .CreateBySystem(
                        {"replay-officer", "回放 officer", ops::Role::kDistrictOfficer, kDemoCity},
                        kOfficerPassword, false, "test")
                    .ok());
    ASSERT_TRUE(users
                    .CreateBySystem(
                        {"replay-checker", "回放 checker", ops::Role::kCommunityOfficer, kDemoCity},
                        kCheckerPassword, false, "test")
                    .ok());
  }

  replay::Caller Caller() {
    return [this](const std::string& method, const std::string& target, const std::string& body,
                  const std::string& token) {
      Headers headers;
      if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
      ClientResponse r = Request(server_->port(), method, target, body, headers);
      if (r.status != 0) {
        EXPECT_EQ(AnswerProblem(document_, method, target, r), "") << target;
      }
      return replay::Answer{r.status, r.Json()};
    };
  }
};

TEST_P(ReplayTest, DailyCountsEqualTheReplayedTruth) {
  MakeStaff();
  const std::string csv = SimulatedTransmissions();
  auto infections = replay::ReadTransmissions(csv);
  ASSERT_TRUE(infections.ok()) << infections.error().message;
  ASSERT_FALSE(infections->empty());
  const replay::Caller call = Caller();
  auto officer = replay::LogIn(call, {"replay-officer", kOfficerPassword});
  ASSERT_TRUE(officer.ok()) << officer.error().message;
  auto residents = replay::ReadResidents(call, *officer, kDemoCity);
  ASSERT_TRUE(residents.ok()) << residents.error().message;
  ASSERT_GE(residents->size(), 900u);  // the demo city of about 1,000 (MakePlan checks grids)

  replay::PlanOptions plan_options;
  plan_options.first_day = infections->front().day;
  // 30 days: the small city's outbreak at its height (most of it infected
  // by then), with the first releases and discharges.
  plan_options.last_day = plan_options.first_day + 29;
  plan_options.contacts_per_case = 2;
  auto plan = replay::MakePlan(*infections, *residents, plan_options);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  const replay::DayCounts& end = plan->truth.back();
  // A few hundred cases, with orders, checks and beds to count.
  ASSERT_GE(end.cumulative_confirmed, 100);
  ASSERT_LE(end.cumulative_confirmed, 1'000);

  replay::ReplayOptions options;
  options.region = kDemoCity;
  options.officer = {"replay-officer", kOfficerPassword};
  options.checker = {"replay-checker", kCheckerPassword};
  options.lanes = 4;
  options.set_day = [](int64_t day) { ops::SetClockOverride(day * 86400 + 12 * 3600); };
  auto report = replay::Replay(call, *plan, *residents, options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->errors.empty()) << report->errors.front();
  ASSERT_EQ(report->observed.size(), plan->truth.size());
  int64_t checks = 0, contacts = 0, peak_beds = 0;
  for (size_t k = 0; k < plan->truth.size(); ++k) {
    const replay::DayCounts& want = plan->truth[k];
    const replay::DayCounts& got = report->observed[k];
    const std::string day = replay::DayDate(want.day);
    EXPECT_EQ(got.new_confirmed, want.new_confirmed) << day;
    EXPECT_EQ(got.cumulative_confirmed, want.cumulative_confirmed) << day;
    EXPECT_EQ(got.contacts_listed, want.contacts_listed) << day;
    EXPECT_EQ(got.new_cases_from_contacts, want.new_cases_from_contacts) << day;
    EXPECT_EQ(got.orders_started, want.orders_started) << day;
    EXPECT_EQ(got.active_orders, want.active_orders) << day;
    EXPECT_EQ(got.checks, want.checks) << day;
    EXPECT_EQ(got.shelter_occupied, want.shelter_occupied) << day;
    EXPECT_EQ(got.general_occupied, want.general_occupied) << day;
    EXPECT_EQ(got.icu_occupied, want.icu_occupied) << day;
    checks += want.checks;
    contacts += want.contacts_listed;
    peak_beds = std::max(peak_beds, want.shelter_occupied + want.general_occupied);
  }
  // The truth is not empty in any of its columns.
  EXPECT_GT(checks, 0);
  EXPECT_GT(contacts, end.cumulative_confirmed);
  EXPECT_GT(peak_beds, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplayTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
