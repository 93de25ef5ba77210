// Cases and laboratory tests (病例, 核酸/抗体检测). A case always belongs to
// a registered resident (or one registered on the spot, in the same
// transaction, with the registry's ID checks) and lies in the grid the
// person lived in when it was reported; its classification changes only
// along the transitions of case_rules.hpp, each change dated and kept in the
// case's history. Thread-safe: holds references to the Database and the
// AuditWriter (both must outlive it) and a clock.
//
// Access (docs/operations.md, Cases): reading needs Permission::kReadCases,
// reporting, changing and recording tests kManageCases, always within the
// caller's scope. A case or person outside the scope answers exactly as a
// missing one (kNotFound, the same message). Names, ID numbers and birth
// dates are masked as the registry masks them unless `unmasked` is asked
// and the role has kManageCases (asking without it is kPermissionDenied).
// Lists offer no search by name or ID number: a masked reader has nothing
// to test candidates with. Every read is audited through the AuditWriter
// before it is answered; every change appends its record in its own
// transaction. Bad input is refused before anything is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/audit/audit_writer.hpp"
#include "ops/cases/case_rules.hpp"
#include "ops/common.hpp"
#include "ops/registry/registry.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct LabTestInput {
  int64_t resident_id = 0;
  TestKind kind = TestKind::kNucleicAcid;
  std::string sample_date;  // YYYY-MM-DD, not after today
  TestResult result = TestResult::kNegative;
  std::string lab;  // the laboratory, 1..200 bytes
};

struct LabTest {
  int64_t id = 0;
  int64_t resident_id = 0;
  TestKind kind = TestKind::kNucleicAcid;
  std::string sample_date;
  TestResult result = TestResult::kNegative;
  std::string lab;
  int64_t recorded_by = 0;
  int64_t recorded_at = 0;
};

struct CaseRecord {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string grid_code;
  // The person, masked unless asked and allowed.
  std::string name, id_number, birth_date;
  Sex sex = Sex::kMale;
  CaseStatus status = CaseStatus::kSuspected;
  std::optional<Severity> severity;
  std::optional<std::string> onset_date;
  std::string report_date;
  // The day each classification began; suspected_end: the day it stopped
  // being suspected.
  std::optional<std::string> suspected_date, suspected_end, confirmation_date, asymptomatic_date,
      excluded_date;
  std::optional<ConfirmationBasis> basis;
  std::optional<int64_t> confirming_test_id;
  std::optional<Outcome> outcome;
  std::optional<std::string> outcome_date;
  std::optional<int64_t> facility_id;  // set by the facilities module
  int64_t created_at = 0, updated_at = 0;
};

struct CaseEvent {
  int64_t at = 0;
  int64_t user_id = 0;
  std::string kind;  // "reported", "status", "severity", "outcome"
  std::string from, to;
  std::string date;  // the day it took effect
  std::string note;
};

struct CaseDetail {
  CaseRecord record;
  std::vector<CaseEvent> events;  // oldest first
  std::vector<LabTest> tests;     // the person's tests, by sample date
};

// A new case: a registered resident (resident_id), or a person registered
// on the spot in `household_id` (both given: kInvalidArgument).
struct NewCase {
  int64_t resident_id = 0;
  int64_t household_id = 0;
  std::optional<ResidentInput> person{};
  CaseStatus status = CaseStatus::kSuspected;  // not excluded
  std::optional<Severity> severity{};
  std::optional<std::string> onset_date{};  // none for an asymptomatic infection
  std::string report_date{};
  // The positive test that confirmed it: required for confirmed and
  // asymptomatic, refused otherwise.
  std::optional<int64_t> test_id{};
  std::string note{};
};

struct StatusChange {
  CaseStatus to = CaseStatus::kConfirmed;
  std::string date;                       // the day it took effect
  std::optional<int64_t> test_id;         // confirmed: the positive test
  std::optional<std::string> onset_date;  // asymptomatic -> confirmed: when symptoms began
  std::string note;
};

struct CaseQuery {
  std::string region_code;  // subtree; "" = the caller's scope
  std::optional<CaseStatus> status;
  bool open_only = false;  // no outcome and not excluded
  int64_t after_id = 0;    // keyset cursor
  int limit = 50;          // 1..kMaxPageSize
  bool unmasked = false;
};

class CaseService {
 public:
  CaseService(store::Database& db, AuditWriter& audit, Clock clock = SystemClock());

  // Reports a case (kManageCases in the person's grid). kConflict when the
  // person already has an open case (its id is named: the person is in the
  // caller's scope). The answer is unmasked (the reporter manages cases).
  Result<CaseRecord> Report(const AccessContext& ctx, const NewCase& input);
  Result<CaseDetail> Get(const AccessContext& ctx, int64_t id, bool unmasked = false);
  // Cases in (grid_code, id) order, keyset pages as the registry's search.
  Result<Page<CaseRecord>> List(const AccessContext& ctx, const CaseQuery& query);

  // A change of classification along case_rules' transitions, on or after
  // the last dated change and not after today. kConflict when the case has
  // an outcome or changed meanwhile; kInvalidArgument naming the field for
  // a transition the rules do not allow or a test that does not confirm.
  Result<CaseRecord> ChangeStatus(const AccessContext& ctx, int64_t id, const StatusChange& change);
  Result<CaseRecord> ChangeSeverity(const AccessContext& ctx, int64_t id, Severity severity,
                                    const std::string& date, const std::string& note);
  // Closes the case: died, or recovered (released) after two negative
  // nucleic acid tests sampled at least a day apart since it was confirmed.
  Result<CaseRecord> RecordOutcome(const AccessContext& ctx, int64_t id, Outcome outcome,
                                   const std::string& date, const std::string& note);

  // Needs kManageCases in the person's grid.
  Result<LabTest> RecordTest(const AccessContext& ctx, const LabTestInput& input);
  // The person's tests by sample date; needs kReadCases in their grid.
  Result<std::vector<LabTest>> Tests(const AccessContext& ctx, int64_t resident_id);

 private:
  store::Database& db_;
  AuditWriter& audit_;
  Clock clock_;
};

}  // namespace fk::ops
