// Simulation runs: validation, limits, one run per user, cancel, crash
// recovery and shutdown, on both databases. No assertion on time: every
// simulated day waits 5 ms (SimulationOptions::on_day), so a "long" run of
// 3,650 days lasts at least 18 s and cannot end before the test cancels it;
// waits are for states, not durations.
#include "ops/simulation/simulation.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <thread>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr auto kWait = std::chrono::minutes(5);

class SimulationTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    for (const char* name : {"command", "district", "grid"}) {
      auto r = tx->Exec(
          "INSERT INTO users (username, display_name, role, scope, password_hash, created_at) "
          "VALUES (?, ?, 'command_centre', '420100', 'x', 0)",
          {std::string(name), std::string(name)});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  SimulationOptions Options(int max_running = 1) {
    SimulationOptions o;
    o.max_running = max_running;
    o.threads = 1;
    o.scenario_dir = std::filesystem::path(FANGKONG_SOURCE_DIR) / "scenarios";
    o.progress_interval_seconds = 0;
    o.on_day = [](int64_t, int) { std::this_thread::sleep_for(std::chrono::milliseconds(5)); };
    return o;
  }
  std::unique_ptr<SimulationService> Service(SimulationOptions options) {
    return std::make_unique<SimulationService>(db(), std::move(options), [] { return kNow; });
  }
  static std::vector<ParameterOverride> Small() {
    return {{"run.population", int64_t{2000}}, {"run.days", int64_t{30}}};
  }
  static std::vector<ParameterOverride> Long() {
    return {{"run.population", int64_t{20000}}, {"run.days", int64_t{3650}}};
  }
  // Waits until run `id` has left the queue (running or ended).
  RunStatus WaitStarted(SimulationService& s, const AccessContext& who, int64_t id) {
    for (;;) {
      auto run = s.Get(who, id);
      EXPECT_TRUE(run.ok());
      if (!run.ok() || run->status != RunStatus::kQueued)
        return run.ok() ? run->status : RunStatus::kFailed;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  const AccessContext command_ = Actor(Role::kCommandCentre, kCity, 1);
  const AccessContext district_ = Actor(Role::kDistrictOfficer, "420102", 2);
  const AccessContext grid_ = Actor(Role::kGridWorker, kGridA, 3);
};

TEST_P(SimulationTest, ListsTheBuiltInScenariosToRolesThatRunSimulations) {
  auto s = Service(Options());
  auto scenarios = s->Scenarios(command_);
  ASSERT_TRUE(scenarios.ok()) << scenarios.error().message;
  std::vector<std::string> names;
  for (const auto& sc : *scenarios) names.push_back(sc.name);
  EXPECT_EQ(names, (std::vector<std::string>{"default", "demo-city", "no-transmission",
                                             "well-mixed", "wuhan-2020"}));
  EXPECT_EQ((*scenarios)[3].parameters.population, 200000);
  EXPECT_TRUE(s->Scenarios(district_).ok());
  for (Role r :
       {Role::kStreetOfficer, Role::kCommunityOfficer, Role::kGridWorker, Role::kMedicalStaff,
        Role::kSupplyOfficer, Role::kVolunteer, Role::kAdministrator}) {
    auto refused = s->Scenarios(Actor(r, kCity, 3));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  }
  auto start = s->Start(grid_, "default", Small());
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().message, "role grid_worker may not run simulations");
}

TEST_P(SimulationTest, RunsASmallScenarioAndKeepsItsParametersSummaryAndCurve) {
  auto s = Service(Options());
  auto run = s->Start(command_, "default",
                      {{"run.population", int64_t{2000}},
                       {"run.days", 30.0},  // an integral real for an integer
                       {"transmission.r0", int64_t{3}}});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->status, RunStatus::kQueued);
  EXPECT_EQ(run->agents, 2000);
  EXPECT_EQ(run->days, 30);
  ASSERT_TRUE(s->WaitIdle(kWait));
  auto done = s->Get(command_, run->id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, RunStatus::kDone) << done->error;
  EXPECT_EQ(done->progress, 1.0);
  EXPECT_EQ(done->started_at, kNow);
  EXPECT_EQ(done->finished_at, kNow);
  auto params = nlohmann::json::parse(done->parameters);
  EXPECT_EQ(params["overrides"],
            nlohmann::json({{"run.population", 2000}, {"run.days", 30}, {"transmission.r0", 3.0}}));
  EXPECT_EQ(params["values"]["transmission.r0"], 3.0);
  EXPECT_EQ(params["values"]["run.seed"], 1);
  auto summary = nlohmann::json::parse(done->summary);
  EXPECT_EQ(summary["agents"], 2000);
  EXPECT_EQ(summary["days_simulated"], 30);
  auto curve = nlohmann::json::parse(done->curve);
  ASSERT_EQ(curve["day"].size(), 30u);
  EXPECT_EQ(curve["start_date"], "2020-01-01");
  EXPECT_EQ(curve["cumulative_infections"].back(), summary["infections"]["total"]);
  for (size_t d = 0; d < 30; ++d) {
    int64_t total = curve["susceptible"][d].get<int64_t>() + curve["exposed"][d].get<int64_t>() +
                    curve["infectious"][d].get<int64_t>() + curve["recovered"][d].get<int64_t>() +
                    curve["dead"][d].get<int64_t>();
    EXPECT_EQ(total, 2000) << "day " << d;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = "
                  "'simulation_run' AND detail = 'scenario default, 2000 agents x 30 days'"),
            1);
  // Lists leave out the curve.
  auto page = s->Runs(command_, 0, 50);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_TRUE(page->items[0].curve.empty());
  EXPECT_FALSE(page->items[0].summary.empty());
}

