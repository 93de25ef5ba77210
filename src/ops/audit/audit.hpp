// Append-only audit log of every read and change of personal data: who, what
// action, which entity, when, from where. There is no update or delete API;
// database triggers refuse UPDATE and DELETE on audit_log (both dialects).
// Thread-safe: holds a reference to the Database, which must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
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
};

// Appends one record inside the caller's transaction, so the audit row and
// the read or change it records commit or vanish together.
Status AppendAudit(store::Transaction& tx, const AccessContext& ctx, int64_t at,
                   std::string_view action, std::string_view entity, std::string_view entity_id,
                   std::string_view detail = {});

struct AuditFilter {
  std::optional<int64_t> user_id{};
  std::string entity{};  // "" = any
  std::string entity_id{};
  int64_t from = 0;        // at >= from
  int64_t to = INT64_MAX;  // at < to
  int64_t after_id = 0;    // keyset cursor
  int limit = 50;          // 1..kMaxPageSize
};

class AuditService {
 public:
  explicit AuditService(store::Database& db) : db_(db) {}
  // Needs Permission::kReadAudit. Entries in (at, id) order: time order.
  Result<Page<AuditEntry>> Query(const AccessContext& ctx, const AuditFilter& filter);

 private:
  store::Database& db_;
};

}  // namespace fk::ops
