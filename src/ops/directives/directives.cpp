#include "ops/directives/directives.hpp"

#include <array>

#include "ops/audit/audit.hpp"

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 5> kMeasures = {
    "closed_management", "door_to_door_screening", "publish_notice", "correction", "other"};
constexpr std::array<std::string_view, 5> kStates = {"received", "acknowledged", "completed",
                                                     "completed_late", "overdue"};

// The columns a unit is read with; Unit() turns a row of them into a value.
constexpr const char* kUnitColumns =
    "u.code, r.name, u.level, u.acknowledged_at, u.acknowledged_by, u.completed_at, "
    "u.completed_by, u.note, u.evidence_count, u.campaign_id, u.notice_id";

std::optional<int64_t> IntOrNone(const store::Row& r, int i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

UnitState StateAt(const std::optional<int64_t>& acknowledged,
                  const std::optional<int64_t>& completed, int64_t deadline, int64_t now) {
  if (completed) return *completed <= deadline ? UnitState::kCompleted : UnitState::kCompletedLate;
  if (now >= deadline) return UnitState::kOverdue;
  return acknowledged ? UnitState::kAcknowledged : UnitState::kReceived;
}

DirectiveUnit Unit(const store::Row& r, int64_t deadline, int64_t now, const std::string& top) {
  DirectiveUnit u;
  u.code = r.Text(0);
  u.name = r.Text(1);
  u.level = static_cast<RegionLevel>(r.Int(2));
  u.acknowledged_at = IntOrNone(r, 3);
  u.acknowledged_by = IntOrNone(r, 4);
  u.completed_at = IntOrNone(r, 5);
  u.completed_by = IntOrNone(r, 6);
  if (!r.IsNull(7)) u.note = r.Text(7);
  u.count = IntOrNone(r, 8);
  u.campaign_id = IntOrNone(r, 9);
  u.notice_id = IntOrNone(r, 10);
  u.state = StateAt(u.acknowledged_at, u.completed_at, deadline, now);
  if (u.state == UnitState::kOverdue && u.code != top) u.escalated_to = ParentCode(u.code);
  return u;
}

// The SQL condition selecting units in `state` at `now`, its values appended.
std::string StateCondition(UnitState state, int64_t deadline, int64_t now, store::Params& params) {
  switch (state) {
    case UnitState::kCompleted:
      params.emplace_back(deadline);
      return "u.completed_at <= ?";
    case UnitState::kCompletedLate:
      params.emplace_back(deadline);
      return "u.completed_at > ?";
    case UnitState::kOverdue:
      return now >= deadline ? "u.completed_at IS NULL" : "1 = 0";
    case UnitState::kAcknowledged:
      return now < deadline ? "u.completed_at IS NULL AND u.acknowledged_at IS NOT NULL" : "1 = 0";
    case UnitState::kReceived:
      return now < deadline ? "u.completed_at IS NULL AND u.acknowledged_at IS NULL" : "1 = 0";
  }
  return "1 = 0";
}

std::string NotFoundText(int64_t id) { return "directive " + std::to_string(id) + " not found"; }

Result<Directive> LoadDirective(store::Transaction& tx, int64_t id) {
  auto row = tx.QueryOne(
      "SELECT id, title, body, measure, region_code, deadline, issued_at, issued_by, "
      "issuer_scope, units FROM directives WHERE id = ?",
      {id}, NotFoundText(id));
  if (!row) return row.error();
  Directive d{row->Int(0), row->Text(1), row->Text(2), Measure::kOther, row->Text(4),
              row->Int(5), row->Int(6),  row->Int(7),  row->Text(8),    row->Int(9)};
  d.measure = ParseMeasure(row->Text(3)).value_or(Measure::kOther);
  return d;
}

// Whether the caller sees the directive: its region and their scope overlap.
bool Sees(const AccessContext& ctx, const Directive& d) {
  return InScope(ctx, d.region_code) || InScope(d.region_code, ctx.scope);
}

// The directive, or kNotFound when missing or out of sight (the same answer).
Result<Directive> VisibleDirective(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  auto d = LoadDirective(tx, id);
  if (!d) return d;
  if (!Sees(ctx, *d)) return Error{ErrorCode::kNotFound, NotFoundText(id)};
  return d;
}

Result<DirectiveUnit> LoadUnit(store::Transaction& tx, const Directive& d, const std::string& code,
                               int64_t now) {
  auto level = LevelOfCode(code);
  if (!level) return level.error();
  auto row = tx.QueryOne(std::string("SELECT ") + kUnitColumns +
                             " FROM directive_units u JOIN regions r ON r.code = u.code "
                             "WHERE u.directive_id = ? AND u.level = ? AND u.code = ?",
                         {d.id, static_cast<int64_t>(*level), code},
                         "region " + code + " is not a unit of directive " + std::to_string(d.id));
  if (!row) return row.error();
  return Unit(*row, d.deadline, now, d.region_code);
}

// The unit the caller acts for: their own scope, in the directive.
Result<std::pair<Directive, DirectiveUnit>> OwnUnit(store::Transaction& tx,
                                                    const AccessContext& ctx, int64_t id,
                                                    const std::string& code, int64_t now) {
  if (Status s = Require(ctx, Permission::kReportToCommand); !s) return s.error();
  auto d = VisibleDirective(tx, ctx, id);
  if (!d) return d.error();
  if (code != ctx.scope) {
    return Error{ErrorCode::kPermissionDenied,
                 "you report for your own unit " + ctx.scope + " only, not " + code};
  }
  auto unit = LoadUnit(tx, *d, code, now);
  if (!unit) return unit.error();
  return std::pair{std::move(*d), std::move(*unit)};
}

// Ok when `table` holds row `id` with a region over or under `code`; a row
// out of the unit's sight answers as a missing one (kInvalidArgument naming
// `field`: "campaign_id: no campaign 7 over or under 420102001001").
Status CheckEvidence(store::Transaction& tx, const char* table, const char* field, const char* what,
                     int64_t id, const std::string& code) {
  auto row = tx.Query(std::string("SELECT region_code FROM ") + table + " WHERE id = ?", {id});
  if (!row) return row.error();
  if (row->empty() || (!InScope(code, row->at(0).Text(0)) && !InScope(row->at(0).Text(0), code))) {
    return InvalidArgument(std::string(field) + ": no " + what + " " + std::to_string(id) +
                           " over or under " + code);
  }
  return Status::Ok();
}

}  // namespace

