#include "ops/audit/audit.hpp"

#include <algorithm>

#include "ops/regions/region_code.hpp"

namespace fk::ops {

Status AppendAudit(store::Transaction& tx, const AccessContext& ctx, int64_t at,
                   std::string_view action, std::string_view entity, std::string_view entity_id,
                   std::string_view detail, std::string_view region) {
  auto r = tx.Exec(
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, client_address, detail, "
      "region) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {at, ctx.user_id, std::string(action), std::string(entity), std::string(entity_id),
       ctx.client_address, std::string(detail), region.empty() ? ctx.scope : std::string(region)});
  if (!r) return r.error();
  return Status::Ok();
}

Status AuditRejectedImport(store::Database& db, const AccessContext& ctx, int64_t at,
                           std::string_view entity, const ImportReport& report) {
  auto tx = db.Begin();
  if (!tx) return tx.error();
  if (Status s = AppendAudit(*tx, ctx, at, "import_rejected", entity, "csv",
                             std::to_string(report.imported) + " imported, " +
                                 std::to_string(report.rejected.size()) + " rejected of " +
                                 std::to_string(report.rows) + " rows");
      !s)
    return s;
  return tx->Commit();
}

AuditService::AuditService(store::Database& db, AuditWriter& writer, Clock clock)
    : db_(db), writer_(writer), clock_(std::move(clock)), terms_(db) {}

namespace {

// The filters of a read of the log, for its own record: "user_id=11
// entity=resident from=100 limit=50"; a term only as its keyed hash.
std::string FilterDetail(const AuditFilter& f, const std::string& term_hash) {
  std::string out;
  auto add = [&](std::string_view name, const std::string& value) {
    out.append(out.empty() ? "" : " ").append(name).append("=").append(value);
  };
  if (f.user_id) add("user_id", std::to_string(*f.user_id));
  if (!f.entity.empty()) add("entity", f.entity);
  if (!f.entity_id.empty()) add("entity_id", f.entity_id);
  if (!f.action.empty()) add("action", f.action);
  if (f.from != 0) add("from", std::to_string(f.from));
  if (f.to != INT64_MAX) add("to", std::to_string(f.to));
  if (!term_hash.empty()) add("term", term_hash);
  if (f.after_id != 0) add("after", std::to_string(f.after_id));
  add("limit", std::to_string(f.limit));
  return out;
}

// The actions the log holds are lower-case words joined by '_' ("read",
// "export_unmasked"); a filter that cannot be one is refused, not searched.
bool IsActionName(std::string_view action) {
  return !action.empty() && action.size() <= 32 &&
         std::all_of(action.begin(), action.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

}  // namespace

// Entries ordered by (at, id): time order, ties by id; `after_id` is the
// last id of the previous page. Each filter combination reads an index whose
// columns end in (at, id) after the equality filters (schema migration 5):
// audit_at (at, id), audit_user (user_id, at, id), audit_entity (entity,
// entity_id, at, id), audit_entity_at (entity, at, id), and audit_action_at
// (action, at, id) of migration 12. The page starts
// after the cursor's (at, id), one row-value bound that starts the index
// range, so a page reads about one page of index entries at any depth; a
// first page starts at `at >= from` (PageStart::Condition). Other filters,
// the reader's scope among them, are checked on the rows that index yields:
// a reader whose scope holds a small share of the log reads more entries
// for a page (the log's readers are administrators, usually of a city or a
// district).
Result<Page<AuditEntry>> AuditService::Query(const AccessContext& ctx, const AuditFilter& f) {
  if (Status s = Require(ctx, Permission::kReadAudit); !s) return s.error();
  if (f.limit < 1 || f.limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  // An id means something only with its kind (resident 7 is not household
  // 7), and audit_entity has no index by id alone.
  if (!f.entity_id.empty() && f.entity.empty())
    return InvalidArgument("entity: required with entity_id");
  if (!f.action.empty() && !IsActionName(f.action))
    return InvalidArgument("action: 1..32 characters a-z and _");
  // The hashes of every form the term may have been searched in.
  std::vector<std::string> term_hashes;
  std::string term_hash;  // of the term as given, for the read's own record
  if (!f.term.empty()) {
    for (const std::string& form : SearchTermForms(f.term)) {
      auto h = terms_.Hash(form);
      if (!h) return h.error();
      if (form == f.term) term_hash = *h;
      term_hashes.push_back(std::move(*h));
    }
  }
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto page = [&]() -> Result<Page<AuditEntry>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto cursor = tx->Query("SELECT at, region FROM audit_log WHERE id = ?", {f.after_id});
    if (!cursor) return cursor.error();
    // A cursor outside the scope starts where a missing one does.
    const bool resume = !cursor->empty() && cursor->front().Int(0) >= f.from &&
                        InScope(ctx.scope, cursor->front().Text(1));
    // Conditions are fixed fragments chosen by which filters are set; values are bound.
    const PageStart start =
        resume ? PageStart{cursor->front().Int(0), f.after_id} : PageStart{f.from, 0};
    store::Params params{f.to};
    std::string sql =
        "SELECT id, at, user_id, action, entity, entity_id, client_address, detail, region "
        "FROM audit_log WHERE at < ? AND " +
        start.Condition("at", "id", params);
    if (!prefix.empty()) {
      sql += " AND region >= ? AND region < ?";
      params.emplace_back(prefix);
      params.emplace_back(PrefixEnd(prefix));
    }
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
    if (!f.action.empty()) {
      sql += " AND action = ?";
      params.emplace_back(f.action);
    }
    if (!term_hashes.empty()) {
      const char* find = db_.dialect() == store::Dialect::kPostgres ? "strpos" : "instr";
      sql += " AND action IN ('search', 'search_unmasked') AND (";
      for (size_t i = 0; i < term_hashes.size(); ++i) {
        sql += std::string(i ? " OR " : "") + find + "(detail, ?) > 0";
        params.emplace_back(term_hashes[i]);
      }
      sql += ")";
    }
    sql += " ORDER BY at, id LIMIT ?";
    params.emplace_back(static_cast<int64_t>(f.limit) + 1);
    auto rows = tx->Query(sql, params);
    if (!rows) return rows.error();
    Page<AuditEntry> out;
    for (const auto& r : *rows) {
      if (static_cast<int>(out.items.size()) == f.limit) {
        out.next_cursor = out.items.back().id;
        break;
      }
      out.items.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                           r.Text(7), r.Text(8)});
    }
    return out;
  }();
  if (!page) return page.error();
  if (Status s = writer_.Record(
          ctx, clock_(), "read", "audit_log", "page",
          FilterDetail(f, term_hash) + "; " + std::to_string(page->items.size()) + " entries");
      !s)
    return s.error();
  return page;
}

}  // namespace fk::ops
