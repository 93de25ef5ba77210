// Cases and laboratory tests (ops/cases): every rule of case_rules.hpp
// through the service, scope and masking as an attacker would probe them,
// bad input refused with its message and nothing written. Both backends.
#include "ops/cases/cases.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cases_fixture.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

TEST(CaseRules, TransitionsAndTheirMessages) {
  using S = CaseStatus;
  const S all[] = {S::kSuspected, S::kConfirmed, S::kClinicallyDiagnosed, S::kAsymptomatic,
                   S::kExcluded};
  int allowed = 0;
  for (S from : all)
    for (S to : all) allowed += TransitionAllowed(from, to);
  EXPECT_EQ(allowed, 6);
  EXPECT_TRUE(TransitionAllowed(S::kSuspected, S::kConfirmed));
  EXPECT_TRUE(TransitionAllowed(S::kSuspected, S::kClinicallyDiagnosed));
  EXPECT_TRUE(TransitionAllowed(S::kSuspected, S::kExcluded));
  EXPECT_TRUE(TransitionAllowed(S::kClinicallyDiagnosed, S::kConfirmed));
  EXPECT_TRUE(TransitionAllowed(S::kClinicallyDiagnosed, S::kExcluded));
  EXPECT_TRUE(TransitionAllowed(S::kAsymptomatic, S::kConfirmed));
  EXPECT_EQ(AllowedTransitions(S::kSuspected),
            "a suspected case may become confirmed, clinically_diagnosed or excluded");
  EXPECT_EQ(AllowedTransitions(S::kClinicallyDiagnosed),
            "a clinically_diagnosed case may become confirmed or excluded");
  EXPECT_EQ(AllowedTransitions(S::kAsymptomatic),
            "an asymptomatic infection may become confirmed only");
  EXPECT_EQ(AllowedTransitions(S::kConfirmed), "a confirmed case cannot change its classification");
  EXPECT_EQ(AllowedTransitions(S::kExcluded), "an excluded case cannot change its classification");
  EXPECT_TRUE(TestConfirms(TestKind::kAntibody, S::kConfirmed));
  EXPECT_FALSE(TestConfirms(TestKind::kAntibody, S::kAsymptomatic));
  EXPECT_FALSE(OutcomeAllowed(S::kAsymptomatic, Outcome::kDied));
  EXPECT_FALSE(OutcomeAllowed(S::kSuspected, Outcome::kRecovered));
  for (S s : all) EXPECT_EQ(ParseCaseStatus(Name(s)), s);
  EXPECT_FALSE(ParseCaseStatus("Confirmed"));
}

TEST_P(CasesTest, SuspectedCaseConfirmedByAPositiveTest) {
  const int64_t p = Person(kGridA);
  CaseRecord c = Report(p, CaseStatus::kSuspected, "2020-02-10");
  EXPECT_EQ(c.status, CaseStatus::kSuspected);
  EXPECT_EQ(c.suspected_date, "2020-02-10");
  EXPECT_EQ(c.grid_code, kGridA);
  EXPECT_EQ(c.name, "张三101");  // the reporter sees the person in clear
  const int64_t test = Test(p, "2020-02-11", TestResult::kPositive);
  auto confirmed = Change(c.id, CaseStatus::kConfirmed, "2020-02-12", test);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->status, CaseStatus::kConfirmed);
  EXPECT_EQ(confirmed->confirmation_date, "2020-02-12");
  EXPECT_EQ(confirmed->suspected_end, "2020-02-12");
  EXPECT_EQ(confirmed->basis, ConfirmationBasis::kLabTest);
  EXPECT_EQ(confirmed->confirming_test_id, test);
  auto detail = cases_->Get(medical_, c.id);
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_EQ(detail->events[1].from, "suspected");
  EXPECT_EQ(detail->events[1].to, "confirmed");
  EXPECT_EQ(detail->events[1].date, "2020-02-12");
  ASSERT_EQ(detail->tests.size(), 1u);
  EXPECT_EQ(detail->tests[0].id, test);
  EXPECT_EQ(detail->record.name, "张*");  // masked unless asked
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND action = 'update'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND action = 'read'"), 1);
}

