// Checkpoints: creation by officers, the passage log written in batches by
// many guards at once, the alert when a resident under quarantine (an
// active order) or isolation (an open case or admission) passes, read from
// the response's own records, scope and refusals that change nothing. Both
// backends.
#include "ops/checkpoints/checkpoints.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "ops/audit/audit_writer.hpp"
#include "ops/cases/cases.hpp"
#include "ops/checkpoints/passage_writer.hpp"
#include "ops/quarantine/quarantine.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kCommunityA = "420102001001";

class CheckpointsTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto clock = [this] { return now_.load(); };
    checkpoints_ = std::make_unique<CheckpointService>(db(), clock);
    writer_ = std::make_unique<PassageWriter>(db(), clock);
    quarantine_ = std::make_unique<QuarantineService>(db(), clock);
    audit_ = std::make_unique<AuditWriter>(db());
    cases_ = std::make_unique<CaseService>(db(), *audit_, clock);
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    auto h = tx->QueryOne(
        "INSERT INTO households (grid_code, building, unit, room, created_day) "
        "VALUES (?, '1', '1', '101', '2020-01-01') RETURNING id",
        {std::string(kGridA)});
    ASSERT_TRUE(h.ok()) << h.error().message;
    for (int k = 0; k < 2; ++k) {
      auto r = tx->QueryOne(
          "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, "
          "phone, created_day) VALUES (?, ?, ?, 'male', '1980-05-05', ?, '13700000000', "
          "'2020-01-01') RETURNING id",
          {h->Int(0), std::string(kGridA), "居民" + std::to_string(k),
           MakeId("19800505", 101 + 2 * k)});
      ASSERT_TRUE(r.ok()) << r.error().message;
      residents_.push_back(r->Int(0));
    }
    ASSERT_TRUE(tx->Commit().ok());
    auto gate = checkpoints_->Create(officer_, "一号门", "gate", kCommunityA);
    ASSERT_TRUE(gate.ok()) << gate.error().message;
    gate_ = gate->id;
  }
  void TearDown() override {
    writer_.reset();
    cases_.reset();
    audit_.reset();
  }

  // A home quarantine order of `resident` from `exposure` (14 days).
  int64_t Quarantine(int64_t resident, const char* exposure = "2020-01-25") {
    auto o = quarantine_->Create(officer_, {resident, "home", {}, "", exposure, {}, {}});
    EXPECT_TRUE(o.ok()) << o.error().message;
    return o.ok() ? o->id : 0;
  }

  PassageInput Person(int seq, const std::string& direction = "in") {
    PassageInput in;
    in.checkpoint_id = gate_;
    in.direction = direction;
    in.subject = "person";
    in.id_number = MakeId("19800505", seq);
    in.temperature_tenths = 365;
    in.health_code = "green";
    return in;
  }

  std::atomic<int64_t> now_ = kNow;
  std::unique_ptr<CheckpointService> checkpoints_;
  std::unique_ptr<PassageWriter> writer_;
  std::unique_ptr<QuarantineService> quarantine_;
  std::unique_ptr<AuditWriter> audit_;
  std::unique_ptr<CaseService> cases_;
  std::vector<int64_t> residents_;
  int64_t gate_ = 0;
  const AccessContext officer_ = Actor(Role::kCommunityOfficer, kCommunityA, 3);
  const AccessContext guard_ = Actor(Role::kGridWorker, kGridA, 4);
  const AccessContext medical_ = Actor(Role::kMedicalStaff, "420102", 5);
};