TEST_P(SimulationTest, BadScenariosAndParametersAreRefusedNamingThemAndWriteNothing) {
  auto s = Service(Options());
  auto refused = [&](const std::string& scenario, std::vector<ParameterOverride> overrides) {
    auto r = s->Start(command_, scenario, overrides);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.ok() ? ErrorCode::kInternal : r.error().code, ErrorCode::kInvalidArgument);
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(refused("nope", {}),
            "scenario: nope is not a built-in scenario (default, demo-city, no-transmission, "
            "well-mixed, wuhan-2020)");
  EXPECT_EQ(refused("../scenarios/default", {}),
            "scenario: ../scenarios/default is not a built-in scenario (default, demo-city, "
            "no-transmission, well-mixed, wuhan-2020)");
  EXPECT_EQ(refused("default", {{"run.nope", int64_t{1}}}),
            "parameters: run.nope is not a parameter");
  EXPECT_EQ(refused("default", {{"transmission.r0", 25.0}}),
            "parameters: transmission.r0: 25 is out of range; allowed 0 to 20");
  EXPECT_EQ(refused("default", {{"run.population", 2.5}}),
            "parameters: run.population: must be an integer");
  EXPECT_EQ(refused("default", {{"run.population", std::string("many")}}),
            "parameters: run.population: must be an integer");
  EXPECT_EQ(refused("default", {{"run.start_date", int64_t{3}}}),
            "parameters: run.start_date: must be a YYYY-MM-DD date");
  EXPECT_NE(refused("default",
                    {{"run.population", int64_t{1000}}, {"run.initial_infections", int64_t{5000}}}),
            "");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
}

