#include "ops/quarantine/quarantine.hpp"

#include <algorithm>
#include <cstdio>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/cases/case_links.hpp"
#include "ops/client_id.hpp"
#include "ops/facilities/facility_internal.hpp"
#include "ops/quarantine/quarantine_notice.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"
#include "ops/screening/screening.hpp"

namespace fk::ops {
namespace {

constexpr int kReleaseTestWindowDays = 3;  // a release test from the period's last 3 days on

constexpr const char* kOrderColumns =
    "o.id, o.resident_id, r.name, o.grid_code, o.place, o.facility_id, o.room, o.start_day, "
    "o.days, o.end_day, o.status, o.contact_id, o.case_id, o.ended_day, o.release_test_day, "
    "o.release_test_lab, o.checked_days, o.last_check_day, o.first_due_day, "
    "(SELECT COUNT(*) FROM quarantine_checks c WHERE c.order_id = o.id)";

// An order as read, with the day numbers the rules need.
struct Order {
  QuarantineOrder out;
  int64_t start_day = 0, end_day = 0, first_due_day = 0, checked_days = 0;
  std::optional<int64_t> ended_day, last_check_day;
};

// Past days of the period (before today, or before the order ended) with no check.
int64_t MissedDays(const Order& o, int64_t today) {
  const int64_t until = std::min(o.end_day, o.ended_day.value_or(today));
  const int64_t due = until - o.first_due_day;
  if (due <= 0) return 0;
  const int64_t checked = o.checked_days - (o.last_check_day && *o.last_check_day >= until ? 1 : 0);
  return std::max<int64_t>(0, due - checked);
}

Order OrderOf(const store::Row& r, int64_t today) {
  Order o;
  QuarantineOrder& q = o.out;
  q.id = r.Int(0);
  q.resident_id = r.Int(1);
  q.name = MaskName(r.Text(2));
  q.grid_code = r.Text(3);
  q.place = r.Text(4);
  if (!r.IsNull(5)) q.facility_id = r.Int(5);
  q.room = r.Text(6);
  o.start_day = r.Int(7);
  q.days = static_cast<int>(r.Int(8));
  o.end_day = r.Int(9);
  q.start_date = DayText(o.start_day);
  q.end_date = DayText(o.end_day);
  q.status = r.Text(10);
  if (!r.IsNull(11)) q.contact_id = r.Int(11);
  if (!r.IsNull(12)) q.case_id = r.Int(12);
  if (!r.IsNull(13)) {
    o.ended_day = r.Int(13);
    q.ended_on = DayText(*o.ended_day);
  }
  if (!r.IsNull(14)) q.release_test_date = DayText(r.Int(14));
  q.release_test_lab = r.Text(15);
  o.checked_days = r.Int(16);
  if (!r.IsNull(17)) {
    o.last_check_day = r.Int(17);
    q.last_check_date = DayText(*o.last_check_day);
  }
  o.first_due_day = r.Int(18);
  q.checks = r.Int(19);
  q.missed_days = MissedDays(o, today);
  return o;
}

Result<Order> LoadOrder(store::Transaction& tx, int64_t id, int64_t today) {
  auto row = tx.QueryOne(std::string("SELECT ") + kOrderColumns +
                             " FROM quarantine_orders o JOIN residents r ON r.id = o.resident_id "
                             "WHERE o.id = ?",
                         {id}, "quarantine order " + std::to_string(id) + " not found");
  if (!row) return row.error();
  return OrderOf(*row, today);
}

struct Rights {
  bool view = false, record = false, manage = false;
};

// What the caller may do with the order (module header: Who).
Result<Rights> RightsOn(store::Transaction& tx, const AccessContext& ctx, const Order& o) {
  Rights r;
  const bool in_scope = InScope(ctx, o.out.grid_code);
  r.manage = in_scope && HasPermission(ctx.role, Permission::kManageQuarantine);
  if (HasPermission(ctx.role, Permission::kRecordQuarantineChecks)) {
    if (ctx.role == Role::kMedicalStaff) {
      if (o.out.facility_id) {
        auto staff = IsFacilityStaff(tx, ctx.user_id, *o.out.facility_id);
        if (!staff) return staff.error();
        r.record = *staff;
      }
    } else if (ctx.role == Role::kGridWorker) {
      r.record = in_scope && o.out.place == "home";
    } else {
      r.record = in_scope;
    }
  }
  r.view = r.manage || r.record || (ctx.role == Role::kGridWorker && in_scope);
  return r;
}

// The order when the caller may see it; kNotFound otherwise (as if missing).
Result<std::pair<Order, Rights>> VisibleOrder(store::Transaction& tx, const AccessContext& ctx,
                                              int64_t id, int64_t today) {
  auto o = LoadOrder(tx, id, today);
  if (!o) return o.error();
  auto rights = RightsOn(tx, ctx, *o);
  if (!rights) return rights.error();
  if (!rights->view)
    return Error{ErrorCode::kNotFound, "quarantine order " + std::to_string(id) + " not found"};
  return std::pair{std::move(*o), *rights};
}

Status NeedManage(const Rights& r, int64_t id) {
  if (r.manage) return Status::Ok();
  return Error{ErrorCode::kPermissionDenied,
               "quarantine order " + std::to_string(id) + ": you may not change it"};
}

Status NeedActive(const Order& o) {
  if (o.out.status == "active") return Status::Ok();
  return Error{ErrorCode::kConflict, "quarantine order " + std::to_string(o.out.id) + " is " +
                                         o.out.status + " since " + *o.out.ended_on};
}

Result<int64_t> DayNumber(const std::string& field, const std::string& text) {
  auto d = ParseDate(text);
  if (!d) return InvalidArgument(field + ": " + text + " is not a YYYY-MM-DD date");
  return DaysFromCivil(*d);
}

QuarantineCheck CheckOf(const store::Row& r) {
  QuarantineCheck c{r.Int(0), r.Int(1), DayText(r.Int(2))};
  if (!r.IsNull(3)) c.temperature = r.Real(3);
  c.symptoms = r.Int(4) != 0;
  c.fever = c.temperature && *c.temperature >= kFeverCelsius;
  c.note = r.Text(5);
  c.checked_by = r.Int(6);
  return c;
}

constexpr const char* kCheckColumns =
    "id, order_id, check_day, temperature, symptoms, note, checked_by";

// Frees the site room of an order that ends.
Status FreeRoom(store::Transaction& tx, const Order& o) {
  if (!o.out.facility_id) return Status::Ok();
  auto freed = tx.Exec(
      "UPDATE facility_beds SET occupied = occupied - 1 "
      "WHERE facility_id = ? AND kind = 'quarantine_room' AND occupied > 0",
      {*o.out.facility_id});
  if (!freed) return freed.error();
  if (*freed == 0)
    return Error{ErrorCode::kInternal, "facility " + std::to_string(*o.out.facility_id) +
                                           ": an active order without an occupied room"};
  return Status::Ok();
}

}  // namespace

QuarantineService::QuarantineService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<QuarantineOrder> QuarantineService::Create(const AccessContext& ctx,
                                                  const QuarantineInput& in) {
  if (Status s = Require(ctx, Permission::kManageQuarantine); !s) return s.error();
  if (in.place != "home" && in.place != "site")
    return InvalidArgument("place: " + in.place + " is not home or site");
  if (in.place == "site" && !in.facility_id)
    return InvalidArgument("facility_id: a site order names its quarantine site");
  if (in.place == "home" && in.facility_id)
    return InvalidArgument("facility_id: a home order has no site");
  const int days = in.days.value_or(kDefaultQuarantineDays);
  if (days < 1 || days > kMaxQuarantineDays)
    return InvalidArgument("days: must be 1.." + std::to_string(kMaxQuarantineDays));
  if (in.contact_id && *in.contact_id < 1) return InvalidArgument("contact_id: must be positive");
  auto start = DayNumber("last_exposure", in.last_exposure);
  if (!start) return start.error();
  const int64_t now = clock_();
  const int64_t today = DayNumberOf(now);
  if (*start > today)
    return InvalidArgument("last_exposure: " + in.last_exposure + " is after today");
  if (*start + days <= today) {
    return InvalidArgument("last_exposure: the " + std::to_string(days) + " days since " +
                           in.last_exposure + " are over");
  }
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing =
      "resident_id: resident " + std::to_string(in.resident_id) + " not found";
  auto person = tx->Query("SELECT grid_code FROM residents WHERE id = ?", {in.resident_id});
  if (!person) return person.error();
  if (person->empty() || !InScope(ctx, person->at(0).Text(0)))
    return Error{ErrorCode::kNotFound, missing};
  const std::string grid = person->at(0).Text(0);
  if (in.contact_id) {
    if (Status s = CheckContactOf(*tx, ctx, *in.contact_id, in.resident_id); !s) return s.error();
  }
  auto open =
      tx->Query("SELECT id FROM quarantine_orders WHERE resident_id = ? AND status = 'active'",
                {in.resident_id});
  if (!open) return open.error();
  if (!open->empty()) {
    return Error{ErrorCode::kConflict, "resident_id: resident " + std::to_string(in.resident_id) +
                                           " is in quarantine (order " +
                                           std::to_string(open->at(0).Int(0)) + ")"};
  }
  if (in.facility_id) {
    // Quarantine sites serve the whole city: a site outside the officer's
    // scope may receive its people.
    auto site = tx->Query("SELECT kind FROM facilities WHERE id = ?", {*in.facility_id});
    if (!site) return site.error();
    if (site->empty())
      return InvalidArgument("facility_id: facility " + std::to_string(*in.facility_id) +
                             " not found");
    auto took = tx->Exec(
        "UPDATE facility_beds SET occupied = occupied + 1 "
        "WHERE facility_id = ? AND kind = 'quarantine_room' AND occupied < staffed",
        {*in.facility_id});
    if (!took) return took.error();
    if (*took == 0) {
      return Error{ErrorCode::kConflict, "facility_id: facility " +
                                             std::to_string(*in.facility_id) +
                                             " has no free quarantine room"};
    }
  }
  auto row = tx->QueryOne(
      "INSERT INTO quarantine_orders (resident_id, grid_code, place, facility_id, room, start_day, "
      "days, end_day, first_due_day, status, contact_id, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id",
      {in.resident_id, grid, in.place, store::OrNull(in.facility_id), in.room, *start,
       int64_t{days}, *start + days, std::max(*start, today), store::OrNull(in.contact_id),
       ctx.user_id, now});
  if (!row) {
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict,
                   "resident_id: resident " + std::to_string(in.resident_id) + " is in quarantine"};
    return row.error();
  }
  const int64_t id = row->Int(0);
  if (Status s =
          AppendAudit(*tx, ctx, now, "quarantine", "resident", std::to_string(in.resident_id),
                      "order " + std::to_string(id) + " " + in.place, grid);
      !s)
    return s.error();
  auto out = LoadOrder(*tx, id, today);
  if (!out) return out.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out->out;
}

