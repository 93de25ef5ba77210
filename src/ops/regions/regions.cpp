#include "ops/regions/regions.hpp"

#include <algorithm>
#include <set>

#include "common/utf8.hpp"
#include "ops/audit/audit.hpp"
#include "ops/csv.hpp"
#include "ops/phone.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kDutyNames[] = {"leader", "worker", "party_post"};
constexpr std::size_t kMaxStaffName = 100;  // bytes, as a resident's name in the API

std::string Item(std::size_t i) { return "items[" + std::to_string(i) + "]"; }

// kInvalidArgument unless staff[i]'s account may be on the grid's staff: an
// active grid_worker or community_officer whose scope is the grid or above it.
Status CheckStaffAccount(store::Transaction& tx, std::string_view grid, std::size_t i,
                         int64_t user_id) {
  const std::string field = Item(i) + ".user_id: user " + std::to_string(user_id);
  auto rows = tx.Query("SELECT role, scope, active FROM users WHERE id = ?", {user_id});
  if (!rows) return rows.error();
  // One answer for "no such user" and "a user of another area": the accounts
  // of other areas are not revealed.
  if (rows->empty() || !InScope(rows->front().Text(1), grid))
    return InvalidArgument(field + " does not exist or its scope does not contain grid " +
                           std::string(grid));
  const store::Row& u = rows->front();
  if (u.Int(2) == 0) return InvalidArgument(field + " is not active");
  const auto role = ParseRole(u.Text(0));
  if (role != Role::kGridWorker && role != Role::kCommunityOfficer)
    return InvalidArgument(field + " is a " + u.Text(0) +
                           "; grid staff accounts are grid_worker or community_officer");
  return Status::Ok();
}

// "leader 1, worker 2, party_post 1; user ids 12, 15": no names, no phones.
std::string StaffSummary(const std::vector<GridStaffMember>& staff) {
  int count[3] = {0, 0, 0};
  std::string ids;
  for (const auto& m : staff) {
    ++count[static_cast<int>(m.duty)];
    if (m.user_id) ids += (ids.empty() ? "" : ", ") + std::to_string(*m.user_id);
  }
  std::string out;
  for (int d = 0; d < 3; ++d)
    out += (d ? ", " : "") + std::string(kDutyNames[d]) + " " + std::to_string(count[d]);
  return out + "; user ids " + (ids.empty() ? "none" : ids);
}

Region RegionOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), static_cast<RegionLevel>(r.Int(3))};
}

constexpr std::string_view kSelect =
    "SELECT code, name, COALESCE(parent_code, ''), level FROM regions ";

Status CheckRegionName(std::string_view name) {
  if (name.empty()) return InvalidArgument("name: must not be empty");
  if (name.size() > kMaxRegionName)
    return InvalidArgument("name: at most " + std::to_string(kMaxRegionName) + " bytes");
  if (!IsValidUtf8(name)) return InvalidArgument("name: not valid UTF-8");
  return Status::Ok();
}

// Checks a region's own fields: code well formed, level agrees, name present.
Status CheckRegion(Region& r) {
  auto level = LevelOfCode(r.code);
  if (!level) return level.error();
  if (Status s = CheckRegionName(r.name); !s) return s;
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
  if (Status s = AppendAudit(*tx, ctx, clock_(), "create", "region", r.code, r.name, r.code); !s)
    return s;
  return tx->Commit();
}

Status RegionService::Rename(const AccessContext& ctx, std::string_view code,
                             std::string_view name) {
  if (Status s = Require(ctx, Permission::kManageRegions, code); !s) return s;
  if (Status s = CheckRegionName(name); !s) return s;
  const std::string c(code);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row =
      tx->QueryOne("SELECT name FROM regions WHERE code = ?", {c}, "region " + c + " not found");
  if (!row) return row.error();
  if (auto r = tx->Exec("UPDATE regions SET name = ? WHERE code = ?", {std::string(name), c}); !r)
    return r.error();
  if (Status s = AppendAudit(*tx, ctx, clock_(), "update", "region", c,
                             "name: " + row->Text(0) + " -> " + std::string(name), c);
      !s)
    return s;
  return tx->Commit();
}

