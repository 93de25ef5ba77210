// What the files of CaseService share (cases.cpp, case_changes.cpp,
// lab_tests.cpp), and ContactService the dates (ops/contacts): the case row
// and how it is read, the checks of dates and tests, and the history. Not
// for other modules. Functions over a caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "ops/cases/cases.hpp"

namespace fk::ops::cases_internal {

// YYYY-MM-DD (UTC) of unix seconds.
std::string Day(int64_t unix_seconds);

// Ok when `value` is a YYYY-MM-DD date not after `today`; else
// kInvalidArgument "field: ...".
Status CheckDay(std::string_view field, const std::string& value, const std::string& today);
// kInvalidArgument "note: at most 2000 bytes".
Status CheckNote(const std::string& note);

// The case `id` with its person, masked unless `unmasked`; kNotFound "case
// N not found" when it is missing or outside the caller's scope (alike).
Result<CaseRecord> LoadCase(store::Transaction& tx, const AccessContext& ctx, int64_t id,
                            bool unmasked);

// The grid of resident `id`; kNotFound "resident N not found" when missing
// or outside the caller's scope (alike).
Result<std::string> ResidentGrid(store::Transaction& tx, const AccessContext& ctx, int64_t id);

// The person's tests by sample date, then id.
Result<std::vector<LabTest>> TestsOf(store::Transaction& tx, int64_t resident_id);

// Ok when test `test_id` is a positive test of resident `resident_id`, of a
// kind that confirms `status` (TestConfirms), sampled on or before `date`;
// else kInvalidArgument "test_id: ..." (a test of anyone else, in scope or
// not, is "not a test of this person", as a missing one).
Status CheckConfirmingTest(store::Transaction& tx, int64_t resident_id, int64_t test_id,
                           CaseStatus status, const std::string& date);

// Ok when the person's last two nucleic acid tests sampled from `since` to
// `until` are both negative and sampled at least a day apart, with no
// positive nucleic acid test after them; else kInvalidArgument naming
// `field` and `what` ("status: excluding a case needs ...").
Status CheckTwoNegatives(store::Transaction& tx, int64_t resident_id, const std::string& since,
                         const std::string& until, std::string_view field, std::string_view what);

// Appends one entry to the case's history.
Status AppendEvent(store::Transaction& tx, const AccessContext& ctx, int64_t now, int64_t case_id,
                   std::string_view kind, std::string_view from, std::string_view to,
                   const std::string& date, const std::string& note);

// The latest of the case's dated classification days (report, suspected,
// confirmation, asymptomatic): a change may not be dated before it.
std::string LastDay(const CaseRecord& c);

}  // namespace fk::ops::cases_internal
