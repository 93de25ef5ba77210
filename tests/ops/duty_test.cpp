// Duty posts and shifts: posts at a grid, a checkpoint and a hospital; the
// rest rules enforced when a shift is added (and by two managers at once);
// who is on duty now; hours worked; scope and refusals that change nothing.
// Both backends.
#include "ops/volunteers/duty.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "volunteers_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kH = 3600;

class DutyTest : public VolunteersTest {};

TEST_P(DutyTest, PostsStandAtAGridACheckpointOrAHospitalInTheirPlacesRegion) {
  const DutyPost grid = GridPost();
  EXPECT_EQ(grid.region_code, kGridA);
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto cp = tx->QueryOne(
      "INSERT INTO checkpoints (name, kind, region_code, created_at, created_by) VALUES ('一号门', "
      "'gate', ?, 0, 1) RETURNING id",
      {std::string(kVolunteersCommunityA)});
  auto hospital = tx->QueryOne(
      "INSERT INTO facilities (name, kind, region_code, address, created_by, created_at) VALUES "
      "('方舱', 'shelter_hospital', '420102001002', '路1号', 1, 0) RETURNING id",
      {});
  ASSERT_TRUE(cp.ok() && hospital.ok());
  ASSERT_TRUE(tx->Commit().ok());
  auto gate =
      duty_->CreatePost(officer_a_, {"门岗", "checkpoint", "responsibility", "", cp->Int(0)});
  ASSERT_TRUE(gate.ok()) << gate.error().message;
  EXPECT_EQ(gate->region_code, kVolunteersCommunityA);
  EXPECT_EQ(gate->checkpoint_id, cp->Int(0));
  // The hospital lies in the other community: missing for officer A.
  const DutyPostInput at_hospital{"方舱先锋岗", "hospital",   "pioneer",
                                  "",           std::nullopt, hospital->Int(0)};
  EXPECT_EQ(duty_->CreatePost(officer_a_, at_hospital).error().message,
            "facility " + std::to_string(hospital->Int(0)) + " not found");
  auto ward = duty_->CreatePost(street_, at_hospital);
  ASSERT_TRUE(ward.ok()) << ward.error().message;
  EXPECT_EQ(ward->region_code, "420102001002");
  auto posts = duty_->Posts(officer_a_, 0, 50);
  ASSERT_EQ(posts->items.size(), 2u);
  EXPECT_EQ(duty_->Posts(street_, 0, 50)->items.size(), 3u);
}

