#include "ops/reports/daily_reports.hpp"

#include <map>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/csv.hpp"
#include "ops/supplies/days_left.hpp"

namespace fk::ops {
namespace {

// Days since 1970-01-01 of a YYYY-MM-DD day, or kInvalidArgument naming `field`.
Result<int64_t> DayNumber(const std::string& day, const std::string& field) {
  auto date = ParseDate(day);
  if (!date) return InvalidArgument(field + ": " + day + " is not a YYYY-MM-DD date");
  return static_cast<int64_t>(DaysFromCivil(*date));
}

// The code of the region at `level` that holds `grid`.
std::string AncestorAt(const std::string& grid, RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return grid.substr(0, 2) + "0000";
    case RegionLevel::kCity:
      return grid.substr(0, 4) + "00";
    case RegionLevel::kDistrict:
      return grid.substr(0, 6);
    case RegionLevel::kStreet:
      return grid.substr(0, 9);
    case RegionLevel::kCommunity:
      return grid.substr(0, 12);
    case RegionLevel::kGrid:
      break;
  }
  return grid;
}

Status CheckText(const std::string& text, const std::string& field) {
  if (text.size() > kMaxReportText)
    return InvalidArgument(field + ": at most " + std::to_string(kMaxReportText) + " bytes");
  return Status::Ok();
}

Status CheckFigure(int64_t value, const std::string& field) {
  if (value < 0 || value > kMaxReportFigure)
    return InvalidArgument(field + ": must be 0 to " + std::to_string(kMaxReportFigure));
  return Status::Ok();
}

// The caller reports for their own grid only.
Status OwnGrid(const AccessContext& ctx, const std::string& grid) {
  if (Status s = Require(ctx, Permission::kReportToCommand); !s) return s;
  auto level = LevelOfCode(grid);
  if (!level || *level != RegionLevel::kGrid)
    return InvalidArgument("grid_code: " + grid + " is not a grid code");
  if (grid != ctx.scope) {
    return Error{ErrorCode::kPermissionDenied,
                 "a grid's daily report is its own worker's: your scope is " + ctx.scope};
  }
  return Status::Ok();
}

// Per grid of the subtree: whether it reported and its figures.
struct GridDay {
  std::string code;
  bool submitted = false;
  ReportFigures figures;
};

// Two range reads merged in code order: the subtree's grids, and the day's
// reports in it (a join probing the reports once per grid was ten times
// slower on SQLite for a city of 14,040 grids; bench/README.md).
Result<std::vector<GridDay>> GridsOf(store::Transaction& tx, const std::string& region,
                                     const std::string& day) {
  const std::string prefix = SubtreePrefix(region);
  const std::string end = PrefixEnd(prefix);
  auto grids =
      tx.Query("SELECT code FROM regions WHERE code >= ? AND code < ? AND level = ? ORDER BY code",
               {prefix, end, static_cast<int64_t>(RegionLevel::kGrid)});
  if (!grids) return grids.error();
  auto reports = tx.Query(
      "SELECT grid_code, screened, flagged, quarantined FROM daily_reports "
      "WHERE day = ? AND grid_code >= ? AND grid_code < ? ORDER BY grid_code",
      {day, prefix, end});
  if (!reports) return reports.error();
  std::vector<GridDay> out;
  out.reserve(grids->size());
  size_t k = 0;
  for (const auto& g : *grids) {
    GridDay day_of{g.Text(0), false, {}};
    while (k < reports->size() && (*reports)[k].Text(0) < day_of.code) ++k;
    if (k < reports->size() && (*reports)[k].Text(0) == day_of.code) {
      day_of.submitted = true;
      day_of.figures = {(*reports)[k].Int(1), (*reports)[k].Int(2), (*reports)[k].Int(3)};
    }
    out.push_back(std::move(day_of));
  }
  return out;
}

void Add(ReportRollup& to, const GridDay& g, bool past_hour) {
  ++to.grids;
  if (g.submitted) {
    ++to.submitted;
    to.figures.screened += g.figures.screened;
    to.figures.flagged += g.figures.flagged;
    to.figures.quarantined += g.figures.quarantined;
  } else if (past_hour) {
    ++to.missing;
  }
}

// People of `grid` under a quarantine order on day `number` (days since
// 1970): started by then and not ended before it (an order past its end
// day stays running until released: ops/quarantine).
Result<int64_t> QuarantinedOn(store::Transaction& tx, const std::string& grid, int64_t number) {
  auto row = tx.QueryOne(
      "SELECT COUNT(*) FROM quarantine_orders WHERE grid_code = ? AND start_day <= ? AND "
      "(ended_day IS NULL OR ended_day > ?)",
      {grid, number, number});
  if (!row) return row.error();
  return row->Int(0);
}

// Adds each depot's short items under `region` to the roll-ups of its
// regions from `top` down to the depot's own level (`rows` by code).
Status AddSupplies(store::Transaction& tx, const std::string& region, RegionLevel top,
                   int warn_days, int64_t now, std::map<std::string, ReportRollup>& rows) {
  auto report = ReadDaysLeft(tx, region, warn_days, now);
  if (!report) return report.error();
  for (const auto& depot : report->depots) {
    auto depot_level = LevelOfCode(depot.region_code);
    if (!depot_level) continue;
    int64_t short_lines = 0;
    for (const auto& line : depot.items) short_lines += line.status != "ok";
    for (int l = static_cast<int>(top); l <= static_cast<int>(*depot_level); ++l) {
      const auto at = static_cast<RegionLevel>(l);
      auto it = rows.find(AncestorAt(depot.region_code, at));
      if (it == rows.end()) continue;
      ++it->second.supply_depots;
      it->second.supply_short += short_lines;
    }
  }
  return Status::Ok();
}

}  // namespace

