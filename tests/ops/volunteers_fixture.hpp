// Fixture of the volunteers and duty tests: the ops fixture's region tree
// with four residents (two in grid A, one in grid B, one in grid C of the
// other community), a community officer over community A and a street
// officer over both.
#pragma once

#include <vector>

#include "ops/volunteers/duty.hpp"
#include "ops/volunteers/volunteers.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {

constexpr int64_t kVolunteersNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kVolunteersCommunityA = "420102001001";
constexpr const char* kVolunteersStreet = "420102001";

class VolunteersTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto clock = [this] { return now_; };
    volunteers_ = std::make_unique<VolunteerService>(db(), clock);
    duty_ = std::make_unique<DutyService>(db(), clock);
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    int seq = 101;
    for (const char* grid : {kGridA, kGridA, kGridB, kGridC}) {
      auto h = tx->QueryOne(
          "INSERT INTO households (grid_code, building, unit, room, created_day) "
          "VALUES (?, '1', '1', ?, '2020-01-01') RETURNING id",
          {std::string(grid), std::to_string(seq)});
      ASSERT_TRUE(h.ok()) << h.error().message;
      auto r = tx->QueryOne(
          "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, "
          "phone, created_day) VALUES (?, ?, ?, 'male', '1980-05-05', ?, '13712345678', "
          "'2020-01-01') RETURNING id",
          {h->Int(0), std::string(grid), "张志" + std::to_string(seq), MakeId("19800505", seq)});
      ASSERT_TRUE(r.ok()) << r.error().message;
      residents_.push_back(r->Int(0));
      seq += 2;
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  Volunteer Enroll(size_t resident, bool party = false) {
    auto v = volunteers_->Enroll(street_, {residents_[resident], "我志愿参加防控工作。\n服从安排。",
                                           "驾驶", "周末全天", party});
    EXPECT_TRUE(v.ok()) << v.error().message;
    return v.ok() ? *v : Volunteer{};
  }
  DutyPost GridPost(const std::string& grid = kGridA) {
    auto p = duty_->CreatePost(street_, {"网格值守", "grid", "pioneer", grid});
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? *p : DutyPost{};
  }

  int64_t now_ = kVolunteersNow;
  std::unique_ptr<VolunteerService> volunteers_;
  std::unique_ptr<DutyService> duty_;
  std::vector<int64_t> residents_;
  const AccessContext street_ = Actor(Role::kStreetOfficer, kVolunteersStreet, 7);
  const AccessContext officer_a_ = Actor(Role::kCommunityOfficer, kVolunteersCommunityA, 8);
  const AccessContext worker_a_ = Actor(Role::kGridWorker, kGridA, 9);
};

}  // namespace fk::ops