TEST_P(DutyTest, BadPostsAreRefusedByFieldAndChangeNothing) {
  struct Case {
    DutyPostInput in;
    std::string message;
  };
  const Case cases[] = {
      {{"", "grid", "pioneer", kGridA}, "name: must not be empty"},
      {{"岗", "road", "pioneer", kGridA}, "kind: must be grid, checkpoint or hospital"},
      {{"岗", "grid", "hero", kGridA}, "title: must be pioneer or responsibility"},
      {{"岗", "grid", "pioneer", kVolunteersCommunityA},
       "region_code: 420102001001 is not a grid code (15 digits)"},
      {{"岗", "grid", "pioneer", "420102001001009"},
       "region_code: grid 420102001001009 does not exist"},
      {{"岗", "grid", "pioneer", kGridA, 1},
       "region_code: a grid post has no checkpoint_id or "
       "facility_id"},
      {{"岗", "checkpoint", "pioneer", ""}, "checkpoint_id: a checkpoint post needs one"},
      {{"岗", "hospital", "pioneer", "", 1, 2},
       "facility_id: a hospital post has only a facility_id"},
      {{"岗", "checkpoint", "pioneer", "", 777}, "checkpoint 777 not found"},
  };
  for (const auto& c : cases) {
    auto r = duty_->CreatePost(street_, c.in);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().message, c.message);
  }
  EXPECT_EQ(duty_->CreatePost(worker_a_, {"岗", "grid", "pioneer", kGridA}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(duty_->CreatePost(officer_a_, {"岗", "grid", "pioneer", kGridC}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duty_posts"), 0);
}

TEST_P(DutyTest, TheRestRulesAreKeptWhenShiftsAreAdded) {
  const Volunteer v = Enroll(0);
  const DutyPost post = GridPost();
  auto first = duty_->AddShift(street_, post.id, v.id, now_, now_ + 12 * kH);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->volunteer_name, "张志101");
  EXPECT_EQ(first->post_name, "网格值守");
  auto too_long = duty_->AddShift(street_, post.id, v.id, now_ + 24 * kH, now_ + 37 * kH);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(too_long.error().message, "ends_at: a shift lasts at most 12 hours");
  auto no_rest = duty_->AddShift(street_, post.id, v.id, now_ + 16 * kH, now_ + 20 * kH);
  EXPECT_EQ(no_rest.error().code, ErrorCode::kConflict);
  EXPECT_EQ(no_rest.error().message,
            "less than 8 hours of rest between this shift and the one of 2020-02-01 00:00 UTC to "
            "2020-02-01 12:00 UTC");
  auto too_much = duty_->AddShift(street_, post.id, v.id, now_ + 20 * kH, now_ + 32 * kH);
  EXPECT_EQ(too_much.error().code, ErrorCode::kConflict);
  EXPECT_EQ(too_much.error().message,
            "more than 12 hours on duty in the 24 hours up to 2020-02-02 00:00 UTC");
  EXPECT_TRUE(duty_->AddShift(street_, post.id, v.id, now_ + 24 * kH, now_ + 36 * kH).ok());
  // Another volunteer on the same post at the same time is fine.
  const Volunteer w = Enroll(1);
  EXPECT_TRUE(duty_->AddShift(street_, post.id, w.id, now_, now_ + 8 * kH).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duty_shifts"), 3);
}

TEST_P(DutyTest, TwoManagersAtOnceCannotBreakTheRestRuleTogether) {
  const Volunteer v = Enroll(0);
  const DutyPost post = GridPost();
  const DutyPost other = GridPost(kGridB);
  // Two shifts that each fit alone but not together, added concurrently.
  Result<DutyShift> a = Error{}, b = Error{};
  std::thread t1([&] { a = duty_->AddShift(street_, post.id, v.id, now_, now_ + 8 * kH); });
  std::thread t2(
      [&] { b = duty_->AddShift(officer_a_, other.id, v.id, now_ + 4 * kH, now_ + 10 * kH); });
  t1.join();
  t2.join();
  EXPECT_NE(a.ok(), b.ok());
  const Result<DutyShift>& refused = a.ok() ? b : a;
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << refused.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duty_shifts"), 1);
}

TEST_P(DutyTest, WhoIsOnDutyNowAndHoursWorkedComeFromTheShifts) {
  const Volunteer v = Enroll(0), w = Enroll(3);
  const DutyPost a = GridPost(), c = GridPost(kGridC);
  ASSERT_TRUE(duty_->AddShift(street_, a.id, v.id, now_, now_ + 8 * kH).ok());
  ASSERT_TRUE(duty_->AddShift(street_, a.id, v.id, now_ + 20 * kH, now_ + 24 * kH).ok());
  ASSERT_TRUE(duty_->AddShift(street_, c.id, w.id, now_ + 2 * kH, now_ + 6 * kH).ok());
  now_ += 3 * kH;
  auto on = duty_->OnDuty(street_);
  ASSERT_TRUE(on.ok()) << on.error().message;
  ASSERT_EQ(on->size(), 2u);
  EXPECT_EQ((*on)[0].post_id, a.id);
  EXPECT_EQ((*on)[1].volunteer_id, w.id);
  // The community officer sees only the post of community A.
  auto mine = duty_->OnDuty(officer_a_);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(duty_->Posts(officer_a_, 0, 50)->items[0].on_duty, 1);
  now_ += 18 * kH;  // 21:00: the first shift done, the second one hour in
  auto list = volunteers_->List(street_, std::nullopt, 0, 50);
  ASSERT_TRUE(list.ok());
  const Volunteer& listed = list->items[1];
  ASSERT_EQ(listed.id, v.id);
  EXPECT_EQ(listed.minutes_worked, 9 * 60);
  EXPECT_EQ(listed.minutes_last_24h, 9 * 60);
  EXPECT_EQ(list->items[0].minutes_worked, 4 * 60);
  now_ += 24 * kH;
  list = volunteers_->List(street_, std::nullopt, 0, 50);
  EXPECT_EQ(list->items[1].minutes_worked, 12 * 60);
  EXPECT_EQ(list->items[1].minutes_last_24h, 3 * 60);  // 21:00 to 24:00 the day before
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'duty_shifts'"), 2);
}

TEST_P(DutyTest, ShiftsOfAWindowPageByStartAndCancellingRelievesOrRemoves) {
  const Volunteer v = Enroll(0), w = Enroll(1), x = Enroll(2);
  const DutyPost post = GridPost();
  int64_t ids[3];
  int i = 0;
  for (const Volunteer* who : {&v, &w, &x}) {
    auto s = duty_->AddShift(street_, post.id, who->id, now_ + i * kH, now_ + (i + 4) * kH);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ids[i++] = s->id;
  }
  ShiftQuery q{now_, now_ + 86400};
  auto first = duty_->Shifts(officer_a_, q, 0, 2);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, ids[0]);
  auto rest = duty_->Shifts(officer_a_, q, *first->next_cursor, 2);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].id, ids[2]);
  q.volunteer_id = w.id;
  EXPECT_EQ(duty_->Shifts(officer_a_, q, 0, 50)->items.size(), 1u);
  EXPECT_EQ(duty_->Shifts(officer_a_, {now_, now_}, 0, 5).error().message,
            "to: must be after from");
  EXPECT_EQ(duty_->Shifts(officer_a_, {now_, now_ + 32 * 86400}, 0, 5).error().message,
            "to: the window is at most 31 days");
  now_ += kH + 1800;  // v's and w's shifts running, x's not started
  ASSERT_TRUE(duty_->CancelShift(officer_a_, ids[0]).ok());
  ASSERT_TRUE(duty_->CancelShift(officer_a_, ids[2]).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duty_shifts"), 2);
  EXPECT_EQ(Count("SELECT ends_at FROM duty_shifts WHERE id = " + std::to_string(ids[0])), now_);
  now_ += 10 * kH;
  EXPECT_EQ(duty_->CancelShift(officer_a_, ids[1]).error().code, ErrorCode::kConflict);
  EXPECT_EQ(duty_->CancelShift(Actor(Role::kCommunityOfficer, "420102001002"), ids[1]).error().code,
            ErrorCode::kNotFound);
}

TEST_P(DutyTest, ShiftsNeedThePostAndTheVolunteerInScope) {
  const Volunteer mine = Enroll(0), theirs = Enroll(3);
  const DutyPost a = GridPost(), c = GridPost(kGridC);
  EXPECT_EQ(duty_->AddShift(officer_a_, c.id, mine.id, now_, now_ + kH).error().message,
            "duty post " + std::to_string(c.id) + " not found");
  EXPECT_EQ(duty_->AddShift(officer_a_, a.id, theirs.id, now_, now_ + kH).error().message,
            "volunteer " + std::to_string(theirs.id) + " not found");
  EXPECT_EQ(duty_->AddShift(worker_a_, a.id, mine.id, now_, now_ + kH).error().code,
            ErrorCode::kPermissionDenied);
  // A volunteer from another community may serve at a post in the street's scope.
  EXPECT_TRUE(duty_->AddShift(street_, a.id, theirs.id, now_, now_ + kH).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duty_shifts"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DutyTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