std::string_view MeasureName(Measure measure) { return kMeasures[static_cast<int>(measure)]; }

std::optional<Measure> ParseMeasure(std::string_view name) {
  for (size_t i = 0; i < kMeasures.size(); ++i)
    if (kMeasures[i] == name) return static_cast<Measure>(i);
  return std::nullopt;
}

std::string_view UnitStateName(UnitState state) { return kStates[static_cast<int>(state)]; }

std::optional<UnitState> ParseUnitState(std::string_view name) {
  for (size_t i = 0; i < kStates.size(); ++i)
    if (kStates[i] == name) return static_cast<UnitState>(i);
  return std::nullopt;
}

DirectiveService::DirectiveService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Status CheckDeadline(int64_t deadline, int64_t now) {
  if (deadline <= now) return InvalidArgument("deadline: must be in the future");
  if (deadline > now + kMaxDirectiveSeconds)
    return InvalidArgument("deadline: must be within a year of the issue");
  return Status::Ok();
}

Result<Directive> IssueDirective(store::Transaction& tx, const AccessContext& ctx,
                                 const DirectiveInput& in, int64_t now) {
  if (in.title.empty() || in.title.size() > kMaxDirectiveTitle)
    return InvalidArgument("title: must be 1 to " + std::to_string(kMaxDirectiveTitle) + " bytes");
  if (in.text.empty() || in.text.size() > kMaxDirectiveText)
    return InvalidArgument("text: must be 1 to " + std::to_string(kMaxDirectiveText) + " bytes");
  if (!LevelOfCode(in.region_code))
    return InvalidArgument("region_code: " + in.region_code + " is not a region code");
  if (Status s = CheckDeadline(in.deadline, now); !s) return s.error();
  if (Status s = Require(ctx, Permission::kIssueDirectives, in.region_code); !s) return s.error();
  auto region = tx.Query("SELECT 1 FROM regions WHERE code = ?", {in.region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + in.region_code + " does not exist");
  const std::string prefix = SubtreePrefix(in.region_code);
  auto row = tx.QueryOne(
      "INSERT INTO directives (title, body, measure, region_code, deadline, issued_at, issued_by, "
      "issuer_scope, units) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "(SELECT COUNT(*) FROM regions WHERE code >= ? AND code < ?)) RETURNING id",
      {in.title, in.text, std::string(MeasureName(in.measure)), in.region_code, in.deadline, now,
       ctx.user_id, ctx.scope, prefix, PrefixEnd(prefix)});
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  // One row a region, in a single statement; the issuer's own unit is
  // acknowledged by the issue.
  auto units = tx.Exec(
      "INSERT INTO directive_units (directive_id, level, code, acknowledged_at, acknowledged_by) "
      "SELECT ?, level, code, CASE WHEN code = ? THEN CAST(? AS BIGINT) END, "
      "CASE WHEN code = ? THEN CAST(? AS BIGINT) END "
      "FROM regions WHERE code >= ? AND code < ?",
      {id, ctx.scope, now, ctx.scope, ctx.user_id, prefix, PrefixEnd(prefix)});
  if (!units) return units.error();
  if (Status s = AppendAudit(tx, ctx, now, "create", "directive", std::to_string(id),
                             std::to_string(*units) + " units", in.region_code);
      !s)
    return s.error();
  return LoadDirective(tx, id);
}

