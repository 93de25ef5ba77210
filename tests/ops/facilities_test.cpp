// Facilities, beds, admissions and medical teams on both backends: occupancy
// never exceeds staffed beds nor goes below zero (also under concurrent
// requests), a person holds one bed at most, medical staff act only at their
// facilities, refused requests change nothing.
#include "ops/facilities/admissions.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <thread>

#include "ops/registry/registry.hpp"
#include "ops/users/users.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1581724800;  // 2020-02-15 00:00 UTC

class FacilitiesTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    auto clock = [] { return kNow; };
    UserService users(
        db(), clock,
        {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    for (auto [name, role, scope] : {std::tuple{"doctor", Role::kMedicalStaff, "420102"},
                                     {"other_doctor", Role::kMedicalStaff, "420102"},
                                     {"far_doctor", Role::kMedicalStaff, "420102001002"},
                                     {"worker", Role::kGridWorker, kGridA}}) {
      auto u = users.CreateBySystem({name, name, role, scope}, "secret-123", false, "test");
      ASSERT_TRUE(u.ok()) << u.error().message;
      ids_[name] = u->id;
    }
    AuditWriter audit(db());
    RegistryService registry(db(), audit, clock);
    int seq = 101;
    for (const char* grid : {kGridA, kGridA, kGridC, kGridC}) {
      auto h = registry.CreateHousehold(officer_, {0, grid, "1", "1", std::to_string(seq)});
      ASSERT_TRUE(h.ok()) << h.error().message;
      for (int k = 0; k < 4; ++k) {
        ResidentInput r{"病人" + std::to_string(seq), Sex::kMale, "1960-03-03",
                        MakeId("19600303", seq), "13700000000"};
        seq += 2;
        auto res = registry.AddResident(officer_, h->id, r);
        ASSERT_TRUE(res.ok()) << res.error().message;
        (std::string(grid) == kGridA ? in_a_ : in_c_).push_back(res->id);
      }
    }
    facilities_ = std::make_unique<FacilityService>(db(), clock);
    admissions_ = std::make_unique<AdmissionService>(db(), clock);
    hospital_ = MakeFacility("第一人民医院", "designated_hospital", "420102001001");
    shelter_ = MakeFacility("武昌方舱", "shelter_hospital", "420102001002");
  }

  int64_t MakeFacility(const std::string& name, const std::string& kind,
                       const std::string& region) {
    auto f = facilities_->Create(officer_, {name, kind, region, "解放大道 1 号"});
    EXPECT_TRUE(f.ok()) << f.error().message;
    return f.ok() ? f->id : 0;
  }
  void SetBeds(int64_t id, const char* kind, int64_t beds, int64_t staffed) {
    auto f = facilities_->SetBeds(officer_, id, kind, beds, staffed);
    ASSERT_TRUE(f.ok()) << f.error().message;
  }
  Beds BedsOf(int64_t id, BedKind kind) {
    auto f = facilities_->Get(officer_, id);
    EXPECT_TRUE(f.ok());
    for (const auto& b : f->beds)
      if (b.kind == kind) return b;
    return {};
  }
  Result<Admission> Admit(int64_t facility, int64_t resident, const char* bed = "general",
                          const char* severity = "moderate", const AccessContext* who = nullptr) {
    return admissions_->Admit(who ? *who : officer_, facility, {resident, bed, severity, {}, ""});
  }
  AccessContext Doctor(const char* name = "doctor") {
    return Actor(Role::kMedicalStaff, name == std::string("far_doctor") ? "420102001002" : "420102",
                 ids_[name]);
  }

  const AccessContext officer_ = Actor(Role::kDistrictOfficer, "420102", 3);
  std::map<std::string, int64_t> ids_;
  std::vector<int64_t> in_a_, in_c_;
  std::unique_ptr<FacilityService> facilities_;
  std::unique_ptr<AdmissionService> admissions_;
  int64_t hospital_ = 0, shelter_ = 0;
};