TEST_P(CasesTest, ClinicalDiagnosisKeepsItsBasisAndLaterLabConfirmationKeepsTheDay) {
  const int64_t p = Person(kGridA);
  CaseRecord c = Report(p, CaseStatus::kClinicallyDiagnosed, "2020-02-12");
  EXPECT_EQ(c.basis, ConfirmationBasis::kClinical);
  EXPECT_EQ(c.confirmation_date, "2020-02-12");
  EXPECT_FALSE(c.suspected_date);
  const int64_t test = Test(p, "2020-02-14", TestResult::kPositive);
  auto confirmed = Change(c.id, CaseStatus::kConfirmed, "2020-02-15", test);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->basis, ConfirmationBasis::kLabTest);
  EXPECT_EQ(confirmed->confirmation_date, "2020-02-12");  // counted once, on the diagnosis
}

TEST_P(CasesTest, AConfirmationNeedsAPositiveTestOfThatPerson) {
  const int64_t p = Person(kGridA), other = Person(kGridA, 1), far = Person(kGridC);
  CaseRecord c = Report(p, CaseStatus::kSuspected, "2020-02-10");
  const int64_t negative = Test(p, "2020-02-11", TestResult::kNegative);
  const int64_t others = Test(other, "2020-02-11", TestResult::kPositive);
  const int64_t late = Test(p, "2020-02-16", TestResult::kPositive);
  const int64_t antibody = Test(p, "2020-02-11", TestResult::kPositive, TestKind::kAntibody);
  const int64_t far_test = Test(far, "2020-02-11", TestResult::kPositive);
  const int64_t events = Count("SELECT COUNT(*) FROM case_events");
  ExpectError(Change(c.id, CaseStatus::kConfirmed, "2020-02-15"), ErrorCode::kInvalidArgument,
              "test_id: a confirmed case needs the positive test that confirmed it");
  ExpectError(Change(c.id, CaseStatus::kConfirmed, "2020-02-15", negative),
              ErrorCode::kInvalidArgument,
              "test_id: test " + std::to_string(negative) + " is negative, not positive");
  // Another person's test, a test out of the caller's sight and a missing
  // one are alike.
  for (int64_t t : {others, far_test, int64_t{99999}}) {
    ExpectError(Change(c.id, CaseStatus::kConfirmed, "2020-02-15", t), ErrorCode::kInvalidArgument,
                "test_id: test " + std::to_string(t) + " is not a test of this person");
  }
  ExpectError(
      Change(c.id, CaseStatus::kConfirmed, "2020-02-15", late), ErrorCode::kInvalidArgument,
      "test_id: test " + std::to_string(late) + " was sampled on 2020-02-16, after 2020-02-15");
  ExpectError(Change(c.id, CaseStatus::kClinicallyDiagnosed, "2020-02-15", antibody),
              ErrorCode::kInvalidArgument, "test_id: only a confirmation cites a test");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events"), events);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE status = 'suspected'"), 1);
  // Serum antibodies confirm a suspected case (7th edition), not an
  // asymptomatic infection.
  ASSERT_TRUE(Change(c.id, CaseStatus::kConfirmed, "2020-02-15", antibody).ok());
  NewCase n;
  n.resident_id = other;
  n.status = CaseStatus::kAsymptomatic;
  n.report_date = "2020-02-15";
  n.test_id = Test(other, "2020-02-12", TestResult::kPositive, TestKind::kAntibody);
  ExpectError(cases_->Report(medical_, n), ErrorCode::kInvalidArgument,
              "test_id: test " + std::to_string(*n.test_id) +
                  " is an antibody test; an asymptomatic infection is confirmed by a "
                  "nucleic_acid test");
  n.test_id = others;
  auto ok = cases_->Report(medical_, n);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->asymptomatic_date, "2020-02-15");
  EXPECT_FALSE(ok->severity);
}

