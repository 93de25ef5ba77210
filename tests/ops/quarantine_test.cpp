// Quarantine orders on both backends: the period from the last exposure,
// length changes kept, checks by the right people only, missed days,
// release with a negative test after the period, conversion, site rooms
// held and freed, repeated sends of a phone recorded once, the notice.
#include "ops/quarantine/quarantine.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <thread>

#include "ops/facilities/facilities.hpp"
#include "ops/registry/registry.hpp"
#include "ops/users/users.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kFeb10 = 1581292800;  // 2020-02-10 00:00 UTC

class QuarantineTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    now_ = kFeb10 + 9 * 3600;
    auto clock = [this] { return now_.load(); };
    UserService users(
        db(), clock,
        {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    for (auto [name, role, scope] : {std::tuple{"doctor", Role::kMedicalStaff, "420102"},
                                     {"worker_a", Role::kGridWorker, kGridA},
                                     {"worker_c", Role::kGridWorker, kGridC}}) {
      auto u = users.CreateBySystem({name, name, role, scope}, "secret-123", false, "test");
      ASSERT_TRUE(u.ok()) << u.error().message;
      ids_[name] = u->id;
    }
    AuditWriter audit(db());
    RegistryService registry(db(), audit, clock);
    int seq = 301;
    for (const char* grid : {kGridA, kGridC}) {
      auto h = registry.CreateHousehold(officer_, {0, grid, "3", "2", "501"});
      ASSERT_TRUE(h.ok()) << h.error().message;
      for (int k = 0; k < 3; ++k) {
        ResidentInput r{"密接<b>" + std::to_string(seq), Sex::kMale, "1985-07-07",
                        MakeId("19850707", seq), "13900000000"};
        seq += 2;
        auto res = registry.AddResident(officer_, h->id, r);
        ASSERT_TRUE(res.ok()) << res.error().message;
        (std::string(grid) == kGridA ? in_a_ : in_c_).push_back(res->id);
      }
    }
    FacilityService facilities(db(), clock);
    const AccessContext district = Actor(Role::kDistrictOfficer, "420102", 4);
    auto site = facilities.Create(district, {"江岸隔离酒店", "quarantine_site", "420102001", ""});
    ASSERT_TRUE(site.ok()) << site.error().message;
    site_ = site->id;
    ASSERT_TRUE(facilities.SetBeds(district, site_, "quarantine_room", 2, 1).ok());
    ASSERT_TRUE(facilities.SetStaff(district, site_, {ids_["doctor"]}).ok());
    q_ = std::make_unique<QuarantineService>(db(), clock);
  }

  Result<QuarantineOrder> Home(int64_t resident, const char* exposure = "2020-02-08") {
    return q_->Create(officer_, {resident, "home", {}, "", exposure, {}, {}});
  }
  int64_t RoomsOccupied() {
    return Count("SELECT occupied FROM facility_beds WHERE facility_id = " + std::to_string(site_));
  }
  void NextDay(int days = 1) { now_ += days * kDay; }

  const AccessContext officer_ = Actor(Role::kCommunityOfficer, "420102001", 3);
  std::atomic<int64_t> now_{0};
  std::map<std::string, int64_t> ids_;
  std::vector<int64_t> in_a_, in_c_;
  int64_t site_ = 0;
  std::unique_ptr<QuarantineService> q_;
};

TEST_P(QuarantineTest, AnOrderRunsFourteenDaysFromTheLastExposure) {
  auto o = Home(in_a_[0]);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->start_date, "2020-02-08");
  EXPECT_EQ(o->days, 14);
  EXPECT_EQ(o->end_date, "2020-02-22");
  EXPECT_EQ(o->status, "active");
  EXPECT_EQ(o->missed_days, 0);
  EXPECT_EQ(o->name.find("<b>"), std::string::npos);  // masked
  auto twice = Home(in_a_[0]);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message, "resident_id: resident " + std::to_string(in_a_[0]) +
                                       " is in quarantine (order " + std::to_string(o->id) + ")");
  auto expect = [&](QuarantineInput in, const std::string& message) {
    auto r = q_->Create(officer_, in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, message);
  };
  expect({in_a_[1], "hotel", {}, "", "2020-02-08", {}, {}}, "place: hotel is not home or site");
  expect({in_a_[1], "site", {}, "", "2020-02-08", {}, {}},
         "facility_id: a site order names its quarantine site");
  expect({in_a_[1], "home", {}, "", "2020-02-11", {}, {}},
         "last_exposure: 2020-02-11 is after today");
  expect({in_a_[1], "home", {}, "", "2020-01-20", {}, {}},
         "last_exposure: the 14 days since 2020-01-20 are over");
  expect({in_a_[1], "home", {}, "", "2020-02-08", 0, {}}, "days: must be 1..60");
  expect({in_a_[1], "home", {}, "", "8 Feb", {}, {}},
         "last_exposure: 8 Feb is not a YYYY-MM-DD date");
  expect({999999, "home", {}, "", "2020-02-08", {}, {}}, "resident_id: resident 999999 not found");
  // The other community's officer does not find this grid's resident.
  auto other = q_->Create(Actor(Role::kCommunityOfficer, "420102001002"),
                          {in_a_[1], "home", {}, "", "2020-02-08", {}, {}});
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM quarantine_orders"), 1);
  AuditWriter audit(db());
  RegistryService registry(db(), audit);
  EXPECT_EQ(registry.DeleteResident(officer_, in_a_[0], "moved away").error().message,
            "resident " + std::to_string(in_a_[0]) +
                " has quarantine orders, whose records are kept; it cannot be deleted");
}

