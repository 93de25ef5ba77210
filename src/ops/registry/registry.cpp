#include "ops/registry/registry.hpp"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "common/dates.hpp"
#include "ops/audit/audit.hpp"
#include "ops/csv.hpp"
#include "ops/phone.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"
#include "store/batch.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kResidentColumns =
    "SELECT id, household_id, grid_code, name, sex, birth_date, id_number, phone, elderly_alone, "
    "chronic_illness, pregnant, high_risk_return_date FROM residents ";

// Reads a row of kResidentColumns (the export reads the cells after these,
// 12 on, from the same row).
Resident ResidentOf(const store::RowView& r, bool unmasked) {
  Resident out;
  out.id = r.Int(0);
  out.household_id = r.Int(1);
  out.grid_code = r.Text(2);
  ResidentInput& d = out.data;
  d.name = unmasked ? std::string(r.Text(3)) : MaskName(r.Text(3));
  d.sex = r.Text(4) == "male" ? Sex::kMale : Sex::kFemale;
  d.birth_date = r.Text(5);
  d.id_number = unmasked ? std::string(r.Text(6)) : MaskIdNumber(r.Text(6));
  d.phone = unmasked ? std::string(r.Text(7)) : MaskPhone(r.Text(7));
  d.elderly_alone = r.Int(8) != 0;
  d.chronic_illness = r.Int(9) != 0;
  d.pregnant = r.Int(10) != 0;
  if (!r.IsNull(11)) d.high_risk_return_date = std::string(r.Text(11));
  return out;
}

// The residents a query of kResidentColumns finds, in its order: at most
// `keep`; `more` (when given) tells whether the query found more than that.
Result<std::vector<Resident>> ResidentsOf(store::Transaction& tx, std::string_view sql,
                                          const store::Params& params, bool unmasked,
                                          size_t keep = SIZE_MAX, bool* more = nullptr,
                                          store::PlanChoice plan = store::PlanChoice::kPerCall) {
  std::vector<Resident> out;
  if (keep <= static_cast<size_t>(kMaxPageSize)) out.reserve(keep);  // a page
  if (more) *more = false;
  Status read = tx.ForEachRow(
      sql, params,
      [&](const store::RowView& r) {
        if (out.size() == keep) {
          if (more) *more = true;
          return false;
        }
        out.push_back(ResidentOf(r, unmasked));
        return true;
      },
      plan);
  if (!read) return read.error();
  return out;
}