TEST_P(CheckpointsTest, AQuarantinedResidentPassingRaisesAnAlertForGridAndCheckpoint) {
  const int64_t order = Quarantine(residents_[0]);
  auto quarantined = writer_->Record(guard_, Person(101, "out"));
  ASSERT_TRUE(quarantined.ok()) << quarantined.error().message;
  EXPECT_EQ(quarantined->alert, "quarantine");
  auto other = writer_->Record(guard_, Person(103));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->alert.has_value());
  auto stranger = writer_->Record(guard_, Person(555));  // not registered: logged, no alert
  ASSERT_TRUE(stranger.ok());
  EXPECT_FALSE(stranger->alert.has_value());
  // The grid's worker sees the alert; a worker of another community does not.
  auto alerts = checkpoints_->Alerts(guard_, true, 0, 50);
  ASSERT_TRUE(alerts.ok()) << alerts.error().message;
  ASSERT_EQ(alerts->items.size(), 1u);
  EXPECT_EQ(alerts->items[0].resident_id, residents_[0]);
  EXPECT_EQ(alerts->items[0].grid_code, kGridA);
  EXPECT_EQ(alerts->items[0].passage_id, quarantined->id);
  EXPECT_EQ(alerts->items[0].kind, "quarantine");
  EXPECT_TRUE(checkpoints_->Alerts(Actor(Role::kGridWorker, kGridC), true, 0, 50)->items.empty());
  // Acknowledged once; then no longer open.
  auto done = checkpoints_->Acknowledge(guard_, alerts->items[0].id);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->acknowledged_by, 4);
  EXPECT_EQ(checkpoints_->Acknowledge(guard_, alerts->items[0].id).error().code,
            ErrorCode::kConflict);
  EXPECT_TRUE(checkpoints_->Alerts(guard_, true, 0, 50)->items.empty());
  // Past the end of the period but not released (no negative test yet):
  // still under quarantine.
  now_ = kNow + 10 * 86400;  // 2020-02-11; the order ran to 2020-02-08
  EXPECT_EQ(writer_->Record(guard_, Person(101))->alert, "quarantine");
  // A suspected case of the same person: isolation wins.
  NewCase suspected;
  suspected.resident_id = residents_[0];
  suspected.report_date = "2020-02-09";
  auto c = cases_->Report(medical_, suspected);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(writer_->Record(guard_, Person(101))->alert, "isolation");
  // The order converted to the case: the case alone still isolates them.
  ASSERT_TRUE(quarantine_->Convert(officer_, order, c->id).ok());
  EXPECT_EQ(writer_->Record(guard_, Person(101))->alert, "isolation");
  // Excluded after two negative tests: free to pass.
  for (const char* day : {"2020-02-10", "2020-02-11"})
    ASSERT_TRUE(cases_
                    ->RecordTest(medical_, {residents_[0], TestKind::kNucleicAcid, day,
                                            TestResult::kNegative, "武汉市疾控中心"})
                    .ok());
  auto excluded =
      cases_->ChangeStatus(medical_, c->id, {CaseStatus::kExcluded, "2020-02-11", {}, {}, ""});
  ASSERT_TRUE(excluded.ok()) << excluded.error().message;
  EXPECT_FALSE(writer_->Record(guard_, Person(101))->alert.has_value());
  // An open hospital admission (as ops/facilities writes it) is isolation
  // too, until discharge.
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto facility = tx->QueryOne(
      "INSERT INTO facilities (name, kind, region_code, address, created_by, created_at) "
      "VALUES ('定点医院', 'designated_hospital', '420102', '', 1, 0) RETURNING id",
      {});
  ASSERT_TRUE(facility.ok()) << facility.error().message;
  auto admitted = tx->QueryOne(
      "INSERT INTO admissions (resident_id, facility_id, bed_kind, severity, admitted_on, "
      "admitted_at, admitted_by) VALUES (?, ?, 'general', 'mild', '2020-02-11', 0, 1) "
      "RETURNING id",
      {residents_[1], facility->Int(0)});
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(writer_->Record(guard_, Person(103))->alert, "isolation");
  ASSERT_EQ(Count("UPDATE admissions SET discharged_on = '2020-02-11', discharged_at = 1, "
                  "discharged_by = 1, outcome = 'recovered' RETURNING 1"),
            1);
  EXPECT_FALSE(writer_->Record(guard_, Person(103))->alert.has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_alerts"), 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_alerts WHERE kind = 'isolation'"), 3);
  // The log, newest first, masked for a volunteer, clear for the worker.
  auto log = checkpoints_->Passages(guard_, gate_, 0, 50);
  ASSERT_TRUE(log.ok()) << log.error().message;
  ASSERT_EQ(log->items.size(), 9u);
  EXPECT_EQ(log->items.back().id_number, MakeId("19800505", 101));
  EXPECT_EQ(log->items.back().resident_id, residents_[0]);
  EXPECT_EQ(log->items.back().direction, "out");
  auto masked = checkpoints_->Passages(Actor(Role::kVolunteer, kGridA), gate_, 0, 50);
  ASSERT_TRUE(masked.ok());
  EXPECT_NE(masked->items.back().id_number, MakeId("19800505", 101));
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'checkpoint_passages'"), 2);
}