Result<Directive> DirectiveService::Issue(const AccessContext& ctx, const DirectiveInput& in) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto d = IssueDirective(*tx, ctx, in, clock_());
  if (!d) return d;
  if (Status s = tx->Commit(); !s) return s.error();
  (void)db_.RefreshStatistics({"directive_units"});
  return d;
}

Result<DirectiveView> DirectiveService::View(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kReportToCommand); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto d = VisibleDirective(*tx, ctx, id);
  if (!d) return d.error();
  const int64_t now = clock_();
  DirectiveView view{*d, InScope(ctx, d->region_code) ? d->region_code : ctx.scope, {}, {}};
  const std::string prefix = SubtreePrefix(view.root);
  // One pass over the units in sight (the primary key's range for the
  // directive), counted per level.
  auto rows = tx->Query(
      "SELECT level, COUNT(*), COUNT(acknowledged_at), "
      "SUM(CASE WHEN completed_at <= ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN completed_at > ? THEN 1 ELSE 0 END), COUNT(completed_at) "
      "FROM directive_units WHERE directive_id = ? AND code >= ? AND code < ? "
      "GROUP BY level ORDER BY level",
      {d->deadline, d->deadline, id, prefix, PrefixEnd(prefix)});
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    LevelProgress p{static_cast<RegionLevel>(r.Int(0)), r.Int(1), r.Int(2), r.Int(3), r.Int(4)};
    if (now >= d->deadline) p.overdue = p.units - r.Int(5);
    view.levels.push_back(p);
  }
  auto mine = LoadUnit(*tx, *d, ctx.scope, now);
  if (mine) view.mine = std::move(*mine);
  return view;
}

