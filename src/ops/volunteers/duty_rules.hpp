// The rest rules of duty shifts (值守): nobody stays on duty for days.
// A shift lasts at most kMaxShiftSeconds; between two shifts of one
// volunteer there are at least kMinRestSeconds (so shifts never overlap);
// and in any 24 hours a volunteer is on duty at most kMaxDutySecondsPer24h.
// The defaults and their reasons are in docs/operations.md (Volunteers and
// duty posts). Pure functions over plain values; thread-safe.
#pragma once

#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace fk::ops {

constexpr int64_t kMaxShiftSeconds = 12 * 3600;
constexpr int64_t kMinRestSeconds = 8 * 3600;
constexpr int64_t kMaxDutySecondsPer24h = 12 * 3600;

// [starts_at, ends_at) in unix seconds.
struct ShiftSpan {
  int64_t starts_at = 0;
  int64_t ends_at = 0;
};

// Ok, or kInvalidArgument when `shift` itself is wrong ("ends_at: must be
// after starts_at", "ends_at: a shift lasts at most 12 hours").
Status CheckShiftLength(const ShiftSpan& shift);

// Ok when `shift` (of a valid length) may be added to the volunteer's
// `existing` shifts (any order; those far from `shift` are ignored), else
// kConflict saying which rule and which shift: "less than 8 hours of rest
// between this shift and the one of ..." or "more than 12 hours on duty in
// the 24 hours up to ...".
Status CheckRest(std::span<const ShiftSpan> existing, const ShiftSpan& shift);

// Seconds of `shifts` that lie within [from, to).
int64_t DutySecondsWithin(std::span<const ShiftSpan> shifts, int64_t from, int64_t to);

}  // namespace fk::ops
