#include "ops/cases/cases.hpp"

#include <algorithm>
#include <ctime>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/cases/case_links.hpp"
#include "ops/cases/cases_internal.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace cases_internal {
namespace {

// The case row with its person (kCaseColumns' order is CaseOf's).
constexpr std::string_view kCaseColumns =
    "SELECT c.id, c.resident_id, c.grid_code, r.name, r.id_number, r.birth_date, r.sex, c.status, "
    "c.severity, c.onset_date, c.report_date, c.suspected_date, c.suspected_end, "
    "c.confirmation_date, c.asymptomatic_date, c.excluded_date, c.basis, c.confirming_test_id, "
    "c.outcome, c.outcome_date, c.facility_id, c.created_at, c.updated_at "
    "FROM cases c JOIN residents r ON r.id = c.resident_id ";

std::optional<std::string> OptText(const store::RowView& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return std::string(r.Text(i));
}

std::optional<int64_t> OptInt(const store::RowView& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

CaseRecord CaseOf(const store::RowView& r, bool unmasked) {
  CaseRecord c;
  c.id = r.Int(0);
  c.resident_id = r.Int(1);
  c.grid_code = r.Text(2);
  c.name = unmasked ? std::string(r.Text(3)) : MaskName(r.Text(3));
  c.id_number = unmasked ? std::string(r.Text(4)) : MaskIdNumber(r.Text(4));
  c.birth_date = unmasked ? std::string(r.Text(5)) : MaskBirthDate(r.Text(5));
  c.sex = r.Text(6) == "male" ? Sex::kMale : Sex::kFemale;
  c.status = ParseCaseStatus(r.Text(7)).value_or(CaseStatus::kSuspected);
  if (!r.IsNull(8)) c.severity = ParseSeverity(r.Text(8));
  c.onset_date = OptText(r, 9);
  c.report_date = r.Text(10);
  c.suspected_date = OptText(r, 11);
  c.suspected_end = OptText(r, 12);
  c.confirmation_date = OptText(r, 13);
  c.asymptomatic_date = OptText(r, 14);
  c.excluded_date = OptText(r, 15);
  if (!r.IsNull(16)) c.basis = ParseBasis(r.Text(16));
  c.confirming_test_id = OptInt(r, 17);
  if (!r.IsNull(18)) c.outcome = ParseOutcome(r.Text(18));
  c.outcome_date = OptText(r, 19);
  c.facility_id = OptInt(r, 20);
  c.created_at = r.Int(21);
  c.updated_at = r.Int(22);
  return c;
}

}  // namespace

std::string Day(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Status CheckDay(std::string_view field, const std::string& value, const std::string& today) {
  if (!ParseDate(value) || value.size() != 10)
    return InvalidArgument(std::string(field) + ": " + value + " is not a YYYY-MM-DD date");
  if (value > today)
    return InvalidArgument(std::string(field) + ": " + value + " is after today (" + today + ")");
  return Status::Ok();
}

Status CheckNote(const std::string& note) {
  if (note.size() > 2000) return InvalidArgument("note: at most 2000 bytes");
  return Status::Ok();
}

Result<CaseRecord> LoadCase(store::Transaction& tx, const AccessContext& ctx, int64_t id,
                            bool unmasked) {
  std::optional<CaseRecord> found;
  Status read = tx.ForEachRow(std::string(kCaseColumns) + "WHERE c.id = ?", {id},
                              [&](const store::RowView& r) {
                                found = CaseOf(r, unmasked);
                                return false;
                              });
  if (!read) return read.error();
  const Error missing{ErrorCode::kNotFound, "case " + std::to_string(id) + " not found"};
  if (!found) return missing;
  auto may = MaySeeCase(tx, ctx, found->grid_code, found->facility_id);
  if (!may) return may.error();
  if (!*may) return missing;
  return std::move(*found);
}

Result<std::string> ResidentGrid(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  const std::string missing = "resident " + std::to_string(id) + " not found";
  auto row = tx.QueryOne("SELECT grid_code FROM residents WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  std::string grid = row->Text(0);
  if (!InScope(ctx, grid)) return Error{ErrorCode::kNotFound, missing};
  return grid;
}

Result<std::vector<LabTest>> TestsOf(store::Transaction& tx, int64_t resident_id) {
  auto rows = tx.Query(
      "SELECT id, resident_id, kind, sample_date, result, lab, recorded_by, recorded_at "
      "FROM lab_tests WHERE resident_id = ? ORDER BY sample_date, id",
      {resident_id});
  if (!rows) return rows.error();
  std::vector<LabTest> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Int(1), ParseTestKind(r.Text(2)).value_or(TestKind::kNucleicAcid),
                   r.Text(3), ParseTestResult(r.Text(4)).value_or(TestResult::kInconclusive),
                   r.Text(5), r.Int(6), r.Int(7)});
  }
  return out;
}