TEST_P(FacilitiesTest, BadFacilitiesAreRefusedWithTheirFieldAndNothingIsWritten) {
  const int64_t before = Count("SELECT COUNT(*) FROM facilities");
  auto expect = [&](FacilityInput in, const std::string& message) {
    auto r = facilities_->Create(officer_, in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, message);
  };
  expect({"", "shelter_hospital", "420102", ""}, "name: must not be empty");
  expect({"x", "hotel", "420102", ""},
         "kind: hotel is not designated_hospital, emergency_hospital, shelter_hospital or "
         "quarantine_site");
  expect({"x", "shelter_hospital", "42010", ""}, "region_code: 42010 is not a region code");
  expect({"x", "shelter_hospital", "420102009", ""},
         "region_code: region 420102009 does not exist");
  auto out = facilities_->Create(officer_, {"x", "shelter_hospital", "420103", ""});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kPermissionDenied);
  auto grid =
      facilities_->Create(Actor(Role::kGridWorker, kGridA), {"x", "quarantine_site", kGridA, ""});
  ASSERT_FALSE(grid.ok());
  EXPECT_EQ(grid.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM facilities"), before);
  // Beds: staffed within 0..beds; the facility outside a street officer's scope is not found.
  auto bad = facilities_->SetBeds(officer_, hospital_, "general", 5, 6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "staffed: must be 0..beds");
  auto kind = facilities_->SetBeds(officer_, hospital_, "sofa", 5, 5);
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().message, "kind: sofa is not general, icu or quarantine_room");
  auto other =
      facilities_->SetBeds(Actor(Role::kStreetOfficer, "420102002"), hospital_, "general", 5, 5);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message, "facility " + std::to_string(hospital_) + " not found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM facility_beds"), 0);
}

TEST_P(FacilitiesTest, OccupancyNeverExceedsStaffedBedsNorGoesBelowZero) {
  SetBeds(hospital_, "general", 3, 1);
  auto first = Admit(hospital_, in_a_[0]);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->name, "病*");
  EXPECT_EQ(first->admitted_on, "2020-02-15");
  auto second = Admit(hospital_, in_a_[1]);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().message,
            "bed_kind: facility " + std::to_string(hospital_) + " has no free general bed");
  auto icu = Admit(hospital_, in_a_[1], "icu");
  ASSERT_FALSE(icu.ok());
  EXPECT_EQ(icu.error().message,
            "bed_kind: facility " + std::to_string(hospital_) + " has no free icu bed");
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 1);
  // Staffed beds may not fall below the patients in them.
  auto shrink = facilities_->SetBeds(officer_, hospital_, "general", 3, 0);
  ASSERT_FALSE(shrink.ok());
  EXPECT_EQ(shrink.error().message,
            "staffed: 1 general beds are occupied; discharge or transfer patients first");
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).staffed, 1);
  auto early = admissions_->Discharge(officer_, hospital_, first->id, "recovered", "2020-02-01");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message, "date: 2020-02-01 is before the admission on 2020-02-15");
  auto bad = admissions_->Discharge(officer_, hospital_, first->id, "escaped", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "outcome: escaped is not recovered, died or other");
  auto out = admissions_->Discharge(officer_, hospital_, first->id, "recovered", "2020-02-28");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->outcome, "recovered");
  EXPECT_EQ(out->discharged_on, "2020-02-28");
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 0);
  auto again = admissions_->Discharge(officer_, hospital_, first->id, "recovered", "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message,
            "admission " + std::to_string(first->id) + " ended on 2020-02-28");
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 0);
  // The database itself refuses what the service never writes.
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->Exec("UPDATE facility_beds SET occupied = -1").ok());
  EXPECT_FALSE((*lease)->Exec("UPDATE facility_beds SET occupied = staffed + 1").ok());
}

TEST_P(FacilitiesTest, APersonHoldsOneBedAtMostAndCannotBeDeletedOnceAdmitted) {
  SetBeds(hospital_, "general", 5, 5);
  SetBeds(shelter_, "general", 5, 5);
  auto first = Admit(hospital_, in_a_[0]);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto twice = Admit(shelter_, in_a_[0]);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message, "resident_id: resident " + std::to_string(in_a_[0]) +
                                       " is already admitted (admission " +
                                       std::to_string(first->id) +
                                       "); transfer or discharge them first");
  EXPECT_EQ(BedsOf(shelter_, BedKind::kGeneral).occupied, 0);
  AuditWriter audit(db());
  RegistryService registry(db(), audit);
  auto gone = registry.DeleteResident(officer_, in_a_[0], "moved away");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().message, "resident " + std::to_string(in_a_[0]) +
                                      " has hospital admissions, whose records are kept; it "
                                      "cannot be deleted");
  auto nobody = Admit(hospital_, 999999);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().message, "resident_id: resident 999999 not found");
  // A street officer of the other street does not see a resident of this one.
  auto other = admissions_->Admit(Actor(Role::kStreetOfficer, "420102001"), hospital_,
                                  {in_c_[0], "general", "mild", {}, ""});
  EXPECT_TRUE(other.ok()) << other.error().message;  // same street: allowed
}

