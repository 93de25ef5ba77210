#include "ops/checkpoints/checkpoints.hpp"

#include "ops/audit/audit.hpp"
#include "ops/plain_text.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

constexpr const char* kPassageColumns =
    "SELECT id, checkpoint_id, at, direction, subject, id_number, plate, resident_id, "
    "temperature_tenths, result, health_code, recorded_by FROM checkpoint_passages ";

constexpr const char* kAlertColumns =
    "SELECT id, passage_id, checkpoint_id, checkpoint_region, resident_id, grid_code, kind, at, "
    "acknowledged_at, acknowledged_by FROM checkpoint_alerts ";

Passage PassageOf(const store::Row& r, bool clear) {
  Passage p;
  p.id = r.Int(0);
  p.checkpoint_id = r.Int(1);
  p.at = r.Int(2);
  p.direction = r.Text(3);
  p.subject = r.Text(4);
  p.id_number = r.Text(5);
  if (!clear && !p.id_number.empty()) p.id_number = MaskIdNumber(p.id_number);
  p.plate = r.Text(6);
  if (!r.IsNull(7)) p.resident_id = r.Int(7);
  if (!r.IsNull(8)) p.temperature_tenths = static_cast<int>(r.Int(8));
  p.result = r.Text(9);
  p.health_code = r.Text(10);
  p.recorded_by = r.Int(11);
  return p;
}

CheckpointAlert AlertOf(const store::Row& r) {
  CheckpointAlert a;
  a.id = r.Int(0);
  a.passage_id = r.Int(1);
  a.checkpoint_id = r.Int(2);
  a.checkpoint_region = r.Text(3);
  a.resident_id = r.Int(4);
  a.grid_code = r.Text(5);
  a.kind = r.Text(6);
  a.at = r.Int(7);
  if (!r.IsNull(8)) a.acknowledged_at = r.Int(8);
  if (!r.IsNull(9)) a.acknowledged_by = r.Int(9);
  return a;
}

bool AlertInScope(const AccessContext& ctx, const CheckpointAlert& a) {
  return InScope(ctx, a.grid_code) || MayUseCheckpoint(ctx, a.checkpoint_region);
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  return Status::Ok();
}

}  // namespace

bool MayUseCheckpoint(const AccessContext& ctx, std::string_view region) {
  return InScope(ctx, region) || InScope(region, ctx.scope);
}

CheckpointService::CheckpointService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Checkpoint> CheckpointService::Create(const AccessContext& ctx, const std::string& name,
                                             const std::string& kind,
                                             const std::string& region_code) {
  if (Status s = Require(ctx, Permission::kIssueDirectives); !s) return s.error();
  if (Status s = CheckPlainText("name", name, 100, false); !s) return s.error();
  if (kind != "gate" && kind != "traffic") return InvalidArgument("kind: must be gate or traffic");
  if (!LevelOfCode(region_code).ok())
    return InvalidArgument("region_code: " + region_code +
                           " is not a region code (6, 9, 12 or 15 digits)");
  if (Status s = Require(ctx, Permission::kIssueDirectives, region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + region_code + " does not exist");
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO checkpoints (name, kind, region_code, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      {name, kind, region_code, now, ctx.user_id});
  if (!row) return row.error();
  Checkpoint c{row->Int(0), name, kind, region_code, now};
  if (Status s = AppendAudit(*tx, ctx, now, "create", "checkpoint", std::to_string(c.id), kind,
                             region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return c;
}

Result<Page<Checkpoint>> CheckpointService::List(const AccessContext& ctx, int64_t after_id,
                                                 int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  // Those in the scope, and those of the regions above it (by equality).
  const std::string prefix = SubtreePrefix(ctx.scope);
  store::Params params{prefix, PrefixEnd(prefix)};
  std::string above = "''";
  for (std::string c = ParentCode(ctx.scope); !c.empty(); c = ParentCode(c)) {
    above += ", ?";
    params.emplace_back(c);
  }
  params.emplace_back(after_id);
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id, name, kind, region_code, created_at FROM checkpoints WHERE ((region_code >= ? "
      "AND region_code < ?) OR region_code IN (" +
          above + ")) AND id > ? ORDER BY id LIMIT ?",
      params);
  if (!rows) return rows.error();
  Page<Checkpoint> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)});
  }
  return page;
}

