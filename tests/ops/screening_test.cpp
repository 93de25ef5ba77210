#include "ops/screening/screening.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <optional>

#include "ops/registry/registry.hpp"
#include "ops/stats/stats.hpp"
#include "ops/users/users.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC

class ScreeningTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto clock = [] { return kNow; };
    UserService users(
        db(), clock,
        {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    const AccessContext admin = Actor(Role::kAdministrator, "");
    for (const char* name : {"worker1", "worker2"}) {
      auto u = users.CreateBySystem({name, name, Role::kGridWorker, kGridA}, "secret-123", false,
                                    "test");
      ASSERT_TRUE(u.ok()) << u.error().message;
      workers_.push_back(u->id);
    }
    RegionService regions(db());
    ASSERT_TRUE(regions
                    .SetGridStaff(admin, kGridA,
                                  {{GridDuty::kLeader, "组长", "13800000000", {}},
                                   {GridDuty::kWorker, "一", "13800000001", workers_[0]},
                                   {GridDuty::kWorker, "二", "13800000002", workers_[1]},
                                   {GridDuty::kPartyPost, "党员", "13800000003", {}}})
                    .ok());
    AuditWriter audit(db());
    RegistryService registry(db(), audit, clock);
    const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001", 3);
    int seq = 101;
    for (auto [grid, room] :
         {std::pair{kGridA, "1"}, {kGridA, "2"}, {kGridA, "3"}, {kGridC, "1"}}) {
      auto h = registry.CreateHousehold(officer, {0, grid, "1", "1", room});
      ASSERT_TRUE(h.ok()) << h.error().message;
      households_.push_back(h->id);
      for (int k = 0; k < 2; ++k) {
        ResidentInput r{"居民" + std::to_string(seq), Sex::kMale, "1980-05-05",
                        MakeId("19800505", seq), "13700000000"};
        seq += 2;
        auto res = registry.AddResident(officer, h->id, r);
        ASSERT_TRUE(res.ok()) << res.error().message;
        residents_[h->id].push_back(res->id);
      }
    }
    screening_ = std::make_unique<ScreeningService>(db(), clock);
  }
  std::vector<int64_t> workers_, households_;
  std::map<int64_t, std::vector<int64_t>> residents_;
  std::unique_ptr<ScreeningService> screening_;
  const AccessContext street_ = Actor(Role::kStreetOfficer, "420102001", 3);
};

