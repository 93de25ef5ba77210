#include "ops/supervision/supervision.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "ops/audit/audit.hpp"
#include "ops/registry/registry.hpp"
#include "ops/screening/screening.hpp"
#include "ops/users/users.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kStreet = "420102001";
constexpr const char* kCommunity = "420102001001";

class SupervisionTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto clock = [this] { return now_; };
    UserService users(
        db(), clock,
        {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    for (auto [name, role, scope] : {std::tuple{"worker1", Role::kGridWorker, kGridA},
                                     {"worker2", Role::kGridWorker, kGridA},
                                     {"worker3", Role::kGridWorker, kGridC},
                                     {"inspector", Role::kCommunityOfficer, kCommunity},
                                     {"officer", Role::kStreetOfficer, kStreet}}) {
      auto u = users.CreateBySystem({name, name, role, scope}, "secret-123", false, "test");
      ASSERT_TRUE(u.ok()) << u.error().message;
      ids_.push_back(u->id);
    }
    AuditWriter audit(db());
    RegistryService registry(db(), audit, clock);
    ScreeningService screening(db(), clock);
    const AccessContext officer = Actor(Role::kCommunityOfficer, kStreet, 3);
    int seq = 101;
    for (const char* grid : {kGridA, kGridA, kGridA, kGridA, kGridC, kGridC}) {
      auto h = registry.CreateHousehold(officer, {0, grid, "1", "1", std::to_string(seq)});
      ASSERT_TRUE(h.ok()) << h.error().message;
      for (int k = 0; k < 2; ++k, seq += 2) {
        auto r = registry.AddResident(officer, h->id,
                                      {"居民" + std::to_string(seq), Sex::kMale, "1980-05-05",
                                       MakeId("19800505", seq), "13700000000"});
        ASSERT_TRUE(r.ok()) << r.error().message;
      }
    }
    auto campaign = screening.CreateCampaign(street_, "摸排", kStreet, "2020-02-01", "2020-02-05");
    ASSERT_TRUE(campaign.ok()) << campaign.error().message;
    campaign_ = campaign->id;
    auto tasks = screening.Tasks(street_, campaign_, 0, 50);
    ASSERT_TRUE(tasks.ok());
    ASSERT_EQ(tasks->items.size(), 6u);
    // Households 0-1 by worker 1, 2-3 by worker 2, 4-5 by worker 3; every
    // person present, the first person of household 0 with a fever.
    for (size_t i = 0; i < 6; ++i) {
      const auto& t = tasks->items[i];
      const int64_t worker = ids_[i / 2];
      const AccessContext who = Actor(Role::kGridWorker, t.grid_code, worker);
      auto people = registry.HouseholdResidents(officer, t.household_id);
      ASSERT_TRUE(people.ok());
      for (size_t p = 0; p < people->size(); ++p) {
        VisitInput v;
        v.task_id = t.id;
        v.resident_id = (*people)[p].id;
        v.temperature = i == 0 && p == 0 ? 38.4 : 36.5;
        ASSERT_TRUE(screening.RecordVisit(who, v).ok());
        residents_[t.id].push_back((*people)[p].id);
      }
      first_of_[t.id] = worker;
    }
    service_ = std::make_unique<SupervisionService>(db(), clock);
  }
  int64_t now_ = kNow;
  std::vector<int64_t> ids_;  // worker1, worker2, worker3, inspector, officer
  int64_t campaign_ = 0;
  std::map<int64_t, std::vector<int64_t>> residents_;
  std::map<int64_t, int64_t> first_of_;
  std::unique_ptr<SupervisionService> service_;
  const AccessContext street_ = Actor(Role::kStreetOfficer, kStreet, 3);
};

TEST_P(SupervisionTest, RoundIsReproducibleAndNeverTheFirstVisitor) {
  auto team = service_->CreateTeam(street_, "第一督导组", kStreet, {"inspector", "worker1"});
  ASSERT_TRUE(team.ok()) << team.error().message;
  auto twin = service_->CreateTeam(street_, "第二督导组", kStreet, {"worker1", "inspector"});
  ASSERT_TRUE(twin.ok());
  auto a = service_->DrawRound(street_, team->id, campaign_, 500, 2020);
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = service_->DrawRound(street_, twin->id, campaign_, 500, 2020);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(a->size(), 3u);  // half of six households
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].task_id, (*b)[i].task_id);
    EXPECT_EQ((*a)[i].revisitor, (*b)[i].revisitor);
    ASSERT_TRUE((*a)[i].revisitor.has_value());
    EXPECT_NE(*(*a)[i].revisitor, first_of_[(*a)[i].task_id]);
  }
  auto again = service_->DrawRound(street_, team->id, campaign_, 500, 2021);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  // Every household, every seed: worker 1's households go to the inspector.
  for (uint64_t seed = 0; seed < 5; ++seed) {
    auto t = service_->CreateTeam(street_, "组" + std::to_string(seed), kStreet,
                                  {"worker1", "inspector"});
    ASSERT_TRUE(t.ok());
    auto all = service_->DrawRound(street_, t->id, campaign_, 1000, seed);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 6u);
    for (const auto& r : *all) EXPECT_NE(r.revisitor, first_of_[r.task_id]) << seed;
  }
}

