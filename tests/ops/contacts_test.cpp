// Investigation and contact tracing (ops/contacts): visits, close contacts
// and their contacts, hand-over to the grid where a contact lives (the
// tracer sees only that it was handed over, the same for a number
// registered elsewhere and one registered nowhere), follow-up by the
// receiving grid, the chain of a cluster and the WHO figures. Both backends.
#include "ops/contacts/contacts.hpp"

#include "cases_fixture.hpp"

namespace fk::ops {
namespace {

class ContactsTest : public CasesTest {
 protected:
  void SetUp() override {
    CasesTest::SetUp();
    contacts_ = std::make_unique<ContactService>(db(), *audit_, [] { return kCasesNow; });
  }
  void TearDown() override {
    contacts_.reset();
    CasesTest::TearDown();
  }
  ContactInput ByResident(int64_t resident, const std::string& day = "2020-02-15") {
    ContactInput in;
    in.resident_id = resident;
    in.last_exposure_date = day;
    return in;
  }
  ContactInput ByNumber(const std::string& number, const std::string& day = "2020-02-15") {
    ContactInput in;
    in.id_number = number;
    in.name = "王五";
    in.phone = "13800000000";
    in.last_exposure_date = day;
    return in;
  }
  std::unique_ptr<ContactService> contacts_;
  // A tracer whose scope is the first community (grids A and B).
  const AccessContext tracer_ = Actor(Role::kMedicalStaff, "420102001001", 20);
  const AccessContext grid_c_ = Actor(Role::kGridWorker, kGridC, 21);
  const AccessContext command_ = Actor(Role::kCommandCentre, "420100", 22);
};

TEST_P(ContactsTest, VisitsOfACase) {
  const int64_t c = Report(Person(kGridA), CaseStatus::kSuspected, "2020-02-15").id;
  auto v = contacts_->AddVisit(
      tracer_, c,
      {"华南海鲜市场", ExposureSetting::kPublicPlace, "2020-02-10", "09:00", "11:30", ""});
  ASSERT_TRUE(v.ok()) << v.error().message;
  ExpectError(
      contacts_->AddVisit(tracer_, c,
                          {"超市", ExposureSetting::kPublicPlace, "2020-02-10", "9:00", "", ""}),
      ErrorCode::kInvalidArgument, "from_time: 9:00 is not HH:MM");
  ExpectError(
      contacts_->AddVisit(
          tracer_, c, {"超市", ExposureSetting::kPublicPlace, "2020-02-10", "10:00", "09:00", ""}),
      ErrorCode::kInvalidArgument, "to_time: before from_time 10:00");
  ExpectError(contacts_->AddVisit(tracer_, c,
                                  {" ", ExposureSetting::kPublicPlace, "2020-02-10", "", "", ""}),
              ErrorCode::kInvalidArgument, "place: must not be empty");
  ExpectError(contacts_->AddVisit(
                  grid_c_, c, {"超市", ExposureSetting::kPublicPlace, "2020-02-10", "", "", ""}),
              ErrorCode::kPermissionDenied, "role grid_worker may not manage cases");
  auto list = contacts_->Visits(tracer_, c);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].visit.place, "华南海鲜市场");
  ExpectError(contacts_->Visits(grid_c_, c), ErrorCode::kNotFound,
              "case " + std::to_string(c) + " not found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_visits"), 1);
}

TEST_P(ContactsTest, AContactElsewhereIsHandedOverAndTheTracerSeesOnlyThat) {
  const int64_t c = Report(Person(kGridA), CaseStatus::kSuspected, "2020-02-15").id;
  // In scope by resident, and by number.
  auto near = contacts_->AddContact(tracer_, c, ByResident(Person(kGridB)));
  ASSERT_TRUE(near.ok()) << near.error().message;
  EXPECT_FALSE(near->handed_over);
  EXPECT_TRUE(near->visible);
  EXPECT_EQ(near->grid_code, kGridB);
  EXPECT_EQ(near->name, "张*");
  auto by_number = contacts_->AddContact(tracer_, c, ByNumber(MakeId("19800505", 103)));
  ASSERT_TRUE(by_number.ok()) << by_number.error().message;
  EXPECT_EQ(by_number->resident_id, Person(kGridA, 1));
  // Registered only in grid C (outside the tracer's scope), and nowhere.
  auto elsewhere = contacts_->AddContact(tracer_, c, ByNumber(MakeId("19800505", 113)));
  auto nowhere = contacts_->AddContact(tracer_, c, ByNumber(MakeId("19700101", 555)));
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error().message;
  ASSERT_TRUE(nowhere.ok()) << nowhere.error().message;
  for (const Contact* k : {&*elsewhere, &*nowhere}) {
    EXPECT_TRUE(k->handed_over);
    EXPECT_FALSE(k->visible);
    EXPECT_FALSE(k->resident_id);
    EXPECT_EQ(k->grid_code, "");
    EXPECT_EQ(k->name, "");
    EXPECT_EQ(k->id_number, "");
    EXPECT_EQ(k->listed_at, 0);
  }
  // The two answers differ only in their ids.
  Contact a = *elsewhere, b = *nowhere;
  a.id = b.id = 0;
  EXPECT_EQ(a.handed_over, b.handed_over);
  EXPECT_EQ(a.visible, b.visible);
  EXPECT_EQ(a.degree, b.degree);
  auto listed = contacts_->CaseContacts(tracer_, c);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_FALSE((*listed)[2].visible);
  EXPECT_FALSE((*listed)[3].visible);
  // The receiving grid sees the person it received (masked), and not the
  // one registered nowhere, which the city's command centre places.
  auto received = contacts_->ContactsIn(grid_c_, "", 0, 50);
  ASSERT_TRUE(received.ok()) << received.error().message;
  ASSERT_EQ(received->items.size(), 1u);
  EXPECT_EQ(received->items[0].id, elsewhere->id);
  EXPECT_TRUE(received->items[0].visible);
  EXPECT_EQ(received->items[0].resident_id, Person(kGridC));
  EXPECT_EQ(received->items[0].name, "张*");
  auto city = contacts_->ContactsIn(command_, "", 0, 50);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->items.size(), 4u);
  // Listed twice: a conflict; nothing more written.
  ExpectError(contacts_->AddContact(tracer_, c, ByNumber(MakeId("19800505", 113))),
              ErrorCode::kConflict, "id_number: already a contact of case " + std::to_string(c));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts"), 4);
}