TEST_P(CasesTest, TransitionsOutsideTheRulesAreRefusedAndChangeNothing) {
  const int64_t a = Person(kGridA), b = Person(kGridA, 1);
  const int64_t pos = Test(a, "2020-02-10", TestResult::kPositive);
  CaseRecord confirmed = Report(a, CaseStatus::kConfirmed, "2020-02-10", pos);
  const int64_t pos_b = Test(b, "2020-02-10", TestResult::kPositive);
  CaseRecord asymptomatic = Report(b, CaseStatus::kAsymptomatic, "2020-02-10", pos_b);
  const int64_t events = Count("SELECT COUNT(*) FROM case_events");
  ExpectError(Change(confirmed.id, CaseStatus::kExcluded, "2020-02-15"), ErrorCode::kConflict,
              "status: a confirmed case cannot change its classification, not excluded");
  ExpectError(Change(asymptomatic.id, CaseStatus::kClinicallyDiagnosed, "2020-02-15"),
              ErrorCode::kConflict,
              "status: an asymptomatic infection may become confirmed only, not "
              "clinically_diagnosed");
  ExpectError(Change(asymptomatic.id, CaseStatus::kConfirmed, "2020-02-15", pos_b),
              ErrorCode::kInvalidArgument,
              "onset_date: required when an asymptomatic infection becomes a confirmed case");
  ExpectError(Change(asymptomatic.id, CaseStatus::kConfirmed, "2020-02-15", pos_b, "2020-02-16"),
              ErrorCode::kInvalidArgument, "onset_date: after date 2020-02-15");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events"), events);
  auto now_confirmed = Change(asymptomatic.id, CaseStatus::kConfirmed, "2020-02-15", pos_b,
                              std::string("2020-02-14"));
  ASSERT_TRUE(now_confirmed.ok()) << now_confirmed.error().message;
  EXPECT_EQ(now_confirmed->onset_date, "2020-02-14");
  EXPECT_EQ(now_confirmed->asymptomatic_date, "2020-02-10");
  EXPECT_EQ(now_confirmed->confirmation_date, "2020-02-15");
}

TEST_P(CasesTest, ExclusionNeedsTwoNegativeNucleicAcidTestsADayApart) {
  const int64_t p = Person(kGridB);
  CaseRecord c = Report(p, CaseStatus::kSuspected, "2020-02-10");
  const std::string refused =
      "status: excluding a case needs the last two nucleic acid tests since 2020-02-10 negative "
      "and sampled at least a day apart";
  ExpectError(Change(c.id, CaseStatus::kExcluded, "2020-02-15"), ErrorCode::kInvalidArgument,
              refused);
  Test(p, "2020-02-09", TestResult::kNegative);  // before the suspicion: does not count
  Test(p, "2020-02-11", TestResult::kNegative);
  ExpectError(Change(c.id, CaseStatus::kExcluded, "2020-02-15"), ErrorCode::kInvalidArgument,
              refused);
  Test(p, "2020-02-11", TestResult::kNegative);  // the same day: not a day apart
  ExpectError(Change(c.id, CaseStatus::kExcluded, "2020-02-15"), ErrorCode::kInvalidArgument,
              refused);
  Test(p, "2020-02-12", TestResult::kPositive);
  Test(p, "2020-02-13", TestResult::kNegative);  // the last two: positive, negative
  ExpectError(Change(c.id, CaseStatus::kExcluded, "2020-02-15"), ErrorCode::kInvalidArgument,
              refused);
  Test(p, "2020-02-14", TestResult::kNegative);
  auto excluded = Change(c.id, CaseStatus::kExcluded, "2020-02-15");
  ASSERT_TRUE(excluded.ok()) << excluded.error().message;
  EXPECT_EQ(excluded->excluded_date, "2020-02-15");
  EXPECT_EQ(excluded->suspected_end, "2020-02-15");
  ExpectError(Change(c.id, CaseStatus::kConfirmed, "2020-02-16", 1), ErrorCode::kConflict,
              "status: case " + std::to_string(c.id) +
                  " was excluded on 2020-02-15; it cannot change (report a new case if needed)");
  // Excluded, the person may be reported again.
  EXPECT_EQ(Report(p, CaseStatus::kSuspected, "2020-02-17").status, CaseStatus::kSuspected);
}

TEST_P(CasesTest, OneOpenCaseAPerson) {
  const int64_t p = Person(kGridA);
  CaseRecord c = Report(p, CaseStatus::kSuspected, "2020-02-10");
  NewCase again;
  again.resident_id = p;
  again.status = CaseStatus::kSuspected;
  again.report_date = "2020-02-11";
  ExpectError(cases_->Report(medical_, again), ErrorCode::kConflict,
              "resident_id: resident " + std::to_string(p) + " already has an open case (" +
                  std::to_string(c.id) + ")");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 1);
}

