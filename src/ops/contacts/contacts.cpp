#include "ops/contacts/contacts.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <set>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/cases/case_links.hpp"
#include "ops/cases/cases_internal.hpp"
#include "ops/phone.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::ops {

using cases_internal::CheckDay;
using cases_internal::Day;

namespace {

constexpr std::array<std::string_view, 7> kSettings{
    "household", "workplace", "school", "healthcare", "transport", "public_place", "other"};

bool ValidTime(const std::string& t) {
  return t.size() == 5 && std::isdigit(static_cast<unsigned char>(t[0])) &&
         std::isdigit(static_cast<unsigned char>(t[1])) && t[2] == ':' &&
         std::isdigit(static_cast<unsigned char>(t[3])) &&
         std::isdigit(static_cast<unsigned char>(t[4])) && t.substr(0, 2) <= "23" &&
         t.substr(3) <= "59";
}

// The columns ContactOf reads.
constexpr std::string_view kContactColumns =
    "SELECT k.id, k.case_id, k.degree, k.via_contact_id, k.setting, k.last_exposure_date, "
    "k.visit_id, k.handed_over, k.resident_id, k.region, k.grid_code, "
    "COALESCE(r.name, k.name), k.id_number, k.listed_at, k.reached_at, k.last_followup_date, "
    "k.lost FROM contacts k LEFT JOIN residents r ON r.id = k.resident_id ";

// A contact as `ctx` may see it: a handed-over contact whose region is
// outside the scope shows only that it was handed over.
Contact ContactOf(const store::RowView& r, const AccessContext& ctx) {
  Contact c;
  c.id = r.Int(0);
  c.case_id = r.Int(1);
  c.degree = static_cast<int>(r.Int(2));
  if (!r.IsNull(3)) c.via_contact_id = r.Int(3);
  c.setting = ParseExposureSetting(r.Text(4)).value_or(ExposureSetting::kOther);
  c.last_exposure_date = r.Text(5);
  if (!r.IsNull(6)) c.visit_id = r.Int(6);
  c.handed_over = r.Int(7) != 0;
  c.visible = InScope(ctx, r.Text(9));
  if (!c.visible) return c;
  if (!r.IsNull(8)) c.resident_id = r.Int(8);
  c.region = r.Text(9);
  c.grid_code = r.Text(10);
  c.name = MaskName(r.Text(11));
  c.id_number = MaskIdNumber(r.Text(12));
  c.listed_at = r.Int(13);
  if (!r.IsNull(14)) c.reached_at = r.Int(14);
  if (!r.IsNull(15)) c.last_followup_date = std::string(r.Text(15));
  c.lost = r.Int(16) != 0;
  return c;
}

// Contact `id` as `ctx` may see it (the tracer's view of one handed over:
// only that), or kNotFound when it is missing.
Result<Contact> ReadContact(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  std::optional<Contact> found;
  Status read = tx.ForEachRow(std::string(kContactColumns) + "WHERE k.id = ?", {id},
                              [&](const store::RowView& r) {
                                found = ContactOf(r, ctx);
                                return false;
                              });
  if (!read) return read.error();
  if (!found) return Error{ErrorCode::kNotFound, "contact " + std::to_string(id) + " not found"};
  return std::move(*found);
}

// The same, and kNotFound (as for a missing one) when it lives outside the
// caller's scope.
Result<Contact> LoadContact(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  auto found = ReadContact(tx, ctx, id);
  if (found && !found->visible)
    return Error{ErrorCode::kNotFound, "contact " + std::to_string(id) + " not found"};
  return found;
}

// Checks of a contact that need no database.
Status CheckContact(const ContactInput& in, const std::string& today) {
  const bool by_number = !in.id_number.empty();
  if ((in.resident_id != 0) == by_number)
    return InvalidArgument("resident_id: give a resident, or id_number, name and phone");
  if (by_number) {
    if (auto id = ParseResidentId(CanonicalResidentId(in.id_number)); !id) return id.error();
    if (in.name.empty() || in.name.size() > 100)
      return InvalidArgument("name: 1 to 100 bytes, as the case gave it");
    if (!CanonicalPhone(in.phone)) return InvalidArgument("phone: " + std::string(kPhoneRule));
  } else if (!in.name.empty() || !in.phone.empty()) {
    return InvalidArgument("name: given only with id_number");
  }
  return CheckDay("last_exposure_date", in.last_exposure_date, today);
}

}  // namespace

