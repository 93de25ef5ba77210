// Steps the facility and admission services share (not part of the ops
// interface). Pure functions and steps inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "ops/facilities/facilities.hpp"
#include "store/database.hpp"

namespace fk::ops {

// The UTC day of a time, YYYY-MM-DD.
std::string DayOf(int64_t unix_seconds);
// `date` when it is a YYYY-MM-DD date, the day of `now` when empty, else
// kInvalidArgument naming `field`.
Result<std::string> DateOrToday(const std::string& field, const std::string& date, int64_t now);
// The facility's beds of `kind`, locked until the transaction ends (the
// PostgreSQL row lock; SQLite's write transaction holds the database).
// kConflict "bed_kind: facility N has no icu beds" when it has none.
Result<Beds> LockBeds(store::Transaction& tx, int64_t facility_id, BedKind kind);

// Whether `user_id` is on the medical staff of the facility.
Result<bool> IsFacilityStaff(store::Transaction& tx, int64_t user_id, int64_t facility_id);

// Days since 1970-01-01 of a time, and a day number as YYYY-MM-DD.
int64_t DayNumberOf(int64_t unix_seconds);
std::string DayText(int64_t day_number);

}  // namespace fk::ops