// Two reports of one person at once: one case, whichever wins (PostgreSQL
// runs them concurrently; the partial unique index decides).
TEST_P(CasesTest, ConcurrentReportsOfOnePersonMakeOneCase) {
  const int64_t p = Person(kGridA);
  std::atomic<int> made{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      NewCase n;
      n.resident_id = p;
      n.status = CaseStatus::kSuspected;
      n.report_date = "2020-02-10";
      auto r = cases_->Report(medical_, n);
      if (r.ok()) {
        ++made;
      } else if (r.error().code == ErrorCode::kConflict) {
        ++refused;
      } else if (r.error().code != ErrorCode::kResourceExhausted) {
        ADD_FAILURE() << r.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events"), 1);
}

TEST_P(CasesTest, OutcomeRules) {
  const int64_t a = Person(kGridA), b = Person(kGridA, 1), s = Person(kGridA, 2);
  CaseRecord suspected = Report(s, CaseStatus::kSuspected, "2020-02-10");
  ExpectError(cases_->RecordOutcome(medical_, suspected.id, Outcome::kRecovered, "2020-02-15", ""),
              ErrorCode::kConflict,
              "outcome: a suspected case has no outcome; confirm or exclude it first");
  const int64_t pos = Test(a, "2020-02-05", TestResult::kPositive);
  CaseRecord c = Report(a, CaseStatus::kConfirmed, "2020-02-06", pos);
  ExpectError(cases_->RecordOutcome(medical_, c.id, Outcome::kRecovered, "2020-02-15", ""),
              ErrorCode::kInvalidArgument,
              "outcome: release (recovered) needs the last two nucleic acid tests since "
              "2020-02-06 negative and sampled at least a day apart");
  ExpectError(cases_->RecordOutcome(medical_, c.id, Outcome::kDied, "2020-02-05", ""),
              ErrorCode::kInvalidArgument, "date: before the case's last change on 2020-02-06");
  Test(a, "2020-02-13", TestResult::kNegative);
  Test(a, "2020-02-14", TestResult::kNegative);
  auto recovered = cases_->RecordOutcome(medical_, c.id, Outcome::kRecovered, "2020-02-15", "出院");
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(recovered->outcome, Outcome::kRecovered);
  EXPECT_EQ(recovered->outcome_date, "2020-02-15");
  ExpectError(cases_->RecordOutcome(medical_, c.id, Outcome::kDied, "2020-02-16", ""),
              ErrorCode::kConflict,
              "status: case " + std::to_string(c.id) +
                  " is closed (recovered on 2020-02-15); it cannot change");
  ExpectError(cases_->ChangeSeverity(medical_, c.id, Severity::kSevere, "2020-02-16", ""),
              ErrorCode::kConflict,
              "status: case " + std::to_string(c.id) +
                  " is closed (recovered on 2020-02-15); it cannot change");
  const int64_t pos_b = Test(b, "2020-02-05", TestResult::kPositive);
  CaseRecord asym = Report(b, CaseStatus::kAsymptomatic, "2020-02-06", pos_b);
  ExpectError(cases_->RecordOutcome(medical_, asym.id, Outcome::kDied, "2020-02-15", ""),
              ErrorCode::kConflict,
              "outcome: an asymptomatic infection that died must first be confirmed");
  // Recovered, a person may be reported again (reinfection).
  EXPECT_EQ(Report(a, CaseStatus::kSuspected, "2020-02-18").status, CaseStatus::kSuspected);
}

TEST_P(CasesTest, SeverityRules) {
  const int64_t a = Person(kGridA), b = Person(kGridA, 1);
  CaseRecord c = Report(a, CaseStatus::kSuspected, "2020-02-10");
  auto severe = cases_->ChangeSeverity(medical_, c.id, Severity::kSevere, "2020-02-11", "");
  ASSERT_TRUE(severe.ok()) << severe.error().message;
  EXPECT_EQ(severe->severity, Severity::kSevere);
  ExpectError(cases_->ChangeSeverity(medical_, c.id, Severity::kSevere, "2020-02-12", ""),
              ErrorCode::kInvalidArgument, "severity: already severe");
  ExpectError(cases_->ChangeSeverity(medical_, c.id, Severity::kMild, "2020-02-09", ""),
              ErrorCode::kInvalidArgument, "date: before the case was reported on 2020-02-10");
  const int64_t pos = Test(b, "2020-02-05", TestResult::kPositive);
  CaseRecord asym = Report(b, CaseStatus::kAsymptomatic, "2020-02-06", pos);
  ExpectError(cases_->ChangeSeverity(medical_, asym.id, Severity::kMild, "2020-02-12", ""),
              ErrorCode::kInvalidArgument, "severity: an asymptomatic infection has no severity");
  auto detail = cases_->Get(medical_, c.id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_EQ(detail->events[1].kind, "severity");
  EXPECT_EQ(detail->events[1].from, "");
  EXPECT_EQ(detail->events[1].to, "severe");
}

TEST_P(CasesTest, BadInputIsRefusedWithItsFieldAndWritesNothing) {
  const int64_t p = Person(kGridA);
  auto refused = [&](NewCase n, const std::string& message) {
    ExpectError(cases_->Report(medical_, n), ErrorCode::kInvalidArgument, message);
  };
  NewCase n;
  n.resident_id = p;
  n.report_date = "2020-02-21";
  refused(n, "report_date: 2020-02-21 is after today (2020-02-20)");
  n.report_date = "2020-2-1";
  refused(n, "report_date: 2020-2-1 is not a YYYY-MM-DD date");
  n.report_date = "2020-02-10";
  n.onset_date = "2020-02-11";
  refused(n, "onset_date: after report_date 2020-02-10");
  n.onset_date.reset();
  n.status = CaseStatus::kExcluded;
  refused(n,
          "status: a case is reported as suspected, confirmed, clinically_diagnosed or "
          "asymptomatic");
  n.status = CaseStatus::kConfirmed;
  refused(n, "test_id: a confirmed case needs the positive test that confirmed it");
  n.status = CaseStatus::kAsymptomatic;
  n.severity = Severity::kMild;
  refused(n, "severity: an asymptomatic infection has no severity");
  n.severity.reset();
  n.onset_date = "2020-02-09";
  refused(n, "onset_date: an asymptomatic infection has no onset");
  n.onset_date.reset();
  n.status = CaseStatus::kSuspected;
  n.test_id = 1;
  refused(n, "test_id: only a confirmed or asymptomatic case cites a test");
  n.test_id.reset();
  n.note = std::string(2001, 'x');
  refused(n, "note: at most 2000 bytes");
  n.note.clear();
  n.household_id = households_[kGridA];
  refused(n, "resident_id: give a registered resident or a person to register, not both");
  n.resident_id = 0;
  n.household_id = 0;
  refused(n, "resident_id: required (or person and household_id to register one)");
  ExpectError(cases_->RecordTest(medical_, {p, TestKind::kNucleicAcid, "2020-02-21",
                                            TestResult::kNegative, "lab"}),
              ErrorCode::kInvalidArgument, "sample_date: 2020-02-21 is after today (2020-02-20)");
  ExpectError(cases_->RecordTest(
                  medical_, {p, TestKind::kNucleicAcid, "2020-02-10", TestResult::kNegative, "  "}),
              ErrorCode::kInvalidArgument, "lab: must not be empty");
  CaseRecord c = Report(p, CaseStatus::kSuspected, "2020-02-10");
  ExpectError(Change(c.id, CaseStatus::kClinicallyDiagnosed, "2020-02-09"),
              ErrorCode::kInvalidArgument, "date: before the case's last change on 2020-02-10");
  ExpectError(Change(c.id, CaseStatus::kClinicallyDiagnosed, "tomorrow"),
              ErrorCode::kInvalidArgument, "date: tomorrow is not a YYYY-MM-DD date");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM lab_tests"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity IN ('case', 'lab_test')"), 1);
}

TEST_P(CasesTest, APersonRegisteredOnTheSpotPassesTheRegistrysChecks) {
  const int64_t residents = Count("SELECT COUNT(*) FROM residents");
  NewCase n;
  n.household_id = households_[kGridB];
  n.status = CaseStatus::kSuspected;
  n.report_date = "2020-02-18";
  n.person =
      ResidentInput{"李四", Sex::kFemale, "1990-03-04", MakeId("19900304", 222), "13900000000"};
  n.person->id_number.back() = n.person->id_number.back() == '0' ? '1' : '0';
  ExpectError(cases_->Report(medical_, n), ErrorCode::kInvalidArgument,
              "id_number: check digit is " + std::string(1, n.person->id_number.back()) +
                  ", expected " + std::string(1, MakeId("19900304", 222).back()));
  n.person->id_number = MakeId("19900304", 221);  // odd: a man's number
  EXPECT_FALSE(cases_->Report(medical_, n).ok());
  // A number registered in the caller's scope is theirs to find, not to register again.
  n.person->id_number = MakeId("19800505", 101);
  n.person->sex = Sex::kMale;
  n.person->birth_date = "1980-05-05";
  ExpectError(cases_->Report(medical_, n), ErrorCode::kConflict, "id_number: already registered");
  // A household outside the scope answers as a missing one.
  n.person =
      ResidentInput{"李四", Sex::kFemale, "1990-03-04", MakeId("19900304", 222), "13900000000"};
  n.household_id = households_[kGridA];
  ExpectError(cases_->Report(community2_, n), ErrorCode::kPermissionDenied,
              "role community_officer may not manage cases");
  ExpectError(cases_->Report(Actor(Role::kMedicalStaff, kGridC, 16), n), ErrorCode::kNotFound,
              "household " + std::to_string(n.household_id) + " not found");
  n.household_id = 99999;
  ExpectError(cases_->Report(medical_, n), ErrorCode::kNotFound, "household 99999 not found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), residents);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 0);
  n.household_id = households_[kGridB];
  auto made = cases_->Report(medical_, n);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->name, "李四");
  EXPECT_EQ(made->grid_code, kGridB);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), residents + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents WHERE id = " + std::to_string(made->resident_id) +
                  " AND household_id = " + std::to_string(households_[kGridB])),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'resident' AND action = "
                  "'create' AND entity_id = '" +
                  std::to_string(made->resident_id) + "'"),
            1);
}

