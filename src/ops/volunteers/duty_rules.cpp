#include "ops/volunteers/duty_rules.hpp"

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

namespace fk::ops {
namespace {

constexpr int64_t kDay = 86400;

// "2020-02-01 08:00 UTC": the time a refusal names.
std::string UtcMinute(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

}  // namespace

Status CheckShiftLength(const ShiftSpan& shift) {
  if (shift.ends_at <= shift.starts_at) return InvalidArgument("ends_at: must be after starts_at");
  if (shift.ends_at - shift.starts_at > kMaxShiftSeconds)
    return InvalidArgument("ends_at: a shift lasts at most " +
                           std::to_string(kMaxShiftSeconds / 3600) + " hours");
  return Status::Ok();
}

int64_t DutySecondsWithin(std::span<const ShiftSpan> shifts, int64_t from, int64_t to) {
  int64_t total = 0;
  for (const ShiftSpan& s : shifts) {
    const int64_t start = std::max(s.starts_at, from), end = std::min(s.ends_at, to);
    if (end > start) total += end - start;
  }
  return total;
}

Status CheckRest(std::span<const ShiftSpan> existing, const ShiftSpan& shift) {
  for (const ShiftSpan& s : existing) {
    // The gap between the two, negative when they overlap.
    const int64_t gap =
        s.starts_at >= shift.ends_at ? s.starts_at - shift.ends_at : shift.starts_at - s.ends_at;
    if (gap < kMinRestSeconds)
      return Error{ErrorCode::kConflict, "less than " + std::to_string(kMinRestSeconds / 3600) +
                                             " hours of rest between this shift and the one of " +
                                             UtcMinute(s.starts_at) + " to " +
                                             UtcMinute(s.ends_at)};
  }
  // The duty in the 24 hours up to t rises while t is in a shift and falls
  // while t - 24 h is: it is highest for a window that ends where a shift
  // ends or starts where a shift starts. Check those that hold a part of
  // the new shift.
  std::vector<ShiftSpan> all(existing.begin(), existing.end());
  all.push_back(shift);
  for (const ShiftSpan& s : all) {
    for (const int64_t end : {s.ends_at, s.starts_at + kDay}) {
      if (end <= shift.starts_at || end - kDay >= shift.ends_at) continue;
      if (DutySecondsWithin(all, end - kDay, end) > kMaxDutySecondsPer24h)
        return Error{ErrorCode::kConflict,
                     "more than " + std::to_string(kMaxDutySecondsPer24h / 3600) +
                         " hours on duty in the 24 hours up to " + UtcMinute(end)};
    }
  }
  return Status::Ok();
}

}  // namespace fk::ops
