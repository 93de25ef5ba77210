// The links of the response chain (ops/cases/case_links.hpp, migration
// "the response chain linked"): an admission names the person's own case
// and sets the case's facility (a transfer moves it), a quarantine order
// names the person's own contact entry and is converted into the person's
// own case; any other id (missing, another person's, outside the writer's
// scope) is refused alike and changes nothing; the database refuses a
// dangling id; the migration clears the dangling ids of older databases.
// Both backends.
#include <gtest/gtest.h>
#include <sodium.h>

#include "cases_fixture.hpp"
#include "ops/cases/case_links.hpp"
#include "ops/contacts/contacts.hpp"
#include "ops/facilities/admissions.hpp"
#include "ops/facilities/facilities.hpp"
#include "ops/quarantine/quarantine.hpp"
#include "ops/users/users.hpp"

namespace fk::ops {
namespace {

class ResponseChainTest : public CasesTest {
 protected:
  void SetUp() override {
    CasesTest::SetUp();
    auto clock = [] { return kCasesNow; };
    facilities_ = std::make_unique<FacilityService>(db(), clock);
    admissions_ = std::make_unique<AdmissionService>(db(), clock);
    quarantine_ = std::make_unique<QuarantineService>(db(), clock);
    contacts_ = std::make_unique<ContactService>(db(), *audit_, clock);
    for (int64_t* id : {&hospital_a_, &hospital_b_}) {
      const bool a = id == &hospital_a_;
      auto f = facilities_->Create(district_, {a ? "甲医院" : "乙医院", "designated_hospital",
                                               a ? "420102001001" : "420102001002", ""});
      ASSERT_TRUE(f.ok()) << f.error().message;
      *id = f->id;
      ASSERT_TRUE(facilities_->SetBeds(district_, *id, "general", 5, 5).ok());
    }
  }
  void TearDown() override {
    contacts_.reset();
    CasesTest::TearDown();
  }
  int64_t Occupied() { return Count("SELECT SUM(occupied) FROM facility_beds"); }
  int64_t CasesAt(int64_t case_id, int64_t facility_id) {
    return Count("SELECT COUNT(*) FROM cases WHERE id = " + std::to_string(case_id) +
                 " AND facility_id = " + std::to_string(facility_id));
  }
  static std::string NotACase(int64_t id) {
    return "case_id: case " + std::to_string(id) + " is not a case of this person";
  }