std::string Day(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Status CheckUnmasked(const AccessContext& ctx, bool unmasked) {
  if (unmasked) return Require(ctx, Permission::kSeeUnmasked);
  return Status::Ok();
}

Status CheckGrid(store::Transaction& tx, std::string_view grid) {
  auto level = LevelOfCode(grid);
  if (!level || *level != RegionLevel::kGrid)
    return InvalidArgument("grid_code: " + std::string(grid) + " is not a grid code");
  auto row = tx.Query("SELECT 1 FROM regions WHERE code = ?", {std::string(grid)});
  if (!row) return row.error();
  if (row->empty())
    return InvalidArgument("grid_code: grid " + std::string(grid) + " does not exist");
  return Status::Ok();
}

// The household's grid, or kNotFound when missing or outside the scope.
Result<std::string> HouseholdGrid(store::Transaction& tx, const AccessContext& ctx, int64_t id) {
  auto row = tx.QueryOne("SELECT grid_code FROM households WHERE id = ?", {id},
                         "household " + std::to_string(id) + " not found");
  if (!row) return row.error();
  std::string grid = row->Text(0);
  if (!InScope(ctx, grid))
    return Error{ErrorCode::kNotFound, "household " + std::to_string(id) + " not found"};
  return grid;
}

// The reason a deletion needs: not blank, at most 500 bytes.
Status CheckDeletionReason(std::string_view reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument("reason: must not be empty");
  if (reason.size() > 500) return InvalidArgument("reason: at most 500 bytes");
  return Status::Ok();
}

// kConflict when the household has a screening task (its records are kept).
Status CheckNoScreening(store::Transaction& tx, int64_t household_id, const std::string& what) {
  auto task =
      tx.Query("SELECT 1 FROM screening_tasks WHERE household_id = ? LIMIT 1", {household_id});
  if (!task) return task.error();
  if (!task->empty())
    return Error{
        ErrorCode::kConflict,
        what + " is in a screening campaign, whose records are kept; it cannot be deleted"};
  return Status::Ok();
}

store::Params ResidentParams(const ResidentInput& r) {
  store::Params p{r.name,
                  std::string(SexName(r.sex)),
                  r.birth_date,
                  r.id_number,
                  r.phone,
                  int64_t{r.elderly_alone},
                  int64_t{r.chronic_illness},
                  int64_t{r.pregnant}};
  p.push_back(store::OrNull(r.high_risk_return_date));
  return p;
}

// The ID number and phone in their stored forms (a phone that is not valid
// stays as given, for the validation to name).
ResidentInput Canonical(ResidentInput r) {
  r.id_number = CanonicalResidentId(r.id_number);
  if (auto phone = CanonicalPhone(r.phone)) r.phone = std::move(*phone);
  return r;
}

bool ParseFlag(std::string_view v, bool& out) {
  if (v.empty() || v == "0" || v == "否" || v == "false" || v == "no") return out = false, true;
  if (v == "1" || v == "是" || v == "true" || v == "yes") return out = true, true;
  return false;
}

// The columns of a resident row as an import writes them.
const std::vector<std::string>& ResidentColumns() {
  static const std::vector<std::string> columns{"household_id",
                                                "grid_code",
                                                "name",
                                                "sex",
                                                "birth_date",
                                                "id_number",
                                                "phone",
                                                "elderly_alone",
                                                "chronic_illness",
                                                "pregnant",
                                                "high_risk_return_date",
                                                "created_day"};
  return columns;
}

// The write side of a resident import: rows that passed every per-row check
// are collected and written kMaxBatchRows at a time: one query finds the ID
// numbers already registered, one multi-row INSERT creates the missing
// households (RETURNING their ids); the residents are then written kBulkRows
// at a time with one bulk insert (Transaction::BulkInsert: COPY on
// PostgreSQL, the same multi-row INSERTs on SQLite).
class ResidentImport {
 public:
  ResidentImport(store::Transaction& tx, std::string today, ImportReport& report)
      : tx_(tx), today_(std::move(today)), report_(report) {}

  // Loads the households of `grid` already registered (once per grid).
  Status LoadHouseholds(const std::string& grid) {
    auto rows =
        tx_.Query("SELECT id, building, unit, room FROM households WHERE grid_code = ?", {grid});
    if (!rows) return rows.error();
    for (const auto& r : *rows)
      households_.emplace(Key(grid, r.Text(1), r.Text(2), r.Text(3)), r.Int(0));
    return Status::Ok();
  }

  // Queues one checked row; `write` false only checks it for duplicates.
  Status Add(int64_t line, const std::string& grid, const std::string& building,
             const std::string& unit, const std::string& room, ResidentInput r, bool write) {
    pending_.push_back(
        {line, Key(grid, building, unit, room), grid, building, unit, room, std::move(r)});
    if (pending_.size() < store::kMaxBatchRows) return Status::Ok();
    return Flush(write);
  }

  // Checks the queued rows and, if `write`, creates their households and
  // queues them for the bulk insert (written every kBulkRows rows and by Finish).
  Status Flush(bool write) {
    if (pending_.empty()) return Status::Ok();
    store::Params ids;
    for (const auto& p : pending_) ids.emplace_back(p.resident.id_number);
    auto found =
        store::RunBatched(tx_, "SELECT id_number FROM residents WHERE id_number IN (", 0, ids, ")");
    if (!found) return found.error();
    std::unordered_set<std::string> registered;
    for (const auto& r : *found) registered.insert(r.Text(0));
    store::Params new_households;
    std::unordered_set<std::string> queued;
    std::vector<const Pending*> kept;
    for (const auto& p : pending_) {
      if (registered.count(p.resident.id_number)) {
        report_.rejected.push_back({p.line, "id_number: already registered"});
        continue;
      }
      kept.push_back(&p);
      if (!households_.count(p.key) && queued.insert(p.key).second) {
        for (const std::string* v : {&p.grid, &p.building, &p.unit, &p.room, &today_})
          new_households.emplace_back(*v);
      }
    }
    if (write && !kept.empty()) {
      auto made = store::RunBatched(
          tx_, "INSERT INTO households (grid_code, building, unit, room, created_day) VALUES ", 5,
          new_households, " RETURNING id, grid_code, building, unit, room");
      if (!made) return made.error();
      for (const auto& r : *made)
        households_.emplace(Key(r.Text(1), r.Text(2), r.Text(3), r.Text(4)), r.Int(0));
      for (const Pending* p : kept) {
        residents_.emplace_back(households_.at(p->key));
        residents_.emplace_back(p->grid);
        for (auto& v : ResidentParams(p->resident)) residents_.push_back(std::move(v));
        residents_.emplace_back(today_);
      }
      report_.imported += static_cast<int64_t>(kept.size());
      if (residents_.size() >= kBulkRows * ResidentColumns().size()) {
        if (Status s = WriteResidents(); !s) return s;
      }
    }
    pending_.clear();
    return Status::Ok();
  }

  // Checks and writes what is still queued (`write` as for Flush).
  Status Finish(bool write) {
    if (Status s = Flush(write); !s) return s;
    return write ? WriteResidents() : Status::Ok();
  }

 private:
  struct Pending {
    int64_t line;
    std::string key, grid, building, unit, room;
    ResidentInput resident;
  };
  // Residents are written this many at a time: one COPY on PostgreSQL
  // amortizes its statement over more rows than a duplicate query's batch.
  static constexpr size_t kBulkRows = 16 * store::kMaxBatchRows;

  Status WriteResidents() {
    if (residents_.empty()) return Status::Ok();
    auto added = tx_.BulkInsert("residents", ResidentColumns(), residents_);
    residents_.clear();
    if (!added) return added.error();
    return Status::Ok();
  }
  static std::string Key(const std::string& grid, const std::string& building,
                         const std::string& unit, const std::string& room) {
    return grid + '\x1f' + building + '\x1f' + unit + '\x1f' + room;
  }

  store::Transaction& tx_;
  const std::string today_;
  ImportReport& report_;
  std::vector<Pending> pending_;
  store::Params residents_;  // checked rows with their household ids, not yet written
  std::unordered_map<std::string, int64_t> households_;  // Key -> id
};

}  // namespace

