#include "ops/directives/directives.hpp"

#include <gtest/gtest.h>

#include "ops/notices/notices.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kStart = 1580515200;  // 2020-02-01 00:00 UTC
constexpr int64_t kDeadline = kStart + 3 * 86400;
constexpr const char* kDistrict = "420102";
constexpr const char* kStreet = "420102001";
constexpr const char* kCommunity1 = "420102001001";
constexpr const char* kCommunity2 = "420102001002";

class DirectiveTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    service_ = std::make_unique<DirectiveService>(db(), [this] { return now_; });
  }
  Directive IssueToDistrict() {
    auto d = service_->Issue(district_, {"全面封闭管理", "所有小区实行封闭管理",
                                         Measure::kClosedManagement, kDistrict, kDeadline});
    EXPECT_TRUE(d.ok()) << d.error().message;
    return *d;
  }
  Status Done(const AccessContext& who, int64_t id, const std::string& code) {
    auto u = service_->Complete(who, id, code, {"已完成", 12, {}});
    if (!u) return u.error();
    return Status::Ok();
  }
  std::map<RegionLevel, LevelProgress> Levels(const AccessContext& who, int64_t id) {
    auto v = service_->View(who, id);
    EXPECT_TRUE(v.ok()) << v.error().message;
    std::map<RegionLevel, LevelProgress> out;
    for (const auto& p : v->levels) out[p.level] = p;
    return out;
  }

  int64_t now_ = kStart;
  std::unique_ptr<DirectiveService> service_;
  const AccessContext command_ = Actor(Role::kCommandCentre, kCity, 1);
  const AccessContext district_ = Actor(Role::kDistrictOfficer, kDistrict, 2);
  const AccessContext street_ = Actor(Role::kStreetOfficer, kStreet, 3);
  const AccessContext community1_ = Actor(Role::kCommunityOfficer, kCommunity1, 4);
  const AccessContext community2_ = Actor(Role::kCommunityOfficer, kCommunity2, 5);
  const AccessContext grid_a_ = Actor(Role::kGridWorker, kGridA, 6);
  const AccessContext grid_b_ = Actor(Role::kGridWorker, kGridB, 7);
  const AccessContext grid_c_ = Actor(Role::kGridWorker, kGridC, 8);
};

TEST_P(DirectiveTest, ADirectiveToADistrictReachesAllItsGrids) {
  const Directive d = IssueToDistrict();
  EXPECT_EQ(d.units, 7);  // district, street, two communities, three grids
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM directive_units WHERE directive_id = " + std::to_string(d.id)),
      7);
  auto levels = Levels(district_, d.id);
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[RegionLevel::kDistrict].units, 1);
  EXPECT_EQ(levels[RegionLevel::kDistrict].acknowledged, 1);  // the issuer's own unit
  EXPECT_EQ(levels[RegionLevel::kStreet].units, 1);
  EXPECT_EQ(levels[RegionLevel::kCommunity].units, 2);
  EXPECT_EQ(levels[RegionLevel::kGrid].units, 3);
  EXPECT_EQ(levels[RegionLevel::kGrid].acknowledged, 0);
  // Every grid has it in its list, in state received.
  for (const auto* who : {&grid_a_, &grid_b_, &grid_c_}) {
    auto list = service_->List(*who, 0, 50);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->items.size(), 1u) << who->scope;
    EXPECT_EQ(list->items[0].directive.id, d.id);
    EXPECT_EQ(list->items[0].my_state, UnitState::kReceived);
  }
  // A grid worker sees their own grid only.
  auto mine = Levels(grid_a_, d.id);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[RegionLevel::kGrid].units, 1);
  auto units = service_->Units(district_, d.id, kStreet, RegionLevel::kGrid, {}, "", 2);
  ASSERT_TRUE(units.ok()) << units.error().message;
  ASSERT_EQ(units->items.size(), 2u);
  EXPECT_EQ(units->items[0].code, kGridA);
  EXPECT_EQ(units->items[0].name, "网格A");
  EXPECT_EQ(units->next_after, kGridB);
  auto rest = service_->Units(district_, d.id, kStreet, RegionLevel::kGrid, {}, kGridB, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].code, kGridC);
  EXPECT_EQ(rest->next_after, "");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = "
                  "'directive'"),
            1);
}

