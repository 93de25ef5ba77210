#include "ops/volunteers/duty.hpp"

#include "ops/audit/audit.hpp"
#include "ops/plain_text.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"
#include "ops/volunteers/duty_rules.hpp"

namespace fk::ops {
namespace {

constexpr const char* kShiftColumns =
    "SELECT s.id, s.post_id, p.name, p.kind, p.title, p.region_code, s.volunteer_id, r.name, "
    "r.phone, v.party_member, s.starts_at, s.ends_at FROM duty_shifts s "
    "JOIN duty_posts p ON p.id = s.post_id JOIN volunteers v ON v.id = s.volunteer_id "
    "JOIN residents r ON r.id = v.resident_id ";

DutyShift ShiftOf(const store::Row& r, bool clear) {
  DutyShift s;
  s.id = r.Int(0);
  s.post_id = r.Int(1);
  s.post_name = r.Text(2);
  s.post_kind = r.Text(3);
  s.post_title = r.Text(4);
  s.region_code = r.Text(5);
  s.volunteer_id = r.Int(6);
  s.volunteer_name = clear ? r.Text(7) : MaskName(r.Text(7));
  s.volunteer_phone = clear ? r.Text(8) : MaskPhone(r.Text(8));
  s.party_member = r.Int(9) != 0;
  s.starts_at = r.Int(10);
  s.ends_at = r.Int(11);
  return s;
}

// The region of a post's place: the grid itself, or the checkpoint's or the
// facility's region (in scope, else answered as missing).
Result<std::string> PlaceRegion(store::Transaction& tx, const AccessContext& ctx,
                                const DutyPostInput& in) {
  if (in.kind == "grid") {
    auto level = LevelOfCode(in.region_code);
    if (!level || *level != RegionLevel::kGrid)
      return InvalidArgument("region_code: " + in.region_code + " is not a grid code (15 digits)");
    if (in.checkpoint_id || in.facility_id)
      return InvalidArgument("region_code: a grid post has no checkpoint_id or facility_id");
    if (Status s = Require(ctx, Permission::kManageVolunteers, in.region_code); !s)
      return s.error();
    auto grid = tx.Query("SELECT 1 FROM regions WHERE code = ?", {in.region_code});
    if (!grid) return grid.error();
    if (grid->empty())
      return InvalidArgument("region_code: grid " + in.region_code + " does not exist");
    return in.region_code;
  }
  const bool checkpoint = in.kind == "checkpoint";
  const std::string field = checkpoint ? "checkpoint_id" : "facility_id";
  const std::optional<int64_t> id = checkpoint ? in.checkpoint_id : in.facility_id;
  if (!id) return InvalidArgument(field + ": a " + in.kind + " post needs one");
  if (checkpoint ? in.facility_id.has_value() : in.checkpoint_id.has_value())
    return InvalidArgument(field + ": a " + in.kind + " post has only a " + field);
  const std::string missing =
      (checkpoint ? "checkpoint " : "facility ") + std::to_string(*id) + " not found";
  auto place = tx.QueryOne(checkpoint ? "SELECT region_code FROM checkpoints WHERE id = ?"
                                      : "SELECT region_code FROM facilities WHERE id = ?",
                           {*id}, missing);
  if (!place) return place.error();
  if (!InScope(ctx, place->Text(0))) return Error{ErrorCode::kNotFound, missing};
  return place->Text(0);
}

}  // namespace

DutyService::DutyService(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

Result<DutyPost> DutyService::CreatePost(const AccessContext& ctx, const DutyPostInput& in) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  if (Status s = CheckPlainText("name", in.name, 100, false); !s) return s.error();
  if (in.kind != "grid" && in.kind != "checkpoint" && in.kind != "hospital")
    return InvalidArgument("kind: must be grid, checkpoint or hospital");
  if (in.title != "pioneer" && in.title != "responsibility")
    return InvalidArgument("title: must be pioneer or responsibility");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = PlaceRegion(*tx, ctx, in);
  if (!region) return region.error();
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO duty_posts (name, kind, title, region_code, checkpoint_id, facility_id, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.name, in.kind, in.title, *region,
       in.checkpoint_id ? store::Value(*in.checkpoint_id) : store::Value(nullptr),
       in.facility_id ? store::Value(*in.facility_id) : store::Value(nullptr), now, ctx.user_id});
  if (!row) return row.error();
  DutyPost p{row->Int(0), in.name, in.kind, in.title, *region, in.checkpoint_id, in.facility_id};
  p.created_at = now;
  if (Status s = AppendAudit(*tx, ctx, now, "create", "duty_post", std::to_string(p.id),
                             in.kind + " " + in.title, *region);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return p;
}

Result<Page<DutyPost>> DutyService::Posts(const AccessContext& ctx, int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  const int64_t now = clock_();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT p.id, p.name, p.kind, p.title, p.region_code, p.checkpoint_id, p.facility_id, "
      "p.created_at, (SELECT COUNT(*) FROM duty_shifts s WHERE s.post_id = p.id AND "
      "s.starts_at <= ? AND s.ends_at > ?) FROM duty_posts p WHERE p.region_code >= ? AND "
      "p.region_code < ? AND p.id > ? ORDER BY p.id LIMIT ?",
      {now, now, prefix, PrefixEnd(prefix), after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<DutyPost> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    DutyPost p{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
    if (!r.IsNull(5)) p.checkpoint_id = r.Int(5);
    if (!r.IsNull(6)) p.facility_id = r.Int(6);
    p.created_at = r.Int(7);
    p.on_duty = r.Int(8);
    page.items.push_back(std::move(p));
  }
  return page;
}

Result<DutyShift> DutyService::AddShift(const AccessContext& ctx, int64_t post_id,
                                        int64_t volunteer_id, int64_t starts_at, int64_t ends_at) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s.error();
  const ShiftSpan shift{starts_at, ends_at};
  if (Status s = CheckShiftLength(shift); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string no_post = "duty post " + std::to_string(post_id) + " not found";
  auto post = tx->QueryOne("SELECT region_code FROM duty_posts WHERE id = ?", {post_id}, no_post);
  if (!post) return post.error();
  const std::string region = post->Text(0);
  if (!InScope(ctx, region)) return Error{ErrorCode::kNotFound, no_post};
  const std::string no_volunteer = "volunteer " + std::to_string(volunteer_id) + " not found";
  // Locks the volunteer's row (PostgreSQL; SQLite's write transaction holds
  // the whole database) so that two shifts are checked one after the other.
  auto locked =
      tx->Exec("UPDATE volunteers SET party_member = party_member WHERE id = ?", {volunteer_id});
  if (!locked) return locked.error();
  auto volunteer =
      tx->QueryOne("SELECT grid_code FROM volunteers WHERE id = ?", {volunteer_id}, no_volunteer);
  if (!volunteer) return volunteer.error();
  if (!InScope(ctx, volunteer->Text(0))) return Error{ErrorCode::kNotFound, no_volunteer};
  // The shifts that a rule can involve: within a day and the rest of the new one.
  const int64_t reach = 86400 + kMinRestSeconds;
  auto near = tx->Query(
      "SELECT starts_at, ends_at FROM duty_shifts WHERE volunteer_id = ? AND starts_at < ? AND "
      "ends_at > ?",
      {volunteer_id, ends_at + reach, starts_at - reach});
  if (!near) return near.error();
  std::vector<ShiftSpan> existing;
  for (const auto& r : *near) existing.push_back({r.Int(0), r.Int(1)});
  if (Status s = CheckRest(existing, shift); !s) return s.error();
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO duty_shifts (post_id, volunteer_id, post_region, starts_at, ends_at, "
      "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {post_id, volunteer_id, region, starts_at, ends_at, now, ctx.user_id});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  auto read = tx->QueryOne(std::string(kShiftColumns) + "WHERE s.id = ?", {id});
  if (!read) return read.error();
  if (Status s = AppendAudit(
          *tx, ctx, now, "create", "duty_shift", std::to_string(id),
          "volunteer " + std::to_string(volunteer_id) + " at post " + std::to_string(post_id),
          region);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return ShiftOf(*read, HasPermission(ctx.role, Permission::kSeeUnmasked));
}

Status DutyService::CancelShift(const AccessContext& ctx, int64_t shift_id) {
  if (Status s = Require(ctx, Permission::kManageVolunteers); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "shift " + std::to_string(shift_id) + " not found";
  auto row = tx->QueryOne("SELECT post_region, starts_at, ends_at FROM duty_shifts WHERE id = ?",
                          {shift_id}, missing);
  if (!row) return row.error();
  const std::string region = row->Text(0);
  if (!InScope(ctx, region)) return Error{ErrorCode::kNotFound, missing};
  const int64_t now = clock_();
  if (row->Int(2) <= now)
    return Error{ErrorCode::kConflict, "shift " + std::to_string(shift_id) + " has ended"};
  const bool started = row->Int(1) <= now;
  auto done = started ? tx->Exec("UPDATE duty_shifts SET ends_at = ? WHERE id = ?",
                                 {std::max(now, row->Int(1) + 1), shift_id})
                      : tx->Exec("DELETE FROM duty_shifts WHERE id = ?", {shift_id});
  if (!done) return done.error();
  if (Status s = AppendAudit(*tx, ctx, now, started ? "relieve" : "cancel", "duty_shift",
                             std::to_string(shift_id), {}, region);
      !s)
    return s;
  return tx->Commit();
}

Result<Page<DutyShift>> DutyService::Shifts(const AccessContext& ctx, const ShiftQuery& q,
                                            int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  if (q.to <= q.from) return InvalidArgument("to: must be after from");
  if (q.to - q.from > kMaxShiftWindowSeconds)
    return InvalidArgument("to: the window is at most 31 days");
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  // After a cursor: the shifts that come after it in (starts_at, id) order.
  int64_t after_start = 0;
  if (after_id > 0) {
    auto cursor = tx->Query("SELECT starts_at FROM duty_shifts WHERE id = ?", {after_id});
    if (!cursor) return cursor.error();
    if (!cursor->empty())
      after_start = cursor->front().Int(0);
    else
      after_id = 0;
  }
  auto rows = tx->Query(
      std::string(kShiftColumns) +
          "WHERE s.post_region >= ? AND s.post_region < ? AND s.ends_at > ? AND s.starts_at < ? "
          "AND (? = 0 OR s.post_id = ?) AND (? = 0 OR s.volunteer_id = ?) AND (? = 0 OR "
          "s.starts_at > ? OR (s.starts_at = ? AND s.id > ?)) ORDER BY s.starts_at, s.id LIMIT ?",
      {prefix, PrefixEnd(prefix), q.from, q.to, int64_t{q.post_id.has_value()},
       q.post_id.value_or(0), int64_t{q.volunteer_id.has_value()}, q.volunteer_id.value_or(0),
       after_id, after_start, after_start, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  Page<DutyShift> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(ShiftOf(r, clear));
  }
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "read", "duty_shifts",
                      std::to_string(page.items.size()) + " shifts", clear ? "unmasked" : "masked");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<std::vector<DutyShift>> DutyService::OnDuty(const AccessContext& ctx) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  const int64_t now = clock_();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kShiftColumns) +
                            "WHERE s.post_region >= ? AND s.post_region < ? AND s.ends_at > ? "
                            "AND s.starts_at <= ? ORDER BY s.post_id, s.starts_at, s.id LIMIT ?",
                        {prefix, PrefixEnd(prefix), now, now, int64_t{kMaxOnDuty}});
  if (!rows) return rows.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  std::vector<DutyShift> out;
  for (const auto& r : *rows) out.push_back(ShiftOf(r, clear));
  if (Status s =
          AppendAudit(*tx, ctx, now, "read", "duty_shifts", std::to_string(out.size()) + " on duty",
                      clear ? "unmasked" : "masked");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

}  // namespace fk::ops