Status ValidateResident(const ResidentInput& r) {
  if (r.name.empty()) return InvalidArgument("name: must not be empty");
  if (r.name.size() > 100) return InvalidArgument("name: at most 100 bytes");
  if (auto d = ParseDate(r.birth_date); !d)
    return InvalidArgument("birth_date: " + r.birth_date + " is not a YYYY-MM-DD date");
  if (Status s = CheckResidentId(r.id_number, r.birth_date, r.sex); !s) return s;
  if (!CanonicalPhone(r.phone)) return InvalidArgument("phone: " + std::string(kPhoneRule));
  if (r.high_risk_return_date && !ParseDate(*r.high_risk_return_date))
    return InvalidArgument("high_risk_return_date: " + *r.high_risk_return_date +
                           " is not a YYYY-MM-DD date");
  if (r.pregnant && r.sex == Sex::kMale) return InvalidArgument("pregnant: sex is male");
  return Status::Ok();
}

RegistryService::RegistryService(store::Database& db, AuditWriter& audit, Clock clock)
    : db_(db), audit_(audit), clock_(std::move(clock)) {}

Result<Household> RegistryService::CreateHousehold(const AccessContext& ctx, const Household& h) {
  if (Status s = Require(ctx, Permission::kWriteRegistry, h.grid_code); !s) return s.error();
  if (h.building.empty() || h.room.empty())
    return InvalidArgument(h.building.empty() ? "building: must not be empty"
                                              : "room: must not be empty");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  if (Status s = CheckGrid(*tx, h.grid_code); !s) return s.error();
  const int64_t now = clock_();
  auto row = tx->QueryOne(
      "INSERT INTO households (grid_code, building, unit, room, created_day) VALUES (?, ?, ?, ?, "
      "?) "
      "RETURNING id",
      {h.grid_code, h.building, h.unit, h.room, Day(now)});
  if (!row) {
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "address: household already registered in this grid"};
    return row.error();
  }
  Household out = h;
  out.id = row->Int(0);
  if (Status s = AppendAudit(*tx, ctx, now, "create", "household", std::to_string(out.id)); !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Household> RegistryService::GetHousehold(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  // The read transaction ends (its connection goes back to the pool) before
  // the wait for the audit commit.
  auto household = [&]() -> Result<Household> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto grid = HouseholdGrid(*tx, ctx, id);
    if (!grid) return grid.error();
    auto row = tx->QueryOne(
        "SELECT id, grid_code, building, unit, room FROM households WHERE id = ?", {id});
    if (!row) return row.error();
    return Household{row->Int(0), row->Text(1), row->Text(2), row->Text(3), row->Text(4)};
  }();
  if (!household) return household.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "household", std::to_string(id)); !s)
    return s.error();
  return household;
}