TEST_P(DirectiveTest, CompletionRollsUpOnlyWhenChildrenComplete) {
  const Directive d = IssueToDistrict();
  auto early = service_->Complete(community1_, d.id, kCommunity1, {"已完成", {}, {}});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(early.error().message,
            "2 units below 420102001001 have not completed (first: 420102001001001); a unit "
            "completes after its children");
  ASSERT_TRUE(service_->Acknowledge(grid_a_, d.id, kGridA).ok());
  ASSERT_TRUE(Done(grid_a_, d.id, kGridA).ok());
  auto one_left = service_->Complete(community1_, d.id, kCommunity1, {"已完成", {}, {}});
  ASSERT_FALSE(one_left.ok());
  EXPECT_EQ(one_left.error().message,
            "1 units below 420102001001 have not completed (first: 420102001001002); a unit "
            "completes after its children");
  ASSERT_TRUE(Done(grid_b_, d.id, kGridB).ok());
  ASSERT_TRUE(Done(community1_, d.id, kCommunity1).ok());
  EXPECT_FALSE(Done(street_, d.id, kStreet).ok());  // community 2 is still open
  ASSERT_TRUE(Done(grid_c_, d.id, kGridC).ok());
  ASSERT_TRUE(Done(community2_, d.id, kCommunity2).ok());
  ASSERT_TRUE(Done(street_, d.id, kStreet).ok());
  ASSERT_TRUE(Done(district_, d.id, kDistrict).ok());
  auto levels = Levels(district_, d.id);
  for (auto& [level, p] : levels) {
    EXPECT_EQ(p.completed, p.units) << LevelName(level);
    EXPECT_EQ(p.acknowledged, p.units) << LevelName(level);
    EXPECT_EQ(p.overdue, 0);
  }
  auto again = service_->Complete(grid_a_, d.id, kGridA, {"再次", {}, {}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto unit = service_->Units(district_, d.id, kCommunity1, {}, UnitState::kCompleted, "", 50);
  ASSERT_TRUE(unit.ok());
  ASSERT_EQ(unit->items.size(), 2u);
  EXPECT_EQ(unit->items[0].note, "已完成");
  EXPECT_EQ(unit->items[0].count, 12);
  EXPECT_EQ(unit->items[0].completed_by, 6);
}

TEST_P(DirectiveTest, OverdueUnitsAreEscalatedAtTheDeadline) {
  const Directive d = IssueToDistrict();
  ASSERT_TRUE(Done(grid_a_, d.id, kGridA).ok());
  now_ = kDeadline - 1;
  EXPECT_EQ(Levels(district_, d.id)[RegionLevel::kGrid].overdue, 0);
  auto before = service_->List(community1_, 0, 50);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->items[0].overdue_below, 0);
  now_ = kDeadline;
  auto levels = Levels(district_, d.id);
  EXPECT_EQ(levels[RegionLevel::kGrid].overdue, 2);
  EXPECT_EQ(levels[RegionLevel::kGrid].completed, 1);
  EXPECT_EQ(levels[RegionLevel::kCommunity].overdue, 2);
  EXPECT_EQ(levels[RegionLevel::kDistrict].overdue, 1);
  // Escalated to the level above: community 1 sees its one late grid.
  auto after = service_->List(community1_, 0, 50);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->items[0].my_state, UnitState::kOverdue);
  EXPECT_EQ(after->items[0].overdue_below, 1);
  auto late = service_->Units(community1_, d.id, "", {}, UnitState::kOverdue, "", 50);
  ASSERT_TRUE(late.ok()) << late.error().message;
  ASSERT_EQ(late->items.size(), 1u);
  EXPECT_EQ(late->items[0].code, kGridB);
  EXPECT_EQ(late->items[0].escalated_to, kCommunity1);
  // Completed after the deadline: completed late, no longer overdue.
  now_ = kDeadline + 3600;
  ASSERT_TRUE(Done(grid_b_, d.id, kGridB).ok());
  levels = Levels(district_, d.id);
  EXPECT_EQ(levels[RegionLevel::kGrid].completed, 1);
  EXPECT_EQ(levels[RegionLevel::kGrid].completed_late, 1);
  EXPECT_EQ(levels[RegionLevel::kGrid].overdue, 1);
  auto on_time =
      service_->Units(district_, d.id, kStreet, RegionLevel::kGrid, UnitState::kCompleted, "", 50);
  ASSERT_TRUE(on_time.ok());
  ASSERT_EQ(on_time->items.size(), 1u);
  EXPECT_EQ(on_time->items[0].code, kGridA);
}