std::string_view Name(ExposureSetting v) { return kSettings[static_cast<size_t>(v)]; }

std::optional<ExposureSetting> ParseExposureSetting(std::string_view name) {
  for (size_t i = 0; i < kSettings.size(); ++i)
    if (kSettings[i] == name) return static_cast<ExposureSetting>(i);
  return std::nullopt;
}

ContactService::ContactService(store::Database& db, AuditWriter& audit, Clock clock)
    : db_(db), audit_(audit), clock_(std::move(clock)) {}

Result<CaseVisit> ContactService::AddVisit(const AccessContext& ctx, int64_t case_id,
                                           const CaseVisitInput& v) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  if (v.place.find_first_not_of(" \t\r\n") == std::string::npos)
    return InvalidArgument("place: must not be empty");
  if (v.place.size() > 200) return InvalidArgument("place: at most 200 bytes");
  if (Status s = CheckDay("date", v.date, Day(now)); !s) return s.error();
  for (const auto& [field, value] : {std::pair{"from_time", &v.from_time}, {"to_time", &v.to_time}})
    if (!value->empty() && !ValidTime(*value))
      return InvalidArgument(std::string(field) + ": " + *value + " is not HH:MM");
  if (!v.from_time.empty() && !v.to_time.empty() && v.to_time < v.from_time)
    return InvalidArgument("to_time: before from_time " + v.from_time);
  if (v.note.size() > 2000) return InvalidArgument("note: at most 2000 bytes");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto grid = VisibleCaseGrid(*tx, ctx, case_id);
  if (!grid) return grid.error();
  auto row = tx->QueryOne(
      "INSERT INTO case_visits (case_id, place, setting, visit_date, from_time, to_time, note, "
      "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {case_id, v.place, std::string(Name(v.setting)), v.date, v.from_time, v.to_time, v.note,
       ctx.user_id, now});
  if (!row) return row.error();
  CaseVisit out{row->Int(0), case_id, v, ctx.user_id, now};
  if (Status s = AppendAudit(*tx, ctx, now, "create", "case_visit", std::to_string(out.id),
                             "case " + std::to_string(case_id), *grid);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<std::vector<CaseVisit>> ContactService::Visits(const AccessContext& ctx, int64_t case_id) {
  if (Status s = Require(ctx, Permission::kReadCases); !s) return s.error();
  std::string grid;
  auto visits = [&]() -> Result<std::vector<CaseVisit>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto found = VisibleCaseGrid(*tx, ctx, case_id);
    if (!found) return found.error();
    grid = std::move(*found);
    auto rows = tx->Query(
        "SELECT id, place, setting, visit_date, from_time, to_time, note, recorded_by, "
        "recorded_at FROM case_visits WHERE case_id = ? ORDER BY visit_date, from_time, id",
        {case_id});
    if (!rows) return rows.error();
    std::vector<CaseVisit> out;
    for (const auto& r : *rows) {
      CaseVisit v{r.Int(0), case_id, {}, r.Int(7), r.Int(8)};
      v.visit = {r.Text(1), ParseExposureSetting(r.Text(2)).value_or(ExposureSetting::kOther),
                 r.Text(3), r.Text(4),
                 r.Text(5), r.Text(6)};
      out.push_back(std::move(v));
    }
    return out;
  }();
  if (!visits) return visits.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "case_visits",
                               "case " + std::to_string(case_id), "", grid);
      !s)
    return s.error();
  return visits;
}