Status CheckConfirmingTest(store::Transaction& tx, int64_t resident_id, int64_t test_id,
                           CaseStatus status, const std::string& date) {
  const std::string test = "test_id: test " + std::to_string(test_id);
  auto rows =
      tx.Query("SELECT kind, sample_date, result FROM lab_tests WHERE id = ? AND resident_id = ?",
               {test_id, resident_id});
  if (!rows) return rows.error();
  if (rows->empty()) return InvalidArgument(test + " is not a test of this person");
  const auto& r = rows->front();
  if (r.Text(2) != Name(TestResult::kPositive))
    return InvalidArgument(test + " is " + r.Text(2) + ", not positive");
  const auto kind = ParseTestKind(r.Text(0)).value_or(TestKind::kAntibody);
  if (!TestConfirms(kind, status)) {
    return InvalidArgument(test + " is an " + std::string(Name(kind)) +
                           " test; an asymptomatic infection is confirmed by a nucleic_acid test");
  }
  if (r.Text(1) > date)
    return InvalidArgument(test + " was sampled on " + r.Text(1) + ", after " + date);
  return Status::Ok();
}

Status CheckTwoNegatives(store::Transaction& tx, int64_t resident_id, const std::string& since,
                         const std::string& until, std::string_view field, std::string_view what) {
  auto rows = tx.Query(
      "SELECT sample_date, result FROM lab_tests WHERE resident_id = ? AND kind = 'nucleic_acid' "
      "AND result <> 'inconclusive' AND sample_date >= ? AND sample_date <= ? "
      "ORDER BY sample_date DESC, id DESC LIMIT 2",
      {resident_id, since, until});
  if (!rows) return rows.error();
  bool ok =
      rows->size() == 2 && rows->at(0).Text(1) == "negative" && rows->at(1).Text(1) == "negative";
  if (ok) {
    const auto last = ParseDate(rows->at(0).Text(0));
    const auto before = ParseDate(rows->at(1).Text(0));
    ok = last && before && DaysFromCivil(*last) - DaysFromCivil(*before) >= 1;
  }
  if (ok) return Status::Ok();
  return InvalidArgument(std::string(field) + ": " + std::string(what) +
                         " needs the last two nucleic acid tests since " + since +
                         " negative and sampled at least a day apart");
}

Status AppendEvent(store::Transaction& tx, const AccessContext& ctx, int64_t now, int64_t case_id,
                   std::string_view kind, std::string_view from, std::string_view to,
                   const std::string& date, const std::string& note) {
  auto r = tx.Exec(
      "INSERT INTO case_events (case_id, at, user_id, kind, from_value, to_value, event_date, "
      "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {case_id, now, ctx.user_id, std::string(kind), std::string(from), std::string(to), date,
       note});
  if (!r) return r.error();
  return Status::Ok();
}

std::string LastDay(const CaseRecord& c) {
  std::string last = c.report_date;
  for (const auto& d : {c.suspected_date, c.confirmation_date, c.asymptomatic_date})
    if (d && *d > last) last = *d;
  return last;
}

}  // namespace cases_internal

using namespace cases_internal;

CaseService::CaseService(store::Database& db, AuditWriter& audit, Clock clock)
    : db_(db), audit_(audit), clock_(std::move(clock)) {}

