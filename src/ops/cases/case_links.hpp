// The links of the response chain (issue 13): an admission or a quarantine
// order names a case or a contact of its person, and an admission sets the
// case's facility. Checked in the writer's transaction so that a link never
// names another person's case or contact, nor one outside the writer's
// scope; the foreign keys (schema migration 22) keep them existing.
// Functions over a caller's transaction; for ops/facilities and
// ops/quarantine.
#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// Ok when case `case_id` is a case of resident `resident_id` in the scope of
// `ctx`; else kInvalidArgument "case_id: case N is not a case of this
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
