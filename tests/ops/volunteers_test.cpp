// Volunteers and teams: the pledge linked to a resident, masking and audit
// of the list, teams with members of their region and a leader among them,
// scope, and refusals that change nothing. Both backends.
#include "ops/volunteers/volunteers.hpp"

#include <gtest/gtest.h>

#include "ops/registry/masking.hpp"
#include "volunteers_fixture.hpp"

namespace fk::ops {
namespace {

TEST_P(VolunteersTest, APledgeIsLinkedToARegisteredResidentOnce) {
  const Volunteer v = Enroll(0, true);
  EXPECT_EQ(v.resident_id, residents_[0]);
  EXPECT_EQ(v.grid_code, kGridA);
  EXPECT_EQ(v.name, "张志101");  // the street officer sees unmasked
  EXPECT_EQ(v.pledge, "我志愿参加防控工作。\n服从安排。");
  EXPECT_TRUE(v.party_member);
  auto again = volunteers_->Enroll(street_, {residents_[0], "再次"});
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "resident " + std::to_string(residents_[0]) + " is volunteer " +
                                       std::to_string(v.id) + " already");
  EXPECT_EQ(volunteers_->Enroll(street_, {999999, "我愿意"}).error().message,
            "resident 999999 not found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM volunteers"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = "
                  "'volunteer'"),
            1);
}

TEST_P(VolunteersTest, BadPledgesAreRefusedByFieldAndChangeNothing) {
  struct Case {
    VolunteerInput in;
    std::string message;
  };
  const std::string long_pledge(kMaxPledgeChars + 1, 'x');
  const Case cases[] = {
      {{residents_[0], ""}, "pledge: must not be empty"},
      {{residents_[0], "x\x1b[2J"}, "pledge: control characters are not allowed"},
      {{residents_[0], "\xff"}, "pledge: not valid UTF-8"},
      {{residents_[0], long_pledge}, "pledge: at most 2000 characters"},
      {{residents_[0], "我愿意", "a\nb"}, "skills: control characters are not allowed"},
      {{residents_[0], "我愿意", "", std::string(201, 'x')},
       "availability: at most 200 characters"},
  };
  for (const auto& c : cases) {
    auto r = volunteers_->Enroll(street_, c.in);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, c.message);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM volunteers"), 0);
  // Markup is text, kept as typed.
  auto markup = volunteers_->Enroll(street_, {residents_[0], "<b>我</b>&amp;"});
  ASSERT_TRUE(markup.ok());
  EXPECT_EQ(markup->pledge, "<b>我</b>&amp;");
}