namespace {

// The checks of a new case that need no database.
Status CheckNewCase(const NewCase& in, const std::string& today) {
  if (in.resident_id != 0 && (in.person || in.household_id != 0))
    return InvalidArgument(
        "resident_id: give a registered resident or a person to register, not both");
  if (in.resident_id == 0 && !in.person)
    return InvalidArgument("resident_id: required (or person and household_id to register one)");
  if (in.person && in.household_id <= 0)
    return InvalidArgument("household_id: required to register a person");
  if (!ReportableStatus(in.status))
    return InvalidArgument(
        "status: a case is reported as suspected, confirmed, "
        "clinically_diagnosed or asymptomatic");
  if (Status s = CheckDay("report_date", in.report_date, today); !s) return s;
  if (in.onset_date) {
    if (in.status == CaseStatus::kAsymptomatic)
      return InvalidArgument("onset_date: an asymptomatic infection has no onset");
    if (Status s = CheckDay("onset_date", *in.onset_date, today); !s) return s;
    if (*in.onset_date > in.report_date)
      return InvalidArgument("onset_date: after report_date " + in.report_date);
  }
  if (in.severity && !HasSeverity(in.status))
    return InvalidArgument("severity: an asymptomatic infection has no severity");
  const bool needs_test = BasisFor(in.status) == ConfirmationBasis::kLabTest;
  if (needs_test && !in.test_id) {
    return InvalidArgument("test_id: a " + std::string(Name(in.status)) +
                           " case needs the positive test that confirmed it");
  }
  if (!needs_test && in.test_id)
    return InvalidArgument("test_id: only a confirmed or asymptomatic case cites a test");
  return CheckNote(in.note);
}

}  // namespace