TEST_P(ContactsTest, BadContactsAreRefusedAndWriteNothing) {
  const int64_t c = Report(Person(kGridA), CaseStatus::kSuspected, "2020-02-15").id;
  ContactInput both = ByNumber(MakeId("19800505", 113));
  both.resident_id = Person(kGridB);
  ExpectError(contacts_->AddContact(tracer_, c, both), ErrorCode::kInvalidArgument,
              "resident_id: give a resident, or id_number, name and phone");
  ExpectError(contacts_->AddContact(tracer_, c, ByNumber("42010219800505113")),
              ErrorCode::kInvalidArgument, "id_number: must be 18 characters, got 17");
  ContactInput later = ByResident(Person(kGridB), "2020-02-21");
  ExpectError(contacts_->AddContact(tracer_, c, later), ErrorCode::kInvalidArgument,
              "last_exposure_date: 2020-02-21 is after today (2020-02-20)");
  ContactInput via = ByResident(Person(kGridB));
  via.via_contact_id = 999;
  ExpectError(contacts_->AddContact(tracer_, c, via), ErrorCode::kInvalidArgument,
              "via_contact_id: 999 is not a close contact of case " + std::to_string(c));
  // A resident outside the scope by id: as missing.
  ExpectError(contacts_->AddContact(tracer_, c, ByResident(Person(kGridC))), ErrorCode::kNotFound,
              "resident " + std::to_string(Person(kGridC)) + " not found");
  // A case outside the scope: as missing.
  const int64_t far = Report(Person(kGridC), CaseStatus::kSuspected, "2020-02-15").id;
  ExpectError(contacts_->AddContact(tracer_, far, ByResident(Person(kGridB))), ErrorCode::kNotFound,
              "case " + std::to_string(far) + " not found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts"), 0);
  // A contact of a contact.
  auto first = contacts_->AddContact(tracer_, c, ByResident(Person(kGridB)));
  ASSERT_TRUE(first.ok());
  ContactInput second = ByResident(Person(kGridB, 1), "2020-02-17");
  second.via_contact_id = first->id;
  auto made = contacts_->AddContact(tracer_, c, second);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->degree, 2);
  ContactInput third = ByResident(Person(kGridB, 2));
  third.via_contact_id = made->id;
  ExpectError(contacts_->AddContact(tracer_, c, third), ErrorCode::kInvalidArgument,
              "via_contact_id: " + std::to_string(made->id) + " is not a close contact of case " +
                  std::to_string(c));
}