TEST_P(DirectiveTest, RolesAndScopes) {
  // Issuing: a grid worker may not; an officer only inside their scope.
  auto worker = service_->Issue(grid_a_, {"t", "x", Measure::kOther, kGridA, kDeadline});
  ASSERT_FALSE(worker.ok());
  EXPECT_EQ(worker.error().message, "role grid_worker may not issue directives");
  auto outside = service_->Issue(street_, {"t", "x", Measure::kOther, kDistrict, kDeadline});
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, ErrorCode::kPermissionDenied);
  auto medical = Actor(Role::kMedicalStaff, kCity, 9);
  EXPECT_EQ(service_->List(medical, 0, 50).error().code, ErrorCode::kPermissionDenied);
  // A directive to community 2: grid A neither sees it nor can act on it.
  auto d = service_->Issue(street_,
                           {"摸排", "上门", Measure::kDoorToDoorScreening, kCommunity2, kDeadline});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->units, 2);
  auto hidden = service_->View(grid_a_, d->id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  // As for a missing id: the existence of a directive elsewhere is not revealed.
  EXPECT_EQ(hidden.error().message, "directive " + std::to_string(d->id) + " not found");
  EXPECT_EQ(service_->View(grid_a_, 9999).error().message, "directive 9999 not found");
  EXPECT_TRUE(service_->List(grid_a_, 0, 50)->items.empty());
  EXPECT_EQ(service_->Acknowledge(grid_a_, d->id, kGridA).error().code, ErrorCode::kNotFound);
  // The command centre sees it (its region is inside the city) but is not one of its units.
  EXPECT_TRUE(service_->View(command_, d->id).ok());
  EXPECT_EQ(service_->Acknowledge(command_, d->id, kCity).error().code, ErrorCode::kNotFound);
  // An officer acts for their own unit only, not for one below.
  auto for_grid = service_->Complete(community2_, d->id, kGridC, {"代报", {}, {}});
  ASSERT_FALSE(for_grid.ok());
  EXPECT_EQ(for_grid.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(for_grid.error().message,
            "you report for your own unit 420102001002 only, not 420102001002001");
  // The grid worker of grid C may look at its own unit only.
  auto up = service_->Units(grid_c_, d->id, kCommunity2, {}, {}, "", 50);
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directive_units WHERE acknowledged_at IS NOT NULL OR "
                  "completed_at IS NOT NULL"),
            0);
}