Result<QuarantineOrder> QuarantineService::Get(const AccessContext& ctx, int64_t id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, DayNumberOf(clock_()));
  if (!o) return o.error();
  return o->first.out;
}

Result<Page<QuarantineOrder>> QuarantineService::List(const AccessContext& ctx,
                                                      const OrderFilter& f, int64_t after_id,
                                                      int limit) {
  if (!HasPermission(ctx.role, Permission::kManageQuarantine) &&
      !HasPermission(ctx.role, Permission::kRecordQuarantineChecks)) {
    return Error{ErrorCode::kPermissionDenied,
                 "quarantine orders are for roles that manage quarantine or record its checks, "
                 "not " +
                     std::string(RoleName(ctx.role))};
  }
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  if (!f.status.empty() && f.status != "active" && f.status != "released" &&
      f.status != "converted")
    return InvalidArgument("status: " + f.status + " is not active, released or converted");
  const std::string region = f.region.empty() ? ctx.scope : f.region;
  if (!region.empty() && !LevelOfCode(region))
    return InvalidArgument("region: " + region + " is not a region code");
  const int64_t today = DayNumberOf(clock_());
  std::string sql = std::string("SELECT ") + kOrderColumns +
                    " FROM quarantine_orders o JOIN residents r ON r.id = o.resident_id "
                    "WHERE o.id > ?";
  store::Params params{after_id};
  if (ctx.role == Role::kMedicalStaff) {
    // The orders of the sites they work at, wherever the people live.
    sql += " AND o.facility_id IN (SELECT facility_id FROM facility_staff WHERE user_id = ?)";
    params.emplace_back(ctx.user_id);
  } else {
    if (!InScope(ctx, region)) {
      return Error{ErrorCode::kPermissionDenied,
                   "region " + region + " is outside your scope " + ctx.scope};
    }
    const std::string prefix = SubtreePrefix(region);
    sql += " AND o.grid_code >= ? AND o.grid_code < ?";
    params.emplace_back(prefix);
    params.emplace_back(PrefixEnd(prefix));
  }
  if (!f.status.empty()) {
    sql += " AND o.status = ?";
    params.emplace_back(f.status);
  }
  if (f.facility_id) {
    sql += " AND o.facility_id = ?";
    params.emplace_back(*f.facility_id);
  }
  if (f.missed_only) {
    // MissedDays > 0 of active orders, in SQL: (until - first_due) minus
    // the checked days before `until`, where until = min(end_day, today).
    sql +=
        " AND o.status = 'active' AND (CASE WHEN o.end_day < ? THEN o.end_day ELSE ? END) - "
        "o.first_due_day - o.checked_days + (CASE WHEN o.last_check_day >= (CASE WHEN o.end_day < "
        "? THEN o.end_day ELSE ? END) THEN 1 ELSE 0 END) > 0";
    for (int i = 0; i < 4; ++i) params.emplace_back(today);
  }
  sql += " ORDER BY o.id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  Page<QuarantineOrder> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(OrderOf(r, today).out);
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "quarantine_orders", region,
                             std::to_string(page.items.size()) + " people", region);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<QuarantineOrder> QuarantineService::ChangeDays(const AccessContext& ctx, int64_t id,
                                                      int days, std::string reason) {
  if (Status s = Require(ctx, Permission::kManageQuarantine); !s) return s.error();
  if (days < 1 || days > kMaxQuarantineDays)
    return InvalidArgument("days: must be 1.." + std::to_string(kMaxQuarantineDays));
  if (reason.empty()) return InvalidArgument("reason: must not be empty");
  const int64_t now = clock_();
  const int64_t today = DayNumberOf(now);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, today);
  if (!o) return o.error();
  if (Status s = NeedManage(o->second, id); !s) return s.error();
  if (Status s = NeedActive(o->first); !s) return s.error();
  if (days == o->first.out.days)
    return InvalidArgument("days: the order has " + std::to_string(days) + " days already");
  auto up = tx->Exec(
      "UPDATE quarantine_orders SET days = ?, end_day = start_day + ? "
      "WHERE id = ? AND status = 'active'",
      {int64_t{days}, int64_t{days}, id});
  if (!up) return up.error();
  auto kept = tx->Exec(
      "INSERT INTO quarantine_changes (order_id, old_days, new_days, reason, changed_by, "
      "changed_at) VALUES (?, ?, ?, ?, ?, ?)",
      {id, int64_t{o->first.out.days}, int64_t{days}, reason, ctx.user_id, now});
  if (!kept) return kept.error();
  if (Status s = AppendAudit(
          *tx, ctx, now, "update", "quarantine_order", std::to_string(id),
          std::to_string(o->first.out.days) + " -> " + std::to_string(days) + " days: " + reason,
          o->first.out.grid_code);
      !s)
    return s.error();
  auto out = LoadOrder(*tx, id, today);
  if (!out) return out.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out->out;
}

