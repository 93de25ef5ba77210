// The links of the response chain (issue 13): an admission or a quarantine
// order names a case or a contact of its person, and an admission sets the
// case's facility. Checked in the writer's transaction so that a link never
// names another person's case or contact, nor one outside the writer's
// scope; the foreign keys (schema migration 22) keep them existing.
// Who may see a case is decided here too, for every module that opens one
// (ops/cases, ops/contacts, ops/facilities, ops/quarantine). Functions over
// a caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// Whether `ctx` may see a case, from its row's grid and facility: every
// role that reads cases sees those of its scope, except that a case treated
// or isolated at a facility is seen by medical staff only if they are on
// that facility's staff (facility_staff), wherever the person lives: a
// hospital's staff see their own patients, not another facility's.
Result<bool> MaySeeCase(store::Transaction& tx, const AccessContext& ctx,
                        std::string_view grid_code, std::optional<int64_t> facility_id);

// The grid of case `case_id` when `ctx` may see it; kNotFound "case N not
// found" when it is missing or not visible (alike).
Result<std::string> VisibleCaseGrid(store::Transaction& tx, const AccessContext& ctx,
                                    int64_t case_id);

// What a list of cases (alias `c`) adds to its WHERE clause for `ctx`, with
// its parameters appended to `params`: for medical staff the rule of
// MaySeeCase (" AND (...)"; their list is not bounded by a region), for the
// others "" (their region filter, within the scope, is the rule).
std::string CaseListCondition(const AccessContext& ctx, store::Params& params);

// Ok when case `case_id` is a case of resident `resident_id` that `ctx` may
// see (MaySeeCase); else kInvalidArgument "case_id: case N is not a case of this
// person", the same for a missing case, one outside the scope and another
// person's (so that a link cannot probe whether a case exists).
Status CheckCaseOf(store::Transaction& tx, const AccessContext& ctx, int64_t case_id,
                   int64_t resident_id);

// Ok when contact `contact_id` is resident `resident_id` listed as a contact
// and followed up in the scope of `ctx`; else kInvalidArgument "contact_id:
// contact N is not a contact of this person", alike for every failure.
Status CheckContactOf(store::Transaction& tx, const AccessContext& ctx, int64_t contact_id,
                      int64_t resident_id);

// Records that the case is treated or isolated at `facility_id` (its
// admission, or a transfer's target).
Status SetCaseFacility(store::Transaction& tx, int64_t case_id, int64_t facility_id, int64_t now);

}  // namespace fk::ops