TEST_P(ScreeningTest, CampaignCreatesAssignedTasks) {
  auto c =
      screening_->CreateCampaign(street_, "第一轮摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tasks, 4);
  auto tasks = screening_->Tasks(street_, c->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->items.size(), 4u);
  std::map<int64_t, int> per_worker;
  for (const auto& t : tasks->items) {
    EXPECT_EQ(t.residents, 2);
    if (t.grid_code == kGridA) {
      ASSERT_TRUE(t.assignee_id.has_value());
      ++per_worker[*t.assignee_id];
    } else {
      EXPECT_FALSE(t.assignee_id.has_value());  // grid C has no workers
    }
  }
  EXPECT_EQ(per_worker.size(), 2u);  // round robin over both workers
  AccessContext worker{workers_[0], Role::kGridWorker, kGridA, ""};
  auto mine = screening_->Tasks(worker, c->id, 0, 50);
  ASSERT_TRUE(mine.ok());
  for (const auto& t : mine->items) EXPECT_EQ(t.assignee_id, workers_[0]);
  EXPECT_EQ(screening_->CreateCampaign(street_, "x", "420102001", "2020-02-07", "2020-02-01")
                .error()
                .message,
            "end_date: before start_date");
  EXPECT_EQ(screening_
                ->CreateCampaign(Actor(Role::kGridWorker, kGridA), "x", kGridA, "2020-02-01",
                                 "2020-02-02")
                .error()
                .code,
            ErrorCode::kPermissionDenied);
}

// The campaigns a user is shown: those overlapping their scope, newest
// first, in keyset pages; refused to roles that neither run screening nor
// record visits.
TEST_P(ScreeningTest, CampaignsOverlappingTheScopeNewestFirst) {
  auto street_wide =
      screening_->CreateCampaign(street_, "街道", "420102001", "2020-02-01", "2020-02-07");
  auto grid_c = screening_->CreateCampaign(street_, "网格C", kGridC, "2020-02-01", "2020-02-07");
  auto grid_a = screening_->CreateCampaign(street_, "网格A", kGridA, "2020-02-02", "2020-02-07");
  ASSERT_TRUE(street_wide.ok() && grid_c.ok() && grid_a.ok());
  auto ids = [](const Page<Campaign>& page) {
    std::vector<int64_t> out;
    for (const auto& c : page.items) out.push_back(c.id);
    return out;
  };
  auto all = screening_->Campaigns(street_, 0, 50);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(ids(*all), (std::vector<int64_t>{grid_a->id, grid_c->id, street_wide->id}));
  EXPECT_FALSE(all->next_cursor);
  EXPECT_EQ(all->items[0].name, "网格A");
  EXPECT_EQ(all->items[0].region_code, kGridA);
  EXPECT_EQ(all->items[0].start_date, "2020-02-02");
  EXPECT_EQ(all->items[0].tasks, 3);
  // A worker of grid A sees the street's campaign (it holds the grid) and
  // grid A's, not grid C's.
  const AccessContext worker{workers_[0], Role::kGridWorker, kGridA, ""};
  auto mine = screening_->Campaigns(worker, 0, 50);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(ids(*mine), (std::vector<int64_t>{grid_a->id, street_wide->id}));
  // Pages of one, the cursor skipping what the scope hides.
  auto first = screening_->Campaigns(worker, 0, 1);
  ASSERT_TRUE(first.ok() && first->next_cursor);
  EXPECT_EQ(ids(*first), std::vector<int64_t>{grid_a->id});
  auto second = screening_->Campaigns(worker, *first->next_cursor, 1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ids(*second), std::vector<int64_t>{street_wide->id});
  EXPECT_FALSE(second->next_cursor);
  // Another street's officer sees none of them.
  auto other = screening_->Campaigns(Actor(Role::kStreetOfficer, "420102002", 3), 0, 50);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
  // Roles without screening work are refused, and the page size is checked.
  for (Role role : {Role::kAdministrator, Role::kSupplyOfficer}) {
    auto refused = screening_->Campaigns(Actor(role, "420102001"), 0, 50);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(refused.error().message,
              "screening campaigns are for roles that run screening or record visits, not " +
                  std::string(RoleName(role)));
  }
  EXPECT_EQ(screening_->Campaigns(street_, 0, 0).error().message, "limit: must be 1..200");
  EXPECT_EQ(screening_->Campaigns(Actor(Role::kVolunteer, kGridA), 0, 50)->items.size(), 2u);
}

TEST_P(ScreeningTest, VisitsFlagFindingsAndCoverageRollsUp) {
  auto c = screening_->CreateCampaign(street_, "摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok());
  auto tasks = screening_->Tasks(street_, c->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  const ScreeningTask& t = tasks->items[0];
  AccessContext worker{workers_[0], Role::kGridWorker, kGridA, "10.1.1.1:9"};
  const auto& people = residents_[t.household_id];
  auto fever =
      screening_->RecordVisit(worker, {t.id, people[0], true, 37.3, false, false, false, ""});
  ASSERT_TRUE(fever.ok()) << fever.error().message;
  EXPECT_TRUE(fever->flagged);
  EXPECT_EQ(fever->findings, std::vector<std::string>{"temperature 37.3"});
  auto fine =
      screening_->RecordVisit(worker, {t.id, people[1], true, 36.6, false, false, false, ""});
  ASSERT_TRUE(fine.ok());
  EXPECT_FALSE(fine->flagged);
  // Again for the same person: replaces the visit.
  ASSERT_TRUE(
      screening_->RecordVisit(worker, {t.id, people[1], true, 36.5, false, true, false, "武汉返回"})
          .ok());

  auto cov = screening_->CoverageOf(street_, c->id);
  ASSERT_TRUE(cov.ok()) << cov.error().message;
  std::map<std::string, Coverage> by;
  for (const auto& x : *cov) by[x.code] = x;
  ASSERT_TRUE(by.count(kGridA) && by.count("420102001001") && by.count("420102001"));
  EXPECT_EQ(by[kGridA].households, 3);
  EXPECT_EQ(by[kGridA].households_visited, 1);
  EXPECT_EQ(by[kGridA].residents_screened, 2);
  EXPECT_EQ(by[kGridA].flagged, 2);
  EXPECT_EQ(by["420102001"].households, 4);
  EXPECT_EQ(by["420102001"].residents, 8);
  EXPECT_EQ(by["420102001002"].households_visited, 0);
  EXPECT_EQ(by["420102001"].level, RegionLevel::kStreet);

  auto flagged = screening_->Flagged(street_, c->id, 0, 50);
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(flagged->items.size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'screen'"), 3);

  StatsService stats(db());
  auto daily = stats.Daily(street_, "420102001", "2020-01-31", "2020-02-01");
  ASSERT_TRUE(daily.ok()) << daily.error().message;
  ASSERT_EQ(daily->size(), 2u);
  EXPECT_EQ((*daily)[0].residents, 0);
  EXPECT_EQ((*daily)[1].residents, 8);
  EXPECT_EQ((*daily)[1].households, 4);
  EXPECT_EQ((*daily)[1].screened, 2);
  EXPECT_EQ((*daily)[1].flagged, 2);
}

TEST_P(ScreeningTest, VisitsOutOfScopeOrBadInputRefused) {
  auto c = screening_->CreateCampaign(street_, "摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok());
  auto tasks = screening_->Tasks(street_, c->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  const ScreeningTask* in_c = nullptr;
  const ScreeningTask* in_a = nullptr;
  for (const auto& t : tasks->items) (t.grid_code == kGridC ? in_c : in_a) = &t;
  ASSERT_TRUE(in_c && in_a);
  AccessContext worker{workers_[0], Role::kGridWorker, kGridA, ""};
  auto out = screening_->RecordVisit(worker, {in_c->id, residents_[in_c->household_id][0]});
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  auto wrong_person =
      screening_->RecordVisit(worker, {in_a->id, residents_[in_c->household_id][0]});
  EXPECT_EQ(wrong_person.error().message, "resident_id: not a member of the task's household");
  auto hot =
      screening_->RecordVisit(worker, {in_a->id, residents_[in_a->household_id][0], true, 45.0});
  EXPECT_EQ(hot.error().message, "temperature: must be between 34 and 43 °C");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM screening_visits"), 0);
}

// A phone sends a visit again when it never saw the answer: with the same
// client_id it is recorded once and answered as the first time; the same id
// with other content is refused, and ids are per campaign and worker.
TEST_P(ScreeningTest, ClientIdRecordsAVisitOnce) {
  auto c = screening_->CreateCampaign(street_, "摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok());
  AccessContext worker{workers_[0], Role::kGridWorker, kGridA, "10.1.1.1:9"};
  auto tasks = screening_->Tasks(worker, c->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  const ScreeningTask& t = tasks->items[0];
  EXPECT_EQ(t.building, "1");
  EXPECT_EQ(t.unit, "1");
  EXPECT_FALSE(t.room.empty());
  const auto& people = residents_[t.household_id];
  const std::string id = "6f1c2f9e-8d2a-4b7e-9c1a-0b6e5d4c3b2a";
  VisitInput fever{t.id, people[0], true, 38.2, true, false, false, "咳嗽"};
  fever.client_id = id;
  fever.campaign_id = c->id;
  auto first = screening_->RecordVisit(worker, fever);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(first->flagged);
  auto again = screening_->RecordVisit(worker, fever);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->visit_id, first->visit_id);
  EXPECT_EQ(again->flagged, first->flagged);
  EXPECT_EQ(again->findings, first->findings);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM screening_visits"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'screen'"), 1);

  VisitInput changed = fever;
  changed.temperature = 36.5;
  auto conflict = screening_->RecordVisit(worker, changed);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(
      conflict.error().message,
      "client_id: " + id + " was already sent with other content; a new visit needs a new id");
  VisitInput other_person = fever;
  other_person.resident_id = people[1];
  EXPECT_EQ(screening_->RecordVisit(worker, other_person).error().code, ErrorCode::kConflict);
  auto cov = screening_->CoverageOf(street_, c->id, kGridA);
  ASSERT_TRUE(cov.ok());
  EXPECT_EQ((*cov)[0].residents_screened, 1);
  EXPECT_EQ((*cov)[0].households_visited, 1);
  EXPECT_EQ((*cov)[0].flagged, 1);

  // A new id for the second person is a new visit; the same id in another
  // campaign is another send.
  VisitInput second{t.id, people[1], true, 36.6};
  second.client_id = "second-visit-0001";
  ASSERT_TRUE(screening_->RecordVisit(worker, second).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM screening_visits"), 2);
  auto c2 = screening_->CreateCampaign(street_, "第二轮", kGridA, "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c2.ok());
  auto tasks2 = screening_->Tasks(worker, c2->id, 0, 50);
  ASSERT_TRUE(tasks2.ok());
  VisitInput next_round{tasks2->items[0].id, residents_[tasks2->items[0].household_id][0], true,
                        36.6};
  next_round.client_id = id;
  auto next = screening_->RecordVisit(worker, next_round);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_FALSE(next->replayed);

  // The task must be one of the named campaign's.
  VisitInput wrong_campaign = next_round;
  wrong_campaign.client_id = "wrong-campaign-01";
  wrong_campaign.campaign_id = c->id;
  EXPECT_EQ(screening_->RecordVisit(worker, wrong_campaign).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM visit_submissions"), 3);
}

TEST_P(ScreeningTest, ClientIdValidated) {
  auto c = screening_->CreateCampaign(street_, "摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok());
  AccessContext worker{workers_[0], Role::kGridWorker, kGridA, ""};
  auto tasks = screening_->Tasks(worker, c->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  const ScreeningTask& t = tasks->items[0];
  for (std::string bad : {std::string("short"), std::string(65, 'a'), std::string("has space 123"),
                          std::string("引号-12345678"), std::string("a;DROP--table")}) {
    VisitInput v{t.id, residents_[t.household_id][0], true, 36.6};
    v.client_id = bad;
    auto r = screening_->RecordVisit(worker, v);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message,
              "client_id: must be 8 to 64 letters, digits, '-' or '_' (a UUID, for example)");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM screening_visits"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM visit_submissions"), 0);
}

TEST_P(ScreeningTest, TasksPageAcrossGridsInGridOrder) {
  // Households added after grid C's: task ids no longer follow grid order.
  AuditWriter audit(db());
  RegistryService registry(db(), audit, [] { return kNow; });
  const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001", 3);
  for (auto [grid, room] : {std::pair{kGridB, "1"}, {kGridA, "4"}}) {
    auto h = registry.CreateHousehold(officer, {0, grid, "1", "1", room});
    ASSERT_TRUE(h.ok()) << h.error().message;
  }
  auto c = screening_->CreateCampaign(street_, "分页", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok()) << c.error().message;
  std::vector<std::pair<std::string, int64_t>> keys;
  int64_t after = 0;
  while (true) {
    auto page = screening_->Tasks(street_, c->id, after, 2);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const auto& t : page->items) keys.emplace_back(t.grid_code, t.id);
    if (!page->next_cursor) break;
    after = *page->next_cursor;
  }
  ASSERT_EQ(keys.size(), 6u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  EXPECT_EQ(keys[3].first, kGridA);  // room 4: the largest id, still before grids B and C
  EXPECT_EQ(keys[4].first, kGridB);
  EXPECT_EQ(keys[5].first, kGridC);
  // A grid worker pages through the tasks of their grid the same way.
  const AccessContext worker = Actor(Role::kGridWorker, kGridA, workers_[0]);
  std::vector<int64_t> mine;
  after = 0;
  while (true) {
    auto page = screening_->Tasks(worker, c->id, after, 1);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const auto& t : page->items) {
      EXPECT_EQ(t.grid_code, kGridA);
      EXPECT_TRUE(!t.assignee_id || *t.assignee_id == workers_[0]);
      mine.push_back(t.id);
    }
    if (!page->next_cursor) break;
    after = *page->next_cursor;
  }
  EXPECT_EQ(mine.size(), 2u);  // four tasks in grid A, round robin over two workers
  EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
}

// The residents of a campaign's tasks in one paged read, for the phone: the
// households Tasks lists to the caller, masked, in (grid, id) order, the
// remaining ones only when asked; audited a page at a time; nothing beyond
// the caller's scope or tasks.
TEST_P(ScreeningTest, CampaignResidentsAreThoseOfTheCallersTasksInKeysetPages) {
  AuditWriter audit(db());
  RegistryService registry(db(), audit, [] { return kNow; });
  auto c = screening_->CreateCampaign(street_, "摸排", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok()) << c.error().message;
  // Every page of `who`'s residents, `limit` at a time: (grid, id) keys.
  auto all = [&](const AccessContext& who, bool remaining, int limit) {
    std::vector<std::pair<std::string, int64_t>> keys;
    int64_t after = 0;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = registry.CampaignResidents(
          who, {.campaign_id = c->id, .remaining = remaining, .after_id = after, .limit = limit});
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok()) break;
      for (const auto& r : page->items) {
        keys.emplace_back(r.grid_code, r.id);
        EXPECT_NE(r.data.name.find('*'), std::string::npos) << r.data.name;  // masked
      }
      if (!page->next_cursor) break;
      after = *page->next_cursor;
    }
    return keys;
  };
  // The residents of the households of `tasks`, as (grid, id) keys in order.
  auto expected = [&](const std::vector<ScreeningTask>& tasks, bool remaining) {
    std::vector<std::pair<std::string, int64_t>> keys;
    for (const auto& t : tasks) {
      if (remaining && t.visited) continue;
      for (int64_t id : residents_[t.household_id]) keys.emplace_back(t.grid_code, id);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  auto street_tasks = screening_->Tasks(street_, c->id, 0, 50);
  ASSERT_TRUE(street_tasks.ok());
  const auto everyone = all(street_, false, 3);
  EXPECT_EQ(everyone.size(), 8u);
  EXPECT_EQ(everyone, expected(street_tasks->items, false));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'campaign' AND action = 'read' "
                  "AND entity_id = '" +
                  std::to_string(c->id) + "' AND region = '420102001'"),
            3);  // pages of 3, 3 and 2

  // A grid worker: the residents of their own and their grid's unassigned tasks.
  const AccessContext worker = Actor(Role::kGridWorker, kGridA, workers_[0]);
  auto mine = screening_->Tasks(worker, c->id, 0, 50);
  ASSERT_TRUE(mine.ok());
  ASSERT_FALSE(mine->items.empty());
  EXPECT_LT(mine->items.size(), 3u);  // grid A's three households are shared by two workers
  EXPECT_EQ(all(worker, false, 200), expected(mine->items, false));

  // A household visited drops out of the remaining ones.
  const ScreeningTask& first = mine->items[0];
  ASSERT_TRUE(screening_
                  ->RecordVisit(worker, {first.id, residents_[first.household_id][0], true, 36.6,
                                         false, false, false, ""})
                  .ok());
  mine = screening_->Tasks(worker, c->id, 0, 50);
  ASSERT_TRUE(mine.ok());
  ASSERT_TRUE(mine->items[0].visited);
  const auto remaining = all(worker, true, 1);
  EXPECT_EQ(remaining, expected(mine->items, true));
  EXPECT_EQ(remaining.size() + 2, all(worker, false, 200).size());

  // Refusals: another area's or a missing campaign, unmasked without the
  // permission, a bad limit, a role without registry access.
  auto grid_c = screening_->CreateCampaign(street_, "网格C", kGridC, "2020-02-01", "2020-02-07");
  ASSERT_TRUE(grid_c.ok());
  for (int64_t id : {grid_c->id, int64_t{987654}}) {
    auto refused = registry.CampaignResidents(worker, {.campaign_id = id});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(refused.error().message, "campaign " + std::to_string(id) + " not found");
  }
  auto code = [](const Result<Page<Resident>>& r) {
    return r.ok() ? std::optional<ErrorCode>() : r.error().code;
  };
  const AccessContext volunteer = Actor(Role::kVolunteer, kGridA, 9);  // reads masked data only
  EXPECT_EQ(code(registry.CampaignResidents(volunteer, {.campaign_id = c->id, .unmasked = true})),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(registry.CampaignResidents(volunteer, {.campaign_id = c->id})), std::nullopt);
  EXPECT_EQ(code(registry.CampaignResidents(street_, {.campaign_id = c->id, .limit = 0})),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(registry.CampaignResidents(Actor(Role::kSupplyOfficer, "420102001"),
                                            {.campaign_id = c->id})),
            ErrorCode::kPermissionDenied);
  // A cursor from another area starts at the beginning, telling nothing.
  auto other = registry.CampaignResidents(
      worker, {.campaign_id = c->id, .after_id = residents_[households_[3]][0], .limit = 200});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->items.size(), all(worker, false, 200).size());
}

TEST_P(ScreeningTest, FlaggedPagesAcrossGridsInGridOrder) {
  auto c = screening_->CreateCampaign(street_, "分页", "420102001", "2020-02-01", "2020-02-07");
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto other =
      screening_->CreateCampaign(street_, "另一轮", "420102001", "2020-02-08", "2020-02-09");
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::map<int64_t, int64_t> task_of, other_task_of;  // household -> task
  for (auto [campaign, out] : {std::pair{c->id, &task_of}, {other->id, &other_task_of}}) {
    auto tasks = screening_->Tasks(street_, campaign, 0, 50);
    ASSERT_TRUE(tasks.ok()) << tasks.error().message;
    for (const auto& t : tasks->items) (*out)[t.household_id] = t.id;
  }
  // Visits recorded grid C first, then grid A backwards: visit ids are not
  // in grid order. Every person is flagged; one unflagged visit and one
  // visit of the other campaign must not show.
  const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001", 3);
  for (int64_t h : {households_[3], households_[2], households_[0]})
    for (int64_t r : residents_[h]) {
      VisitInput v{task_of[h], r};
      v.symptoms = true;
      ASSERT_TRUE(screening_->RecordVisit(officer, v).ok());
    }
  ASSERT_TRUE(
      screening_->RecordVisit(officer, {task_of[households_[1]], residents_[households_[1]][0]})
          .ok());
  VisitInput elsewhere{other_task_of[households_[1]], residents_[households_[1]][1]};
  elsewhere.case_contact = true;
  ASSERT_TRUE(screening_->RecordVisit(officer, elsewhere).ok());
  auto all_pages = [&] {
    std::vector<std::pair<std::string, int64_t>> out;
    int64_t after = 0;
    while (true) {
      auto page = screening_->Flagged(street_, c->id, after, 2);
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok()) break;
      for (const auto& p : page->items) out.emplace_back(p.grid_code, p.visit_id);
      if (!page->next_cursor) break;
      after = *page->next_cursor;
    }
    return out;
  };
  const auto keys = all_pages();
  ASSERT_EQ(keys.size(), 6u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  EXPECT_EQ(keys[3].first, kGridA);
  EXPECT_EQ(keys[4].first, kGridC);
  EXPECT_GT(keys[0].second, keys[5].second);  // grid A's visits came after grid C's
  // Recording a flagged person again keeps the visit's id, so a cursor stays valid.
  VisitInput again{task_of[households_[0]], residents_[households_[0]][0]};
  again.high_risk_travel = true;
  ASSERT_TRUE(screening_->RecordVisit(officer, again).ok());
  EXPECT_EQ(all_pages(), keys);
  auto in_other = screening_->Flagged(street_, other->id, 0, 50);
  ASSERT_TRUE(in_other.ok());
  ASSERT_EQ(in_other->items.size(), 1u);
  EXPECT_EQ(in_other->items[0].resident_id, residents_[households_[1]][1]);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScreeningTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