// A number registered only outside the caller's scope is registered again,
// as a new one would be: the answer does not tell the reporter it exists.
TEST_P(CasesTest, OnTheSpotRegistrationDoesNotRevealANumberRegisteredElsewhere) {
  const AccessContext grid_c_medic = Actor(Role::kMedicalStaff, kGridC, 16);
  NewCase n;
  n.household_id = households_[kGridC];
  n.status = CaseStatus::kSuspected;
  n.report_date = "2020-02-18";
  n.person = ResidentInput{"张三101", Sex::kMale, "1980-05-05", MakeId("19800505", 101),
                           "13700000000"};  // registered in grid A
  auto made = cases_->Report(grid_c_medic, n);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->grid_code, kGridC);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registration_conflicts"), 1);
}

TEST_P(CasesTest, ScopeAndMaskingAsAnAttackerProbesThem) {
  const int64_t a = Person(kGridA), c = Person(kGridC);
  CaseRecord in_a = Report(a, CaseStatus::kSuspected, "2020-02-10");
  CaseRecord in_c = Report(c, CaseStatus::kSuspected, "2020-02-10");
  // A grid worker reads their grid's cases, masked, and nothing else.
  auto list = cases_->List(grid_a_, {});
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].id, in_a.id);
  EXPECT_EQ(list->items[0].name, "张*");
  EXPECT_EQ(list->items[0].id_number, MaskIdNumber(MakeId("19800505", 101)));
  EXPECT_EQ(list->items[0].birth_date, "1980-**-**");
  CaseQuery unmasked;
  unmasked.unmasked = true;
  ExpectError(cases_->List(grid_a_, unmasked), ErrorCode::kPermissionDenied,
              "role grid_worker may not manage cases");
  ExpectError(cases_->Get(grid_a_, in_a.id, true), ErrorCode::kPermissionDenied,
              "role grid_worker may not manage cases");
  CaseQuery other_region;
  other_region.region_code = kGridC;
  ExpectError(cases_->List(grid_a_, other_region), ErrorCode::kPermissionDenied,
              std::string("region ") + kGridC + " is outside your scope " + kGridA);
  // Out of scope answers as missing: same code, same words.
  ExpectError(cases_->Get(grid_a_, in_c.id), ErrorCode::kNotFound,
              "case " + std::to_string(in_c.id) + " not found");
  ExpectError(cases_->Get(grid_a_, 99999), ErrorCode::kNotFound, "case 99999 not found");
  ExpectError(cases_->Get(community2_, in_a.id), ErrorCode::kNotFound,
              "case " + std::to_string(in_a.id) + " not found");
  ExpectError(cases_->Tests(grid_a_, c), ErrorCode::kNotFound,
              "resident " + std::to_string(c) + " not found");
  // Changing or testing someone out of scope: as a missing id.
  ExpectError(
      cases_->ChangeStatus(elsewhere_, in_c.id, {CaseStatus::kExcluded, "2020-02-15", {}, {}, ""}),
      ErrorCode::kNotFound, "case " + std::to_string(in_c.id) + " not found");
  ExpectError(cases_->RecordTest(elsewhere_, {c, TestKind::kNucleicAcid, "2020-02-11",
                                              TestResult::kPositive, "lab"}),
              ErrorCode::kNotFound, "resident " + std::to_string(c) + " not found");
  ExpectError(cases_->RecordTest(elsewhere_, {99999, TestKind::kNucleicAcid, "2020-02-11",
                                              TestResult::kPositive, "lab"}),
              ErrorCode::kNotFound, "resident 99999 not found");
  NewCase n;
  n.resident_id = c;
  n.status = CaseStatus::kSuspected;
  n.report_date = "2020-02-11";
  ExpectError(cases_->Report(elsewhere_, n), ErrorCode::kNotFound,
              "resident " + std::to_string(c) + " not found");
  // The grid worker may not report, change or test.
  ExpectError(cases_->Report(grid_a_, n), ErrorCode::kPermissionDenied,
              "role grid_worker may not manage cases");
  ExpectError(cases_->RecordTest(
                  grid_a_, {a, TestKind::kNucleicAcid, "2020-02-11", TestResult::kPositive, "lab"}),
              ErrorCode::kPermissionDenied, "role grid_worker may not manage cases");
  for (Role role : {Role::kVolunteer, Role::kSupplyOfficer, Role::kAdministrator}) {
    ExpectError(cases_->List(Actor(role, "420102"), {}), ErrorCode::kPermissionDenied,
                "role " + std::string(RoleName(role)) + " may not read cases");
  }
  // A cursor naming a case outside the listed region starts at the first page.
  CaseQuery after;
  after.after_id = in_c.id;
  auto first = cases_->List(grid_a_, after);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].id, in_a.id);
  // Medical staff see their district in clear when they ask.
  auto clear = cases_->Get(medical_, in_c.id, true);
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(clear->record.name, "张三113");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read_unmasked' AND entity = "
                  "'case'"),
            1);
}