Status RegistryService::MoveHousehold(const AccessContext& ctx, int64_t id,
                                      std::string_view to_grid, std::string_view reason) {
  if (Status s = Require(ctx, Permission::kWriteRegistry, to_grid); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto from = HouseholdGrid(*tx, ctx, id);
  if (!from) return from.error();
  if (Status s = CheckGrid(*tx, to_grid); !s) return s;
  const std::string to(to_grid);
  if (*from == to) return InvalidArgument("grid_code: the household is already in " + to);
  const int64_t now = clock_();
  for (auto [sql, params] :
       {std::pair<const char*, store::Params>{"UPDATE households SET grid_code = ? WHERE id = ?",
                                              {to, id}},
        {"UPDATE residents SET grid_code = ? WHERE household_id = ?", {to, id}},
        {"INSERT INTO household_moves (household_id, from_grid, to_grid, "
         "moved_at, moved_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
         {id, *from, to, now, ctx.user_id, std::string(reason)}}}) {
    auto r = tx->Exec(sql, params);
    if (!r) {
      if (r.error().code == ErrorCode::kConflict)
        return Error{ErrorCode::kConflict, "address: the same address exists in grid " + to};
      return r.error();
    }
  }
  if (Status s =
          AppendAudit(*tx, ctx, now, "move", "household", std::to_string(id), *from + " -> " + to);
      !s)
    return s;
  return tx->Commit();
}

Status RegistryService::DeleteHousehold(const AccessContext& ctx, int64_t id,
                                        std::string_view reason) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s;
  if (Status s = CheckDeletionReason(reason); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto grid = HouseholdGrid(*tx, ctx, id);
  if (!grid) return grid.error();
  const std::string what = "household " + std::to_string(id);
  auto people = tx->Query("SELECT COUNT(*) FROM residents WHERE household_id = ?", {id});
  if (!people) return people.error();
  if (const int64_t n = people->front().Int(0); n > 0)
    return Error{ErrorCode::kConflict,
                 what + " has " + std::to_string(n) + " residents; delete or move them first"};
  if (Status s = CheckNoScreening(*tx, id, what); !s) return s;
  for (const char* sql : {"DELETE FROM household_moves WHERE household_id = ?",
                          "DELETE FROM households WHERE id = ?"}) {
    if (auto r = tx->Exec(sql, {id}); !r) return r.error();
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "delete", "household", std::to_string(id), reason);
      !s)
    return s;
  return tx->Commit();
}