TEST_P(QuarantineTest, LengthChangesAreKeptWithWhoAndWhy) {
  auto o = Home(in_a_[0]);
  ASSERT_TRUE(o.ok());
  auto longer = q_->ChangeDays(officer_, o->id, 21, "同住人确诊，延长观察");
  ASSERT_TRUE(longer.ok()) << longer.error().message;
  EXPECT_EQ(longer->end_date, "2020-02-29");
  auto no_reason = q_->ChangeDays(officer_, o->id, 14, "");
  EXPECT_EQ(no_reason.error().message, "reason: must not be empty");
  auto worker = q_->ChangeDays(Actor(Role::kGridWorker, kGridA, ids_["worker_a"]), o->id, 14, "x");
  EXPECT_EQ(worker.error().code, ErrorCode::kPermissionDenied);
  auto history = q_->History(officer_, o->id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->at(0).old_days, 14);
  EXPECT_EQ(history->at(0).new_days, 21);
  EXPECT_EQ(history->at(0).reason, "同住人确诊，延长观察");
  EXPECT_EQ(history->at(0).changed_by, 3);
}

TEST_P(QuarantineTest, GridWorkersCheckTheirGridsHomeOrdersAndMissedDaysAreCounted) {
  auto a = Home(in_a_[0]);
  auto c = Home(in_c_[0]);
  ASSERT_TRUE(a.ok() && c.ok());
  const AccessContext worker_a = Actor(Role::kGridWorker, kGridA, ids_["worker_a"]);
  auto check = q_->RecordCheck(worker_a, a->id, {36.6, false, "", "", ""});
  ASSERT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(check->date, "2020-02-10");
  EXPECT_FALSE(check->fever);
  // Another grid's order does not exist for this worker, to read or to check.
  EXPECT_EQ(q_->RecordCheck(worker_a, c->id, {36.6, false, "", "", ""}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(q_->Get(worker_a, c->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(q_->Checks(worker_a, c->id).error().code, ErrorCode::kNotFound);
  auto mine = q_->List(worker_a, {}, 0, 50);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, a->id);
  OrderFilter other_grid;
  other_grid.region = kGridC;
  EXPECT_EQ(q_->List(worker_a, other_grid, 0, 50).error().code, ErrorCode::kPermissionDenied);
  auto hot = q_->RecordCheck(worker_a, a->id, {38.2, true, "咳嗽", "", ""});
  ASSERT_TRUE(hot.ok());
  EXPECT_TRUE(hot->fever);
  auto bad = q_->RecordCheck(worker_a, a->id, {45.0, false, "", "", ""});
  EXPECT_EQ(bad.error().message, "temperature: must be between 34 and 43 °C");
  auto future = q_->RecordCheck(worker_a, a->id, {36.5, false, "", "2020-02-11", ""});
  EXPECT_EQ(future.error().message, "date: 2020-02-11 is after today");
  auto before = q_->RecordCheck(worker_a, a->id, {36.5, false, "", "2020-02-09", ""});
  EXPECT_EQ(before.error().message,
            "date: 2020-02-09 is outside the checks of the order, 2020-02-10 to 2020-02-21");
  // Three days later with no more checks: the 11th and 12th were missed
  // (today, the 13th, is still due); two checks on the 10th count once.
  NextDay(3);
  auto got = q_->Get(officer_, a->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->checks, 2);
  EXPECT_EQ(got->missed_days, 2);
  EXPECT_EQ(got->last_check_date, "2020-02-10");
  EXPECT_EQ(q_->Get(officer_, c->id)->missed_days, 3);
  ASSERT_TRUE(q_->RecordCheck(worker_a, a->id, {36.5, false, "补录", "2020-02-11", ""}).ok());
  EXPECT_EQ(q_->Get(officer_, a->id)->missed_days, 1);
  OrderFilter missed;
  missed.missed_only = true;
  auto flagged = q_->List(officer_, missed, 0, 50);
  ASSERT_TRUE(flagged.ok()) << flagged.error().message;
  EXPECT_EQ(flagged->items.size(), 2u);
  ASSERT_TRUE(q_->RecordCheck(worker_a, a->id, {36.5, false, "", "2020-02-12", ""}).ok());
  flagged = q_->List(officer_, missed, 0, 50);
  ASSERT_EQ(flagged->items.size(), 1u);
  EXPECT_EQ(flagged->items[0].id, c->id);
  auto checks = q_->Checks(worker_a, a->id);
  ASSERT_TRUE(checks.ok());
  EXPECT_EQ(checks->size(), 4u);
}

// Several checks in one call are all recorded, or none when one is refused.
TEST_P(QuarantineTest, RecordChecksWritesAllOrNone) {
  auto a = Home(in_a_[0]);
  ASSERT_TRUE(a.ok());
  NextDay(3);  // the 13th: the 10th to the 13th are due
  const AccessContext worker_a = Actor(Role::kGridWorker, kGridA, ids_["worker_a"]);
  auto refused = q_->RecordChecks(
      worker_a, a->id,
      {{36.5, false, "", "2020-02-10", ""}, {36.6, false, "", "2020-02-14", ""}});  // after today
  EXPECT_EQ(refused.error().message, "date: 2020-02-14 is after today");
  EXPECT_EQ(q_->Get(officer_, a->id)->checks, 0);
  auto done = q_->RecordChecks(worker_a, a->id,
                               {{36.5, false, "", "2020-02-10", ""},
                                {38.0, true, "", "2020-02-11", ""},
                                {36.6, false, "", "2020-02-12", ""}});
  ASSERT_TRUE(done.ok()) << done.error().message;
  ASSERT_EQ(done->size(), 3u);
  EXPECT_TRUE(done->at(1).fever);
  auto got = q_->Get(officer_, a->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->checks, 3);
  EXPECT_EQ(got->missed_days, 0);
  EXPECT_EQ(got->last_check_date, "2020-02-12");
  EXPECT_EQ(q_->Checks(worker_a, a->id)->size(), 3u);
}

TEST_P(QuarantineTest, SiteOrdersHoldARoomAndTheSitesStaffCheckThem) {
  auto o = q_->Create(officer_, {in_a_[0], "site", site_, "301", "2020-02-09", {}, {}});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(RoomsOccupied(), 1);
  auto full = q_->Create(officer_, {in_a_[1], "site", site_, "302", "2020-02-09", {}, {}});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().message,
            "facility_id: facility " + std::to_string(site_) + " has no free quarantine room");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM quarantine_orders"), 1);
  const AccessContext doctor = Actor(Role::kMedicalStaff, "420102", ids_["doctor"]);
  auto check = q_->RecordCheck(doctor, o->id, {37.0, false, "", "", ""});
  ASSERT_TRUE(check.ok()) << check.error().message;
  auto seen = q_->List(doctor, {}, 0, 50);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->items.size(), 1u);
  // The grid worker sees the order of their grid's resident but leaves its
  // checks to the site's staff; a doctor not on the site's staff sees nothing.
  const AccessContext worker_a = Actor(Role::kGridWorker, kGridA, ids_["worker_a"]);
  EXPECT_TRUE(q_->Get(worker_a, o->id).ok());
  auto refused = q_->RecordCheck(worker_a, o->id, {36.5, false, "", "", ""});
  EXPECT_EQ(refused.error().message, "quarantine order " + std::to_string(o->id) +
                                         ": its checks are recorded by the site's medical staff");
  const AccessContext stranger = Actor(Role::kMedicalStaff, "420102", 424242);
  EXPECT_EQ(q_->Get(stranger, o->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(q_->List(stranger, {}, 0, 50)->items.empty());
  // Conversion to a case frees the room.
  // (Naming the case: response_chain_test.cpp.)
  auto converted = q_->Convert(officer_, o->id, std::nullopt);
  ASSERT_TRUE(converted.ok()) << converted.error().message;
  EXPECT_EQ(converted->status, "converted");
  EXPECT_FALSE(converted->case_id.has_value());
  EXPECT_EQ(RoomsOccupied(), 0);
  auto late = q_->RecordCheck(doctor, o->id, {36.8, false, "", "", ""});
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
}

TEST_P(QuarantineTest, ReleaseNeedsTheEndOfThePeriodAndANegativeTest) {
  auto o = q_->Create(officer_, {in_a_[0], "site", site_, "301", "2020-02-08", {}, {}});
  ASSERT_TRUE(o.ok()) << o.error().message;
  auto early = q_->Release(officer_, o->id, "2020-02-10", "negative", "");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message, "quarantine order " + std::to_string(o->id) +
                                       ": the period ends on 2020-02-22; release is due from then");
  NextDay(12);  // 2020-02-22
  auto positive = q_->Release(officer_, o->id, "2020-02-21", "positive", "");
  EXPECT_EQ(positive.error().message,
            "test_result: a positive test is not a release; convert the order to a case");
  auto old_test = q_->Release(officer_, o->id, "2020-02-12", "negative", "");
  EXPECT_EQ(old_test.error().message, "test_date: the release test must be from 2020-02-19 on");
  EXPECT_EQ(RoomsOccupied(), 1);
  auto released = q_->Release(officer_, o->id, "2020-02-21", "negative", "武汉金域医学检验所");
  ASSERT_TRUE(released.ok()) << released.error().message;
  EXPECT_EQ(released->status, "released");
  EXPECT_EQ(released->ended_on, "2020-02-22");
  EXPECT_EQ(released->release_test_date, "2020-02-21");
  EXPECT_EQ(released->release_test_lab, "武汉金域医学检验所");
  EXPECT_EQ(RoomsOccupied(), 0);
  auto again = q_->Release(officer_, o->id, "2020-02-21", "negative", "");
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(RoomsOccupied(), 0);
}

// A phone's repeated send: recorded once, answered as the first; the same id
// with other content refused; concurrent repeats record one check.
TEST_P(QuarantineTest, ChecksWithAClientIdAreRecordedOnce) {
  auto o = Home(in_a_[0]);
  ASSERT_TRUE(o.ok());
  const AccessContext worker_a = Actor(Role::kGridWorker, kGridA, ids_["worker_a"]);
  const CheckInput check{36.9, false, "早", "2020-02-10", "7d1c1e0a-2b7f-4c1e-9a55-0f3c2b1d4e5f"};
  auto first = q_->RecordCheck(worker_a, o->id, check);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  NextDay();  // sent again the next morning from the queue
  auto again = q_->RecordCheck(worker_a, o->id, check);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  CheckInput other = check;
  other.temperature = 37.9;
  auto conflict = q_->RecordCheck(worker_a, o->id, other);
  EXPECT_EQ(conflict.error().message,
            "client_id: 7d1c1e0a-2b7f-4c1e-9a55-0f3c2b1d4e5f was already sent with other "
            "content; a new check needs a new id");
  CheckInput bad = check;
  bad.client_id = "short";
  EXPECT_EQ(q_->RecordCheck(worker_a, o->id, bad).error().message,
            "client_id: must be 8 to 64 letters, digits, '-' or '_' (a UUID, for example)");
  CheckInput burst = check;
  burst.client_id = "burst-0001";
  burst.date = "2020-02-11";
  std::vector<std::thread> threads;
  std::atomic<int> fresh{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      auto r = q_->RecordCheck(worker_a, o->id, burst);
      if (r.ok() && !r->replayed) ++fresh;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM quarantine_checks"), 2);
  EXPECT_EQ(q_->Get(officer_, o->id)->missed_days, 0);
}

TEST_P(QuarantineTest, TheNoticeIsChineseHtmlWithEveryFieldEscaped) {
  auto o = Home(in_a_[0]);
  ASSERT_TRUE(o.ok());
  auto html = q_->NoticeHtml(officer_, o->id);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(html->find("隔离医学观察告知书"), std::string::npos);
  EXPECT_NE(html->find("密接&lt;b&gt;"), std::string::npos);  // the name, in clear and escaped
  EXPECT_EQ(html->find("密接<b>"), std::string::npos);
  EXPECT_NE(html->find("2020年02月22日"), std::string::npos);
  EXPECT_NE(html->find("社区一 3栋2单元501室"), std::string::npos);
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'print'"), 1);
  const AccessContext worker_c = Actor(Role::kGridWorker, kGridC, ids_["worker_c"]);
  EXPECT_EQ(q_->NoticeHtml(worker_c, o->id).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, QuarantineTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
