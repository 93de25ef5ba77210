// CaseService's changes of a reported case: classification, severity, outcome.
#include <functional>

#include "ops/audit/audit.hpp"
#include "ops/cases/cases.hpp"
#include "ops/cases/cases_internal.hpp"

namespace fk::ops {

using namespace cases_internal;

namespace {

// kConflict when the case is closed (an outcome) or excluded.
Status CheckOpen(const CaseRecord& c) {
  const std::string which = "case " + std::to_string(c.id);
  if (c.outcome) {
    return Error{ErrorCode::kConflict, "status: " + which + " is closed (" +
                                           std::string(Name(*c.outcome)) + " on " +
                                           c.outcome_date.value_or("") + "); it cannot change"};
  }
  if (c.status == CaseStatus::kExcluded) {
    return Error{ErrorCode::kConflict, "status: " + which + " was excluded on " +
                                           c.excluded_date.value_or("") +
                                           "; it cannot change (report a new case if needed)"};
  }
  return Status::Ok();
}

Error ChangedMeanwhile(int64_t id) {
  return Error{ErrorCode::kConflict,
               "case " + std::to_string(id) + " was changed meanwhile; reload it and retry"};
}

// The change is written only if the case still has the classification
// (and no outcome) it was checked with: two concurrent changes cannot both
// pass their checks (PostgreSQL re-reads the row after the other commits).
Status UpdateIfUnchanged(store::Transaction& tx, const CaseRecord& was, const std::string& set,
                         store::Params params) {
  params.emplace_back(was.id);
  params.emplace_back(std::string(Name(was.status)));
  auto r = tx.Exec("UPDATE cases SET " + set + " WHERE id = ? AND status = ? AND outcome IS NULL",
                   params);
  if (!r) return r.error();
  if (*r != 1) return ChangedMeanwhile(was.id);
  return Status::Ok();
}

// What a change of a case records: its event (kind, from, to) and the
// audit row's detail.
struct Recorded {
  std::string kind, from, to, audit;
};

// The steps every change of a case shares, around `change`: the case is
// loaded in the caller's scope and must be open; `change` checks it, writes
// the new values (UpdateIfUnchanged) and says what to record; then the event
// and the audit row are appended and the case is read back, all in one
// transaction. `date` and `note` were checked by the caller.
Result<CaseRecord> ApplyChange(
    store::Database& db, const AccessContext& ctx, int64_t now, int64_t id, const std::string& date,
    const std::string& note,
    const std::function<Result<Recorded>(store::Transaction&, const CaseRecord&)>& change) {
  auto tx = db.Begin();
  if (!tx) return tx.error();
  auto c = LoadCase(*tx, ctx, id, true);
  if (!c) return c.error();
  if (Status s = CheckOpen(*c); !s) return s.error();
  auto rec = change(*tx, *c);
  if (!rec) return rec.error();
  if (Status s = AppendEvent(*tx, ctx, now, id, rec->kind, rec->from, rec->to, date, note); !s)
    return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, "update", "case", std::to_string(id), rec->audit,
                             c->grid_code);
      !s)
    return s.error();
  auto out = LoadCase(*tx, ctx, id, true);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

}  // namespace