Result<std::vector<HouseholdMove>> RegistryService::MoveHistory(const AccessContext& ctx,
                                                                int64_t id) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  if (auto grid = HouseholdGrid(*tx, ctx, id); !grid) return grid.error();
  auto rows = tx->Query(
      "SELECT from_grid, to_grid, moved_at, moved_by, reason FROM household_moves "
      "WHERE household_id = ? ORDER BY id",
      {id});
  if (!rows) return rows.error();
  std::vector<HouseholdMove> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Text(4)});
  return out;
}

Result<Resident> RegistryService::AddResident(const AccessContext& ctx, int64_t household_id,
                                              const ResidentInput& given) {
  const ResidentInput input = Canonical(given);
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s.error();
  if (Status s = ValidateResident(input); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto grid = HouseholdGrid(*tx, ctx, household_id);
  if (!grid) return grid.error();
  const int64_t now = clock_();
  store::Params params{household_id, *grid};
  for (auto& v : ResidentParams(input)) params.push_back(std::move(v));
  params.emplace_back(Day(now));
  auto row = tx->QueryOne(
      "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, phone, "
      "elderly_alone, chronic_illness, pregnant, high_risk_return_date, created_day) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  if (!row) {
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "id_number: already registered"};
    return row.error();
  }
  Resident out{row->Int(0), household_id, *grid, input};
  if (Status s = AppendAudit(*tx, ctx, now, "create", "resident", std::to_string(out.id)); !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<Resident> RegistryService::GetResident(const AccessContext& ctx, int64_t id, bool unmasked) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, unmasked); !s) return s.error();
  auto resident = [&]() -> Result<Resident> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    const std::string missing = "resident " + std::to_string(id) + " not found";
    auto found = ResidentsOf(*tx, std::string(kResidentColumns) + "WHERE id = ?", {id}, unmasked);
    if (!found) return found.error();
    if (found->empty() || !InScope(ctx, found->front().grid_code))
      return Error{ErrorCode::kNotFound, missing};
    return std::move(found->front());
  }();
  if (!resident) return resident.error();
  if (Status s = audit_.Record(ctx, clock_(), unmasked ? "read_unmasked" : "read", "resident",
                               std::to_string(id));
      !s)
    return s.error();
  return resident;
}

Status RegistryService::UpdateResident(const AccessContext& ctx, int64_t id,
                                       const ResidentInput& given) {
  const ResidentInput input = Canonical(given);
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s;
  if (Status s = ValidateResident(input); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "resident " + std::to_string(id) + " not found";
  auto row = tx->QueryOne("SELECT grid_code FROM residents WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  if (!InScope(ctx, row->Text(0))) return Error{ErrorCode::kNotFound, missing};
  store::Params params = ResidentParams(input);
  params.emplace_back(id);
  auto r = tx->Exec(
      "UPDATE residents SET name = ?, sex = ?, birth_date = ?, id_number = ?, phone = ?, "
      "elderly_alone = ?, chronic_illness = ?, pregnant = ?, high_risk_return_date = ? WHERE id = "
      "?",
      params);
  if (!r) {
    if (r.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "id_number: already registered"};
    return r.error();
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "update", "resident", std::to_string(id)); !s)
    return s;
  return tx->Commit();
}

Status RegistryService::DeleteResident(const AccessContext& ctx, int64_t id,
                                       std::string_view reason) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s;
  if (Status s = CheckDeletionReason(reason); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string what = "resident " + std::to_string(id);
  auto row = tx->QueryOne("SELECT grid_code, household_id FROM residents WHERE id = ?", {id},
                          what + " not found");
  if (!row) return row.error();
  if (!InScope(ctx, row->Text(0))) return Error{ErrorCode::kNotFound, what + " not found"};
  if (Status s = CheckNoScreening(*tx, row->Int(1), what); !s) return s;
  if (auto r = tx->Exec("DELETE FROM residents WHERE id = ?", {id}); !r) return r.error();
  if (Status s = AppendAudit(*tx, ctx, clock_(), "delete", "resident", std::to_string(id), reason);
      !s)
    return s;
  return tx->Commit();
}

Result<std::vector<Resident>> RegistryService::HouseholdResidents(const AccessContext& ctx,
                                                                  int64_t household_id,
                                                                  bool unmasked) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, unmasked); !s) return s.error();
  auto residents = [&]() -> Result<std::vector<Resident>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    if (auto grid = HouseholdGrid(*tx, ctx, household_id); !grid) return grid.error();
    return ResidentsOf(*tx, std::string(kResidentColumns) + "WHERE household_id = ? ORDER BY id",
                       {household_id}, unmasked);
  }();
  if (!residents) return residents.error();
  if (Status s = audit_.Record(ctx, clock_(), unmasked ? "read_unmasked" : "read", "household",
                               std::to_string(household_id), "residents");
      !s)
    return s.error();
  return residents;
}