Result<Page<DirectiveSummary>> DirectiveService::List(const AccessContext& ctx, int64_t after_id,
                                                      int limit) {
  if (Status s = Require(ctx, Permission::kReportToCommand); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  // Directives over the caller's subtree or over a region holding it (one
  // of their scope's ancestors, at most five).
  store::Params params{after_id, after_id, prefix, PrefixEnd(prefix)};
  std::string sql =
      "SELECT id FROM directives WHERE (? = 0 OR id < ?) AND "
      "((region_code >= ? AND region_code < ?)";
  for (std::string up = ParentCode(ctx.scope); !up.empty(); up = ParentCode(up)) {
    sql += " OR region_code = ?";
    params.emplace_back(up);
  }
  sql += ") ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto ids = tx->Query(sql, params);
  if (!ids) return ids.error();
  const int64_t now = clock_();
  auto level = LevelOfCode(ctx.scope);
  Page<DirectiveSummary> page;
  for (const auto& r : *ids) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().directive.id;
      break;
    }
    auto d = LoadDirective(*tx, r.Int(0));
    if (!d) return d.error();
    DirectiveSummary item{std::move(*d), {}, 0};
    if (level) {
      auto mine = LoadUnit(*tx, item.directive, ctx.scope, now);
      if (mine) {
        item.my_state = mine->state;
        if (now >= item.directive.deadline && *level < RegionLevel::kGrid) {
          auto below = tx->QueryOne(
              "SELECT COUNT(*) FROM directive_units WHERE directive_id = ? AND level = ? "
              "AND code >= ? AND code < ? AND completed_at IS NULL",
              {item.directive.id, static_cast<int64_t>(*level) + 1, prefix, PrefixEnd(prefix)});
          if (!below) return below.error();
          item.overdue_below = below->Int(0);
        }
      }
    }
    page.items.push_back(std::move(item));
  }
  return page;
}

Result<UnitPage> DirectiveService::Units(const AccessContext& ctx, int64_t id, std::string within,
                                         std::optional<RegionLevel> level,
                                         std::optional<UnitState> state,
                                         const std::string& after_code, int limit) {
  if (Status s = Require(ctx, Permission::kReportToCommand); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  if (!after_code.empty() && !LevelOfCode(after_code))
    return InvalidArgument("after: " + after_code + " is not a region code");
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto d = VisibleDirective(*tx, ctx, id);
  if (!d) return d.error();
  const std::string root = InScope(ctx, d->region_code) ? d->region_code : ctx.scope;
  if (within.empty()) within = root;
  auto within_level = LevelOfCode(within);
  if (!within_level) return InvalidArgument("within: " + within + " is not a region code");
  if (!InScope(root, within)) {
    return Error{ErrorCode::kPermissionDenied, "region " + within +
                                                   " is outside your view of directive " +
                                                   std::to_string(id) + " (" + root + ")"};
  }
  if (!level)
    level = std::min(RegionLevel::kGrid, RegionLevel(static_cast<int>(*within_level) + 1));
  const int64_t now = clock_();
  const std::string prefix = SubtreePrefix(within);
  store::Params params{id, static_cast<int64_t>(*level), prefix, after_code, PrefixEnd(prefix)};
  std::string sql = std::string("SELECT ") + kUnitColumns +
                    " FROM directive_units u JOIN regions r ON r.code = u.code "
                    "WHERE u.directive_id = ? AND u.level = ? AND u.code >= ? AND u.code > ? "
                    "AND u.code < ?";
  if (state) sql += " AND " + StateCondition(*state, d->deadline, now, params);
  sql += " ORDER BY u.code LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  UnitPage page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_after = page.items.back().code;
      break;
    }
    page.items.push_back(Unit(r, d->deadline, now, d->region_code));
  }
  return page;
}