DailyReportService::DailyReportService(store::Database& db, Clock clock, DailyReportOptions options)
    : db_(db), clock_(std::move(clock)), options_(options) {}

Result<ReportDraft> DailyReportService::Draft(const AccessContext& ctx,
                                              const std::string& grid_code,
                                              const std::string& day) {
  if (Status s = OwnGrid(ctx, grid_code); !s) return s.error();
  auto number = DayNumber(day, "day");
  if (!number) return number.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(
      "SELECT COUNT(*), COALESCE(SUM(flagged), 0) FROM screening_visits "
      "WHERE grid_code = ? AND visit_day = ?",
      {grid_code, day});
  if (!row) return row.error();
  auto quarantined = QuarantinedOn(*tx, grid_code, *number);
  if (!quarantined) return quarantined.error();
  ReportDraft draft{{row->Int(0), row->Int(1), *quarantined}, {}};
  // The depots serving the grid: its own and its community's (the grid's
  // worker reads the community depot's figures for their own report).
  const std::string community = AncestorAt(grid_code, RegionLevel::kCommunity);
  auto supplies = ReadDaysLeft(*tx, community, options_.supply_warn_days, clock_());
  if (!supplies) return supplies.error();
  for (const auto& depot : supplies->depots) {
    if (depot.region_code != community && depot.region_code != grid_code) continue;
    for (const auto& line : depot.items) {
      if (line.status == "ok") continue;
      draft.supplies.push_back({depot.depot_id, depot.name, depot.region_code, line.item,
                                line.quantity, line.days_left, line.status});
    }
  }
  return draft;
}

