// Append-only audit log of every read and change of personal data: who, what
// action, which entity, in which region, when, from where. There is no
// update or delete API; database triggers refuse UPDATE and DELETE on
// audit_log (both dialects) and TRUNCATE (PostgreSQL). Every record names
// the region it concerns, and a reader sees only the records of their scope.
// Thread-safe: holds references to the Database and the AuditWriter, which
// must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ops/audit/audit_writer.hpp"
#include "ops/audit/search_terms.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;  // unix seconds
  int64_t user_id = 0;
  std::string action;     // "read", "create", "update", "move", "import", "export", "search", ...
  std::string entity;     // "resident", "household", "user", ...
  std::string entity_id;  // id or a description of a set ("grid 420102001001001")
  std::string client_address;
  std::string detail;
  std::string region;  // the region code the record concerns ("" = the whole tree)
};

// Appends one record inside the caller's transaction, so the audit row and
// the read or change it records commit or vanish together. `region` is the
// region the record concerns (a resident's or household's grid, a searched
// or exported region, a user's scope, a region changed); empty means the
// actor's scope.
Status AppendAudit(store::Transaction& tx, const AccessContext& ctx, int64_t at,
                   std::string_view action, std::string_view entity, std::string_view entity_id,
                   std::string_view detail = {}, std::string_view region = {});

// Records an all-or-nothing import that was refused, after its transaction
// has rolled back, in a transaction of its own: action "import_rejected",
// entity id "csv", the counts as detail ("0 imported, 2 rejected of 3
// rows"), under the actor's scope.
Status AuditRejectedImport(store::Database& db, const AccessContext& ctx, int64_t at,
                           std::string_view entity, const ImportReport& report);

struct AuditFilter {
  std::optional<int64_t> user_id{};
  std::string entity{};  // "" = any
  std::string entity_id{};
  std::string action{};    // "" = any; else one action ("read", "export", ...): [a-z_], 1..32
  int64_t from = 0;        // at >= from
  int64_t to = INT64_MAX;  // at < to
  int64_t after_id = 0;    // keyset cursor
  int limit = 50;          // 1..kMaxPageSize
  // A search term (ID number, phone or name): only the searches (actions
  // search and search_unmasked) whose record holds its keyed hash
  // (search_terms.hpp), in any of its stored forms. The term itself is
  // never written anywhere.
  std::string term{};
};

class AuditService {
 public:
  AuditService(store::Database& db, AuditWriter& writer, Clock clock = SystemClock());
  // Needs Permission::kReadAudit. The entries whose region lies in the
  // reader's scope, in (at, id) order: time order. A cursor whose entry is
  // missing or outside the scope starts at the first page, alike. The read
  // itself is recorded (action "read", entity "audit_log", the filters as
  // detail, a term only as its hash) before the page is answered.
  Result<Page<AuditEntry>> Query(const AccessContext& ctx, const AuditFilter& filter);

 private:
  store::Database& db_;
  AuditWriter& writer_;
  Clock clock_;
  SearchTermKey terms_;
};

}  // namespace fk::ops