Result<Page<Resident>> RegistryService::Search(const AccessContext& ctx, const ResidentQuery& q) {
  const std::string region = q.region_code.empty() ? ctx.scope : q.region_code;
  if (Status s = Require(ctx, Permission::kReadRegistry, region); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, q.unmasked); !s) return s.error();
  if (q.limit < 1 || q.limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(region);
  // Fixed SQL fragments per filter present; every value is bound. Pages run
  // in (grid_code, id) order, the order of the residents_grid index, from
  // the start that KeysetPageStart finds once the cursor's grid is known.
  std::string filters;
  store::Params filter_params;
  if (!q.name.empty()) {
    if (q.name.back() == '*') {
      const std::string p = q.name.substr(0, q.name.size() - 1);
      filters += " AND name >= ? AND name < ?";
      filter_params.emplace_back(p);
      filter_params.emplace_back(p + "\xF4\x8F\xBF\xBF");  // above every UTF-8 continuation
    } else {
      filters += " AND name = ?";
      filter_params.emplace_back(q.name);
    }
  }
  if (!q.id_number.empty()) {
    filters += " AND id_number = ?";
    filter_params.emplace_back(CanonicalResidentId(q.id_number));
  }
  if (!q.phone.empty()) {
    filters += " AND phone = ?";
    filter_params.emplace_back(CanonicalPhone(q.phone).value_or(q.phone));
  }
  if (!q.address.empty()) {
    const char* find = db_.dialect() == store::Dialect::kPostgres ? "strpos" : "instr";
    filters += std::string(" AND household_id IN (SELECT id FROM households WHERE ") + find +
               "(building || '-' || unit || '-' || room, ?) > 0)";
    filter_params.emplace_back(q.address);
  }
  // Without filters the one good plan reads the residents_grid index in
  // order, whatever the region and cursor: PostgreSQL may reuse it. With
  // filters the best plan depends on their values.
  const auto plan = filters.empty() ? store::PlanChoice::kReused : store::PlanChoice::kPerCall;
  auto page = [&]() -> Result<Page<Resident>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto start = KeysetPageStart(*tx, "residents", "grid_code", q.after_id, prefix, plan);
    if (!start) return start.error();
    store::Params params;
    const std::string sql = std::string(kResidentColumns) + "WHERE " +
                            start->Condition("grid_code", "id", params) + " AND grid_code < ?" +
                            filters + " ORDER BY grid_code, id LIMIT ?";
    params.emplace_back(PrefixEnd(prefix));
    params.insert(params.end(), filter_params.begin(), filter_params.end());
    params.emplace_back(static_cast<int64_t>(q.limit) + 1);
    // LIMIT is q.limit + 1: a row past the page means there is a next page.
    bool more = false;
    auto rows =
        ResidentsOf(*tx, sql, params, q.unmasked, static_cast<size_t>(q.limit), &more, plan);
    if (!rows) return rows.error();
    Page<Resident> out;
    out.items = std::move(*rows);
    if (more) out.next_cursor = out.items.back().id;
    return out;
  }();
  if (!page) return page.error();
  if (Status s = audit_.Record(ctx, clock_(), q.unmasked ? "search_unmasked" : "search", "resident",
                               "region " + region, std::to_string(page->items.size()) + " results");
      !s)
    return s.error();
  return page;
}