TEST_P(CheckpointsTest, BadPassagesAreRefusedNamingTheFieldAndWriteNothing) {
  struct Case {
    std::function<void(PassageInput&)> change;
    std::string message;
  };
  const Case cases[] = {
      {[](auto& in) { in.direction = "up"; }, "direction: must be in or out"},
      {[](auto& in) { in.subject = "dog"; }, "subject: must be person or vehicle"},
      {[](auto& in) { in.id_number.back() = in.id_number.back() == '1' ? '2' : '1'; },
       std::string("id_number: check digit is ") +
           (MakeId("19800505", 101).back() == '1' ? '2' : '1') + ", expected " +
           MakeId("19800505", 101).back()},
      {[](auto& in) { in.temperature_tenths = 450; }, "temperature: must be 34.0..43.0 °C"},
      {[](auto& in) { in.result = "maybe"; }, "result: must be pass, refused or held"},
      {[](auto& in) { in.health_code = "blue"; },
       "health_code: must be green, yellow, red or none"},
      {[](auto& in) {
         in.subject = "vehicle";
         in.id_number = "";
         in.plate = "鄂A 123";
       },
       "plate: 2..10 characters without spaces, e.g. 鄂A12345"},
      {[](auto& in) { in.plate = "鄂A12345"; }, "plate: only for a vehicle"},
  };
  for (const auto& c : cases) {
    PassageInput in = Person(101);
    c.change(in);
    auto r = writer_->Record(guard_, in);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().message, c.message);
  }
  // Another community's worker, a missing checkpoint: not found, alike.
  auto elsewhere = writer_->Record(Actor(Role::kGridWorker, kGridC), Person(101));
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
  PassageInput missing = Person(101);
  missing.checkpoint_id = gate_ + 1000;
  EXPECT_EQ(writer_->Record(guard_, missing).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(writer_->Record(Actor(Role::kSupplyOfficer, kGridA), Person(101)).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages"), 0);
  // A vehicle passes with its plate.
  PassageInput car = Person(101);
  car.subject = "vehicle";
  car.id_number = "";
  car.plate = "鄂A12345";
  ASSERT_TRUE(writer_->Record(guard_, car).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages WHERE plate = '鄂A12345'"), 1);
}

TEST_P(CheckpointsTest, OnlyOfficersCreateCheckpointsAndOnlyInTheirArea) {
  for (Role role : {Role::kGridWorker, Role::kVolunteer, Role::kMedicalStaff, Role::kSupplyOfficer,
                    Role::kAdministrator})
    EXPECT_EQ(checkpoints_->Create(Actor(role, kCommunityA), "x", "gate", kCommunityA).error().code,
              ErrorCode::kPermissionDenied)
        << RoleName(role);
  EXPECT_EQ(checkpoints_->Create(officer_, "x", "gate", "420102001002").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(checkpoints_->Create(officer_, "x", "road", kCommunityA).error().message,
            "kind: must be gate or traffic");
  EXPECT_EQ(checkpoints_->Create(officer_, "", "gate", kCommunityA).error().message,
            "name: must not be empty");
  auto street = Actor(Role::kStreetOfficer, "420102001");
  ASSERT_TRUE(checkpoints_->Create(street, "二七路卡口", "traffic", "420102001").ok());
  // The grid worker lists the gate of their community and the street's checkpoint.
  auto list = checkpoints_->List(guard_, 0, 50);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->items.size(), 2u);
  EXPECT_EQ(checkpoints_->List(Actor(Role::kGridWorker, kGridC), 0, 50)->items.size(), 1u);
}

// Many guards at once: every passage is written once, answered once, and
// the alerts are exactly the quarantined person's passages.
TEST_P(CheckpointsTest, ConcurrentGuardsLoseNothing) {
  Quarantine(residents_[0]);
  constexpr int kGuards = 8, kEach = 50;
  std::atomic<int> alerts = 0, failures = 0;
  std::vector<std::thread> guards;
  for (int g = 0; g < kGuards; ++g)
    guards.emplace_back([&, g] {
      for (int i = 0; i < kEach; ++i) {
        auto r = writer_->Record(Actor(Role::kGridWorker, kGridA, 10 + g),
                                 Person(i % 10 == 0 ? 101 : 301 + 2 * i));
        if (!r.ok())
          ++failures;
        else if (r->alert)
          ++alerts;
      }
    });
  for (auto& t : guards) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(alerts, kGuards * kEach / 10);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages"), kGuards * kEach);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_alerts"), kGuards * kEach / 10);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT recorded_by) FROM checkpoint_passages"), kGuards);
}