TEST_P(VolunteersTest, TheListIsScopedMaskedAndAudited) {
  Enroll(0);
  Enroll(2);
  Enroll(3);
  auto mine = volunteers_->List(worker_a_, std::nullopt, 0, 50);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].grid_code, kGridA);
  // A grid worker has see_unmasked; a volunteer account does not.
  EXPECT_EQ(mine->items[0].phone, "13712345678");
  auto masked =
      volunteers_->List(Actor(Role::kVolunteer, kVolunteersCommunityA), std::nullopt, 0, 50);
  ASSERT_TRUE(masked.ok());
  ASSERT_EQ(masked->items.size(), 2u);
  EXPECT_EQ(masked->items[0].name, MaskName("张志103"));
  EXPECT_NE(masked->items[0].phone, "13712345678");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = "
                  "'volunteers' AND detail = 'masked'"),
            1);
  // Pages of one, newest first.
  auto first = volunteers_->List(street_, std::nullopt, 0, 1);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next_cursor);
  auto second = volunteers_->List(street_, std::nullopt, *first->next_cursor, 2);
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_FALSE(second->next_cursor);
  EXPECT_GT(first->items[0].id, second->items[0].id);
  EXPECT_EQ(volunteers_->List(street_, std::nullopt, 0, 0).error().message,
            "limit: must be 1..200");
  EXPECT_EQ(volunteers_->List(Actor(Role::kSupplyOfficer, kCity), std::nullopt, 0, 5).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_P(VolunteersTest, EnrollingNeedsManageVolunteersAndTheResidentInScope) {
  for (Role role : {Role::kGridWorker, Role::kVolunteer, Role::kMedicalStaff, Role::kSupplyOfficer,
                    Role::kAdministrator}) {
    auto r = volunteers_->Enroll(Actor(role, kVolunteersStreet), {residents_[0], "我愿意"});
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << RoleName(role);
  }
  // The other community's resident answers as one that does not exist.
  auto out = volunteers_->Enroll(officer_a_, {residents_[3], "我愿意"});
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(out.error().message, "resident " + std::to_string(residents_[3]) + " not found");
  EXPECT_TRUE(volunteers_->Enroll(officer_a_, {residents_[0], "我愿意"}).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM volunteers"), 1);
}

TEST_P(VolunteersTest, ATeamHasMembersOfItsRegionAndALeaderAmongThem) {
  const Volunteer a = Enroll(0), b = Enroll(1), c = Enroll(3);
  auto team =
      volunteers_->CreateTeam(officer_a_, "社区一党员突击队", "commando", kVolunteersCommunityA);
  ASSERT_TRUE(team.ok()) << team.error().message;
  // The leader must be a member first.
  auto not_member = volunteers_->SetLeader(officer_a_, team->id, a.id);
  EXPECT_EQ(not_member.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_member.error().message, "volunteer_id: volunteer " + std::to_string(a.id) +
                                            " is not a member of team " + std::to_string(team->id));
  ASSERT_TRUE(volunteers_->SetTeam(officer_a_, a.id, team->id).ok());
  ASSERT_TRUE(volunteers_->SetTeam(officer_a_, b.id, team->id).ok());
  // A volunteer of the other community cannot join (the street officer sees both).
  auto outside = volunteers_->SetTeam(street_, c.id, team->id);
  EXPECT_EQ(outside.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(outside.error().message, "team_id: volunteer " + std::to_string(c.id) +
                                         " lives outside the region of team " +
                                         std::to_string(team->id));
  // ...and for the community officer that volunteer does not exist.
  EXPECT_EQ(volunteers_->SetTeam(officer_a_, c.id, team->id).error().code, ErrorCode::kNotFound);
  auto led = volunteers_->SetLeader(officer_a_, team->id, a.id);
  ASSERT_TRUE(led.ok()) << led.error().message;
  EXPECT_EQ(led->leader_id, a.id);
  EXPECT_EQ(led->leader_name, "张志101");
  EXPECT_EQ(led->members, 2);
  auto members = volunteers_->List(street_, team->id, 0, 50);
  ASSERT_EQ(members->items.size(), 2u);
  // The grid worker's volunteers name their community's team, a team above
  // the worker's scope that the worker's list of teams leaves out.
  auto own = volunteers_->List(worker_a_, std::nullopt, 0, 50);
  ASSERT_TRUE(own.ok()) << own.error().message;
  ASSERT_FALSE(own->items.empty());
  for (const Volunteer& v : own->items) {
    ASSERT_EQ(v.team_id, team->id) << v.id;
    EXPECT_EQ(v.team_name, "社区一党员突击队");
  }
  EXPECT_TRUE(volunteers_->Teams(worker_a_, 0, 50)->items.empty());
  // Leaving the team leaves it without a leader.
  ASSERT_TRUE(volunteers_->SetTeam(officer_a_, a.id, std::nullopt).ok());
  auto teams = volunteers_->Teams(officer_a_, 0, 50);
  ASSERT_EQ(teams->items.size(), 1u);
  EXPECT_FALSE(teams->items[0].leader_id);
  EXPECT_EQ(teams->items[0].members, 1);
  EXPECT_EQ(volunteers_->Teams(Actor(Role::kCommunityOfficer, "420102001002"), 0, 50)->items.size(),
            0u);
}

TEST_P(VolunteersTest, BadTeamsAreRefusedAndChangeNothing) {
  EXPECT_EQ(
      volunteers_->CreateTeam(officer_a_, "", "commando", kVolunteersCommunityA).error().message,
      "name: must not be empty");
  EXPECT_EQ(
      volunteers_->CreateTeam(officer_a_, "队", "army", kVolunteersCommunityA).error().message,
      "kind: must be commando or vanguard");
  EXPECT_EQ(volunteers_->CreateTeam(officer_a_, "队", "vanguard", "4201020").error().message,
            "region_code: 4201020 is not a region code (6, 9, 12 or 15 digits)");
  EXPECT_EQ(volunteers_->CreateTeam(street_, "队", "vanguard", "420102001009").error().message,
            "region_code: region 420102001009 does not exist");
  EXPECT_EQ(volunteers_->CreateTeam(officer_a_, "队", "vanguard", "420102001002").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(volunteers_->CreateTeam(worker_a_, "队", "vanguard", kGridA).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(volunteers_->SetTeam(officer_a_, 424242, std::nullopt).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(volunteers_->SetLeader(officer_a_, 424242, 1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM volunteer_teams"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, VolunteersTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
