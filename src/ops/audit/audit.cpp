#include "ops/audit/audit.hpp"

#include <algorithm>

namespace fk::ops {

Status AppendAudit(store::Transaction& tx, const AccessContext& ctx, int64_t at,
                   std::string_view action, std::string_view entity, std::string_view entity_id,
                   std::string_view detail) {
  auto r = tx.Exec(
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, client_address, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {at, ctx.user_id, std::string(action), std::string(entity), std::string(entity_id),
       ctx.client_address, std::string(detail)});
  if (!r) return r.error();
  return Status::Ok();
}

// Entries ordered by (at, id): time order, ties by id; `after_id` is the
// last id of the previous page. Each filter combination reads an index whose
// columns end in (at, id) after the equality filters (schema migration 5):
// audit_at (at, id), audit_user (user_id, at, id), audit_entity (entity,
// entity_id, at, id), audit_entity_at (entity, at, id). The page starts
// after the cursor's (at, id), one row-value bound that starts the index
// range, so a page reads about one page of index entries at any depth; a
// first page starts at `at >= from` (PageStart::Condition). Other filters are
// checked on the rows that index yields.
Result<Page<AuditEntry>> AuditService::Query(const AccessContext& ctx, const AuditFilter& f) {
  if (Status s = Require(ctx, Permission::kReadAudit); !s) return s.error();
  if (f.limit < 1 || f.limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  // An id means something only with its kind (resident 7 is not household
  // 7), and audit_entity has no index by id alone.
  if (!f.entity_id.empty() && f.entity.empty())
    return InvalidArgument("entity: required with entity_id");
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto cursor = tx->Query("SELECT at FROM audit_log WHERE id = ?", {f.after_id});
  if (!cursor) return cursor.error();
  const bool resume = !cursor->empty() && cursor->front().Int(0) >= f.from;
  // Conditions are fixed fragments chosen by which filters are set; values are bound.
  const PageStart start =
      resume ? PageStart{cursor->front().Int(0), f.after_id} : PageStart{f.from, 0};
  store::Params params{f.to};
  std::string sql =
      "SELECT id, at, user_id, action, entity, entity_id, client_address, detail FROM audit_log "
      "WHERE at < ? AND " +
      start.Condition("at", "id", params);
  if (f.user_id) {
    sql += " AND user_id = ?";
    params.emplace_back(*f.user_id);
  }
  if (!f.entity.empty()) {
    sql += " AND entity = ?";
    params.emplace_back(f.entity);
  }
  if (!f.entity_id.empty()) {
    sql += " AND entity_id = ?";
    params.emplace_back(f.entity_id);
  }
  sql += " ORDER BY at, id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(f.limit) + 1);
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  Page<AuditEntry> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == f.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(
        {r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)});
  }
  return page;
}

}  // namespace fk::ops
