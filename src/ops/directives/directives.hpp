// Directives down the region tree (上下协同): the command centre, or an
// officer for their own subtree, orders a measure over a region subtree with
// a deadline; every region of the subtree down to the grids is a unit that
// receives it, acknowledges it and reports completion with evidence. A unit
// may report completion only when every unit directly below it has (so
// completion rolls up from the grids). A unit still open at the deadline is
// overdue: it is escalated to the level above, which sees it in its view and
// in its count of overdue units below it. Escalation is a function of the
// deadline and the injected clock, not a stored event, so it happens at the
// deadline exactly, with no timer.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// What a directive orders. "correction" is what a supervision finding asks for.
enum class Measure { kClosedManagement, kDoorToDoorScreening, kPublishNotice, kCorrection, kOther };
std::string_view MeasureName(Measure measure);  // "closed_management", ...
std::optional<Measure> ParseMeasure(std::string_view name);

// Limits of a directive's text, in bytes.
constexpr std::size_t kMaxDirectiveTitle = 200;
constexpr std::size_t kMaxDirectiveText = 4000;
constexpr std::size_t kMaxEvidenceNote = 2000;
// A deadline lies at most this far after the issue (a year).
constexpr int64_t kMaxDirectiveSeconds = 366 * 86400;

struct DirectiveInput {
  std::string title;
  std::string text;
  Measure measure = Measure::kOther;
  std::string region_code;
  int64_t deadline = 0;  // unix seconds
};

struct Directive {
  int64_t id = 0;
  std::string title, text;
  Measure measure = Measure::kOther;
  std::string region_code;
  int64_t deadline = 0, issued_at = 0, issued_by = 0;
  std::string issuer_scope;
  int64_t units = 0;  // regions that received it
};

// A unit's state at a moment: received, acknowledged, completed (at or
// before the deadline), completed_late, or overdue (open at or after the
// deadline: escalated to the level above).
enum class UnitState { kReceived, kAcknowledged, kCompleted, kCompletedLate, kOverdue };
std::string_view UnitStateName(UnitState state);
std::optional<UnitState> ParseUnitState(std::string_view name);

struct DirectiveUnit {
  std::string code;
  std::string name;  // the region's name
  RegionLevel level = RegionLevel::kGrid;
  UnitState state = UnitState::kReceived;
  std::optional<int64_t> acknowledged_at, acknowledged_by;
  std::optional<int64_t> completed_at, completed_by;
  std::string note;                    // the completion's evidence
  std::optional<int64_t> count;        // e.g. households covered
  std::optional<int64_t> campaign_id;  // the screening campaign it produced
  std::optional<int64_t> notice_id;    // the notice to residents it produced
  std::string escalated_to;            // overdue: the parent's code ("" for the top unit)
};

// Counts of one level of a directive's view.
struct LevelProgress {
  RegionLevel level = RegionLevel::kGrid;
  int64_t units = 0, acknowledged = 0, completed = 0, completed_late = 0, overdue = 0;
};

struct DirectiveView {
  Directive directive;
  std::string root;  // the top of what the caller sees: the region, or their scope inside it
  std::vector<LevelProgress> levels;  // from the root's level down to grids
  std::optional<DirectiveUnit> mine;  // the caller's own unit, when their scope is one
};

// An item of the caller's list: the directive and, when the caller's scope
// is one of its units, that unit's state and how many units directly below
// it are overdue (escalated to the caller).
struct DirectiveSummary {
  Directive directive;
  std::optional<UnitState> my_state;
  int64_t overdue_below = 0;
};

// A page of units in code order; next_after is the last code when more follow.
struct UnitPage {
  std::vector<DirectiveUnit> items;
  std::string next_after;
};

struct CompletionInput {
  std::string note;                    // required, 1..kMaxEvidenceNote bytes
  std::optional<int64_t> count;        // 0..1,000,000,000
  std::optional<int64_t> campaign_id;  // a campaign over or under the unit
  std::optional<int64_t> notice_id;    // a notice published over or under the unit
};

// Ok when `deadline` lies after `now` and at most kMaxDirectiveSeconds after
// it; else kInvalidArgument naming "deadline".
Status CheckDeadline(int64_t deadline, int64_t now);

// Issue's work inside the caller's transaction at `now`, its checks
// included (the same errors): for a caller that issues several directives
// in one transaction, all or none (ops/supervision's corrections). The
// caller commits, then may refresh the statistics of directive_units.
Result<Directive> IssueDirective(store::Transaction& tx, const AccessContext& ctx,
                                 const DirectiveInput& input, int64_t now);

class DirectiveService {
 public:
  DirectiveService(store::Database& db, Clock clock = SystemClock());

  // Needs kIssueDirectives with `region_code` in scope. Creates a unit for
  // the region and every region below it, in one statement; when the region
  // is the issuer's own scope, that unit is acknowledged by the issue.
  // kInvalidArgument naming the field for an empty or long title or text, a
  // missing region, a deadline not in the future or more than a year away.
  // Audited (create, directive).
  Result<Directive> Issue(const AccessContext& ctx, const DirectiveInput& input);
  // The directive with per-level counts of what the caller sees (their scope
  // inside the region, or the whole region when their scope holds it).
  // Needs kReportToCommand; kNotFound when the region and the caller's scope
  // do not overlap (as for a missing id).
  Result<DirectiveView> View(const AccessContext& ctx, int64_t id);
  // Directives whose region overlaps the caller's scope, newest first;
  // `after_id` is the last id of the previous page. Needs kReportToCommand.
  Result<Page<DirectiveSummary>> List(const AccessContext& ctx, int64_t after_id, int limit);
  // Units of the directive within `within` (default: the view's root) at
  // `level` (default: the level below `within`, or grids under a grid), in
  // code order, optionally only those in `state`. `after_code` is the last
  // code of the previous page ("" for the first). The caller must see the
  // directive and `within` must be in their scope.
  Result<UnitPage> Units(const AccessContext& ctx, int64_t id, std::string within,
                         std::optional<RegionLevel> level, std::optional<UnitState> state,
                         const std::string& after_code, int limit);
  // The caller acts for their own unit only: `code` must be their scope
  // (kPermissionDenied otherwise) and needs kReportToCommand. Acknowledging
  // twice answers the unit as it is. Audited (acknowledge, directive).
  Result<DirectiveUnit> Acknowledge(const AccessContext& ctx, int64_t id, const std::string& code);
  // Completion with evidence; acknowledges too. A campaign or a notice
  // named as evidence must lie over or under the unit, else kInvalidArgument
  // naming the field, the same text as for a missing one. kConflict when
  // already completed or when units directly below have not completed (the
  // message counts them and names the first). Audited (complete, directive).
  Result<DirectiveUnit> Complete(const AccessContext& ctx, int64_t id, const std::string& code,
                                 const CompletionInput& evidence);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