Result<ImportReport> RegistryService::ImportResidentsCsv(const AccessContext& ctx,
                                                         std::string_view csv, ImportMode mode,
                                                         const ImportProgress& progress) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s.error();
  CsvReader reader(csv);
  std::vector<std::string> f;
  int64_t line = 0;
  auto has = reader.Next(f, line);
  if (!has) return has.error();
  if (!*has) return InvalidArgument("csv: empty file");
  auto cols = MapHeader(f, {{"grid_code", {"网格代码", "网格"}},
                            {"building", {"楼栋"}},
                            {"unit", {"单元"}},
                            {"room", {"房号"}},
                            {"name", {"姓名"}},
                            {"sex", {"性别"}},
                            {"birth_date", {"出生日期"}},
                            {"id_number", {"身份证号", "身份证号码", "公民身份号码"}},
                            {"phone", {"电话", "手机", "手机号", "联系电话"}},
                            {"elderly_alone", {"独居老人"}, false},
                            {"chronic_illness", {"慢性病"}, false},
                            {"pregnant", {"孕妇"}, false},
                            {"high_risk_return_date", {"高风险地区返回日期"}, false}});
  if (!cols) return cols.error();
  std::vector<int> idx;
  for (const char* c :
       {"grid_code", "building", "unit", "room", "name", "sex", "birth_date", "id_number", "phone",
        "elderly_alone", "chronic_illness", "pregnant", "high_risk_return_date"}) {
    auto it = cols->find(c);
    idx.push_back(it == cols->end() ? -1 : it->second);
  }
  auto get = [&](int k) -> const std::string& {
    static const std::string kEmpty;
    return idx[k] < 0 || idx[k] >= static_cast<int>(f.size()) ? kEmpty : f[idx[k]];
  };

  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const int64_t now = clock_();
  const std::string today = Day(now);
  ImportReport report;
  ResidentImport batch(*tx, today, report);
  std::unordered_map<std::string, bool> grids;  // grid -> usable
  std::unordered_set<std::string> seen_ids;
  auto reject = [&](std::string reason) { report.rejected.push_back({line, std::move(reason)}); };
  while (true) {
    auto more = reader.Next(f, line);
    if (!more) return more.error();
    if (!*more) break;
    ++report.rows;
    if (progress && report.rows % kImportProgressRows == 0) progress(report.rows);
    ResidentInput r;
    r.name = get(4);
    const std::string& sex = get(5);
    if (sex == "male" || sex == "男") {
      r.sex = Sex::kMale;
    } else if (sex == "female" || sex == "女") {
      r.sex = Sex::kFemale;
    } else {
      reject("sex: \"" + sex + "\" must be male/female/男/女");
      continue;
    }
    r.birth_date = get(6);
    r.id_number = get(7);
    r.phone = get(8);
    if (!ParseFlag(get(9), r.elderly_alone) || !ParseFlag(get(10), r.chronic_illness) ||
        !ParseFlag(get(11), r.pregnant)) {
      reject("categories: flags must be 1/0/是/否");
      continue;
    }
    if (!get(12).empty()) r.high_risk_return_date = get(12);
    r = Canonical(std::move(r));
    if (Status s = ValidateResident(r); !s) {
      reject(s.error().message);
      continue;
    }
    const std::string& grid = get(0);
    auto g = grids.find(grid);
    if (g == grids.end()) {
      Status s = CheckGrid(*tx, grid);
      if (s && !InScope(ctx, grid))
        s = Error{ErrorCode::kPermissionDenied, "grid_code: " + grid + " is outside your scope"};
      if (s) s = batch.LoadHouseholds(grid);
      g = grids.emplace(grid, s.ok()).first;
      if (!s) {
        if (s.error().code != ErrorCode::kInvalidArgument &&
            s.error().code != ErrorCode::kPermissionDenied)
          return s.error();
        reject(std::string(PublicMessage(s.error())));
        continue;
      }
    }
    if (!g->second) {
      reject("grid_code: " + grid + " is unknown or outside your scope");
      continue;
    }
    if (get(1).empty() || get(3).empty()) {
      reject(get(1).empty() ? "building: must not be empty" : "room: must not be empty");
      continue;
    }
    if (!seen_ids.insert(r.id_number).second) {
      reject("id_number: appears twice in the file");
      continue;
    }
    // With all_or_nothing, a rejected row means nothing will be written:
    // only the duplicate check still runs, to report every rejected row.
    const bool write = mode == ImportMode::kValidRows || report.rejected.empty();
    if (Status s = batch.Add(line, grid, get(1), get(2), get(3), std::move(r), write); !s)
      return s.error();
  }
  if (Status s = batch.Finish(mode == ImportMode::kValidRows || report.rejected.empty()); !s)
    return s.error();
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const RowError& a, const RowError& b) { return a.line < b.line; });
  if (progress) progress(report.rows);
  if (mode == ImportMode::kAllOrNothing && !report.rejected.empty()) {
    report.imported = 0;
    return report;  // nothing written: the transaction rolls back
  }
  if (Status s = AppendAudit(*tx, ctx, now, "import", "resident", "csv",
                             std::to_string(report.imported) + " imported, " +
                                 std::to_string(report.rejected.size()) + " rejected");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  // A bulk load (store::Database::RefreshStatistics). The rows are committed
  // whatever it answers; PostgreSQL's autovacuum samples them later if not.
  if (report.imported > 0) (void)db_.RefreshStatistics({"households", "residents"});
  return report;
}