TEST_P(SupervisionTest, DisagreementsScoreWorkersAndGridsAndBecomeCorrections) {
  // The inspector alone: every household is theirs.
  auto team = service_->CreateTeam(street_, "督导组", kStreet, {"inspector"});
  ASSERT_TRUE(team.ok()) << team.error().message;
  auto round = service_->DrawRound(street_, team->id, campaign_, 1000, 1);
  ASSERT_TRUE(round.ok()) << round.error().message;
  const AccessContext inspector = Actor(Role::kCommunityOfficer, kCommunity, ids_[3]);
  const AccessContext worker1 = Actor(Role::kGridWorker, kGridA, ids_[0]);
  for (const auto& r : *round) {
    const auto& people = residents_[r.task_id];
    // Worker 1's first household: the inspector finds the fever too (agrees)
    // but also a second person with symptoms (disagrees). Worker 3's
    // households: one person was not at home.
    std::vector<RevisitFinding> found;
    for (size_t p = 0; p < people.size(); ++p) found.push_back({people[p], true, false});
    if (r.task_id == residents_.begin()->first) {
      found[0].flagged = true;
      found[1].flagged = true;
    } else if (first_of_[r.task_id] == ids_[2]) {
      found[1].present = false;
    }
    // Nobody else may record it.
    EXPECT_EQ(service_->Record(worker1, r.id, found).error().code, ErrorCode::kNotFound);
    auto done = service_->Record(inspector, r.id, found);
    ASSERT_TRUE(done.ok()) << done.error().message;
  }
  auto twice = service_->Record(inspector, round->front().id, {{residents_.begin()->second[0]}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto quality = service_->Quality(street_, team->id, campaign_);
  ASSERT_TRUE(quality.ok()) << quality.error().message;
  std::map<std::string, QualityScore> worker, grid;
  for (const auto& q : quality->by_worker) worker[q.key] = q;
  for (const auto& q : quality->by_grid) grid[q.key] = q;
  EXPECT_EQ(worker[std::to_string(ids_[0])].revisited, 2);
  EXPECT_EQ(worker[std::to_string(ids_[0])].disagreeing, 1);
  EXPECT_EQ(worker[std::to_string(ids_[0])].score_per_mille, 500);
  EXPECT_EQ(worker[std::to_string(ids_[1])].score_per_mille, 1000);
  EXPECT_EQ(worker[std::to_string(ids_[2])].score_per_mille, 0);
  EXPECT_EQ(grid[kGridA].revisited, 4);
  EXPECT_EQ(grid[kGridA].score_per_mille, 750);
  EXPECT_EQ(grid[kGridC].score_per_mille, 0);
  EXPECT_EQ(worker[std::to_string(ids_[0])].name, "worker1");
  EXPECT_EQ(grid[kGridA].name, "");
  EXPECT_FALSE(quality->corrections.has_value());
  auto corrections = service_->IssueCorrections(street_, team->id, campaign_, kNow + 86400);
  ASSERT_TRUE(corrections.ok()) << corrections.error().message;
  ASSERT_EQ(corrections->size(), 2u);
  EXPECT_EQ((*corrections)[0].region_code, kGridA);
  EXPECT_EQ((*corrections)[0].measure, Measure::kCorrection);
  EXPECT_EQ((*corrections)[1].region_code, kGridC);
  EXPECT_EQ((*corrections)[1].units, 1);
  auto again = service_->IssueCorrections(street_, team->id, campaign_, kNow + 86400);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directives"), 2);
  auto marked = service_->Quality(street_, team->id, campaign_);
  ASSERT_TRUE(marked.ok());
  ASSERT_TRUE(marked->corrections.has_value());
  EXPECT_EQ(marked->corrections->directives, 2);
  EXPECT_EQ(marked->corrections->issued_by, street_.user_id);
  EXPECT_EQ(marked->corrections->issued_at, kNow);
}

// A worker's name shows only when their account lies in the caller's scope:
// worker 2's account moved to another district keeps its scores, not its name.
TEST_P(SupervisionTest, QualityNamesOnlyWorkersInMyScope) {
  auto team = service_->CreateTeam(street_, "督导组", kStreet, {"inspector"});
  ASSERT_TRUE(team.ok()) << team.error().message;
  auto round = service_->DrawRound(street_, team->id, campaign_, 1000, 1);
  ASSERT_TRUE(round.ok()) << round.error().message;
  const AccessContext inspector = Actor(Role::kCommunityOfficer, kCommunity, ids_[3]);
  for (const auto& r : *round) {
    std::vector<RevisitFinding> found;
    for (int64_t p : residents_[r.task_id]) found.push_back({p, true, false});
    ASSERT_TRUE(service_->Record(inspector, r.id, found).ok());
  }
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("UPDATE users SET scope = '420103' WHERE id = ?", {ids_[1]}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto quality = service_->Quality(street_, team->id, campaign_);
  ASSERT_TRUE(quality.ok()) << quality.error().message;
  std::map<std::string, QualityScore> worker;
  for (const auto& q : quality->by_worker) worker[q.key] = q;
  ASSERT_EQ(worker.size(), 3u);
  EXPECT_EQ(worker[std::to_string(ids_[0])].name, "worker1");
  EXPECT_EQ(worker[std::to_string(ids_[1])].name, "");
  EXPECT_EQ(worker[std::to_string(ids_[1])].revisited, 2);
  EXPECT_EQ(worker[std::to_string(ids_[2])].name, "worker3");
  // The command centre sees every name.
  auto all = service_->Quality(Actor(Role::kCommandCentre, kCity, 1), team->id, campaign_);
  ASSERT_TRUE(all.ok());
  for (const auto& q : all->by_worker) EXPECT_FALSE(q.name.empty()) << q.key;
}

// The mark and the directives are one transaction: a refused call leaves
// neither (it can be made again); the mark is taken once.
TEST_P(SupervisionTest, CorrectionsGoOutWithTheirMarkOrNotAtAll) {
  auto team = service_->CreateTeam(street_, "督导组", kStreet, {"inspector"});
  ASSERT_TRUE(team.ok()) << team.error().message;
  auto round = service_->DrawRound(street_, team->id, campaign_, 1000, 1);
  ASSERT_TRUE(round.ok()) << round.error().message;
  const AccessContext inspector = Actor(Role::kCommunityOfficer, kCommunity, ids_[3]);
  for (const auto& r : *round) {
    std::vector<RevisitFinding> found;
    for (int64_t p : residents_[r.task_id]) found.push_back({p, false, false});  // all away
    ASSERT_TRUE(service_->Record(inspector, r.id, found).ok());
  }
  auto nothing_written = [&] {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM supervision_corrections"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM directives"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM directive_units"), 0);
    auto q = service_->Quality(street_, team->id, campaign_);
    ASSERT_TRUE(q.ok());
    EXPECT_FALSE(q->corrections.has_value());
  };
  auto past = service_->IssueCorrections(street_, team->id, campaign_, kNow);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(past.error().message, "deadline: must be in the future");
  nothing_written();
  // Refused half-way: grid A's directive is written, then grid C's region
  // is gone (a re-visit's grid turned into one that does not exist).
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("UPDATE revisits SET grid_code = '420102001009001' WHERE grid_code = ?",
                         {std::string(kGridC)})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto half = service_->IssueCorrections(street_, team->id, campaign_, kNow + 86400);
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().message, "region_code: region 420102001009001 does not exist");
  nothing_written();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'directive'"), 0);
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("UPDATE revisits SET grid_code = ? WHERE grid_code = '420102001009001'",
                         {std::string(kGridC)})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto issued = service_->IssueCorrections(street_, team->id, campaign_, kNow + 86400);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->size(), 2u);
  EXPECT_EQ(Count("SELECT directives FROM supervision_corrections"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directives WHERE measure = 'correction'"), 2);
  auto again = service_->IssueCorrections(street_, team->id, campaign_, kNow + 86400);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "team " + std::to_string(team->id) +
                                       " already issued the corrections of campaign " +
                                       std::to_string(campaign_));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directives"), 2);
}

TEST_P(SupervisionTest, AReVisitorSeesOnlyTheReVisitsGivenToThem) {
  auto team = service_->CreateTeam(street_, "督导组", kStreet, {"worker1", "worker3"});
  ASSERT_TRUE(team.ok()) << team.error().message;
  EXPECT_EQ(team->usernames, (std::vector<std::string>{"worker1", "worker3"}));
  auto round = service_->DrawRound(street_, team->id, campaign_, 1000, 7);
  ASSERT_TRUE(round.ok()) << round.error().message;
  const AccessContext worker1 = Actor(Role::kGridWorker, kGridA, ids_[0]);
  const AccessContext worker3 = Actor(Role::kGridWorker, kGridC, ids_[2]);
  auto mine = service_->Mine(worker1, 0, 50);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  // Worker 1 visited households 0-1 first: never theirs to re-visit.
  ASSERT_FALSE(mine->items.empty());
  for (const auto& t : mine->items) {
    EXPECT_NE(first_of_[t.revisit.task_id], ids_[0]);
    EXPECT_EQ(t.revisit.revisitor, ids_[0]);
    EXPECT_FALSE(t.room.empty());
  }
  for (const auto& r : *round) {
    if (r.revisitor == ids_[0]) continue;
    // Worker 3's re-visits (their own first visits among them) answer as missing.
    EXPECT_EQ(service_->Household(worker1, r.id).error().code, ErrorCode::kNotFound);
  }
  const int64_t audited = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read'");
  auto door = service_->Household(worker1, mine->items.front().revisit.id);
  ASSERT_TRUE(door.ok()) << door.error().message;
  ASSERT_EQ(door->residents.size(), 2u);
  EXPECT_EQ(door->residents[0].name.find("居民"), std::string::npos);  // masked
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read'"), audited + 1);
  // Paged, and the round is the officer's to see, not the members'.
  auto first = service_->Round(street_, team->id, campaign_, 0, 4);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 4u);
  auto rest = service_->Round(street_, team->id, campaign_, *first->next_cursor, 4);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->items.size(), 2u);
  EXPECT_FALSE(rest->next_cursor);
  EXPECT_EQ(service_->Round(worker3, team->id, campaign_, 0, 4).error().code,
            ErrorCode::kPermissionDenied);
  auto teams = service_->Teams(street_, 0, 50);
  ASSERT_TRUE(teams.ok());
  EXPECT_EQ(teams->items.size(), 1u);
  auto other = Actor(Role::kCommunityOfficer, "420102001002", 9);
  EXPECT_TRUE(service_->Teams(other, 0, 50)->items.empty());
}