Result<Contact> ContactService::AddContact(const AccessContext& ctx, int64_t case_id,
                                           const ContactInput& in) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  if (Status s = CheckContact(in, Day(now)); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto case_grid = VisibleCaseGrid(*tx, ctx, case_id);
  if (!case_grid) return case_grid.error();
  int degree = 1;
  if (in.via_contact_id != 0) {
    auto via = tx->Query("SELECT degree FROM contacts WHERE id = ? AND case_id = ?",
                         {in.via_contact_id, case_id});
    if (!via) return via.error();
    if (via->empty() || via->front().Int(0) != 1) {
      return InvalidArgument("via_contact_id: " + std::to_string(in.via_contact_id) +
                             " is not a close contact of case " + std::to_string(case_id));
    }
    degree = 2;
  }
  if (in.visit_id != 0) {
    auto visit =
        tx->Query("SELECT 1 FROM case_visits WHERE id = ? AND case_id = ?", {in.visit_id, case_id});
    if (!visit) return visit.error();
    if (visit->empty()) {
      return InvalidArgument("visit_id: " + std::to_string(in.visit_id) +
                             " is not a visit of case " + std::to_string(case_id));
    }
  }
  // The person: a resident in scope, or the registrations of the number,
  // read with the same one statement whatever they hold.
  std::string id_number = CanonicalResidentId(in.id_number), name = in.name;
  std::string phone = in.phone.empty() ? "" : CanonicalPhone(in.phone).value_or(in.phone);
  store::Value resident = nullptr, grid = nullptr;
  std::string region;
  bool handed_over = false;
  if (in.resident_id != 0) {
    const std::string missing = "resident " + std::to_string(in.resident_id) + " not found";
    auto row = tx->QueryOne("SELECT grid_code, id_number FROM residents WHERE id = ?",
                            {in.resident_id}, missing);
    if (!row) return row.error();
    if (!InScope(ctx, row->Text(0))) return Error{ErrorCode::kNotFound, missing};
    resident = in.resident_id;
    grid = region = row->Text(0);
    id_number = row->Text(1);
  } else {
    auto rows = tx->Query("SELECT id, grid_code FROM residents WHERE id_number = ? ORDER BY id",
                          {id_number});
    if (!rows) return rows.error();
    std::optional<std::pair<int64_t, std::string>> in_scope, elsewhere;
    for (const auto& r : *rows) {
      auto& slot = InScope(ctx, r.Text(1)) ? in_scope : elsewhere;
      if (!slot) slot.emplace(r.Int(0), r.Text(1));
    }
    if (in_scope) {
      resident = in_scope->first;
      grid = region = in_scope->second;
    } else {
      handed_over = true;
      if (elsewhere) {
        resident = elsewhere->first;
        grid = region = elsewhere->second;
      } else {
        // Not registered: the city's command centre places the person.
        region = case_grid->substr(0, 4) + "00";
      }
    }
  }
  store::Params params{case_id, degree};
  params.push_back(in.via_contact_id ? store::Value(in.via_contact_id) : nullptr);
  params.emplace_back(std::string(Name(in.setting)));
  params.emplace_back(in.last_exposure_date);
  params.push_back(in.visit_id ? store::Value(in.visit_id) : nullptr);
  params.emplace_back(int64_t{handed_over});
  params.push_back(resident);
  params.emplace_back(region);
  params.push_back(grid);
  params.emplace_back(*case_grid);
  for (const std::string* v : {&id_number, &name, &phone}) params.emplace_back(*v);
  params.emplace_back(now);
  params.emplace_back(ctx.user_id);
  auto row = tx->QueryOne(
      "INSERT INTO contacts (case_id, degree, via_contact_id, setting, last_exposure_date, "
      "visit_id, handed_over, resident_id, region, grid_code, source_grid, id_number, name, phone, "
      "listed_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      params);
  if (!row) {
    if (row.error().code == ErrorCode::kConflict) {
      return Error{ErrorCode::kConflict,
                   "id_number: already a contact of case " + std::to_string(case_id)};
    }
    return row.error();
  }
  const int64_t id = row->Int(0);
  if (Status s = AppendAudit(*tx, ctx, now, "create", "contact", std::to_string(id),
                             "case " + std::to_string(case_id), *case_grid);
      !s)
    return s.error();
  auto out = ReadContact(*tx, ctx, id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<std::vector<Contact>> ContactService::CaseContacts(const AccessContext& ctx,
                                                          int64_t case_id) {
  if (Status s = Require(ctx, Permission::kReadCases); !s) return s.error();
  std::string grid;
  auto contacts = [&]() -> Result<std::vector<Contact>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto found = VisibleCaseGrid(*tx, ctx, case_id);
    if (!found) return found.error();
    grid = std::move(*found);
    std::vector<Contact> out;
    Status read = tx->ForEachRow(std::string(kContactColumns) + "WHERE k.case_id = ? ORDER BY k.id",
                                 {case_id}, [&](const store::RowView& r) {
                                   out.push_back(ContactOf(r, ctx));
                                   return true;
                                 });
    if (!read) return read.error();
    return out;
  }();
  if (!contacts) return contacts.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "contacts", "case " + std::to_string(case_id),
                               std::to_string(contacts->size()) + " contacts", grid);
      !s)
    return s.error();
  return contacts;
}