// A phone that lost the answer sends the passage again with the same
// client-made id: logged once, answered with the first receipt (its alert
// too, even after the person was released); other content under the id is
// refused; another guard's id of the same text is their own.
TEST_P(CheckpointsTest, RepeatedSendsAreLoggedOnceAndAnsweredAlike) {
  const int64_t order = Quarantine(residents_[0]);
  PassageInput in = Person(101, "out");
  in.client_id = "3f2a9c1e-0b7d-4e59-9a41-phone-0001";
  auto first = writer_->Record(guard_, in);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->alert, "quarantine");
  EXPECT_FALSE(first->replayed);
  now_ = kNow + 60;
  ASSERT_TRUE(quarantine_->Convert(officer_, order, {}).ok());  // no longer quarantined
  auto again = writer_->Record(guard_, in);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->at, kNow);
  EXPECT_EQ(again->alert, "quarantine");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_alerts"), 1);
  // The same id with another temperature: refused, nothing written.
  PassageInput changed = in;
  changed.temperature_tenths = 380;
  auto conflict = writer_->Record(guard_, changed);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().message.rfind("client_id: ", 0), 0u) << conflict.error().message;
  // Another guard's phone may have made the same text: theirs is logged.
  auto other = writer_->Record(Actor(Role::kGridWorker, kGridA, 9), in);
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_FALSE(other->replayed);
  EXPECT_NE(other->id, first->id);
  EXPECT_FALSE(other->alert.has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages"), 2);
  // A malformed id is refused before anything is queued.
  in.client_id = "short";
  auto bad = writer_->Record(guard_, in);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("client_id: must be 8 to 64", 0), 0u) << bad.error().message;
  // Retries racing the first send (same batch or not): one passage, one answer.
  PassageInput racing = Person(103);
  racing.client_id = "phone-0002-retry";
  constexpr int kSends = 8;
  std::vector<Result<PassageReceipt>> answers(kSends, Error{ErrorCode::kInternal, ""});
  std::vector<std::thread> sends;
  for (int k = 0; k < kSends; ++k)
    sends.emplace_back([&, k] { answers[k] = writer_->Record(guard_, racing); });
  for (auto& t : sends) t.join();
  int fresh = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->id, answers[0]->id);
    fresh += !a->replayed;
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM checkpoint_passages WHERE client_id = 'phone-0002-retry'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckpointsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