TEST_P(SupervisionTest, RolesScopesAndBadInput) {
  auto refused = [&](const AccessContext& who, const std::string& region,
                     std::vector<std::string> members, ErrorCode code, const std::string& message) {
    auto t = service_->CreateTeam(who, "组", region, members);
    ASSERT_FALSE(t.ok()) << message;
    EXPECT_EQ(t.error().code, code);
    EXPECT_EQ(t.error().message, message);
  };
  refused(Actor(Role::kGridWorker, kGridA, ids_[0]), kGridA, {"inspector"},
          ErrorCode::kPermissionDenied, "role grid_worker may not issue directives");
  refused(Actor(Role::kCommunityOfficer, "420102001001", 9), kStreet, {"inspector"},
          ErrorCode::kPermissionDenied, "region 420102001 is outside your scope 420102001001");
  refused(street_, kStreet, {}, ErrorCode::kInvalidArgument, "members: must be 1 to 50 users");
  // One message for a missing account, a role that does not visit and an
  // account outside the team's region.
  const std::string tail = " is not an active account that records visits in region ";
  refused(street_, kStreet, {"nobody"}, ErrorCode::kInvalidArgument,
          "members: nobody" + tail + kStreet);
  refused(street_, kStreet, {"worker1", "officer"}, ErrorCode::kInvalidArgument,
          "members: officer" + tail + kStreet);
  refused(street_, kCommunity, {"worker3"}, ErrorCode::kInvalidArgument,
          "members: worker3" + tail + kCommunity);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supervision_teams"), 0);
  auto team = service_->CreateTeam(street_, "组", kStreet, {"inspector"});
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(service_->DrawRound(street_, team->id, campaign_, 0, 1).error().message,
            "per_mille: must be 1 to 1000");
  // Another community's officer does not see the street's team.
  auto other = Actor(Role::kCommunityOfficer, "420102001002", 9);
  EXPECT_EQ(service_->DrawRound(other, team->id, campaign_, 10, 1).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM revisits"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisionTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
