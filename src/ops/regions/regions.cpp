#include "ops/regions/regions.hpp"

#include <algorithm>
#include <set>

#include "ops/csv.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kDutyNames[] = {"leader", "worker", "party_post"};

Region RegionOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), static_cast<RegionLevel>(r.Int(3))};
}

constexpr std::string_view kSelect =
    "SELECT code, name, COALESCE(parent_code, ''), level FROM regions ";

// Checks a region's own fields: code well formed, level agrees, name present.
Status CheckRegion(Region& r) {
  auto level = LevelOfCode(r.code);
  if (!level) return level.error();
  if (r.name.empty()) return InvalidArgument("name: must not be empty");
  if (r.parent_code.empty()) r.parent_code = ParentCode(r.code);
  if (r.parent_code != ParentCode(r.code)) {
    return InvalidArgument("parent_code: " + r.parent_code + " is not the parent of " + r.code +
                           " (expected " + ParentCode(r.code) + ")");
  }
  r.level = *level;
  return Status::Ok();
}

// Inserts a checked region whose parent must exist (in the database).
Status InsertRegion(store::Transaction& tx, const Region& r) {
  if (!r.parent_code.empty()) {
    auto parent = tx.Query("SELECT 1 FROM regions WHERE code = ?", {r.parent_code});
    if (!parent) return parent.error();
    if (parent->empty())
      return InvalidArgument("parent_code: region " + r.parent_code + " does not exist");
  }
  auto exists = tx.Query("SELECT 1 FROM regions WHERE code = ?", {r.code});
  if (!exists) return exists.error();
  if (!exists->empty()) return Error{ErrorCode::kConflict, "code: " + r.code + " already exists"};
  store::Params params{r.code, r.name};
  params.push_back(r.parent_code.empty() ? store::OrNull(std::optional<std::string>())
                                         : store::Value(r.parent_code));
  params.push_back(static_cast<int64_t>(r.level));
  auto ins =
      tx.Exec("INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)", params);
  if (!ins) return ins.error();
  return Status::Ok();
}

}  // namespace

std::string_view DutyName(GridDuty duty) { return kDutyNames[static_cast<int>(duty)]; }

std::optional<GridDuty> ParseDuty(std::string_view name) {
  for (int i = 0; i < 3; ++i)
    if (kDutyNames[i] == name) return static_cast<GridDuty>(i);
  return std::nullopt;
}

Status RegionService::Create(const AccessContext& ctx, const Region& region) {
  Region r = region;
  if (Status s = CheckRegion(r); !s) return s;
  if (Status s = Require(ctx, Permission::kManageRegions, r.code); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  if (Status s = InsertRegion(*tx, r); !s) return s;
  return tx->Commit();
}

Result<Region> RegionService::Get(std::string_view code) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(std::string(kSelect) + "WHERE code = ?", {std::string(code)},
                          "region " + std::string(code) + " not found");
  if (!row) return row.error();
  return RegionOf(*row);
}

Result<std::vector<Region>> RegionService::Subtree(std::string_view code,
                                                   std::optional<RegionLevel> max_level) {
  const std::string prefix = SubtreePrefix(code);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      std::string(kSelect) +
          "WHERE code >= ? AND code < ? AND level >= ? AND level <= ? ORDER BY code",
      {prefix, PrefixEnd(prefix),
       static_cast<int64_t>(LevelOfCode(code).ok() ? *LevelOfCode(code) : RegionLevel::kProvince),
       static_cast<int64_t>(max_level.value_or(RegionLevel::kGrid))});
  if (!rows) return rows.error();
  std::vector<Region> out;
  for (const auto& r : *rows) out.push_back(RegionOf(r));
  if (out.empty()) return Error{ErrorCode::kNotFound, "region " + std::string(code) + " not found"};
  return out;
}

Result<std::vector<Region>> RegionService::Children(std::string_view code) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows =
      tx->Query(std::string(kSelect) + "WHERE parent_code = ? ORDER BY code", {std::string(code)});
  if (!rows) return rows.error();
  std::vector<Region> out;
  for (const auto& r : *rows) out.push_back(RegionOf(r));
  return out;
}