Result<std::vector<QuarantineChange>> QuarantineService::History(const AccessContext& ctx,
                                                                 int64_t id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, DayNumberOf(clock_()));
  if (!o) return o.error();
  auto rows = tx->Query(
      "SELECT old_days, new_days, reason, changed_by, changed_at FROM quarantine_changes "
      "WHERE order_id = ? ORDER BY changed_at, old_days",
      {id});
  if (!rows) return rows.error();
  std::vector<QuarantineChange> out;
  for (const auto& r : *rows)
    out.push_back(
        {static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), r.Text(2), r.Int(3), r.Int(4)});
  return out;
}

namespace {

// RecordCheck's work in the caller's transaction (not committed).
Result<QuarantineCheck> CheckInTx(store::Transaction& tx, const AccessContext& ctx, int64_t id,
                                  const CheckInput& in, int64_t now) {
  if (Status s = Require(ctx, Permission::kRecordQuarantineChecks); !s) return s.error();
  if (in.temperature && (*in.temperature < 34.0 || *in.temperature > 43.0))
    return InvalidArgument("temperature: must be between 34 and 43 °C");
  if (!in.client_id.empty() && !ValidClientId(in.client_id)) {
    return InvalidArgument(kClientIdRule);
  }
  const int64_t today = DayNumberOf(now);
  int64_t day = today;
  if (!in.date.empty()) {
    auto d = DayNumber("date", in.date);
    if (!d) return d.error();
    day = *d;
  }
  // The order row locked first: two checks of one day count it once.
  auto locked = tx.Query(
      "UPDATE quarantine_orders SET checked_days = checked_days WHERE id = ? "
      "RETURNING id",
      {id});
  if (!locked) return locked.error();
  auto o = VisibleOrder(tx, ctx, id, today);
  if (!o) return o.error();
  const Order& order = o->first;
  if (!o->second.record) {
    return Error{ErrorCode::kPermissionDenied,
                 "quarantine order " + std::to_string(id) +
                     ": its checks are recorded by the site's medical staff"};
  }
  if (!in.client_id.empty()) {
    auto first = tx.Query(std::string("SELECT ") + kCheckColumns +
                              " FROM quarantine_checks WHERE checked_by = ? AND client_id = ?",
                          {ctx.user_id, in.client_id});
    if (!first) return first.error();
    if (!first->empty()) {
      QuarantineCheck was = CheckOf(first->at(0));
      const bool same = was.order_id == id && was.temperature == in.temperature &&
                        was.symptoms == in.symptoms && was.note == in.note &&
                        (in.date.empty() || was.date == in.date);
      if (!same) {
        return Error{ErrorCode::kConflict,
                     "client_id: " + in.client_id +
                         " was already sent with other content; a new check needs a new id"};
      }
      was.replayed = true;
      return was;
    }
  }
  if (Status s = NeedActive(order); !s) return s.error();
  if (day > today) return InvalidArgument("date: " + DayText(day) + " is after today");
  if (day < order.first_due_day || day >= order.end_day) {
    return InvalidArgument("date: " + DayText(day) + " is outside the checks of the order, " +
                           DayText(order.first_due_day) + " to " + DayText(order.end_day - 1));
  }
  auto same_day = tx.Query(
      "SELECT 1 FROM quarantine_checks WHERE order_id = ? AND check_day = ? "
      "LIMIT 1",
      {id, day});
  if (!same_day) return same_day.error();
  store::Params params{
      id, day, store::OrNull(in.temperature), int64_t{in.symptoms}, in.note, ctx.user_id, now};
  params.push_back(in.client_id.empty() ? store::Value(nullptr) : store::Value(in.client_id));
  auto row = tx.QueryOne(
      "INSERT INTO quarantine_checks (order_id, check_day, temperature, symptoms, note, "
      "checked_by, checked_at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  if (!row) return row.error();
  auto up = tx.Exec(
      "UPDATE quarantine_orders SET checked_days = checked_days + ?, last_check_day = "
      "CASE WHEN last_check_day IS NULL OR last_check_day < ? THEN ? ELSE last_check_day END "
      "WHERE id = ?",
      {int64_t{same_day->empty()}, day, day, id});
  if (!up) return up.error();
  QuarantineCheck out{row->Int(0), id, DayText(day), in.temperature, in.symptoms};
  out.fever = in.temperature && *in.temperature >= kFeverCelsius;
  out.note = in.note;
  out.checked_by = ctx.user_id;
  if (Status s =
          AppendAudit(tx, ctx, now, "check", "resident", std::to_string(order.out.resident_id),
                      out.fever || out.symptoms ? "flagged" : "", order.out.grid_code);
      !s)
    return s.error();
  return out;
}

}  // namespace

Result<QuarantineCheck> QuarantineService::RecordCheck(const AccessContext& ctx, int64_t id,
                                                       const CheckInput& in) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto out = CheckInTx(*tx, ctx, id, in, clock_());
  if (!out) return out.error();
  if (out->replayed) return out;  // nothing written
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<std::vector<QuarantineCheck>> QuarantineService::RecordChecks(
    const AccessContext& ctx, int64_t id, const std::vector<CheckInput>& checks) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const int64_t now = clock_();
  std::vector<QuarantineCheck> out;
  for (const auto& in : checks) {
    auto one = CheckInTx(*tx, ctx, id, in, now);
    if (!one) return one.error();
    out.push_back(std::move(*one));
  }
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<std::vector<QuarantineCheck>> QuarantineService::Checks(const AccessContext& ctx,
                                                               int64_t id) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const int64_t now = clock_();
  auto o = VisibleOrder(*tx, ctx, id, DayNumberOf(now));
  if (!o) return o.error();
  auto rows = tx->Query(std::string("SELECT ") + kCheckColumns +
                            " FROM quarantine_checks WHERE order_id = ? ORDER BY check_day, id",
                        {id});
  if (!rows) return rows.error();
  std::vector<QuarantineCheck> out;
  for (const auto& r : *rows) out.push_back(CheckOf(r));
  if (Status s = AppendAudit(*tx, ctx, now, "read", "quarantine_checks",
                             std::to_string(o->first.out.resident_id),
                             std::to_string(out.size()) + " checks", o->first.out.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<QuarantineOrder> QuarantineService::Release(const AccessContext& ctx, int64_t id,
                                                   std::string test_date, std::string test_result,
                                                   std::string lab) {
  if (Status s = Require(ctx, Permission::kManageQuarantine); !s) return s.error();
  if (test_result == "positive")
    return InvalidArgument(
        "test_result: a positive test is not a release; convert the order to a case");
  if (test_result != "negative") return InvalidArgument("test_result: must be negative");
  auto test_day = DayNumber("test_date", test_date);
  if (!test_day) return test_day.error();
  const int64_t now = clock_();
  const int64_t today = DayNumberOf(now);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, today);
  if (!o) return o.error();
  const Order& order = o->first;
  if (Status s = NeedManage(o->second, id); !s) return s.error();
  if (Status s = NeedActive(order); !s) return s.error();
  if (today < order.end_day) {
    return Error{ErrorCode::kConflict, "quarantine order " + std::to_string(id) +
                                           ": the period ends on " + order.out.end_date +
                                           "; release is due from then"};
  }
  if (*test_day > today) return InvalidArgument("test_date: " + test_date + " is after today");
  if (*test_day < order.end_day - kReleaseTestWindowDays) {
    return InvalidArgument("test_date: the release test must be from " +
                           DayText(order.end_day - kReleaseTestWindowDays) + " on");
  }
  auto up = tx->Exec(
      "UPDATE quarantine_orders SET status = 'released', ended_day = ?, release_test_day = ?, "
      "release_test_lab = ?, ended_by = ?, ended_at = ? WHERE id = ? AND status = 'active'",
      {today, *test_day, lab, ctx.user_id, now, id});
  if (!up) return up.error();
  if (Status s = FreeRoom(*tx, order); !s) return s.error();
  if (Status s = AppendAudit(
          *tx, ctx, now, "release", "resident", std::to_string(order.out.resident_id),
          "order " + std::to_string(id) + ", negative test " + test_date, order.out.grid_code);
      !s)
    return s.error();
  auto out = LoadOrder(*tx, id, today);
  if (!out) return out.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out->out;
}

Result<QuarantineOrder> QuarantineService::Convert(const AccessContext& ctx, int64_t id,
                                                   std::optional<int64_t> case_id) {
  if (Status s = Require(ctx, Permission::kManageQuarantine); !s) return s.error();
  if (case_id && *case_id < 1) return InvalidArgument("case_id: must be positive");
  const int64_t now = clock_();
  const int64_t today = DayNumberOf(now);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, today);
  if (!o) return o.error();
  if (Status s = NeedManage(o->second, id); !s) return s.error();
  if (Status s = NeedActive(o->first); !s) return s.error();
  if (case_id) {
    if (Status s = CheckCaseOf(*tx, ctx, *case_id, o->first.out.resident_id); !s) return s.error();
  }
  auto up = tx->Exec(
      "UPDATE quarantine_orders SET status = 'converted', case_id = ?, ended_day = ?, "
      "ended_by = ?, ended_at = ? WHERE id = ? AND status = 'active'",
      {store::OrNull(case_id), today, ctx.user_id, now, id});
  if (!up) return up.error();
  if (Status s = FreeRoom(*tx, o->first); !s) return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, "convert", "resident",
                             std::to_string(o->first.out.resident_id),
                             "order " + std::to_string(id) + " to a case", o->first.out.grid_code);
      !s)
    return s.error();
  auto out = LoadOrder(*tx, id, today);
  if (!out) return out.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out->out;
}