Result<Page<Contact>> ContactService::ContactsIn(const AccessContext& ctx,
                                                 const std::string& region_code, int64_t after_id,
                                                 int limit) {
  const std::string region = region_code.empty() ? ctx.scope : region_code;
  if (Status s = Require(ctx, Permission::kReadCases, region); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(region);
  auto page = [&]() -> Result<Page<Contact>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    // Pages in (region, id) order, the order of the contacts_region index.
    const auto plan = store::PlanChoice::kPerCall;
    auto start = KeysetPageStart(*tx, "contacts", "region", after_id, prefix, plan);
    if (!start) return start.error();
    store::Params params{PrefixEnd(prefix)};
    const std::string sql = std::string(kContactColumns) + "WHERE k.region < ? AND " +
                            start->Condition("k.region", "k.id", params) +
                            " ORDER BY k.region, k.id LIMIT ?";
    params.emplace_back(static_cast<int64_t>(limit) + 1);
    Page<Contact> out;
    Status read = tx->ForEachRow(
        sql, params,
        [&](const store::RowView& r) {
          if (static_cast<int>(out.items.size()) == limit) {
            out.next_cursor = out.items.back().id;
            return false;
          }
          out.items.push_back(ContactOf(r, ctx));
          return true;
        },
        plan);
    if (!read) return read.error();
    return out;
  }();
  if (!page) return page.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "contacts", "region " + region,
                               std::to_string(page->items.size()) + " contacts", region);
      !s)
    return s.error();
  return page;
}