TEST_P(CasesTest, ListPagesAndFilters) {
  std::vector<int64_t> ids;
  for (const char* grid : {kGridA, kGridB, kGridC})
    for (int k = 0; k < 3; ++k)
      ids.push_back(Report(Person(grid, k), CaseStatus::kSuspected, "2020-02-10").id);
  const int64_t pos = Test(Person(kGridB), "2020-02-11", TestResult::kPositive);
  ASSERT_TRUE(Change(ids[3], CaseStatus::kConfirmed, "2020-02-12", pos).ok());
  std::vector<int64_t> seen;
  CaseQuery q;
  q.limit = 4;
  for (int page = 0; page < 5; ++page) {
    auto p = cases_->List(medical_, q);
    ASSERT_TRUE(p.ok()) << p.error().message;
    for (const auto& c : p->items) seen.push_back(c.id);
    if (!p->next_cursor) break;
    q.after_id = *p->next_cursor;
  }
  EXPECT_EQ(seen, ids);  // grid order, then id
  CaseQuery confirmed;
  confirmed.status = CaseStatus::kConfirmed;
  auto only = cases_->List(medical_, confirmed);
  ASSERT_TRUE(only.ok());
  ASSERT_EQ(only->items.size(), 1u);
  EXPECT_EQ(only->items[0].id, ids[3]);
  CaseQuery bad;
  bad.limit = 0;
  ExpectError(cases_->List(medical_, bad), ErrorCode::kInvalidArgument, "limit: must be 1..200");
}

TEST_P(CasesTest, AResidentWithCaseRecordsIsNotDeleted) {
  const int64_t p = Person(kGridA), q = Person(kGridA, 1);
  Report(p, CaseStatus::kSuspected, "2020-02-10");
  Test(q, "2020-02-10", TestResult::kNegative);
  const AccessContext officer = Actor(Role::kDistrictOfficer, "420102", 2);
  for (int64_t id : {p, q}) {
    ExpectError(registry_->DeleteResident(officer, id, "registered in error"), ErrorCode::kConflict,
                "resident " + std::to_string(id) +
                    " has case or laboratory test records, which are kept; it cannot be deleted");
  }
  EXPECT_TRUE(registry_->DeleteResident(officer, Person(kGridA, 2), "registered in error").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