Result<ImportReport> RegionService::ImportCsv(const AccessContext& ctx, std::string_view csv,
                                              ImportMode mode) {
  if (Status s = Require(ctx, Permission::kManageRegions); !s) return s.error();
  CsvReader reader(csv);
  std::vector<std::string> fields;
  int64_t line = 0;
  auto has = reader.Next(fields, line);
  if (!has) return has.error();
  if (!*has) return InvalidArgument("csv: empty file");
  auto cols = MapHeader(fields, {{"code", {"代码", "区划代码"}},
                                 {"name", {"名称"}},
                                 {"parent_code", {"上级代码"}, false},
                                 {"level", {"级别"}, false}});
  if (!cols) return cols.error();
  auto col = [&](const char* name) -> std::string {
    auto it = cols->find(name);
    if (it == cols->end() || it->second >= static_cast<int>(fields.size())) return "";
    return fields[it->second];
  };
  ImportReport report;
  std::vector<std::pair<int64_t, Region>> rows;
  while (true) {
    auto more = reader.Next(fields, line);
    if (!more) return more.error();
    if (!*more) break;
    ++report.rows;
    Region r{col("code"), col("name"), col("parent_code"), RegionLevel::kProvince};
    Status s = CheckRegion(r);
    if (s && !col("level").empty()) {
      auto level = ParseLevel(col("level"));
      if (!level || *level != r.level)
        s = InvalidArgument("level: \"" + col("level") + "\" does not match code " + r.code + " (" +
                            std::string(LevelName(r.level)) + ")");
    }
    if (s && !InScope(ctx, r.code))
      s = Error{ErrorCode::kPermissionDenied, "code: " + r.code + " is outside your scope"};
    if (!s) {
      report.rejected.push_back({line, s.error().message});
      continue;
    }
    rows.emplace_back(line, std::move(r));
  }
  // Parents before children, whatever the file's order.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.level < b.second.level; });
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  for (const auto& [row_line, r] : rows) {
    if (Status s = InsertRegion(*tx, r); !s) {
      if (s.error().code != ErrorCode::kInvalidArgument && s.error().code != ErrorCode::kConflict)
        return s.error();
      report.rejected.push_back({row_line, s.error().message});
      continue;
    }
    ++report.imported;
  }
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  if (mode == ImportMode::kAllOrNothing && !report.rejected.empty()) {
    report.imported = 0;
    return report;  // the transaction rolls back
  }
  if (Status s = tx->Commit(); !s) return s.error();
  return report;
}

Status RegionService::SetGridStaff(const AccessContext& ctx, std::string_view grid_code,
                                   const std::vector<GridStaffMember>& staff) {
  auto level = LevelOfCode(grid_code);
  if (!level || *level != RegionLevel::kGrid)
    return InvalidArgument("grid_code: " + std::string(grid_code) + " is not a grid code");
  if (Status s = Require(ctx, Permission::kManageRegions, grid_code); !s) return s;
  for (const auto& m : staff)
    if (m.name.empty()) return InvalidArgument("name: must not be empty");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string grid(grid_code);
  auto del = tx->Exec("DELETE FROM grid_staff WHERE grid_code = ?", {grid});
  if (!del) return del.error();
  for (const auto& m : staff) {
    store::Params params{grid, std::string(DutyName(m.duty)), m.name, m.phone};
    params.push_back(store::OrNull(m.user_id));
    auto ins = tx->Exec(
        "INSERT INTO grid_staff (grid_code, duty, name, phone, user_id) VALUES (?, ?, ?, ?, ?)",
        params);
    if (!ins) return ins.error();
  }
  return tx->Commit();
}

Result<std::vector<GridStaffMember>> RegionService::GridStaff(std::string_view grid_code) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows =
      tx->Query("SELECT duty, name, phone, user_id FROM grid_staff WHERE grid_code = ? ORDER BY id",
                {std::string(grid_code)});
  if (!rows) return rows.error();
  std::vector<GridStaffMember> out;
  for (const auto& r : *rows) {
    GridStaffMember m{ParseDuty(r.Text(0)).value_or(GridDuty::kWorker), r.Text(1), r.Text(2), {}};
    if (!r.IsNull(3)) m.user_id = r.Int(3);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace fk::ops