Result<Contact> ContactService::RecordFollowUp(const AccessContext& ctx, int64_t contact_id,
                                               const FollowUp& f) {
  // Contacts are health data: the role reads cases, and either manages
  // them or records visits (a volunteer records visits but reads no cases).
  if (!HasPermission(ctx.role, Permission::kReadCases) ||
      (!HasPermission(ctx.role, Permission::kManageCases) &&
       !HasPermission(ctx.role, Permission::kRecordVisits))) {
    return Error{ErrorCode::kPermissionDenied,
                 "contacts are followed up by roles that read cases and manage them or record "
                 "visits, not " +
                     std::string(RoleName(ctx.role))};
  }
  const int64_t now = clock_();
  if (Status s = CheckDay("date", f.date, Day(now)); !s) return s.error();
  if (f.reached && f.lost) return InvalidArgument("lost: a person reached is not lost");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto c = LoadContact(*tx, ctx, contact_id);
  if (!c) return c.error();
  if (!c->resident_id) {
    return Error{ErrorCode::kConflict, "contact " + std::to_string(contact_id) +
                                           " is not identified yet; place the person first"};
  }
  if (f.date < c->last_exposure_date)
    return InvalidArgument("date: before the last exposure on " + c->last_exposure_date);
  auto up = tx->Exec(
      "UPDATE contacts SET reached_at = CASE WHEN ? = 1 AND reached_at IS NULL THEN ? ELSE "
      "reached_at END, last_followup_date = CASE WHEN ? = 1 THEN ? ELSE last_followup_date END, "
      "lost = ? WHERE id = ?",
      {int64_t{f.reached}, now, int64_t{f.reached}, f.date, int64_t{f.lost}, contact_id});
  if (!up) return up.error();
  if (Status s =
          AppendAudit(*tx, ctx, now, "update", "contact", std::to_string(contact_id),
                      f.lost ? "lost" : (f.reached ? "followed up" : "not reached"), c->grid_code);
      !s)
    return s.error();
  auto out = LoadContact(*tx, ctx, contact_id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Contact> ContactService::Place(const AccessContext& ctx, int64_t contact_id,
                                      const Placement& p) {
  // Placing a contact is for those who follow contacts up or quarantine
  // them (the command centre places the people registered nowhere).
  if (!HasPermission(ctx.role, Permission::kReadCases) ||
      (!HasPermission(ctx.role, Permission::kManageCases) &&
       !HasPermission(ctx.role, Permission::kManageQuarantine) &&
       !HasPermission(ctx.role, Permission::kRecordVisits))) {
    return Error{ErrorCode::kPermissionDenied,
                 "contacts are placed by roles that read cases and manage them, manage "
                 "quarantine or record visits, not " +
                     std::string(RoleName(ctx.role))};
  }
  if ((p.resident_id != 0) == !p.region_code.empty())
    return InvalidArgument("resident_id: give the resident, or a region to hand the contact on to");
  const int64_t now = clock_();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto c = LoadContact(*tx, ctx, contact_id);
  if (!c) return c.error();
  const std::string where = std::to_string(contact_id);
  if (c->resident_id) {
    return Error{ErrorCode::kConflict, "contact " + where +
                                           " is identified already; it is followed up where the "
                                           "person is registered"};
  }
  auto holder = tx->QueryOne("SELECT region FROM contacts WHERE id = ?", {contact_id});
  if (!holder) return holder.error();
  const std::string held_by = holder->Text(0);
  std::string detail, region;
  store::Params params;
  std::string sql;
  if (p.resident_id != 0) {
    const std::string missing = "resident " + std::to_string(p.resident_id) + " not found";
    auto row = tx->QueryOne("SELECT grid_code, id_number FROM residents WHERE id = ?",
                            {p.resident_id}, missing);
    if (!row) return row.error();
    region = row->Text(0);
    if (!InScope(ctx, region)) return Error{ErrorCode::kNotFound, missing};
    sql =
        "UPDATE contacts SET resident_id = ?, region = ?, grid_code = ?, id_number = ? "
        "WHERE id = ? AND resident_id IS NULL";
    params = {p.resident_id, region, region, std::string(row->Text(1)), contact_id};
    detail = "placed: resident " + std::to_string(p.resident_id);
  } else {
    region = p.region_code;
    if (!InScope(held_by, region) || region == held_by) {
      return Error{ErrorCode::kInvalidArgument,
                   "region_code: " + region + " is not an area inside " + held_by};
    }
    auto known = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region});
    if (!known) return known.error();
    if (known->empty()) return InvalidArgument("region_code: " + region + " is not a region");
    sql = "UPDATE contacts SET region = ? WHERE id = ? AND resident_id IS NULL";
    params = {region, contact_id};
    detail = "handed on to " + region;
  }
  auto up = tx->Exec(sql, params);
  if (!up) {
    if (up.error().code == ErrorCode::kConflict) {
      return Error{ErrorCode::kConflict, "resident_id: resident " + std::to_string(p.resident_id) +
                                             " is already a contact of case " +
                                             std::to_string(c->case_id)};
    }
    return up.error();
  }
  if (*up != 1) {
    return Error{ErrorCode::kConflict, "contact " + where + " was placed meanwhile; read it again"};
  }
  if (Status s = AppendAudit(*tx, ctx, now, "update", "contact", where, detail, region); !s)
    return s.error();
  auto out = LoadContact(*tx, ctx, contact_id);
  if (!out) return out;
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

}  // namespace fk::ops
