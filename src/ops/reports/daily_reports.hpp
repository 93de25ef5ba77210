// Daily reports (日报) up the region tree: each grid's own worker submits one
// report a day (people screened and flagged that day, people in quarantine,
// problems, needs), its figures pre-filled from what the system already
// holds (screening visits, quarantine orders, the supplies of the depots
// serving the grid); every level above sees its children's reports rolled
// up with the supply warnings of its depots, and a grid that has not
// reported by the set hour of the day is missing. Days are UTC calendar
// days, as screening's visit days and quarantine's days are.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// Text limits of a report, in bytes, and the largest figure.
constexpr std::size_t kMaxReportText = 2000;
constexpr int64_t kMaxReportFigure = 1'000'000;

struct DailyReportOptions {
  // The hour (UTC, 0..23) of the report's day from which a grid without a
  // report is missing; 10 UTC is 18:00 Beijing time.
  int missing_hour_utc = 10;
  // A depot's item is short when fewer than this many days of supply are
  // left at its last week's use, or none at all (ops/supplies: the supplies
  // page's default).
  int supply_warn_days = 7;
};

// The figures the system holds for a grid's day (the pre-filled part).
struct ReportFigures {
  int64_t screened = 0;     // people visited in screening that day
  int64_t flagged = 0;      // of them, people with findings (new findings)
  int64_t quarantined = 0;  // people of the grid under a quarantine order that day
};

// An item short at a depot serving a grid (the grid's own, or its
// community's): fewer than supply_warn_days left, or out.
struct SupplyShortage {
  int64_t depot_id = 0;
  std::string depot_name, region_code, item;
  int64_t quantity = 0;
  std::optional<double> days_left;  // none without use in the last week
  std::string status;               // "warning" or "out"
};

// What the system holds for a grid's day: the figures, and the supplies
// short at the depots serving it (to pre-fill the needs).
struct ReportDraft {
  ReportFigures figures;
  std::vector<SupplyShortage> supplies;  // by depot id, then item order
};

struct DailyReportInput {
  std::string day;  // YYYY-MM-DD: today or yesterday at the service's clock
  std::string grid_code;
  ReportFigures figures;  // as the worker confirms them (0..kMaxReportFigure)
  std::string problems, needs;
  // True: figures.quarantined is replaced by the system's count of the day
  // (the API's answer to a report that leaves the figure out).
  bool quarantined_from_data = false;
};

struct DailyReport {
  std::string day, grid_code;
  ReportFigures figures;
  std::string problems, needs;
  int64_t submitted_at = 0, submitted_by = 0;
};

// One region's roll-up for a day: its grids, how many reported, how many
// are missing (0 before the hour), and the sums of the submitted figures;
// and, read from the supplies at the time of the request (not summed from
// the grids, whose community depot they share), the depots in the region's
// subtree and their items short (depot-item lines, as SupplyShortage).
struct ReportRollup {
  std::string code;
  RegionLevel level = RegionLevel::kGrid;
  int64_t grids = 0, submitted = 0, missing = 0;
  ReportFigures figures;
  int64_t supply_depots = 0, supply_short = 0;
};

// A page of reports in grid code order; next_after is the last grid when more follow.
struct ReportPage {
  std::vector<DailyReport> items;
  std::string next_after;
};

struct RollupView {
  std::string day;
  bool past_missing_hour = false;
  ReportRollup total;                  // the region itself
  std::vector<ReportRollup> children;  // its direct children, in code order
};

class DailyReportService {
 public:
  DailyReportService(store::Database& db, Clock clock = SystemClock(),
                     DailyReportOptions options = {});

  // The pre-filled figures of the caller's grid for `day`: screened and
  // flagged from the day's screening visits, quarantined from the orders
  // running that day for residents of the grid, and the items short at the
  // depots of the grid and of its community now (needs kReportToCommand;
  // the grid must be the caller's scope).
  Result<ReportDraft> Draft(const AccessContext& ctx, const std::string& grid_code,
                            const std::string& day);
  // Submits (or corrects) the grid's report of the day. The caller's scope
  // must be the grid. kInvalidArgument naming the field for a day that is
  // not today or yesterday, a figure out of range, a text too long. Audited
  // (create or update, daily_report).
  Result<DailyReport> Submit(const AccessContext& ctx, const DailyReportInput& input);
  // The roll-up of `region` (in the caller's scope) for `day`: the region
  // and its children. Needs kReportToCommand.
  Result<RollupView> Rollup(const AccessContext& ctx, const std::string& region,
                            const std::string& day);
  // Every level under `region` (itself included) down to grids, in code
  // order, with the grids' problems and needs, as CSV (fields through
  // CsvField: no spreadsheet formula survives). Audited (export).
  Result<std::string> RollupCsv(const AccessContext& ctx, const std::string& region,
                                const std::string& day);
  // The submitted reports of the grids under `region` for `day`, in grid
  // code order, after `after_grid` ("" for the first page).
  Result<ReportPage> Reports(const AccessContext& ctx, const std::string& region,
                             const std::string& day, const std::string& after_grid, int limit);

 private:
  store::Database& db_;
  Clock clock_;
  DailyReportOptions options_;
};

}  // namespace fk::ops