Result<CaseRecord> CaseService::ChangeStatus(const AccessContext& ctx, int64_t id,
                                             const StatusChange& change) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  const std::string today = Day(now);
  if (Status s = CheckDay("date", change.date, today); !s) return s.error();
  if (Status s = CheckNote(change.note); !s) return s.error();
  if (change.onset_date) {
    if (Status s = CheckDay("onset_date", *change.onset_date, today); !s) return s.error();
  }
  auto apply = [&](store::Transaction& tx, const CaseRecord& c) -> Result<Recorded> {
    const CaseStatus from = c.status, to = change.to;
    if (!TransitionAllowed(from, to)) {
      return Error{ErrorCode::kConflict,
                   "status: " + AllowedTransitions(from) + ", not " + std::string(Name(to))};
    }
    if (const std::string last = LastDay(c); change.date < last)
      return InvalidArgument("date: before the case's last change on " + last);
    const bool needs_test = BasisFor(to) == ConfirmationBasis::kLabTest;
    if (needs_test && !change.test_id)
      return InvalidArgument("test_id: a confirmed case needs the positive test that confirmed it");
    if (!needs_test && change.test_id)
      return InvalidArgument("test_id: only a confirmation cites a test");
    const bool symptoms_began = from == CaseStatus::kAsymptomatic;
    if (symptoms_began && !change.onset_date) {
      return InvalidArgument(
          "onset_date: required when an asymptomatic infection becomes a confirmed case");
    }
    if (!symptoms_began && change.onset_date)
      return InvalidArgument(
          "onset_date: given only when an asymptomatic infection shows symptoms");
    if (change.onset_date && *change.onset_date > change.date)
      return InvalidArgument("onset_date: after date " + change.date);
    if (needs_test) {
      if (Status s = CheckConfirmingTest(tx, c.resident_id, *change.test_id, to, change.date); !s)
        return s.error();
    }
    if (to == CaseStatus::kExcluded) {
      const std::string since = c.suspected_date.value_or(c.confirmation_date.value_or(""));
      if (Status s = CheckTwoNegatives(tx, c.resident_id, since, change.date, "status",
                                       "excluding a case");
          !s)
        return s.error();
    }
    // The columns that change: the classification, the day it began, the
    // basis; a suspected case's suspicion ends that day.
    std::string set = "status = ?, updated_at = ?";
    store::Params params{std::string(Name(to)), now};
    auto also = [&](const char* column, store::Value v) {
      set.append(", ").append(column).append(" = ?");
      params.push_back(std::move(v));
    };
    if (from == CaseStatus::kSuspected) also("suspected_end", change.date);
    if (to == CaseStatus::kExcluded) also("excluded_date", change.date);
    if (to == CaseStatus::kClinicallyDiagnosed) {
      also("confirmation_date", change.date);
      also("basis", std::string(Name(ConfirmationBasis::kClinical)));
    }
    if (to == CaseStatus::kConfirmed) {
      // A clinically diagnosed case was counted as confirmed on its diagnosis.
      if (!c.confirmation_date) also("confirmation_date", change.date);
      also("basis", std::string(Name(ConfirmationBasis::kLabTest)));
      also("confirming_test_id", *change.test_id);
    }
    if (change.onset_date) also("onset_date", *change.onset_date);
    if (Status s = UpdateIfUnchanged(tx, c, set, std::move(params)); !s) return s.error();
    return Recorded{"status", std::string(Name(from)), std::string(Name(to)),
                    "status " + std::string(Name(from)) + " -> " + std::string(Name(to))};
  };
  return ApplyChange(db_, ctx, now, id, change.date, change.note, apply);
}

Result<CaseRecord> CaseService::ChangeSeverity(const AccessContext& ctx, int64_t id,
                                               Severity severity, const std::string& date,
                                               const std::string& note) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  if (Status s = CheckDay("date", date, Day(now)); !s) return s.error();
  if (Status s = CheckNote(note); !s) return s.error();
  auto apply = [&](store::Transaction& tx, const CaseRecord& c) -> Result<Recorded> {
    if (!HasSeverity(c.status))
      return InvalidArgument("severity: an asymptomatic infection has no severity");
    if (c.severity == severity)
      return InvalidArgument("severity: already " + std::string(Name(severity)));
    if (date < c.report_date)
      return InvalidArgument("date: before the case was reported on " + c.report_date);
    if (Status s = UpdateIfUnchanged(tx, c, "severity = ?, updated_at = ?",
                                     {std::string(Name(severity)), now});
        !s)
      return s.error();
    return Recorded{"severity", c.severity ? std::string(Name(*c.severity)) : "",
                    std::string(Name(severity)), "severity " + std::string(Name(severity))};
  };
  return ApplyChange(db_, ctx, now, id, date, note, apply);
}

Result<CaseRecord> CaseService::RecordOutcome(const AccessContext& ctx, int64_t id, Outcome outcome,
                                              const std::string& date, const std::string& note) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  if (Status s = CheckDay("date", date, Day(now)); !s) return s.error();
  if (Status s = CheckNote(note); !s) return s.error();
  auto apply = [&](store::Transaction& tx, const CaseRecord& c) -> Result<Recorded> {
    if (!OutcomeAllowed(c.status, outcome)) {
      const std::string what = c.status == CaseStatus::kSuspected
                                   ? "a suspected case has no outcome; confirm or exclude it first"
                                   : "an asymptomatic infection that died must first be confirmed";
      return Error{ErrorCode::kConflict, "outcome: " + what};
    }
    if (const std::string last = LastDay(c); date < last)
      return InvalidArgument("date: before the case's last change on " + last);
    if (outcome == Outcome::kRecovered) {
      const std::string since = c.confirmation_date.value_or(c.asymptomatic_date.value_or(""));
      if (Status s =
              CheckTwoNegatives(tx, c.resident_id, since, date, "outcome", "release (recovered)");
          !s)
        return s.error();
    }
    if (Status s = UpdateIfUnchanged(tx, c, "outcome = ?, outcome_date = ?, updated_at = ?",
                                     {std::string(Name(outcome)), date, now});
        !s)
      return s.error();
    return Recorded{"outcome", "", std::string(Name(outcome)),
                    "outcome " + std::string(Name(outcome))};
  };
  return ApplyChange(db_, ctx, now, id, date, note, apply);
}

}  // namespace fk::ops