Result<CaseRecord> CaseService::Report(const AccessContext& ctx, const NewCase& in) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  const std::string today = Day(now);
  if (Status s = CheckNewCase(in, today); !s) return s.error();
  if (in.person) {
    // Checked before the transaction too, so that bad input takes no lock.
    if (Status s = ValidateResident(CanonicalResident(*in.person)); !s) return s.error();
  }
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  int64_t resident_id = in.resident_id;
  std::string grid;
  if (in.person) {
    // First write of the transaction (RegisterResident takes the lock).
    auto made = RegisterResident(*tx, ctx, now, in.household_id, *in.person);
    if (!made) return made.error();
    resident_id = made->id;
    grid = made->grid_code;
  } else {
    auto found = ResidentGrid(*tx, ctx, resident_id);
    if (!found) return found.error();
    grid = std::move(*found);
  }
  if (in.test_id) {
    if (Status s = CheckConfirmingTest(*tx, resident_id, *in.test_id, in.status, in.report_date);
        !s)
      return s.error();
  }
  const std::string already =
      "resident_id: resident " + std::to_string(resident_id) + " already has an open case";
  auto open = tx->Query(
      "SELECT id FROM cases WHERE resident_id = ? AND status <> 'excluded' AND outcome IS NULL",
      {resident_id});
  if (!open) return open.error();
  if (!open->empty())
    return Error{ErrorCode::kConflict, already + " (" + open->front().Text(0) + ")"};
  const std::string status(Name(in.status));
  auto on = [&](CaseStatus s) -> store::Value {
    if (in.status == s) return in.report_date;
    return nullptr;
  };
  const auto basis = BasisFor(in.status);
  store::Params params{resident_id, grid, status};
  params.push_back(in.severity ? store::Value(std::string(Name(*in.severity))) : nullptr);
  params.push_back(store::OrNull(in.onset_date));
  params.emplace_back(in.report_date);
  params.push_back(on(CaseStatus::kSuspected));
  const bool confirmed =
      in.status == CaseStatus::kConfirmed || in.status == CaseStatus::kClinicallyDiagnosed;
  params.push_back(confirmed ? store::Value(in.report_date) : nullptr);
  params.push_back(on(CaseStatus::kAsymptomatic));
  params.push_back(basis ? store::Value(std::string(Name(*basis))) : nullptr);
  params.push_back(store::OrNull(in.test_id));
  for (int64_t v : {ctx.user_id, now, now}) params.emplace_back(v);
  auto row = tx->QueryOne(
      "INSERT INTO cases (resident_id, grid_code, status, severity, onset_date, report_date, "
      "suspected_date, confirmation_date, asymptomatic_date, basis, confirming_test_id, "
      "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      params);
  if (!row) {
    // Another transaction reported the person's case meanwhile (the
    // cases_one_open index): the answer of the check above.
    if (row.error().code == ErrorCode::kConflict) return Error{ErrorCode::kConflict, already};
    return row.error();
  }
  const int64_t id = row->Int(0);
  if (Status s = AppendEvent(*tx, ctx, now, id, "reported", "", status, in.report_date, in.note);
      !s)
    return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, "create", "case", std::to_string(id), status, grid); !s)
    return s.error();
  auto out = LoadCase(*tx, ctx, id, true);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<CaseDetail> CaseService::Get(const AccessContext& ctx, int64_t id, bool unmasked) {
  if (Status s = Require(ctx, Permission::kReadCases); !s) return s.error();
  if (unmasked) {
    if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  }
  auto detail = [&]() -> Result<CaseDetail> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto record = LoadCase(*tx, ctx, id, unmasked);
    if (!record) return record.error();
    CaseDetail out{std::move(*record), {}, {}};
    auto events = tx->Query(
        "SELECT at, user_id, kind, from_value, to_value, event_date, note FROM case_events "
        "WHERE case_id = ? ORDER BY id",
        {id});
    if (!events) return events.error();
    for (const auto& r : *events)
      out.events.push_back(
          {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
    auto tests = TestsOf(*tx, out.record.resident_id);
    if (!tests) return tests.error();
    out.tests = std::move(*tests);
    return out;
  }();
  if (!detail) return detail.error();
  if (Status s = audit_.Record(ctx, clock_(), unmasked ? "read_unmasked" : "read", "case",
                               std::to_string(id), "", detail->record.grid_code);
      !s)
    return s.error();
  return detail;
}

Result<Page<CaseRecord>> CaseService::List(const AccessContext& ctx, const CaseQuery& q) {
  // Medical staff see the cases of their facilities wherever the people
  // live (MaySeeCase): their region is a filter, the whole tree by default.
  const bool medical = ctx.role == Role::kMedicalStaff;
  const std::string region =
      !q.region_code.empty() ? q.region_code : (medical ? std::string() : ctx.scope);
  if (Status s = medical ? Require(ctx, Permission::kReadCases)
                         : Require(ctx, Permission::kReadCases, region);
      !s)
    return s.error();
  if (q.unmasked) {
    if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  }
  if (q.limit < 1 || q.limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(region);
  auto page = [&]() -> Result<Page<CaseRecord>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    // Pages run in (grid_code, id) order, the order of the cases_grid index.
    const auto plan = store::PlanChoice::kPerCall;
    auto start = KeysetPageStart(*tx, "cases", "grid_code", q.after_id, prefix, plan);
    if (!start) return start.error();
    store::Params params{PrefixEnd(prefix)};
    std::string sql = std::string(kCaseColumns) + "WHERE c.grid_code < ? AND " +
                      start->Condition("c.grid_code", "c.id", params);
    if (q.status) {
      sql += " AND c.status = ?";
      params.emplace_back(std::string(Name(*q.status)));
    }
    if (q.open_only) sql += " AND c.outcome IS NULL AND c.status <> 'excluded'";
    sql += CaseListCondition(ctx, params);
    sql += " ORDER BY c.grid_code, c.id LIMIT ?";
    params.emplace_back(static_cast<int64_t>(q.limit) + 1);
    Page<CaseRecord> out;
    Status read = tx->ForEachRow(
        sql, params,
        [&](const store::RowView& r) {
          if (static_cast<int>(out.items.size()) == q.limit) {
            out.next_cursor = out.items.back().id;
            return false;
          }
          out.items.push_back(CaseOf(r, q.unmasked));
          return true;
        },
        plan);
    if (!read) return read.error();
    return out;
  }();
  if (!page) return page.error();
  std::string detail = std::to_string(page->items.size()) + " cases";
  if (q.status) detail = "status=" + std::string(Name(*q.status)) + "; " + detail;
  const std::string audited = region.empty() ? ctx.scope : region;
  if (Status s = audit_.Record(ctx, clock_(), q.unmasked ? "read_unmasked" : "read", "cases",
                               "region " + audited, detail, audited);
      !s)
    return s.error();
  return page;
}

}  // namespace fk::ops