TEST_P(FacilitiesTest, TransferIsAllOrNothing) {
  SetBeds(hospital_, "general", 2, 2);
  SetBeds(hospital_, "icu", 1, 1);
  SetBeds(shelter_, "general", 1, 1);
  auto a = Admit(shelter_, in_a_[0], "general", "mild");
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(Admit(hospital_, in_a_[1], "icu", "critical").ok());
  // The target's ICU is full: nothing moves.
  auto full =
      admissions_->Transfer(officer_, shelter_, a->id, hospital_, {0, "icu", "critical", {}, ""});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kConflict);
  EXPECT_EQ(BedsOf(shelter_, BedKind::kGeneral).occupied, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions WHERE discharged_at IS NULL"), 2);
  auto moved =
      admissions_->Transfer(officer_, shelter_, a->id, hospital_, {0, "general", "severe", {}, ""});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->facility_id, hospital_);
  EXPECT_EQ(moved->severity, Severity::kSevere);
  EXPECT_EQ(BedsOf(shelter_, BedKind::kGeneral).occupied, 0);
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 1);
  auto lease = db().Acquire();
  auto old =
      (*lease)->Query("SELECT outcome, transferred_to FROM admissions WHERE id = ?", {a->id});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->at(0).Text(0), "transferred");
  EXPECT_EQ(old->at(0).Int(1), moved->id);
  // Within one facility, to another kind of bed; the same bed is refused.
  auto same = admissions_->Transfer(officer_, hospital_, moved->id, hospital_,
                                    {0, "general", "severe", {}, ""});
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().message, "to_facility_id: the patient is in a general bed there");
}

TEST_P(FacilitiesTest, MedicalStaffActOnlyAtTheFacilitiesTheyAreAttachedTo) {
  SetBeds(hospital_, "general", 5, 5);
  const AccessContext doctor = Doctor();
  auto before = Admit(hospital_, in_c_[0], "general", "moderate", &doctor);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(before.error().message,
            "facility " + std::to_string(hospital_) + ": you are not on its medical staff");
  // Only active medical staff whose scope holds the facility may be attached,
  // all refused alike.
  for (const char* name : {"worker", "far_doctor"}) {
    auto s = facilities_->SetStaff(officer_, hospital_, {ids_["doctor"], ids_[name]});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "user_ids: user " + std::to_string(ids_[name]) +
                                     " is not an active medical_staff account whose scope holds "
                                     "the facility");
  }
  auto missing = facilities_->SetStaff(officer_, hospital_, {424242});
  EXPECT_EQ(missing.error().message,
            "user_ids: user 424242 is not an active medical_staff account whose scope holds the "
            "facility");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM facility_staff"), 0);
  auto self = facilities_->SetStaff(doctor, hospital_, {ids_["doctor"]});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(facilities_->SetStaff(officer_, hospital_, {ids_["doctor"]}).ok());
  auto staff = facilities_->Staff(officer_, hospital_);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ(staff->at(0).username, "doctor");
  auto admitted = Admit(hospital_, in_c_[0], "general", "moderate", &doctor);
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  auto list = admissions_->Patients(doctor, hospital_, 0, 50);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->items.size(), 1u);
  const AccessContext other = Doctor("other_doctor");
  EXPECT_EQ(admissions_->Patients(other, hospital_, 0, 50).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(admissions_->Discharge(other, hospital_, admitted->id, "recovered", "").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 1);
  // The patient list is audited.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'admissions'"), 1);
}