Status RegionService::Delete(const AccessContext& ctx, std::string_view code) {
  if (Status s = Require(ctx, Permission::kManageRegions, code); !s) return s;
  const std::string c(code);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row =
      tx->QueryOne("SELECT name FROM regions WHERE code = ?", {c}, "region " + c + " not found");
  if (!row) return row.error();
  // What may hang on a region. Residents live in households; a grid's
  // screening records are counted in coverage_grids, also when its
  // households have moved away since (they name grids without a foreign
  // key and are kept for ever).
  const std::pair<const char*, const char*> kHolders[] = {
      {"SELECT 1 FROM regions WHERE parent_code = ? LIMIT 1", "child regions"},
      {"SELECT 1 FROM grid_staff WHERE grid_code = ? LIMIT 1", "grid staff"},
      {"SELECT 1 FROM households WHERE grid_code = ? LIMIT 1", "households"},
      {"SELECT 1 FROM campaigns WHERE region_code = ? LIMIT 1", "screening campaigns"},
      {"SELECT 1 FROM users WHERE scope = ? LIMIT 1", "user accounts"},
      {"SELECT 1 FROM coverage_grids WHERE grid_code = ? LIMIT 1", "screening records"},
  };
  for (const auto& [sql, what] : kHolders) {
    auto found = tx->Query(sql, {c});
    if (!found) return found.error();
    if (!found->empty())
      return Error{ErrorCode::kConflict, "region " + c + " has " + what + "; it cannot be deleted"};
  }
  if (auto r = tx->Exec("DELETE FROM regions WHERE code = ?", {c}); !r) return r.error();
  if (Status s = AppendAudit(*tx, ctx, clock_(), "delete", "region", c, row->Text(0), c); !s)
    return s;
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
  if (!AllValidUtf8(fields)) return InvalidArgument("header: not valid UTF-8");
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
    if (!AllValidUtf8(fields)) {  // first, before any reason quotes a value back
      report.rejected.push_back({line, std::string(kNotUtf8)});
      continue;
    }
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
  const int64_t now = clock_();
  {
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
    if (mode == ImportMode::kValidRows || report.rejected.empty()) {
      if (Status s = AppendAudit(*tx, ctx, now, "import", "region", "csv",
                                 std::to_string(report.imported) + " imported, " +
                                     std::to_string(report.rejected.size()) + " rejected");
          !s)
        return s.error();
      if (Status s = tx->Commit(); !s) return s.error();
      // A bulk load (store::Database::RefreshStatistics). The rows are
      // committed whatever it answers; PostgreSQL's autovacuum samples them
      // later if not.
      (void)db_.RefreshStatistics({"regions"});
      return report;
    }
    report.imported = 0;
  }  // nothing written: the transaction rolls back here
  if (Status s = AuditRejectedImport(db_, ctx, now, "region", report); !s) return s.error();
  return report;
}

Status ValidateGridStaff(const std::vector<GridStaffMember>& staff) {
  if (staff.size() > kMaxGridStaff)
    return InvalidArgument("items: a grid has at most " + std::to_string(kMaxGridStaff) +
                           " staff, got " + std::to_string(staff.size()));
  std::optional<std::size_t> first_of[3];  // the first leader, worker, party_post
  for (std::size_t i = 0; i < staff.size(); ++i) {
    const GridStaffMember& m = staff[i];
    if (m.name.empty()) return InvalidArgument(Item(i) + ".name: must not be empty");
    if (m.name.size() > kMaxStaffName)
      return InvalidArgument(Item(i) + ".name: is longer than " + std::to_string(kMaxStaffName) +
                             " bytes");
    if (!m.phone.empty() && !CanonicalPhone(m.phone))
      return InvalidArgument(Item(i) + ".phone: " + std::string(kPhoneRule));
    auto& first = first_of[static_cast<int>(m.duty)];
    if (first && m.duty != GridDuty::kWorker)
      return InvalidArgument(Item(i) + ".duty: a grid has at most one " +
                             std::string(DutyName(m.duty)) + " (" + Item(*first) + " is one)");
    if (!first) first = i;
    for (std::size_t j = 0; j < i && m.user_id; ++j) {
      if (staff[j].user_id == m.user_id)
        return InvalidArgument(Item(i) + ".user_id: user " + std::to_string(*m.user_id) +
                               " is already " + Item(j));
    }
  }
  return Status::Ok();
}

Status RegionService::SetGridStaff(const AccessContext& ctx, std::string_view grid_code,
                                   const std::vector<GridStaffMember>& staff) {
  auto level = LevelOfCode(grid_code);
  if (!level || *level != RegionLevel::kGrid)
    return InvalidArgument("grid_code: " + std::string(grid_code) + " is not a grid code");
  if (Status s = Require(ctx, Permission::kManageRegions, grid_code); !s) return s;
  if (Status s = ValidateGridStaff(staff); !s) return s;
  const std::string grid(grid_code);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto exists = tx->Query("SELECT 1 FROM regions WHERE code = ?", {grid});
  if (!exists) return exists.error();
  if (exists->empty()) return Error{ErrorCode::kNotFound, "grid " + grid + " not found"};
  for (std::size_t i = 0; i < staff.size(); ++i) {
    if (!staff[i].user_id) continue;
    if (Status s = CheckStaffAccount(*tx, grid, i, *staff[i].user_id); !s) return s;
  }
  auto del = tx->Exec("DELETE FROM grid_staff WHERE grid_code = ?", {grid});
  if (!del) return del.error();
  for (const auto& m : staff) {
    store::Params params{grid, std::string(DutyName(m.duty)), m.name,
                         CanonicalPhone(m.phone).value_or(m.phone)};  // "" stays ""
    params.push_back(store::OrNull(m.user_id));
    auto ins = tx->Exec(
        "INSERT INTO grid_staff (grid_code, duty, name, phone, user_id) VALUES (?, ?, ?, ?, ?)",
        params);
    if (!ins) return ins.error();
  }
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "update", "grid_staff", grid, StaffSummary(staff), grid);
      !s)
    return s;
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