Result<DirectiveUnit> DirectiveService::Acknowledge(const AccessContext& ctx, int64_t id,
                                                    const std::string& code) {
  const int64_t now = clock_();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto own = OwnUnit(*tx, ctx, id, code, now);
  if (!own) return own.error();
  auto& [d, unit] = *own;
  if (unit.acknowledged_at) return unit;
  auto up = tx->Exec(
      "UPDATE directive_units SET acknowledged_at = ?, acknowledged_by = ? "
      "WHERE directive_id = ? AND level = ? AND code = ? AND acknowledged_at IS NULL",
      {now, ctx.user_id, id, static_cast<int64_t>(unit.level), code});
  if (!up) return up.error();
  if (Status s =
          AppendAudit(*tx, ctx, now, "acknowledge", "directive", std::to_string(id), code, code);
      !s)
    return s.error();
  auto after = LoadUnit(*tx, d, code, now);
  if (!after) return after;
  if (Status s = tx->Commit(); !s) return s.error();
  return after;
}

Result<DirectiveUnit> DirectiveService::Complete(const AccessContext& ctx, int64_t id,
                                                 const std::string& code,
                                                 const CompletionInput& evidence) {
  if (evidence.note.empty() || evidence.note.size() > kMaxEvidenceNote) {
    return InvalidArgument("note: must be 1 to " + std::to_string(kMaxEvidenceNote) +
                           " bytes (what was done)");
  }
  if (evidence.count && (*evidence.count < 0 || *evidence.count > 1'000'000'000))
    return InvalidArgument("count: must be 0 to 1000000000");
  const int64_t now = clock_();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto own = OwnUnit(*tx, ctx, id, code, now);
  if (!own) return own.error();
  auto& [d, unit] = *own;
  if (unit.completed_at) {
    return Error{
        ErrorCode::kConflict,
        "unit " + code + " already reported completion of directive " + std::to_string(id)};
  }
  if (evidence.campaign_id) {
    if (Status s =
            CheckEvidence(*tx, "campaigns", "campaign_id", "campaign", *evidence.campaign_id, code);
        !s)
      return s.error();
  }
  if (evidence.notice_id) {
    if (Status s = CheckEvidence(*tx, "notices", "notice_id", "notice", *evidence.notice_id, code);
        !s)
      return s.error();
  }
  if (unit.level < RegionLevel::kGrid) {
    const std::string prefix = SubtreePrefix(code);
    auto open = tx->QueryOne(
        "SELECT COUNT(*), MIN(code) FROM directive_units WHERE directive_id = ? AND level = ? "
        "AND code >= ? AND code < ? AND completed_at IS NULL",
        {id, static_cast<int64_t>(unit.level) + 1, prefix, PrefixEnd(prefix)});
    if (!open) return open.error();
    if (open->Int(0) > 0) {
      return Error{ErrorCode::kConflict, std::to_string(open->Int(0)) + " units below " + code +
                                             " have not completed (first: " + open->Text(1) +
                                             "); a unit completes after its children"};
    }
  }
  auto up = tx->Exec(
      "UPDATE directive_units SET acknowledged_at = COALESCE(acknowledged_at, ?), "
      "acknowledged_by = COALESCE(acknowledged_by, ?), completed_at = ?, completed_by = ?, "
      "note = ?, evidence_count = ?, campaign_id = ?, notice_id = ? "
      "WHERE directive_id = ? AND level = ? AND code = ? AND completed_at IS NULL",
      {now, ctx.user_id, now, ctx.user_id, evidence.note, store::OrNull(evidence.count),
       store::OrNull(evidence.campaign_id), store::OrNull(evidence.notice_id), id,
       static_cast<int64_t>(unit.level), code});
  if (!up) return up.error();
  if (*up != 1)
    return Error{ErrorCode::kConflict, "unit " + code + " changed meanwhile; try again"};
  if (Status s =
          AppendAudit(*tx, ctx, now, "complete", "directive", std::to_string(id), code, code);
      !s)
    return s.error();
  auto after = LoadUnit(*tx, d, code, now);
  if (!after) return after;
  if (Status s = tx->Commit(); !s) return s.error();
  return after;
}

}  // namespace fk::ops