TEST_P(ContactsTest, TheReceivingGridFollowsUpAndTheSenderCannot) {
  const int64_t c = Report(Person(kGridA), CaseStatus::kSuspected, "2020-02-15").id;
  auto k = contacts_->AddContact(tracer_, c, ByNumber(MakeId("19800505", 113)));
  ASSERT_TRUE(k.ok());
  ExpectError(contacts_->RecordFollowUp(tracer_, k->id, {"2020-02-19", true, false}),
              ErrorCode::kNotFound, "contact " + std::to_string(k->id) + " not found");
  ExpectError(contacts_->RecordFollowUp(Actor(Role::kVolunteer, kGridC), k->id,
                                        {"2020-02-19", true, false}),
              ErrorCode::kPermissionDenied,
              "contacts are followed up by roles that read cases and manage them or record visits, "
              "not "
              "volunteer");
  ExpectError(contacts_->RecordFollowUp(grid_c_, k->id, {"2020-02-14", true, false}),
              ErrorCode::kInvalidArgument, "date: before the last exposure on 2020-02-15");
  ExpectError(contacts_->RecordFollowUp(grid_c_, k->id, {"2020-02-19", true, true}),
              ErrorCode::kInvalidArgument, "lost: a person reached is not lost");
  auto done = contacts_->RecordFollowUp(grid_c_, k->id, {"2020-02-20", true, false});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->reached_at, kCasesNow);
  EXPECT_EQ(done->last_followup_date, "2020-02-20");
  auto unplaced = contacts_->AddContact(tracer_, c, ByNumber(MakeId("19700101", 555)));
  ASSERT_TRUE(unplaced.ok());
  ExpectError(contacts_->RecordFollowUp(command_, unplaced->id, {"2020-02-20", true, false}),
              ErrorCode::kPermissionDenied,
              "contacts are followed up by roles that read cases and manage them or record visits, "
              "not "
              "command_centre");
  ExpectError(
      contacts_->RecordFollowUp(Actor(Role::kDistrictOfficer, "420100"), unplaced->id,
                                {"2020-02-20", true, false}),
      ErrorCode::kConflict,
      "contact " + std::to_string(unplaced->id) + " is not identified yet; place the person first");
}

TEST_P(ContactsTest, TheChainOfAClusterAndItsSource) {
  const int64_t a = Person(kGridA), b = Person(kGridB), c = Person(kGridA, 1);
  const int64_t case_a = Report(a, CaseStatus::kSuspected, "2020-02-10").id;
  ASSERT_TRUE(contacts_->AddContact(tracer_, case_a, ByResident(b, "2020-02-09")).ok());
  const int64_t case_b = Report(b, CaseStatus::kSuspected, "2020-02-12").id;
  ASSERT_TRUE(contacts_->AddContact(tracer_, case_b, ByResident(c, "2020-02-11")).ok());
  const int64_t case_c = Report(c, CaseStatus::kSuspected, "2020-02-14").id;
  auto chain = contacts_->ChainOf(tracer_, case_c);
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  ASSERT_EQ(chain->nodes.size(), 3u);
  ASSERT_EQ(chain->edges.size(), 2u);
  std::set<std::pair<int64_t, int64_t>> edges;
  for (const auto& e : chain->edges) edges.emplace(e.from_case, e.to_case);
  EXPECT_EQ(edges, (std::set<std::pair<int64_t, int64_t>>{{case_a, case_b}, {case_b, case_c}}));
  EXPECT_EQ(chain->source_case, case_a);
  // A grid worker of grid B sees its case, and that cases elsewhere are
  // linked, nothing of them, and no further.
  auto from_b = contacts_->ChainOf(Actor(Role::kGridWorker, kGridB), case_b);
  ASSERT_TRUE(from_b.ok());
  ASSERT_EQ(from_b->nodes.size(), 3u);
  for (const auto& n : from_b->nodes) {
    EXPECT_EQ(n.visible, n.case_id == case_b);
    if (!n.visible) {
      EXPECT_EQ(n.status, "");
    }
  }
}

TEST_P(ContactsTest, WhoTracingFigures) {
  const int64_t a = Person(kGridA), b = Person(kGridB), c = Person(kGridA, 1);
  const int64_t case_a = Report(a, CaseStatus::kSuspected, "2020-02-15").id;
  auto kb = contacts_->AddContact(tracer_, case_a, ByResident(b, "2020-02-14"));
  auto kc = contacts_->AddContact(tracer_, case_a, ByResident(c, "2020-02-14"));
  ASSERT_TRUE(kb.ok() && kc.ok());
  ASSERT_TRUE(contacts_->RecordFollowUp(tracer_, kb->id, {"2020-02-20", true, false}).ok());
  ASSERT_TRUE(contacts_->RecordFollowUp(tracer_, kc->id, {"2020-02-20", false, true}).ok());
  // b tests positive and is confirmed today: a new case from the contact list.
  Report(b, CaseStatus::kConfirmed, "2020-02-20", Test(b, "2020-02-19", TestResult::kPositive));
  Report(Person(kGridB, 1), CaseStatus::kConfirmed, "2020-02-20",
         Test(Person(kGridB, 1), "2020-02-19", TestResult::kPositive));
  auto f = contacts_->Figures(tracer_, "420102001001", "2020-02-20");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->new_cases, 2);
  EXPECT_EQ(f->new_cases_from_contacts, 1);
  EXPECT_EQ(f->contacts_listed, 2);
  EXPECT_EQ(f->reached_within_24h, 1);
  EXPECT_EQ(f->under_follow_up, 1);
  EXPECT_EQ(f->followed_up_today, 1);
  EXPECT_EQ(f->lost, 1);
  ExpectError(contacts_->Figures(grid_c_, "420102001001", "2020-02-20"),
              ErrorCode::kPermissionDenied,
              "region 420102001001 is outside your scope " + std::string(kGridC));
}

INSTANTIATE_TEST_SUITE_P(Backends, ContactsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