Result<Page<Passage>> CheckpointService::Passages(const AccessContext& ctx, int64_t checkpoint_id,
                                                  int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "checkpoint " + std::to_string(checkpoint_id) + " not found";
  auto cp =
      tx->QueryOne("SELECT region_code FROM checkpoints WHERE id = ?", {checkpoint_id}, missing);
  if (!cp) return cp.error();
  if (!MayUseCheckpoint(ctx, cp->Text(0))) return Error{ErrorCode::kNotFound, missing};
  auto rows =
      tx->Query(std::string(kPassageColumns) +
                    "WHERE checkpoint_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                {checkpoint_id, after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  Page<Passage> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(PassageOf(r, clear));
  }
  if (Status s = AppendAudit(
          *tx, ctx, clock_(), "read", "checkpoint_passages", std::to_string(checkpoint_id),
          std::to_string(page.items.size()) + (clear ? " unmasked" : " masked"), cp->Text(0));
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<Page<CheckpointAlert>> CheckpointService::Alerts(const AccessContext& ctx, bool open_only,
                                                        int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckLimit(limit); !s) return s.error();
  const std::string prefix = SubtreePrefix(ctx.scope);
  store::Params params{prefix, PrefixEnd(prefix), prefix, PrefixEnd(prefix)};
  std::string above = "''";
  for (std::string c = ctx.scope; !c.empty(); c = ParentCode(c)) {
    above += ", ?";
    params.emplace_back(c);
  }
  params.emplace_back(int64_t{open_only});
  params.emplace_back(after_id);
  params.emplace_back(after_id);
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kAlertColumns) +
                            "WHERE ((grid_code >= ? AND grid_code < ?) OR (checkpoint_region >= ? "
                            "AND checkpoint_region < ?) OR checkpoint_region IN (" +
                            above +
                            ")) AND (? = 0 OR acknowledged_at IS NULL) AND (? = 0 OR id < ?) "
                            "ORDER BY id DESC LIMIT ?",
                        params);
  if (!rows) return rows.error();
  Page<CheckpointAlert> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(AlertOf(r));
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "checkpoint_alerts",
                             std::to_string(page.items.size()) + " alerts", "", ctx.scope);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<CheckpointAlert> CheckpointService::Acknowledge(const AccessContext& ctx, int64_t alert_id) {
  if (Status s = Require(ctx, Permission::kRecordVisits); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "alert " + std::to_string(alert_id) + " not found";
  auto row = tx->QueryOne(std::string(kAlertColumns) + "WHERE id = ?", {alert_id}, missing);
  if (!row) return row.error();
  CheckpointAlert a = AlertOf(*row);
  if (!AlertInScope(ctx, a)) return Error{ErrorCode::kNotFound, missing};
  const Error done{ErrorCode::kConflict,
                   "alert " + std::to_string(alert_id) + " is already acknowledged"};
  if (a.acknowledged_at) return done;
  const int64_t now = clock_();
  auto up = tx->Exec(
      "UPDATE checkpoint_alerts SET acknowledged_at = ?, acknowledged_by = ? "
      "WHERE id = ? AND acknowledged_at IS NULL",
      {now, ctx.user_id, alert_id});
  if (!up) return up.error();
  if (*up != 1) return done;
  a.acknowledged_at = now;
  a.acknowledged_by = ctx.user_id;
  if (Status s = AppendAudit(*tx, ctx, now, "acknowledge", "checkpoint_alert",
                             std::to_string(alert_id), "", a.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return a;
}

}  // namespace fk::ops