Result<std::string> QuarantineService::NoticeHtml(const AccessContext& ctx, int64_t id) {
  const int64_t now = clock_();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto o = VisibleOrder(*tx, ctx, id, DayNumberOf(now));
  if (!o) return o.error();
  if (!o->second.manage && !o->second.record && ctx.role != Role::kGridWorker) {
    return Error{ErrorCode::kPermissionDenied,
                 "quarantine order " + std::to_string(id) + ": you may not print its notice"};
  }
  const QuarantineOrder& q = o->first.out;
  auto person = tx->QueryOne(
      "SELECT r.name, h.building, h.unit, h.room, "
      "(SELECT name FROM regions WHERE code = ?), (SELECT name FROM regions WHERE code = ?) "
      "FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id = ?",
      {q.grid_code.substr(0, 12), q.grid_code, q.resident_id},
      "quarantine order " + std::to_string(id) + " not found");
  if (!person) return person.error();
  NoticeFields n;
  n.order_id = q.id;
  n.name = person->Text(0);
  n.address = person->Text(4) + " " + person->Text(1) + "栋" + person->Text(2) + "单元" +
              person->Text(3) + "室";
  n.grid = person->Text(5);
  n.start_date = q.start_date;
  n.end_date = q.end_date;
  n.days = q.days;
  n.at_home = q.place == "home";
  if (q.facility_id) {
    auto site = tx->QueryOne("SELECT name, address FROM facilities WHERE id = ?", {*q.facility_id},
                             "facility not found");
    if (!site) return site.error();
    n.site = site->Text(0) + (site->Text(1).empty() ? "" : "（" + site->Text(1) + "）");
    n.room = q.room;
  }
  n.issued_on = DayText(DayNumberOf(now));
  if (Status s = AppendAudit(*tx, ctx, now, "print", "resident", std::to_string(q.resident_id),
                             "quarantine notice, order " + std::to_string(id), q.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return QuarantineNoticeHtml(n);
}

}  // namespace fk::ops