TEST_P(DirectiveTest, BadInputIsRefusedAndChangesNothing) {
  auto refused = [&](DirectiveInput in, const std::string& message) {
    auto d = service_->Issue(district_, in);
    ASSERT_FALSE(d.ok()) << message;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(d.error().message, message);
  };
  refused({"", "x", Measure::kOther, kDistrict, kDeadline}, "title: must be 1 to 200 bytes");
  refused({std::string(201, 'a'), "x", Measure::kOther, kDistrict, kDeadline},
          "title: must be 1 to 200 bytes");
  refused({"t", "", Measure::kOther, kDistrict, kDeadline}, "text: must be 1 to 4000 bytes");
  refused({"t", "x", Measure::kOther, "4201029", kDeadline},
          "region_code: 4201029 is not a region code");
  refused({"t", "x", Measure::kOther, "420102009", kDeadline},
          "region_code: region 420102009 does not exist");
  refused({"t", "x", Measure::kOther, kDistrict, kStart}, "deadline: must be in the future");
  refused({"t", "x", Measure::kOther, kDistrict, kStart + 367 * 86400},
          "deadline: must be within a year of the issue");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directives"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);

  const Directive d = IssueToDistrict();
  auto bad_evidence = [&](CompletionInput in, const std::string& message) {
    auto u = service_->Complete(grid_a_, d.id, kGridA, in);
    ASSERT_FALSE(u.ok()) << message;
    EXPECT_EQ(u.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(u.error().message, message);
  };
  bad_evidence({"", {}, {}}, "note: must be 1 to 2000 bytes (what was done)");
  bad_evidence({"ok", -1, {}}, "count: must be 0 to 1000000000");
  bad_evidence({"ok", {}, 77}, "campaign_id: no campaign 77 over or under 420102001001001");
  // A campaign in another community is not evidence for grid A.
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("INSERT INTO campaigns (id, name, region_code, start_date, end_date, "
                         "created_by, created_at) VALUES (5, 'c', ?, '2020-02-01', '2020-02-02', "
                         "1, 0)",
                         {std::string(kCommunity2)})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  bad_evidence({"ok", {}, 5}, "campaign_id: no campaign 5 over or under 420102001001001");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directive_units WHERE completed_at IS NOT NULL"), 0);
  auto units = service_->Units(district_, d.id, "", {}, {}, "4201", 50);
  ASSERT_FALSE(units.ok());
  EXPECT_EQ(units.error().message, "after: 4201 is not a region code");
  // Evidence naming a campaign over the grid is accepted.
  auto ok = service_->Complete(grid_c_, d.id, kGridC, {"摸排完成", 30, 5});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->campaign_id, 5);
}

// A notice to residents is evidence as a campaign is: it must lie over or
// under the unit, and one out of the unit's sight answers as a missing one.
TEST_P(DirectiveTest, ANoticeIsEvidenceWhenOverOrUnderTheUnit) {
  const Directive d = IssueToDistrict();
  NoticeService notices(db(), [this] { return now_; });
  auto other = notices.Publish(community2_,
                               {kCommunity2, "社区二通告", "封闭管理", false, kStart + 7 * 86400});
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto own = notices.Publish(community1_,
                             {kCommunity1, "社区一通告", "封闭管理", true, kStart + 7 * 86400});
  ASSERT_TRUE(own.ok()) << own.error().message;
  auto refused = [&](int64_t notice) {
    CompletionInput in{"已张贴", {}, {}, notice};
    auto u = service_->Complete(grid_a_, d.id, kGridA, in);
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(u.error().message,
              "notice_id: no notice " + std::to_string(notice) + " over or under 420102001001001");
  };
  refused(other->id);       // another community's
  refused(other->id + 99);  // missing: the same answer
  EXPECT_EQ(Count("SELECT COUNT(*) FROM directive_units WHERE notice_id IS NOT NULL"), 0);
  // The community's notice is over grid A, and is the community's own.
  auto a = service_->Complete(grid_a_, d.id, kGridA, {"已张贴", 40, {}, own->id});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->notice_id, own->id);
  ASSERT_TRUE(Done(grid_b_, d.id, kGridB).ok());
  auto c1 = service_->Complete(community1_, d.id, kCommunity1, {"全社区已张贴", {}, {}, own->id});
  ASSERT_TRUE(c1.ok()) << c1.error().message;
  auto units = service_->Units(district_, d.id, kCommunity1, RegionLevel::kGrid, {}, "", 50);
  ASSERT_TRUE(units.ok()) << units.error().message;
  ASSERT_EQ(units->items.size(), 2u);
  EXPECT_EQ(units->items[0].notice_id, own->id);
  EXPECT_FALSE(units->items[1].notice_id.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, DirectiveTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
