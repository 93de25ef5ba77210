// Days of supply left, read inside a caller's transaction: the one
// computation behind SupplyService::DaysLeftOf and the supply figures of the
// daily reports (ops/reports). It checks no permission: each caller checks
// its own before it reads.
// One thread at a time (it works on the caller's Transaction).
#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "ops/supplies/supplies.hpp"
#include "store/database.hpp"

namespace fk::ops {

// The days left of every depot under `region_code` (a well-formed code, or
// "" for the whole tree) at `now` (unix seconds), and their sums for the
// region and each child region holding depots; a line is "warning" below
// `warn_days` (1..90, the caller's check) and "out" at zero.
Result<DaysLeftReport> ReadDaysLeft(store::Transaction& tx, const std::string& region_code,
                                    int warn_days, int64_t now);

}  // namespace fk::ops