Result<std::string> RegistryService::ExportResidentsCsv(const AccessContext& ctx,
                                                        std::string_view region_code,
                                                        bool unmasked) {
  if (Status s = Require(ctx, Permission::kReadRegistry, region_code); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, unmasked); !s) return s.error();
  const std::string prefix = SubtreePrefix(region_code);
  std::string out =
      "grid_code,building,unit,room,name,sex,birth_date,id_number,phone,elderly_alone,"
      "chronic_illness,pregnant,high_risk_return_date\n";
  auto exported = [&]() -> Result<int64_t> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    int64_t rows = 0;
    Status read = tx->ForEachRow(
        "SELECT r.id, r.household_id, r.grid_code, r.name, r.sex, r.birth_date, r.id_number, "
        "r.phone, r.elderly_alone, r.chronic_illness, r.pregnant, r.high_risk_return_date, "
        "h.building, h.unit, h.room FROM residents r JOIN households h ON h.id = r.household_id "
        "WHERE r.grid_code >= ? AND r.grid_code < ? ORDER BY r.grid_code, r.id",
        {prefix, PrefixEnd(prefix)}, [&](const store::RowView& row) {
          const Resident r = ResidentOf(row, unmasked);
          const ResidentInput& d = r.data;
          for (std::string_view v :
               {std::string_view(r.grid_code), row.Text(12), row.Text(13), row.Text(14),
                std::string_view(d.name), SexName(d.sex), std::string_view(d.birth_date),
                std::string_view(d.id_number), std::string_view(d.phone),
                std::string_view(d.elderly_alone ? "1" : "0"),
                std::string_view(d.chronic_illness ? "1" : "0"),
                std::string_view(d.pregnant ? "1" : "0"),
                std::string_view(d.high_risk_return_date ? *d.high_risk_return_date : "")}) {
            out += CsvField(v);
            out += ',';
          }
          out.back() = '\n';
          ++rows;
          return true;
        });
    if (!read) return read.error();
    return rows;
  }();
  if (!exported) return exported.error();
  if (Status s =
          audit_.Record(ctx, clock_(), unmasked ? "export_unmasked" : "export", "resident",
                        "region " + std::string(region_code), std::to_string(*exported) + " rows");
      !s)
    return s.error();
  return out;
}

}  // namespace fk::ops