TEST_P(FacilitiesTest, SuggestionsFollowSeverityFreeBedsAndDistance) {
  const int64_t far = MakeFacility("火神山", "emergency_hospital", "420102");
  SetBeds(hospital_, "general", 5, 5);
  SetBeds(hospital_, "icu", 2, 1);
  SetBeds(shelter_, "general", 9, 9);
  SetBeds(far, "icu", 10, 10);
  auto ids = [&](const char* severity) {
    auto s = admissions_->Suggest(officer_, in_a_[0], severity, 10);
    EXPECT_TRUE(s.ok()) << s.error().message;
    std::vector<std::pair<int64_t, BedKind>> out;
    for (const auto& x : *s) out.emplace_back(x.facility_id, x.bed_kind);
    return out;
  };
  using P = std::pair<int64_t, BedKind>;
  EXPECT_EQ(ids("critical"), (std::vector<P>{{hospital_, BedKind::kIcu}, {far, BedKind::kIcu}}));
  EXPECT_EQ(ids("mild"),
            (std::vector<P>{{shelter_, BedKind::kGeneral}, {hospital_, BedKind::kGeneral}}));
  EXPECT_EQ(ids("severe"),
            (std::vector<P>{
                {hospital_, BedKind::kIcu}, {far, BedKind::kIcu}, {hospital_, BedKind::kGeneral}}));
  auto first = admissions_->Suggest(officer_, in_a_[0], "critical", 10);
  EXPECT_EQ(first->at(0).tree_distance, 1);  // the grid's community
  EXPECT_EQ(first->at(1).tree_distance, 3);  // the district
  // A full ICU is not suggested; the dispatch records the rank it had.
  auto d = admissions_->DispatchTo(officer_, hospital_, {in_a_[0], "icu", "critical", {}, ""});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->rank, 1);
  EXPECT_EQ(d->admission.facility_id, hospital_);
  auto s = admissions_->Suggest(officer_, in_a_[1], "critical", 10);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(s->at(0).facility_id, far);
  auto bad = admissions_->Suggest(officer_, in_a_[1], "dying", 10);
  EXPECT_EQ(bad.error().message, "severity: dying is not mild, moderate, severe or critical");
  // A grid worker may not dispatch; a community officer of another community
  // does not find the resident.
  EXPECT_EQ(
      admissions_->Suggest(Actor(Role::kGridWorker, kGridA), in_a_[1], "mild", 10).error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(admissions_->Suggest(Actor(Role::kStreetOfficer, "420102002"), in_a_[1], "mild", 10)
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_P(FacilitiesTest, ATeamsArrivalRaisesStaffedBedsOnceUpToTheBeds) {
  SetBeds(hospital_, "icu", 30, 10);
  auto team = facilities_->CreateTeam(
      officer_, {"上海援鄂医疗队", "上海市", 136, "2020-01-24", hospital_, "icu", std::nullopt});
  ASSERT_TRUE(team.ok()) << team.error().message;
  EXPECT_EQ(team->beds_staffed, 34);  // 136 people, 4 a bed
  auto bad = facilities_->CreateTeam(officer_,
                                     {"x", "y", 0, "2020-01-24", hospital_, "icu", std::nullopt});
  EXPECT_EQ(bad.error().message, "size: must be 1..100000");
  auto nowhere =
      facilities_->CreateTeam(officer_, {"x", "y", 5, "2020-01-24", 77777, "icu", std::nullopt});
  EXPECT_EQ(nowhere.error().message, "facility_id: facility 77777 not found");
  auto arrived = facilities_->RecordArrival(officer_, team->id);
  ASSERT_TRUE(arrived.ok()) << arrived.error().message;
  EXPECT_EQ(arrived->raised_by, 20);  // capped at the 30 beds
  EXPECT_EQ(BedsOf(hospital_, BedKind::kIcu).staffed, 30);
  auto again = facilities_->RecordArrival(officer_, team->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "medical team " + std::to_string(team->id) + " has arrived");
  EXPECT_EQ(BedsOf(hospital_, BedKind::kIcu).staffed, 30);
  auto teams = facilities_->Teams(officer_, 0, 10);
  ASSERT_TRUE(teams.ok());
  ASSERT_EQ(teams->items.size(), 1u);
  EXPECT_TRUE(teams->items[0].arrived);
  EXPECT_TRUE(facilities_->Teams(Actor(Role::kStreetOfficer, "420102002"), 0, 10)->items.empty());
}

// Many requests at once for few beds: exactly the staffed beds are taken,
// and one person gets one bed however many facilities are asked at once.
TEST_P(FacilitiesTest, ConcurrentAdmissionsNeverOverbook) {
  SetBeds(hospital_, "general", 10, 3);
  SetBeds(shelter_, "general", 10, 10);
  std::vector<int64_t> people = in_a_;
  people.insert(people.end(), in_c_.begin(), in_c_.end());
  std::atomic<int> admitted{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int64_t person : people) {
    threads.emplace_back([&, person] {
      auto r = Admit(hospital_, person);
      if (r.ok()) {
        ++admitted;
      } else if (r.error().code == ErrorCode::kConflict) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << r.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 3);
  EXPECT_EQ(refused.load(), static_cast<int>(people.size()) - 3);
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 3);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM admissions WHERE facility_id = " + std::to_string(hospital_)), 3);
  // One person not yet admitted (which three won above is up to the race),
  // two facilities, many tries at once: one bed.
  int64_t person = 0;
  for (int64_t p : people) {
    if (Count("SELECT COUNT(*) FROM admissions WHERE resident_id = " + std::to_string(p)) == 0) {
      person = p;
      break;
    }
  }
  ASSERT_NE(person, 0);
  threads.clear();
  std::atomic<int> got{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (Admit(i % 2 ? hospital_ : shelter_, person).ok()) ++got;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(got.load(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions WHERE discharged_at IS NULL AND resident_id = " +
                  std::to_string(person)),
            got.load());
  // Discharges at once: occupancy reaches zero, never below.
  auto open = admissions_->Patients(officer_, hospital_, 0, 50);
  ASSERT_TRUE(open.ok());
  threads.clear();
  for (const auto& a : open->items) {
    for (int k = 0; k < 3; ++k) {
      threads.emplace_back([&, id = a.id] {
        (void)admissions_->Discharge(officer_, hospital_, id, "recovered", "");
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(BedsOf(hospital_, BedKind::kGeneral).occupied, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions WHERE facility_id = " +
                  std::to_string(hospital_) + " AND discharged_at IS NULL"),
            0);
}

INSTANTIATE_TEST_SUITE_P(Backends, FacilitiesTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
