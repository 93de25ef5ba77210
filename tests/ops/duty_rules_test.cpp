// The rest rules of duty shifts, as pure functions: the length of a shift,
// the rest between two, the most duty in any 24 hours.
#include "ops/volunteers/duty_rules.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fk::ops {
namespace {

constexpr int64_t kH = 3600;
constexpr int64_t kT0 = 1580515200;  // 2020-02-01 00:00 UTC

ShiftSpan Hours(int64_t from_h, int64_t to_h) { return {kT0 + from_h * kH, kT0 + to_h * kH}; }

TEST(DutyRulesTest, AShiftLastsAtMostTwelveHoursAndEndsAfterItStarts) {
  EXPECT_TRUE(CheckShiftLength(Hours(0, 12)).ok());
  auto long_one = CheckShiftLength({kT0, kT0 + 12 * kH + 1});
  EXPECT_EQ(long_one.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(long_one.error().message, "ends_at: a shift lasts at most 12 hours");
  EXPECT_EQ(CheckShiftLength(Hours(5, 5)).error().message, "ends_at: must be after starts_at");
  EXPECT_EQ(CheckShiftLength(Hours(5, 4)).error().code, ErrorCode::kInvalidArgument);
}

TEST(DutyRulesTest, EightHoursOfRestBetweenTwoShiftsOnEitherSide) {
  const std::vector<ShiftSpan> day = {Hours(8, 16)};
  EXPECT_TRUE(CheckRest(day, Hours(24, 28)).ok());  // 8 h after
  EXPECT_TRUE(CheckRest(day, Hours(-4, 0)).ok());   // 8 h before
  auto after = CheckRest(day, {kT0 + 24 * kH - 60, kT0 + 28 * kH});
  EXPECT_EQ(after.error().code, ErrorCode::kConflict);
  EXPECT_EQ(after.error().message,
            "less than 8 hours of rest between this shift and the one of 2020-02-01 08:00 UTC "
            "to 2020-02-01 16:00 UTC");
  EXPECT_EQ(CheckRest(day, Hours(-4, 1)).error().code, ErrorCode::kConflict);
  // Overlapping and identical shifts are refused by the same rule.
  EXPECT_EQ(CheckRest(day, Hours(10, 12)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckRest(day, Hours(8, 16)).error().code, ErrorCode::kConflict);
}

TEST(DutyRulesTest, AtMostTwelveHoursInAnyTwentyFourEvenWithRestBetween) {
  // 12 h on, 8 h off, then 12 h again: 16 h in the 24 hours from the first
  // shift's start (and 16 in those up to 08:00 the next day).
  const std::vector<ShiftSpan> first = {Hours(0, 12)};
  auto refused = CheckRest(first, Hours(20, 32));
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message,
            "more than 12 hours on duty in the 24 hours up to 2020-02-02 00:00 UTC");
  // Even 4 hours more within that day are too many; a day later is fine.
  EXPECT_EQ(CheckRest(first, Hours(20, 24)).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(CheckRest(first, Hours(24, 36)).ok());
  // Before an existing shift too: the 24 hours up to where that one ends.
  const std::vector<ShiftSpan> later = {Hours(24, 36)};
  EXPECT_EQ(CheckRest(later, Hours(4, 16)).error().message,
            "more than 12 hours on duty in the 24 hours up to 2020-02-02 12:00 UTC");
  EXPECT_TRUE(CheckRest(later, Hours(4, 12)).ok());
  // 6 + 6 with rest between is allowed, 6 + 8 is not: the window that
  // starts where the first starts (it ends at no shift's end).
  const std::vector<ShiftSpan> morning = {Hours(0, 6)};
  EXPECT_TRUE(CheckRest(morning, Hours(14, 20)).ok());
  EXPECT_EQ(CheckRest(morning, Hours(14, 22)).error().message,
            "more than 12 hours on duty in the 24 hours up to 2020-02-02 00:00 UTC");
}

TEST(DutyRulesTest, DutySecondsWithinCountsOnlyTheWindow) {
  const std::vector<ShiftSpan> shifts = {Hours(0, 4), Hours(12, 20)};
  EXPECT_EQ(DutySecondsWithin(shifts, kT0 + 2 * kH, kT0 + 14 * kH), 4 * kH);
  EXPECT_EQ(DutySecondsWithin(shifts, kT0 + 20 * kH, kT0 + 30 * kH), 0);
  EXPECT_EQ(DutySecondsWithin(shifts, kT0 - kH, kT0 + 30 * kH), 12 * kH);
}

}  // namespace
}  // namespace fk::ops
