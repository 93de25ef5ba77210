// The ledger's one write path, shared by movements and allocations: stock
// changes of one item at several depots applied inside the caller's
// transaction in depot-id order (takes guarded so stock never goes below
// zero), and the movement rows that record them. Internal to ops/supplies.
// One thread at a time (it works on the caller's Transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/supplies/supplies.hpp"
#include "store/database.hpp"

namespace fk::ops::supplies_internal {

// A change of one depot's stock of the item: negative takes, positive adds.
struct StockDelta {
  int64_t depot_id = 0;
  int64_t delta = 0;
};

// Applies `deltas` (at most one per depot) in increasing depot id, so that
// concurrent transactions lock rows in one order. A take of more than the
// depot holds answers kConflict ("quantity: depot 3 holds 10 n95, fewer
// than 20"); the caller then rolls back, and nothing has changed.
Status ApplyDeltas(store::Transaction& tx, const std::string& item, std::vector<StockDelta> deltas);

// Ok when `code` is a well-formed region code, else kInvalidArgument
// naming `field`: "region: 4201020 is not a region code (6, 9, 12 or 15 digits)".
Status CheckRegionCode(std::string_view field, const std::string& code);

// Appends the ledger row of `m` (its id is ignored) and returns its id.
Result<int64_t> AppendMovement(store::Transaction& tx, const Movement& m);

// The depot `id` when it exists and lies in the caller's scope, else
// kNotFound ("depot 7 not found"): a depot outside the scope answers as a
// missing one.
Result<Depot> LoadDepot(store::Transaction& tx, const AccessContext& ctx, int64_t id);

// Consumption of `item` at each depot under `prefix` since `since` (unix
// seconds): depot id -> quantity.
Result<std::vector<std::pair<int64_t, int64_t>>> UseSince(store::Transaction& tx,
                                                          const std::string& prefix,
                                                          const std::string& item, int64_t since);

}  // namespace fk::ops::supplies_internal