TEST_P(SimulationTest, ARunLargerThanTheLimitIsRefusedBeforeItStarts) {
  SimulationOptions o = Options();
  o.max_agent_days = 100000;
  auto s = Service(o);
  auto r =
      s->Start(command_, "default", {{"run.population", int64_t{2000}}, {"run.days", int64_t{51}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(r.error().message,
            "parameters: 2000 agents x 51 days = 102000 agent-days, more than this server runs "
            "(100000)");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs"), 0);
  EXPECT_TRUE(
      s->Start(command_, "default", {{"run.population", int64_t{2000}}, {"run.days", int64_t{50}}})
          .ok());
  EXPECT_TRUE(s->WaitIdle(kWait));
}

TEST_P(SimulationTest, OneRunPerUserTheRestWaitInTheQueueAndCancelEndsThem) {
  auto s = Service(Options(1));
  auto first = s->Start(command_, "default", Long());
  ASSERT_TRUE(first.ok()) << first.error().message;
  // One runner: the district officer's run waits in the queue.
  auto second = s->Start(district_, "default", Small());
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto again = s->Start(command_, "default", Small());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(again.error().message.starts_with("simulation: your run " +
                                                std::to_string(first->id) + " is still "))
      << again.error().message;
  // Another user's run is not found, whatever its state.
  EXPECT_EQ(s->Cancel(district_, first->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s->Get(district_, first->id).error().code, ErrorCode::kNotFound);

  EXPECT_EQ(WaitStarted(*s, command_, first->id), RunStatus::kRunning);
  auto queued = s->Get(district_, second->id);
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->status, RunStatus::kQueued);
  auto cancelled_queued = s->Cancel(district_, second->id);
  ASSERT_TRUE(cancelled_queued.ok()) << cancelled_queued.error().message;
  EXPECT_EQ(cancelled_queued->status, RunStatus::kCancelled);

  auto cancelled = s->Cancel(command_, first->id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, RunStatus::kCancelled);
  ASSERT_TRUE(s->WaitIdle(kWait));
  auto ended = s->Get(command_, first->id);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, RunStatus::kCancelled);
  EXPECT_LT(ended->progress, 1.0);
  auto twice = s->Cancel(command_, first->id);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().message,
            "simulation: run " + std::to_string(first->id) + " has already ended (cancelled)");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel'"), 2);

  // A cancelled run frees its user for the next; the queued run never ran.
  EXPECT_FALSE(s->Get(district_, second->id)->started_at.has_value());
  auto next = s->Start(command_, "default", Small());
  ASSERT_TRUE(next.ok()) << next.error().message;
  ASSERT_TRUE(s->WaitIdle(kWait));
  EXPECT_EQ(s->Get(command_, next->id)->status, RunStatus::kDone);
  auto finished = s->Cancel(command_, next->id);
  EXPECT_EQ(finished.error().message,
            "simulation: run " + std::to_string(next->id) + " has already finished");
}

TEST_P(SimulationTest, RunsAreListedNewestFirstInKeysetPages) {
  auto s = Service(Options());
  std::vector<int64_t> ids;
  for (int k = 0; k < 3; ++k) {
    auto run = s->Start(command_, "no-transmission", Small());
    ASSERT_TRUE(run.ok()) << run.error().message;
    ids.push_back(run->id);
    ASSERT_TRUE(s->WaitIdle(kWait));
  }
  ASSERT_TRUE(s->Start(district_, "no-transmission", Small()).ok());
  ASSERT_TRUE(s->WaitIdle(kWait));
  auto first = s->Runs(command_, 0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, ids[2]);
  EXPECT_EQ(first->items[1].id, ids[1]);
  ASSERT_EQ(first->next_cursor, ids[1]);
  auto second = s->Runs(command_, *first->next_cursor, 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, ids[0]);
  EXPECT_FALSE(second->next_cursor.has_value());
  EXPECT_EQ(s->Runs(district_, 0, 50)->items.size(), 1u);
  EXPECT_EQ(s->Runs(command_, 0, 0).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(SimulationTest, RunsLeftByAStoppedProcessAreMarkedFailedAtStartUp) {
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    int64_t user = 1;
    for (const char* status : {"queued", "running", "done"}) {
      ASSERT_TRUE(tx->Exec("INSERT INTO simulation_runs (user_id, scenario, parameters, agents, "
                           "days, status, progress, created_at) VALUES (?, 'default', '{}', "
                           "1000, 10, ?, 0.5, 0)",
                           {user++, std::string(status)})
                      .ok());
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto s = Service(Options());
  auto recovered = s->RecoverInterrupted();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs WHERE status = 'failed' AND error = 'the "
                  "server stopped before the run finished' AND finished_at = 1580515200"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs WHERE status = 'done'"), 1);
  // Their users may start again.
  EXPECT_TRUE(s->Start(command_, "default", Small()).ok());
  EXPECT_TRUE(s->WaitIdle(kWait));
}

TEST_P(SimulationTest, AServerThatStopsMarksItsRunsFailed) {
  int64_t running = 0, queued = 0;
  {
    auto s = Service(Options(1));
    auto a = s->Start(command_, "default", Long());
    ASSERT_TRUE(a.ok());
    auto b = s->Start(district_, "default", Long());
    ASSERT_TRUE(b.ok());
    running = a->id;
    queued = b->id;
    EXPECT_EQ(WaitStarted(*s, command_, running), RunStatus::kRunning);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs WHERE status = 'failed' AND error = 'the "
                  "server stopped before the run finished' AND id IN (" +
                  std::to_string(running) + ", " + std::to_string(queued) + ")"),
            2);
}

// Two servers on one database, each with its own clock: a server whose
// heartbeat lapses (its clock stands still while the other's moves on) has
// its runs failed by the other, and stops computing them itself; a live
// server's runs are never touched.
TEST_P(SimulationTest, AnotherServerFailsOnlyTheRunsOfAServerWhoseHeartbeatLapsed) {
  auto a_now = std::make_shared<std::atomic<int64_t>>(kNow);
  auto b_now = std::make_shared<std::atomic<int64_t>>(kNow);
  auto last_day = std::make_shared<std::atomic<int>>(-1);
  auto options = Options();
  options.heartbeat_seconds = 1;
  auto a_options = options;
  a_options.on_day = [last_day](int64_t, int day) {
    *last_day = day;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  SimulationService a(db(), a_options, [a_now] { return a_now->load(); });
  auto a_run = a.Start(command_, "default", Long());
  ASSERT_TRUE(a_run.ok()) << a_run.error().message;
  ASSERT_EQ(WaitStarted(a, command_, a_run->id), RunStatus::kRunning);

  SimulationService b(db(), options, [b_now] { return b_now->load(); });
  EXPECT_NE(a.instance(), b.instance());
  auto recovered = b.RecoverInterrupted();  // as a server does when it starts
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 0);
  auto b_run = b.Start(district_, "default", Long());
  ASSERT_TRUE(b_run.ok()) << b_run.error().message;
  EXPECT_EQ(a.Get(command_, a_run->id)->status, RunStatus::kRunning);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM simulation_runs WHERE owner = '" + a.instance() + "'"), 1);

  // a's heartbeat lapses: b's time moves on 100 s, a keeps writing kNow.
  *b_now = kNow + 100;
  ASSERT_TRUE(b.RecoverInterrupted().ok());  // or b's own heartbeat did it first
  auto failed = b.Get(command_, a_run->id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, RunStatus::kFailed);
  EXPECT_EQ(failed->error, "the server stopped before the run finished");
  // a stops the run b failed (after its next heartbeat), long before its
  // 3,650 days; b's own run goes on.
  EXPECT_TRUE(a.WaitIdle(kWait));
  EXPECT_LT(last_day->load(), 3649);
  EXPECT_EQ(b.Get(district_, b_run->id)->status, RunStatus::kRunning);
  EXPECT_TRUE(b.Cancel(district_, b_run->id).ok());
  EXPECT_TRUE(b.WaitIdle(kWait));
}

// A run cancelled through another server stops on the server that runs it.
TEST_P(SimulationTest, ARunCancelledThroughAnotherServerStopsWhereItRuns) {
  auto last_day = std::make_shared<std::atomic<int>>(-1);
  auto options = Options();
  options.heartbeat_seconds = 1;
  auto a_options = options;
  a_options.on_day = [last_day](int64_t, int day) {
    *last_day = day;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  SimulationService a(db(), a_options, [] { return kNow; });
  SimulationService b(db(), options, [] { return kNow; });
  auto run = a.Start(command_, "default", Long());
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(WaitStarted(a, command_, run->id), RunStatus::kRunning);
  auto cancelled = b.Cancel(command_, run->id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, RunStatus::kCancelled);
  EXPECT_TRUE(a.WaitIdle(kWait));
  EXPECT_LT(last_day->load(), 3649);
  EXPECT_EQ(a.Get(command_, run->id)->status, RunStatus::kCancelled);
}

TEST_P(SimulationTest, TheDatabaseHoldsOneActiveRunPerUserEvenAgainstARace) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  const std::string insert =
      "INSERT INTO simulation_runs (user_id, scenario, parameters, agents, days, status, "
      "progress, created_at) VALUES (1, 'default', '{}', 1000, 10, ?, 0, 0)";
  ASSERT_TRUE(tx->Exec(insert, {std::string("running")}).ok());
  ASSERT_TRUE(tx->Exec(insert, {std::string("done")}).ok());
  auto second = tx->Exec(insert, {std::string("queued")});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, SimulationTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
