#include "ops/cases/case_links.hpp"

#include <string>

#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

// Whether `user_id` is on the medical staff of `facility_id`.
Result<bool> OnStaffOf(store::Transaction& tx, int64_t user_id, int64_t facility_id) {
  auto rows = tx.Query("SELECT 1 FROM facility_staff WHERE facility_id = ? AND user_id = ?",
                       {facility_id, user_id});
  if (!rows) return rows.error();
  return !rows->empty();
}

std::optional<int64_t> OptInt(const store::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

}  // namespace

Result<bool> MaySeeCase(store::Transaction& tx, const AccessContext& ctx,
                        std::string_view grid_code, std::optional<int64_t> facility_id) {
  if (ctx.role == Role::kMedicalStaff && facility_id)
    return OnStaffOf(tx, ctx.user_id, *facility_id);
  return InScope(ctx, grid_code);
}

Result<std::string> VisibleCaseGrid(store::Transaction& tx, const AccessContext& ctx,
                                    int64_t case_id) {
  const std::string missing = "case " + std::to_string(case_id) + " not found";
  auto row =
      tx.QueryOne("SELECT grid_code, facility_id FROM cases WHERE id = ?", {case_id}, missing);
  if (!row) return row.error();
  std::string grid = row->Text(0);
  auto may = MaySeeCase(tx, ctx, grid, OptInt(*row, 1));
  if (!may) return may.error();
  if (!*may) return Error{ErrorCode::kNotFound, missing};
  return grid;
}

std::string CaseListCondition(const AccessContext& ctx, store::Params& params) {
  if (ctx.role != Role::kMedicalStaff) return "";
  const std::string prefix = SubtreePrefix(ctx.scope);
  params.emplace_back(ctx.user_id);
  params.emplace_back(prefix);
  params.emplace_back(PrefixEnd(prefix));
  return " AND (c.facility_id IN (SELECT s.facility_id FROM facility_staff s WHERE s.user_id = "
         "?) OR (c.facility_id IS NULL AND c.grid_code >= ? AND c.grid_code < ?))";
}

Status CheckCaseOf(store::Transaction& tx, const AccessContext& ctx, int64_t case_id,
                   int64_t resident_id) {
  auto rows = tx.Query("SELECT grid_code, facility_id FROM cases WHERE id = ? AND resident_id = ?",
                       {case_id, resident_id});
  if (!rows) return rows.error();
  bool may = false;
  if (!rows->empty()) {
    const auto& r = rows->front();
    auto seen = MaySeeCase(tx, ctx, r.Text(0), OptInt(r, 1));
    if (!seen) return seen.error();
    may = *seen;
  }
  if (!may)
    return InvalidArgument("case_id: case " + std::to_string(case_id) +
                           " is not a case of this person");
  return Status::Ok();
}

Status CheckContactOf(store::Transaction& tx, const AccessContext& ctx, int64_t contact_id,
                      int64_t resident_id) {
  auto rows = tx.Query("SELECT region FROM contacts WHERE id = ? AND resident_id = ?",
                       {contact_id, resident_id});
  if (!rows) return rows.error();
  if (rows->empty() || !InScope(ctx, rows->front().Text(0)))
    return InvalidArgument("contact_id: contact " + std::to_string(contact_id) +
                           " is not a contact of this person");
  return Status::Ok();
}

Status SetCaseFacility(store::Transaction& tx, int64_t case_id, int64_t facility_id, int64_t now) {
  auto up = tx.Exec("UPDATE cases SET facility_id = ?, updated_at = ? WHERE id = ?",
                    {facility_id, now, case_id});
  if (!up) return up.error();
  return Status::Ok();
}

}  // namespace fk::ops