  const AccessContext district_ = Actor(Role::kDistrictOfficer, "420102", 2);
  const AccessContext officer_ = Actor(Role::kCommunityOfficer, "420102001", 3);
  int64_t hospital_a_ = 0, hospital_b_ = 0;
  std::unique_ptr<FacilityService> facilities_;
  std::unique_ptr<AdmissionService> admissions_;
  std::unique_ptr<QuarantineService> quarantine_;
  std::unique_ptr<ContactService> contacts_;
};

TEST_P(ResponseChainTest, AnAdmissionNamesThePersonsOwnCaseAndMovesItsFacility) {
  const int64_t person = Person(kGridA);
  const int64_t own = Report(person, CaseStatus::kSuspected, "2020-02-15").id;
  const int64_t another = Report(Person(kGridB), CaseStatus::kSuspected, "2020-02-15").id;
  // Another person's case, a missing one: the same refusal, nothing taken.
  for (int64_t wrong : {another, int64_t{999999}}) {
    ExpectError(admissions_->Admit(district_, hospital_a_,
                                   {person, "general", "moderate", wrong, "2020-02-16"}),
                ErrorCode::kInvalidArgument, NotACase(wrong));
  }
  EXPECT_EQ(Occupied(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions"), 0);
  // A doctor of hospital B (in the second community) may admit a person
  // from outside their scope, but not name that person's case, which they
  // cannot read: refused as a missing one.
  UserService users(
      db(), [] { return kCasesNow; },
      {.ops_limit = crypto_pwhash_OPSLIMIT_MIN, .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
  auto far = users.CreateBySystem({"far_doctor", "far", Role::kMedicalStaff, "420102001002"},
                                  "secret-123", false, "test");
  ASSERT_TRUE(far.ok()) << far.error().message;
  ASSERT_TRUE(facilities_->SetStaff(district_, hospital_b_, {far->id}).ok());
  const AccessContext doctor = Actor(Role::kMedicalStaff, "420102001002", far->id);
  ExpectError(
      admissions_->Admit(doctor, hospital_b_, {person, "general", "moderate", own, "2020-02-16"}),
      ErrorCode::kInvalidArgument, NotACase(own));
  EXPECT_EQ(Occupied(), 0);
  // The person's own case: admitted, and the case is treated there.
  auto admitted = admissions_->Admit(district_, hospital_a_,
                                     {person, "general", "moderate", own, "2020-02-16"});
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  EXPECT_EQ(admitted->case_id, own);
  EXPECT_EQ(CasesAt(own, hospital_a_), 1);
  auto read = cases_->Get(district_, own);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->record.facility_id, hospital_a_);
  // Treated at hospital A, the case is seen by its staff only among the
  // medical staff: the district's doctor, on no staff, finds nothing.
  ExpectError(cases_->Get(medical_, own), ErrorCode::kNotFound,
              "case " + std::to_string(own) + " not found");
  // A transfer carries the case over (no case named) and moves it.
  auto moved = admissions_->Transfer(district_, hospital_a_, admitted->id, hospital_b_,
                                     {0, "general", "severe", {}, "2020-02-18"});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->case_id, own);
  EXPECT_EQ(CasesAt(own, hospital_b_), 1);
  // A transfer naming another person's case is refused and moves nothing.
  ExpectError(admissions_->Transfer(district_, hospital_b_, moved->id, hospital_a_,
                                    {0, "general", "severe", another, "2020-02-19"}),
              ErrorCode::kInvalidArgument, NotACase(another));
  EXPECT_EQ(CasesAt(own, hospital_b_), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions WHERE discharged_at IS NULL AND facility_id = " +
                  std::to_string(hospital_b_)),
            1);
}

TEST_P(ResponseChainTest, AQuarantineOrderNamesThePersonsContactAndCase) {
  const int64_t index_case = Report(Person(kGridA), CaseStatus::kSuspected, "2020-02-15").id;
  const int64_t person = Person(kGridB);
  ContactInput in;
  in.resident_id = person;
  in.last_exposure_date = "2020-02-15";
  auto contact = contacts_->AddContact(medical_, index_case, in);
  ASSERT_TRUE(contact.ok()) << contact.error().message;
  // The contact entry of someone else, a missing one: refused alike.
  const std::string not_a_contact =
      "contact_id: contact " + std::to_string(contact->id) + " is not a contact of this person";
  ExpectError(quarantine_->Create(
                  officer_, {Person(kGridB, 1), "home", {}, "", "2020-02-15", {}, contact->id}),
              ErrorCode::kInvalidArgument, not_a_contact);
  ExpectError(
      quarantine_->Create(officer_, {person, "home", {}, "", "2020-02-15", {}, int64_t{999999}}),
      ErrorCode::kInvalidArgument, "contact_id: contact 999999 is not a contact of this person");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM quarantine_orders"), 0);
  auto order =
      quarantine_->Create(officer_, {person, "home", {}, "", "2020-02-15", {}, contact->id});
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(order->contact_id, contact->id);
  // Converted into another person's case: refused, the order stays active.
  ExpectError(quarantine_->Convert(officer_, order->id, index_case), ErrorCode::kInvalidArgument,
              NotACase(index_case));
  EXPECT_EQ(quarantine_->Get(officer_, order->id)->status, "active");
  const int64_t own = Report(person, CaseStatus::kSuspected, "2020-02-19").id;
  auto converted = quarantine_->Convert(officer_, order->id, own);
  ASSERT_TRUE(converted.ok()) << converted.error().message;
  EXPECT_EQ(converted->status, "converted");
  EXPECT_EQ(converted->case_id, own);
}

TEST_P(ResponseChainTest, TheDatabaseRefusesADanglingLink) {
  const int64_t person = Person(kGridA);
  const int64_t own = Report(person, CaseStatus::kSuspected, "2020-02-15").id;
  auto admitted = admissions_->Admit(district_, hospital_a_,
                                     {person, "general", "moderate", own, "2020-02-16"});
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  auto order =
      quarantine_->Create(officer_, {Person(kGridB), "home", {}, "", "2020-02-15", {}, {}});
  ASSERT_TRUE(order.ok()) << order.error().message;
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  for (const std::string& sql :
       {"UPDATE cases SET facility_id = 999999 WHERE id = " + std::to_string(own),
        "UPDATE admissions SET case_id = 999999 WHERE id = " + std::to_string(admitted->id),
        "UPDATE quarantine_orders SET case_id = 999999 WHERE id = " + std::to_string(order->id),
        "UPDATE quarantine_orders SET contact_id = 999999 WHERE id = " +
            std::to_string(order->id)}) {
    auto r = (*lease)->Exec(sql);
    EXPECT_FALSE(r.ok()) << sql;
  }
  EXPECT_EQ(CasesAt(own, hospital_a_), 1);
}

// An older database whose plain ids name rows that do not exist: the
// migration clears those and keeps the others.
TEST_P(ResponseChainTest, TheMigrationClearsDanglingIdsAndKeepsTheRest) {
  testing::TestDb old(GetParam());
  ASSERT_TRUE(old.ok());
  const auto all = OpsMigrations();
  size_t before = 0;
  while (before < all.size() && all[before].name.find("response chain linked") == std::string::npos)
    ++before;
  ASSERT_LT(before, all.size());
  ASSERT_TRUE(store::Migrate(old.db(), all.first(before)).ok());
  auto lease = old.db().Acquire();
  ASSERT_TRUE(lease.ok());
  auto& c = **lease;
  for (const char* sql : {
           "INSERT INTO regions (code, name, parent_code, level) VALUES ('420100', 'c', NULL, 2)",
           "INSERT INTO households (id, grid_code, building, unit, room, created_day) "
           "VALUES (1, '420100', '1', '1', '1', '2020-02-01')",
           "INSERT INTO residents (id, household_id, name, sex, birth_date, id_number, phone, "
           "grid_code, created_day) VALUES (1, 1, 'a', 'male', '1980-01-01', 'x1', '', '420100', "
           "'2020-02-01'), (2, 1, 'b', 'male', '1980-01-01', 'x2', '', '420100', '2020-02-01')",
           "INSERT INTO facilities (id, name, kind, region_code, address, created_by, created_at) "
           "VALUES (5, 'h', 'designated_hospital', '420100', '', 1, 0)",
           "INSERT INTO cases (id, resident_id, grid_code, status, report_date, facility_id, "
           "created_by, created_at, updated_at) VALUES (7, 1, '420100', 'suspected', "
           "'2020-02-10', 5, 1, 0, 0), (8, 2, '420100', 'suspected', '2020-02-10', 404, 1, 0, 0)",
           "INSERT INTO admissions (id, resident_id, facility_id, bed_kind, severity, case_id, "
           "admitted_on, admitted_at, admitted_by) VALUES (1, 1, 5, 'general', 'mild', 7, "
           "'2020-02-11', 0, 1), (2, 2, 5, 'general', 'mild', 404, '2020-02-11', 0, 1)",
           "INSERT INTO quarantine_orders (id, resident_id, grid_code, place, room, start_day, "
           "days, end_day, first_due_day, status, contact_id, case_id, ended_day, created_by, "
           "created_at) VALUES (1, 1, '420100', 'home', '', 1, 14, 15, 1, 'converted', 404, 7, 2, "
           "1, 0), (2, 2, '420100', 'home', '', 1, 14, 15, 1, 'converted', NULL, 404, 2, 1, 0)",
       }) {
    auto r = c.Exec(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.error().message;
  }
  auto migrated = MigrateOps(old.db());
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  auto count = [&](const std::string& sql) {
    auto rows = c.Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows->at(0).Int(0);
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases WHERE facility_id = 5"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases WHERE facility_id IS NULL AND id = 8"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM admissions WHERE case_id = 7 AND id = 1"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM admissions WHERE case_id IS NULL AND id = 2"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM quarantine_orders WHERE case_id = 7 AND id = 1 AND "
                  "contact_id IS NULL"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM quarantine_orders WHERE case_id IS NULL AND id = 2"), 1);
  EXPECT_FALSE(c.Exec("UPDATE admissions SET case_id = 404 WHERE id = 1").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ResponseChainTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::ops
