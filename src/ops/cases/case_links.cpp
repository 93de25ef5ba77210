#include "ops/cases/case_links.hpp"

#include <string>

namespace fk::ops {

Status CheckCaseOf(store::Transaction& tx, const AccessContext& ctx, int64_t case_id,
                   int64_t resident_id) {
  auto rows = tx.Query("SELECT grid_code FROM cases WHERE id = ? AND resident_id = ?",
                       {case_id, resident_id});
  if (!rows) return rows.error();
  if (rows->empty() || !InScope(ctx, rows->front().Text(0)))
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
