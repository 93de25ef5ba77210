// Duty posts (先锋岗, 责任岗) and their shifts (值守): a post stands at a
// grid, at a checkpoint or at a hospital; volunteers are put on shifts at
// it; who is on duty now and how long each has worked come from the shifts.
//
// Promises:
// - A post is in its place's region (a checkpoint's or a facility's); a
//   post, a shift or a volunteer outside the caller's scope answers
//   kNotFound, as one that does not exist.
// - A shift keeps the rest rules of duty_rules.hpp: at most 12 hours, 8
//   hours of rest between two, at most 12 hours in any 24. Two managers
//   adding shifts for one volunteer at once cannot break them together (the
//   volunteer's row is locked while the rules are checked).
// - Reading shifts (volunteers' names) is audited; names masked for roles
//   without see_unmasked. A refusal changes nothing.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

constexpr int kMaxOnDuty = 1000;
constexpr int64_t kMaxShiftWindowSeconds = 31 * 86400;

struct DutyPostInput {
  std::string name;                        // 1..100 characters
  std::string kind;                        // "grid", "checkpoint", "hospital"
  std::string title;                       // "pioneer" (先锋岗), "responsibility" (责任岗)
  std::string region_code{};               // a grid's code, for kind "grid"
  std::optional<int64_t> checkpoint_id{};  // for kind "checkpoint"
  std::optional<int64_t> facility_id{};    // for kind "hospital"
};

struct DutyPost {
  int64_t id = 0;
  std::string name, kind, title;
  std::string region_code;
  std::optional<int64_t> checkpoint_id{}, facility_id{};
  int64_t on_duty = 0;  // volunteers on shift there now
  int64_t created_at = 0;
};

struct DutyShift {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name, post_kind, post_title, region_code;
  int64_t volunteer_id = 0;
  std::string volunteer_name, volunteer_phone;  // masked without see_unmasked
  bool party_member = false;
  int64_t starts_at = 0, ends_at = 0;
};

struct ShiftQuery {
  int64_t from = 0, to = 0;  // shifts that overlap [from, to); at most 31 days
  std::optional<int64_t> post_id{}, volunteer_id{};
};

class DutyService {
 public:
  DutyService(store::Database& db, Clock clock = SystemClock());

  // kManageVolunteers in scope of the post's region. kInvalidArgument naming
  // the field; a checkpoint or facility out of scope answers as missing.
  Result<DutyPost> CreatePost(const AccessContext& ctx, const DutyPostInput& input);
  // Posts in scope, by id, with how many are on duty now (kReadRegistry).
  Result<Page<DutyPost>> Posts(const AccessContext& ctx, int64_t after_id, int limit);

  // kManageVolunteers; post and volunteer in scope. kInvalidArgument for a
  // shift of a wrong length, kConflict for one that breaks a rest rule.
  Result<DutyShift> AddShift(const AccessContext& ctx, int64_t post_id, int64_t volunteer_id,
                             int64_t starts_at, int64_t ends_at);
  // A shift not started yet is removed; a running one ends now (relieved);
  // kConflict for one that has ended.
  Status CancelShift(const AccessContext& ctx, int64_t shift_id);
  // Shifts at posts in scope that overlap the window, by start (kReadRegistry;
  // audited). At most kMaxPageSize; `next_cursor` continues after a shift.
  Result<Page<DutyShift>> Shifts(const AccessContext& ctx, const ShiftQuery& query,
                                 int64_t after_id, int limit);
  // Who is on duty now at the posts in scope, by post, at most kMaxOnDuty
  // (kReadRegistry; audited).
  Result<std::vector<DutyShift>> OnDuty(const AccessContext& ctx);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