Result<DailyReport> DailyReportService::Submit(const AccessContext& ctx,
                                               const DailyReportInput& in) {
  if (Status s = OwnGrid(ctx, in.grid_code); !s) return s.error();
  auto number = DayNumber(in.day, "day");
  if (!number) return number.error();
  const int64_t now = clock_();
  const int64_t today = now / 86400;
  if (*number != today && *number != today - 1)
    return InvalidArgument("day: a report is for today or yesterday, not " + in.day);
  if (Status s = CheckFigure(in.figures.screened, "screened"); !s) return s.error();
  if (Status s = CheckFigure(in.figures.flagged, "flagged"); !s) return s.error();
  if (Status s = CheckFigure(in.figures.quarantined, "quarantined"); !s) return s.error();
  if (in.figures.flagged > in.figures.screened)
    return InvalidArgument("flagged: more than the people screened");
  if (Status s = CheckText(in.problems, "problems"); !s) return s.error();
  if (Status s = CheckText(in.needs, "needs"); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  ReportFigures figures = in.figures;
  if (in.quarantined_from_data) {
    auto quarantined = QuarantinedOn(*tx, in.grid_code, *number);
    if (!quarantined) return quarantined.error();
    figures.quarantined = *quarantined;
  }
  auto before = tx->Query("SELECT 1 FROM daily_reports WHERE day = ? AND grid_code = ?",
                          {in.day, in.grid_code});
  if (!before) return before.error();
  auto up = tx->Exec(
      "INSERT INTO daily_reports (day, grid_code, screened, flagged, quarantined, problems, "
      "needs, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (day, grid_code) DO UPDATE SET screened = excluded.screened, "
      "flagged = excluded.flagged, quarantined = excluded.quarantined, "
      "problems = excluded.problems, needs = excluded.needs, "
      "submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by",
      {in.day, in.grid_code, figures.screened, figures.flagged, figures.quarantined, in.problems,
       in.needs, now, ctx.user_id});
  if (!up) return up.error();
  if (Status s = AppendAudit(*tx, ctx, now, before->empty() ? "create" : "update", "daily_report",
                             in.day, in.grid_code, in.grid_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return DailyReport{in.day, in.grid_code, figures, in.problems, in.needs, now, ctx.user_id};
}

Result<RollupView> DailyReportService::Rollup(const AccessContext& ctx, const std::string& region,
                                              const std::string& day) {
  auto level = LevelOfCode(region);
  if (!level) return InvalidArgument("region: " + region + " is not a region code");
  if (Status s = Require(ctx, Permission::kReportToCommand, region); !s) return s.error();
  auto number = DayNumber(day, "day");
  if (!number) return number.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto grids = GridsOf(*tx, region, day);
  if (!grids) return grids.error();
  const int64_t now = clock_();
  RollupView view{day, now >= *number * 86400 + options_.missing_hour_utc * 3600, {}, {}};
  // The region and its children by code; the children are the first level
  // below the region that holds grids.
  std::map<std::string, ReportRollup> rows;
  rows[region].level = *level;
  const auto child_level = static_cast<RegionLevel>(static_cast<int>(*level) + 1);
  for (const auto& g : *grids) {
    Add(rows[region], g, view.past_missing_hour);
    if (*level == RegionLevel::kGrid) continue;
    ReportRollup& c = rows[AncestorAt(g.code, child_level)];
    c.level = child_level;
    Add(c, g, view.past_missing_hour);
  }
  if (Status s = AddSupplies(*tx, region, *level, options_.supply_warn_days, now, rows); !s)
    return s.error();
  for (auto& [code, r] : rows) {
    r.code = code;
    if (code == region) {
      view.total = std::move(r);
    } else {
      view.children.push_back(std::move(r));
    }
  }
  return view;
}

Result<std::string> DailyReportService::RollupCsv(const AccessContext& ctx,
                                                  const std::string& region,
                                                  const std::string& day) {
  auto level = LevelOfCode(region);
  if (!level) return InvalidArgument("region: " + region + " is not a region code");
  if (Status s = Require(ctx, Permission::kReportToCommand, region); !s) return s.error();
  auto number = DayNumber(day, "day");
  if (!number) return number.error();
  const int64_t now = clock_();
  const bool past_hour = now >= *number * 86400 + options_.missing_hour_utc * 3600;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto grids = GridsOf(*tx, region, day);
  if (!grids) return grids.error();
  std::map<std::string, ReportRollup> rows;
  for (const auto& g : *grids) {
    for (int l = static_cast<int>(*level); l <= static_cast<int>(RegionLevel::kGrid); ++l) {
      const auto at = static_cast<RegionLevel>(l);
      ReportRollup& r = rows[AncestorAt(g.code, at)];
      r.level = at;
      Add(r, g, past_hour);
    }
  }
  if (Status s = AddSupplies(*tx, region, *level, options_.supply_warn_days, now, rows); !s)
    return s.error();
  const std::string prefix = SubtreePrefix(region);
  auto names = tx->Query("SELECT code, name FROM regions WHERE code >= ? AND code < ?",
                         {prefix, PrefixEnd(prefix)});
  if (!names) return names.error();
  std::map<std::string, std::string> name_of;
  for (const auto& r : *names) name_of.emplace(r.Text(0), r.Text(1));
  auto texts = tx->Query(
      "SELECT grid_code, problems, needs FROM daily_reports WHERE day = ? AND grid_code >= ? AND "
      "grid_code < ?",
      {day, prefix, PrefixEnd(prefix)});
  if (!texts) return texts.error();
  std::map<std::string, std::pair<std::string, std::string>> text_of;
  for (const auto& r : *texts) text_of.emplace(r.Text(0), std::pair{r.Text(1), r.Text(2)});
  std::string out =
      "day,code,name,level,grids,submitted,missing,screened,flagged,quarantined,supply_depots,"
      "supply_short,problems,needs\r\n";
  for (const auto& [code, r] : rows) {
    const auto text = text_of.find(code);
    for (const std::string& field :
         {day, code, name_of[code], std::string(LevelName(r.level)), std::to_string(r.grids),
          std::to_string(r.submitted), std::to_string(r.missing),
          std::to_string(r.figures.screened), std::to_string(r.figures.flagged),
          std::to_string(r.figures.quarantined), std::to_string(r.supply_depots),
          std::to_string(r.supply_short),
          text == text_of.end() ? std::string() : text->second.first,
          text == text_of.end() ? std::string() : text->second.second}) {
      out += CsvField(field);
      out += ',';
    }
    out.back() = '\r';
    out += '\n';
  }
  if (Status s = AppendAudit(*tx, ctx, now, "export", "daily_report", day,
                             std::to_string(rows.size()) + " rows", region);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<ReportPage> DailyReportService::Reports(const AccessContext& ctx, const std::string& region,
                                               const std::string& day,
                                               const std::string& after_grid, int limit) {
  if (!LevelOfCode(region)) return InvalidArgument("region: " + region + " is not a region code");
  if (Status s = Require(ctx, Permission::kReportToCommand, region); !s) return s.error();
  if (auto n = DayNumber(day, "day"); !n) return n.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(region);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT day, grid_code, screened, flagged, problems, needs, submitted_at, submitted_by, "
      "quarantined "
      "FROM daily_reports WHERE day = ? AND grid_code >= ? AND grid_code > ? AND grid_code < ? "
      "ORDER BY grid_code LIMIT ?",
      {day, prefix, after_grid, PrefixEnd(prefix), static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  ReportPage out;
  for (const auto& r : *rows) {
    if (static_cast<int>(out.items.size()) == limit) {
      out.next_after = out.items.back().grid_code;
      break;
    }
    out.items.push_back({r.Text(0),
                         r.Text(1),
                         {r.Int(2), r.Int(3), r.Int(8)},
                         r.Text(4),
                         r.Text(5),
                         r.Int(6),
                         r.Int(7)});
  }
  return out;
}

}  // namespace fk::ops
