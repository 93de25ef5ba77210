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
#include "ops/registry/household_ids.hpp"
#include "ops/registry/id_number_set.hpp"
#include "ops/registry/masking.hpp"
#include "ops/registry/resident_csv.hpp"
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
  d.birth_date = unmasked ? std::string(r.Text(5)) : MaskBirthDate(r.Text(5));
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

// Characters (UTF-8 code points) in `s`: its bytes that are not
// continuation bytes.
size_t Characters(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
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

// kConflict when the resident has a case, a laboratory test (ops/cases) or
// is someone's contact (ops/contacts):
// those records are kept, and so is the person they name.
Status CheckNoCaseRecords(store::Transaction& tx, int64_t resident_id, const std::string& what) {
  auto found = tx.Query(
      "SELECT 1 FROM cases WHERE resident_id = ? UNION ALL "
      "SELECT 1 FROM lab_tests WHERE resident_id = ? UNION ALL "
      "SELECT 1 FROM contacts WHERE resident_id = ? LIMIT 1",
      {resident_id, resident_id, resident_id});
  if (!found) return found.error();
  if (!found->empty())
    return Error{ErrorCode::kConflict,
                 what +
                     " has case or laboratory test records, which are kept; it cannot be "
                     "deleted"};
  return Status::Ok();
}

// kConflict when the resident was ever admitted to a facility or quarantined
// (the records are kept: ops/facilities, ops/quarantine).
Status CheckNoAdmissions(store::Transaction& tx, int64_t resident_id, const std::string& what) {
  for (auto [table, records] : {std::pair{"admissions", "hospital admissions"},
                                {"quarantine_orders", "quarantine orders"}}) {
    auto row = tx.Query(std::string("SELECT 1 FROM ") + table + " WHERE resident_id = ? LIMIT 1",
                        {resident_id});
    if (!row) return row.error();
    if (!row->empty())
      return Error{ErrorCode::kConflict,
                   what + " has " + records + ", whose records are kept; it cannot be deleted"};
  }
  return Status::Ok();
}

// Registrations of one ID number are decided one transaction at a time, so
// that two callers registering the same number at once cannot both miss
// each other. SQLite's write transactions (BEGIN IMMEDIATE) already run one
// at a time; PostgreSQL takes a lock that only other registering
// transactions wait for (reads go on). Taken first in the transaction,
// before it writes residents (a later upgrade could deadlock).
Status LockRegistrations(store::Transaction& tx) {
  if (tx.dialect() != store::Dialect::kPostgres) return Status::Ok();
  auto r = tx.Exec("LOCK TABLE residents IN SHARE ROW EXCLUSIVE MODE");
  if (!r) return r.error();
  return Status::Ok();
}

// SQLite's page cache for the length of an import (one transaction), then
// what it was (64 MiB, store/sqlite_connection.cpp). An import's rows reach
// every index of residents, some in random key order (ID number; name and
// phone too in real files). Once such an index outgrows the cache nearly
// every row reads a leaf back, and in a transaction larger than the cache
// the pages it spilled lie in the write-ahead log, where finding one walks
// a hash table per 4,096 frames written so far: the cost per row grew with
// the city, 12 us at 1,000,000 residents, 34 us at 11,000,000 (bench/README.md,
// "Megacity import"). An entry of the ID number index takes about 40 bytes
// at the fill random inserts leave, so 1 GiB keeps that index in memory up
// to about 25 million residents. SQLite allocates the cache only as pages
// are used, and frees them when the cache shrinks back as the import ends.
// PostgreSQL: nothing (its server keeps its own buffers).
class ImportCache {
 public:
  static Result<ImportCache> Widen(store::Transaction& tx) {
    if (tx.dialect() != store::Dialect::kSqlite) return ImportCache(nullptr, 0);
    auto was = tx.QueryOne("PRAGMA cache_size", {});
    if (!was) return was.error();
    if (Status s = tx.ExecScript("PRAGMA cache_size=-1048576"); !s) return s.error();
    return ImportCache(&tx, was->Int(0));
  }
  ImportCache(ImportCache&& other) noexcept : tx_(other.tx_), was_(other.was_) {
    other.tx_ = nullptr;
  }
  ImportCache& operator=(ImportCache&&) = delete;
  ~ImportCache() {
    if (tx_) (void)tx_->ExecScript("PRAGMA cache_size=" + std::to_string(was_));
  }

 private:
  ImportCache(store::Transaction* tx, int64_t was) : tx_(tx), was_(was) {}
  store::Transaction* tx_;  // SQLite's, else null
  int64_t was_;             // cache_size before
};

const Error kAlreadyRegistered{ErrorCode::kConflict, "id_number: already registered"};

// kConflict "id_number: already registered" when `id_number` is registered
// in the caller's scope (to anyone but resident `except`); registrations
// outside it are not the caller's to see. One statement either way.
Status CheckNotRegisteredInScope(store::Transaction& tx, const AccessContext& ctx,
                                 const std::string& id_number, int64_t except = 0) {
  auto rows = tx.Query("SELECT grid_code FROM residents WHERE id_number = ? AND id <> ?",
                       {id_number, except});
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    if (InScope(ctx, r.Text(0))) return kAlreadyRegistered;
  return Status::Ok();
}

// The candidates of RecordConflicts: ID numbers as one bound JSON array
// (["420102199001011234", ...]), so that any number of them is one
// statement. ID numbers are digits and 'X' (validated), nothing to escape.
std::string JsonNumbers(const std::vector<std::string>& numbers) {
  std::string out = "[";
  for (const std::string& n : numbers) out.append(out.size() > 1 ? ",\"" : "\"").append(n) += '"';
  return out + "]";
}

// The registrations RecordConflicts pairs, read from the candidates: new
// (ids in [first, last]) and other (the rest), each found by the id_number
// index, so the cost grows with the candidates, not with the new rows or
// the table. PostgreSQL, left to itself, would read every new row by id
// (and, with the statistics an import's one transaction leaves stale, every
// resident); LATERAL subqueries with OFFSET 0, which it does not flatten,
// keep it to the index. SQLite drives from the candidates by itself once
// the unary + keeps it off the primary key.
constexpr std::string_view kPairsPostgres =
    "json_array_elements_text(CAST(? AS json)) AS c(value) "
    "CROSS JOIN LATERAL (SELECT id, id_number, grid_code FROM residents "
    "WHERE id_number = c.value AND id BETWEEN ? AND ? OFFSET 0) n "
    "CROSS JOIN LATERAL (SELECT id, grid_code FROM residents "
    "WHERE id_number = c.value AND id NOT BETWEEN ? AND ? OFFSET 0) o";
constexpr std::string_view kPairsSqlite =
    "json_each(?) AS c "
    "JOIN residents n ON n.id_number = c.value AND +n.id BETWEEN ? AND ? "
    "JOIN residents o ON o.id_number = c.value AND +o.id NOT BETWEEN ? AND ?";

// Records a conflict of each new registration (a resident with an id in
// [first, last] and one of the `candidates` numbers) with every other
// registration of its number, and the audit record of each conflict. Both
// lie in the smallest region holding the two grids (spelt for two 15-digit
// grid codes: the grid, community, street, district, city or province they
// share, else ""), which only officers whose scope holds both read. The
// other registrations lie outside the caller's scope (those in it were
// refused before). A single registration passes its own number, whether or
// not it is registered elsewhere; an import the numbers of its batch that
// its duplicate query found registered outside the scope.
//
// The same two statements whatever they find, so that a number registered
// elsewhere costs what a new one does but for the two rows written:
// AddResident took 0.06 to 0.12 ms more (median 0.50 against 0.44 ms on the
// test PostgreSQL, fsync off, lightly loaded; 0.84-0.92 against 0.73-0.80
// ms at a load of 10), with no difference beyond the noise on SQLite, where
// the commit's sync (about 4 ms) dominates. Telling them apart by time takes many tries,
// and each try is a real registration in the caller's grid and a conflict
// that the officers above see.
Status RecordConflicts(store::Transaction& tx, const AccessContext& ctx, int64_t now,
                       const std::vector<std::string>& candidates, int64_t first, int64_t last) {
  auto conflicts = tx.Exec(
      std::string("INSERT INTO registration_conflicts (id_number, resident_id, other_resident_id, "
                  "region, created_at, created_by) SELECT n.id_number, n.id, o.id, "
                  "CASE WHEN n.grid_code = o.grid_code THEN n.grid_code "
                  "WHEN substr(n.grid_code, 1, 12) = substr(o.grid_code, 1, 12) "
                  "THEN substr(n.grid_code, 1, 12) "
                  "WHEN substr(n.grid_code, 1, 9) = substr(o.grid_code, 1, 9) "
                  "THEN substr(n.grid_code, 1, 9) "
                  "WHEN substr(n.grid_code, 1, 6) = substr(o.grid_code, 1, 6) "
                  "THEN substr(n.grid_code, 1, 6) "
                  "WHEN substr(n.grid_code, 1, 4) = substr(o.grid_code, 1, 4) "
                  "THEN substr(n.grid_code, 1, 4) || '00' "
                  "WHEN substr(n.grid_code, 1, 2) = substr(o.grid_code, 1, 2) "
                  "THEN substr(n.grid_code, 1, 2) || '0000' ELSE '' END, ?, ? FROM ")
          .append(tx.dialect() == store::Dialect::kPostgres ? kPairsPostgres : kPairsSqlite),
      {now, ctx.user_id, JsonNumbers(candidates), first, last, first, last});
  if (!conflicts) return conflicts.error();
  // Every open conflict of these residents was made just now: a renumbered
  // resident's older ones were closed first, and new residents had none.
  auto audited = tx.Exec(
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, client_address, detail, "
      "region) SELECT ?, ?, 'create', 'registration_conflict', CAST(id AS TEXT), ?, "
      "'residents ' || CAST(resident_id AS TEXT) || ' and ' || CAST(other_resident_id AS TEXT), "
      "region FROM registration_conflicts WHERE resolved_at IS NULL AND resident_id BETWEEN ? "
      "AND ?",
      {now, ctx.user_id, ctx.client_address, first, last});
  if (!audited) return audited.error();
  return Status::Ok();
}

// Closes the open conflicts of resident `id`, who was deleted or given
// another number: each keeps its other resident.
Status CloseConflictsOf(store::Transaction& tx, const AccessContext& ctx, int64_t now, int64_t id) {
  auto r = tx.Exec(
      "UPDATE registration_conflicts SET resolved_at = ?, resolved_by = ?, kept_resident_id = "
      "CASE WHEN resident_id = ? THEN other_resident_id ELSE resident_id END "
      "WHERE resolved_at IS NULL AND (resident_id = ? OR other_resident_id = ?)",
      {now, ctx.user_id, id, id, id});
  if (!r) return r.error();
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
// PostgreSQL, one prepared single-row INSERT a row on SQLite). A number registered in
// the caller's scope is rejected; one registered only outside it is
// imported like a new one, and once written its conflicts are recorded
// (RecordConflicts, the same statements for every batch).
class ResidentImport {
 public:
  ResidentImport(store::Transaction& tx, const AccessContext& ctx, int64_t now, std::string today,
                 ImportReport& report)
      : tx_(tx), ctx_(ctx), now_(now), today_(std::move(today)), report_(report) {}

  // Loads the households of `grid` already registered (once per grid).
  Status LoadHouseholds(const std::string& grid) {
    auto rows =
        tx_.Query("SELECT id, building, unit, room FROM households WHERE grid_code = ?", {grid});
    if (!rows) return rows.error();
    grid_numbers_.emplace(grid, static_cast<uint32_t>(grid_numbers_.size()));
    for (const auto& r : *rows)
      households_.Insert(Key(grid, r.Text(1), r.Text(2), r.Text(3)), r.Int(0));
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
    auto found = store::RunBatched(
        tx_, "SELECT grid_code, id_number FROM residents WHERE id_number IN (", 0, ids, ")");
    if (!found) return found.error();
    std::unordered_set<std::string> registered;  // in the caller's scope
    std::unordered_set<std::string> elsewhere;   // outside it
    for (const auto& r : *found)
      (InScope(ctx_, r.Text(0)) ? registered : elsewhere).insert(r.Text(1));
    store::Params new_households;
    std::unordered_set<std::string> queued;
    std::vector<const Pending*> kept;
    for (const auto& p : pending_) {
      if (registered.count(p.resident.id_number)) {
        report_.rejected.push_back({p.line, kAlreadyRegistered.message});
        continue;
      }
      kept.push_back(&p);
      if (households_.Find(p.key) == 0 && queued.insert(p.key).second) {
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
        households_.Insert(Key(r.Text(1), r.Text(2), r.Text(3), r.Text(4)), r.Int(0));
      for (const Pending* p : kept) {
        residents_.emplace_back(households_.Find(p->key));
        residents_.emplace_back(p->grid);
        for (auto& v : ResidentParams(p->resident)) residents_.push_back(std::move(v));
        residents_.emplace_back(today_);
        if (elsewhere.count(p->resident.id_number)) candidates_.push_back(p->resident.id_number);
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

  // Writes the queued residents, then the conflicts of those whose number
  // is registered outside the caller's scope: new registrations are the rows
  // after the largest id before them (registrations are written one
  // transaction at a time, see LockRegistrations, so no other transaction's
  // rows come between).
  Status WriteResidents() {
    if (residents_.empty()) return Status::Ok();
    auto last = tx_.QueryOne("SELECT COALESCE(MAX(id), 0) FROM residents", {});
    if (!last) return last.error();
    auto added = tx_.BulkInsert("residents", ResidentColumns(), residents_);
    residents_.clear();
    if (!added) return added.error();
    Status recorded = RecordConflicts(tx_, ctx_, now_, candidates_, last->Int(0) + 1, INT64_MAX);
    candidates_.clear();
    return recorded;
  }
  // The key of a household of a loaded grid: the grid's number (4 bytes)
  // and its address, short enough for most to need no allocation of their
  // own (15 bytes stay inside a std::string): the import keeps a key per
  // household of the file, 4,200,000 in the city.
  std::string Key(const std::string& grid, const std::string& building, const std::string& unit,
                  const std::string& room) const {
    const uint32_t n = grid_numbers_.at(grid);
    std::string key(reinterpret_cast<const char*>(&n), sizeof n);
    return key.append(building).append(1, '\x1f').append(unit).append(1, '\x1f').append(room);
  }

  store::Transaction& tx_;
  const AccessContext& ctx_;
  const int64_t now_;
  const std::string today_;
  ImportReport& report_;
  std::vector<Pending> pending_;
  store::Params residents_;              // checked rows with their household ids, not yet written
  std::vector<std::string> candidates_;  // their numbers registered outside the scope
  HouseholdIds households_;              // by Key
  std::unordered_map<std::string, uint32_t> grid_numbers_;  // loaded grids, numbered
};

}  // namespace

ResidentInput CanonicalResident(ResidentInput r) {
  r.id_number = CanonicalResidentId(r.id_number);
  if (auto phone = CanonicalPhone(r.phone)) r.phone = std::move(*phone);
  return r;
}

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
    : db_(db), audit_(audit), clock_(std::move(clock)), terms_(db) {}

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
  if (Status s = AppendAudit(*tx, ctx, now, "create", "household", std::to_string(out.id), "",
                             out.grid_code);
      !s)
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
  if (Status s = audit_.Record(ctx, clock_(), "read", "household", std::to_string(id), "",
                               household->grid_code);
      !s)
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
  // Under the grid it left: where the household was registered until now.
  if (Status s = AppendAudit(*tx, ctx, now, "move", "household", std::to_string(id),
                             *from + " -> " + to, *from);
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
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "delete", "household", std::to_string(id), reason, *grid);
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

Result<Resident> RegisterResident(store::Transaction& tx, const AccessContext& ctx, int64_t now,
                                  int64_t household_id, const ResidentInput& given) {
  const ResidentInput input = CanonicalResident(given);
  if (Status s = ValidateResident(input); !s) return s.error();
  if (Status s = LockRegistrations(tx); !s) return s.error();
  auto grid = HouseholdGrid(tx, ctx, household_id);
  if (!grid) return grid.error();
  if (Status s = CheckNotRegisteredInScope(tx, ctx, input.id_number); !s) return s.error();
  store::Params params{household_id, *grid};
  for (auto& v : ResidentParams(input)) params.push_back(std::move(v));
  params.emplace_back(Day(now));
  auto row = tx.QueryOne(
      "INSERT INTO residents (household_id, grid_code, name, sex, birth_date, id_number, phone, "
      "elderly_alone, chronic_illness, pregnant, high_risk_return_date, created_day) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  if (!row) return row.error();
  Resident out{row->Int(0), household_id, *grid, input};
  if (Status s = RecordConflicts(tx, ctx, now, {input.id_number}, out.id, out.id); !s)
    return s.error();
  if (Status s = AppendAudit(tx, ctx, now, "create", "resident", std::to_string(out.id), "", *grid);
      !s)
    return s.error();
  return out;
}

Result<Resident> RegistryService::AddResident(const AccessContext& ctx, int64_t household_id,
                                              const ResidentInput& given) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s.error();
  // Validated before the transaction too, so that bad input takes no lock.
  if (Status s = ValidateResident(CanonicalResident(given)); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto out = RegisterResident(*tx, ctx, clock_(), household_id, given);
  if (!out) return out;
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
                               std::to_string(id), "", resident->grid_code);
      !s)
    return s.error();
  return resident;
}

Status RegistryService::UpdateResident(const AccessContext& ctx, int64_t id,
                                       const ResidentInput& given) {
  const ResidentInput input = CanonicalResident(given);
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s;
  if (Status s = ValidateResident(input); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  if (Status s = LockRegistrations(*tx); !s) return s;
  const std::string missing = "resident " + std::to_string(id) + " not found";
  auto row = tx->QueryOne("SELECT grid_code, id_number FROM residents WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  const std::string grid = row->Text(0);
  if (!InScope(ctx, grid)) return Error{ErrorCode::kNotFound, missing};
  // A new number is checked as AddResident checks one. The old one is not
  // checked again: a conflict of it that the caller's scope holds whole is
  // theirs to resolve, not a reason to refuse other changes.
  const bool renumbered = row->Text(1) != input.id_number;
  if (renumbered) {
    if (Status s = CheckNotRegisteredInScope(*tx, ctx, input.id_number, id); !s) return s;
  }
  const int64_t now = clock_();
  store::Params params = ResidentParams(input);
  params.emplace_back(id);
  auto r = tx->Exec(
      "UPDATE residents SET name = ?, sex = ?, birth_date = ?, id_number = ?, phone = ?, "
      "elderly_alone = ?, chronic_illness = ?, pregnant = ?, high_risk_return_date = ? WHERE id = "
      "?",
      params);
  if (!r) return r.error();
  if (renumbered) {
    if (Status s = CloseConflictsOf(*tx, ctx, now, id); !s) return s;
    if (Status s = RecordConflicts(*tx, ctx, now, {input.id_number}, id, id); !s) return s;
  }
  if (Status s = AppendAudit(*tx, ctx, now, "update", "resident", std::to_string(id), "", grid); !s)
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
  if (Status s = CheckNoCaseRecords(*tx, id, what); !s) return s;
  if (Status s = CheckNoAdmissions(*tx, id, what); !s) return s;
  if (auto r = tx->Exec("DELETE FROM residents WHERE id = ?", {id}); !r) return r.error();
  const int64_t now = clock_();
  if (Status s = CloseConflictsOf(*tx, ctx, now, id); !s) return s;
  if (Status s = AppendAudit(*tx, ctx, now, "delete", "resident", std::to_string(id), reason,
                             row->Text(0));
      !s)
    return s;
  return tx->Commit();
}

Result<std::vector<Resident>> RegistryService::HouseholdResidents(const AccessContext& ctx,
                                                                  int64_t household_id,
                                                                  bool unmasked) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, unmasked); !s) return s.error();
  std::string grid;
  auto residents = [&]() -> Result<std::vector<Resident>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto found = HouseholdGrid(*tx, ctx, household_id);
    if (!found) return found.error();
    grid = std::move(*found);
    return ResidentsOf(*tx, std::string(kResidentColumns) + "WHERE household_id = ? ORDER BY id",
                       {household_id}, unmasked);
  }();
  if (!residents) return residents.error();
  if (Status s = audit_.Record(ctx, clock_(), unmasked ? "read_unmasked" : "read", "household",
                               std::to_string(household_id), "residents", grid);
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
  const bool name_prefix = !q.name.empty() && q.name.back() == '*';
  // A name term that says more than a masked name shows: a full name, or a
  // prefix of more than one character.
  const bool name_exact =
      !q.name.empty() && (!name_prefix || Characters(q.name.substr(0, q.name.size() - 1)) > 1);
  if (!HasPermission(ctx.role, Permission::kSeeUnmasked)) {
    const std::string role(RoleName(ctx.role));
    if (!q.id_number.empty())
      return Error{ErrorCode::kPermissionDenied,
                   "id_number: role " + role + " may not search by ID number"};
    if (!q.phone.empty())
      return Error{ErrorCode::kPermissionDenied,
                   "phone: role " + role + " may not search by phone"};
    if (name_exact)
      return Error{ErrorCode::kPermissionDenied,
                   "name: role " + role +
                       " may search names only by their first character (张*), not by more"};
  }
  // What was searched, for the audit record: terms that name a person only
  // as keyed hashes (ops/audit/search_terms.hpp), the rest as given. A
  // search by such a term records no count of results: with the term
  // filter of the audit log, an administrator (who may not read personal
  // data) would otherwise learn whether that person is registered there.
  std::string searched;
  bool hashed = false;
  auto note = [&](std::string_view filter, const std::string& value) {
    searched.append(searched.empty() ? "" : " ").append(filter).append("=").append(value);
  };
  auto note_hashed = [&](std::string_view filter, const std::string& term) -> Status {
    auto hash = terms_.Hash(term);
    if (!hash) return hash.error();
    note(filter, *hash);
    hashed = true;
    return Status::Ok();
  };
  if (!q.name.empty()) {
    if (!name_exact) {
      note("name", q.name);
    } else if (Status s = note_hashed("name", q.name); !s) {
      return s.error();
    }
  }
  if (!q.id_number.empty()) {
    if (Status s = note_hashed("id_number", CanonicalResidentId(q.id_number)); !s) return s.error();
  }
  if (!q.phone.empty()) {
    if (Status s = note_hashed("phone", CanonicalPhone(q.phone).value_or(q.phone)); !s)
      return s.error();
  }
  if (!q.address.empty()) note("address", "\"" + q.address + "\"");
  const std::string prefix = SubtreePrefix(region);
  // Fixed SQL fragments per filter present; every value is bound. Pages run
  // in (grid_code, id) order, the order of the residents_grid index, from
  // the start that KeysetPageStart finds once the cursor's grid is known.
  std::string filters;
  store::Params filter_params;
  if (!q.name.empty()) {
    if (name_prefix) {
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
  const std::string results = std::to_string(page->items.size()) + " results";
  if (Status s = audit_.Record(ctx, clock_(), q.unmasked ? "search_unmasked" : "search", "resident",
                               "region " + region,
                               hashed             ? searched
                               : searched.empty() ? results
                                                  : searched + "; " + results,
                               region);
      !s)
    return s.error();
  return page;
}

Result<Page<Resident>> RegistryService::CampaignResidents(const AccessContext& ctx,
                                                          const CampaignResidentsQuery& q) {
  if (Status s = Require(ctx, Permission::kReadRegistry); !s) return s.error();
  if (Status s = CheckUnmasked(ctx, q.unmasked); !s) return s.error();
  if (q.limit < 1 || q.limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  std::string region;  // the narrower of the campaign's region and the caller's scope
  auto page = [&]() -> Result<Page<Resident>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    const std::string missing = "campaign " + std::to_string(q.campaign_id) + " not found";
    auto campaign =
        tx->QueryOne("SELECT region_code FROM campaigns WHERE id = ?", {q.campaign_id}, missing);
    if (!campaign) return campaign.error();
    const std::string campaign_region = campaign->Text(0);
    if (InScope(ctx, campaign_region)) {
      region = campaign_region;
    } else if (InScope(campaign_region, ctx.scope)) {
      region = ctx.scope;
    } else {
      return Error{ErrorCode::kNotFound, missing};
    }
    const std::string prefix = SubtreePrefix(region);
    // The residents_grid index read in order; each resident's household
    // looked up among the campaign's tasks (screening_tasks_household).
    const auto plan = store::PlanChoice::kPerCall;
    auto start = KeysetPageStart(*tx, "residents", "grid_code", q.after_id, prefix, plan);
    if (!start) return start.error();
    store::Params params;
    std::string sql = std::string(kResidentColumns) + "WHERE " +
                      start->Condition("grid_code", "id", params) +
                      " AND grid_code < ? AND EXISTS (SELECT 1 FROM screening_tasks t WHERE "
                      "t.household_id = residents.household_id AND t.campaign_id = ?";
    params.emplace_back(PrefixEnd(prefix));
    params.emplace_back(q.campaign_id);
    if (q.remaining) sql += " AND t.visited_at IS NULL";
    if (ctx.role == Role::kGridWorker) {
      sql += " AND (t.assignee_id = ? OR t.assignee_id IS NULL)";
      params.emplace_back(ctx.user_id);
    }
    sql += ") ORDER BY grid_code, id LIMIT ?";
    params.emplace_back(static_cast<int64_t>(q.limit) + 1);
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
  if (Status s = audit_.Record(
          ctx, clock_(), q.unmasked ? "read_unmasked" : "read", "campaign",
          std::to_string(q.campaign_id),
          std::string(q.remaining ? "residents of remaining households: " : "residents: ") +
              std::to_string(page->items.size()),
          region);
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
  auto header = ReadResidentCsvHeader(f);
  if (!header) return header.error();

  const int64_t now = clock_();
  ImportReport report;
  {
    auto tx = db_.Begin();
    if (!tx) return tx.error();
    if (Status s = LockRegistrations(*tx); !s) return s.error();
    auto cache = ImportCache::Widen(*tx);
    if (!cache) return cache.error();
    ResidentImport batch(*tx, ctx, now, Day(now), report);
    std::unordered_map<std::string, bool> grids;  // grid -> usable
    IdNumberSet seen_ids;
    auto reject = [&](std::string reason) { report.rejected.push_back({line, std::move(reason)}); };
    while (true) {
      auto more = reader.Next(f, line);
      if (!more) return more.error();
      if (!*more) break;
      ++report.rows;
      if (progress && report.rows % kImportProgressRows == 0) progress(report.rows);
      auto row = ParseResidentCsvRow(*header, f);
      if (!row) {
        reject(std::move(row.error().message));
        continue;
      }
      ResidentInput& r = row->resident;
      const std::string& grid = row->grid_code;
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
      if (row->building.empty() || row->room.empty()) {
        reject(row->building.empty() ? "building: must not be empty" : "room: must not be empty");
        continue;
      }
      if (!seen_ids.Insert(r.id_number)) {
        reject("id_number: appears twice in the file");
        continue;
      }
      // With all_or_nothing, a rejected row means nothing will be written:
      // only the duplicate check still runs, to report every rejected row.
      const bool write = mode == ImportMode::kValidRows || report.rejected.empty();
      if (Status s =
              batch.Add(line, grid, row->building, row->unit, row->room, std::move(r), write);
          !s)
        return s.error();
    }
    if (Status s = batch.Finish(mode == ImportMode::kValidRows || report.rejected.empty()); !s)
      return s.error();
    std::stable_sort(report.rejected.begin(), report.rejected.end(),
                     [](const RowError& a, const RowError& b) { return a.line < b.line; });
    if (progress) progress(report.rows);
    if (mode == ImportMode::kValidRows || report.rejected.empty()) {
      if (Status s = AppendAudit(*tx, ctx, now, "import", "resident", "csv",
                                 std::to_string(report.imported) + " imported, " +
                                     std::to_string(report.rejected.size()) + " rejected");
          !s)
        return s.error();
      if (Status s = tx->Commit(); !s) return s.error();
      // A bulk load (store::Database::RefreshStatistics). The rows are
      // committed whatever it answers; PostgreSQL's autovacuum samples them
      // later if not.
      if (report.imported > 0) (void)db_.RefreshStatistics({"households", "residents"});
      return report;
    }
    report.imported = 0;
  }  // nothing written: the transaction rolls back here
  if (Status s = AuditRejectedImport(db_, ctx, now, "resident", report); !s) return s.error();
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
  if (Status s = audit_.Record(ctx, clock_(), unmasked ? "export_unmasked" : "export", "resident",
                               "region " + std::string(region_code),
                               std::to_string(*exported) + " rows", region_code);
      !s)
    return s.error();
  return out;
}

Result<Page<RegistrationConflict>> RegistryService::Conflicts(const AccessContext& ctx,
                                                              int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto page = [&]() -> Result<Page<RegistrationConflict>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    // Pages run in (region, id) order, the order of the partial index
    // registration_conflicts_open; see KeysetPageStart. A conflict's region
    // held both its grids when it was found; the grids are checked as they
    // are now too (a household may have moved out of the scope since).
    const auto plan = store::PlanChoice::kPerCall;
    auto start = KeysetPageStart(*tx, "registration_conflicts", "region", after_id, prefix, plan);
    if (!start) return start.error();
    const std::string end = PrefixEnd(prefix);
    store::Params params{end};
    const std::string sql =
        "SELECT c.id, c.id_number, c.region, c.resident_id, a.grid_code, c.other_resident_id, "
        "b.grid_code, c.created_at FROM registration_conflicts c "
        "JOIN residents a ON a.id = c.resident_id JOIN residents b ON b.id = c.other_resident_id "
        "WHERE c.resolved_at IS NULL AND c.region < ? AND " +
        start->Condition("c.region", "c.id", params) +
        " AND a.grid_code >= ? AND a.grid_code < ? AND b.grid_code >= ? AND b.grid_code < ?"
        " ORDER BY c.region, c.id LIMIT ?";
    for (int grid = 0; grid < 2; ++grid) {
      params.emplace_back(prefix);
      params.emplace_back(end);
    }
    params.emplace_back(static_cast<int64_t>(limit) + 1);
    Page<RegistrationConflict> out;
    Status read = tx->ForEachRow(
        sql, params,
        [&](const store::RowView& r) {
          if (static_cast<int>(out.items.size()) == limit) {
            out.next_cursor = out.items.back().id;
            return false;
          }
          out.items.push_back({r.Int(0), MaskIdNumber(r.Text(1)), std::string(r.Text(2)), r.Int(3),
                               std::string(r.Text(4)), r.Int(5), std::string(r.Text(6)), r.Int(7)});
          return true;
        },
        plan);
    if (!read) return read.error();
    return out;
  }();
  if (!page) return page.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "registration_conflict", "page",
                               std::to_string(page->items.size()) + " conflicts");
      !s)
    return s.error();
  return page;
}

Status RegistryService::ResolveConflict(const AccessContext& ctx, int64_t conflict_id, int64_t keep,
                                        std::string_view reason) {
  if (Status s = Require(ctx, Permission::kWriteRegistry); !s) return s;
  if (Status s = CheckDeletionReason(reason); !s) return s;
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string what = "registration conflict " + std::to_string(conflict_id);
  auto row = tx->QueryOne(
      "SELECT c.resident_id, c.other_resident_id, c.region, c.resolved_at, "
      "a.grid_code, b.grid_code, a.household_id, b.household_id "
      "FROM registration_conflicts c LEFT JOIN residents a ON a.id = c.resident_id "
      "LEFT JOIN residents b ON b.id = c.other_resident_id WHERE c.id = ?",
      {conflict_id}, what + " not found");
  if (!row) return row.error();
  if (!InScope(ctx, row->Text(2))) return Error{ErrorCode::kNotFound, what + " not found"};
  // An open conflict's residents both exist (deleting one closes it).
  if (!row->IsNull(3)) return Error{ErrorCode::kConflict, what + " is already resolved"};
  // Both registrations as they are now, not only the region they were found
  // in: a household may have moved since.
  if (!InScope(ctx, row->Text(4)) || !InScope(ctx, row->Text(5)))
    return Error{ErrorCode::kNotFound, what + " not found"};
  const int64_t a = row->Int(0), b = row->Int(1);
  if (keep != a && keep != b)
    return InvalidArgument("keep: must be resident " + std::to_string(a) + " or " +
                           std::to_string(b));
  const bool keep_a = keep == a;
  const int64_t gone = keep_a ? b : a;
  const std::string gone_grid = row->Text(keep_a ? 5 : 4);
  if (Status s =
          CheckNoScreening(*tx, row->Int(keep_a ? 7 : 6), "resident " + std::to_string(gone));
      !s)
    return s;
  if (Status s = CheckNoCaseRecords(*tx, gone, "resident " + std::to_string(gone)); !s) return s;
  if (Status s = CheckNoAdmissions(*tx, gone, "resident " + std::to_string(gone)); !s) return s;
  if (auto r = tx->Exec("DELETE FROM residents WHERE id = ?", {gone}); !r) return r.error();
  const int64_t now = clock_();
  // This conflict keeps `keep`; the deleted resident's other conflicts keep
  // their other residents.
  if (auto r = tx->Exec("UPDATE registration_conflicts SET resolved_at = ?, resolved_by = ?, "
                        "kept_resident_id = ? WHERE id = ?",
                        {now, ctx.user_id, keep, conflict_id});
      !r)
    return r.error();
  if (Status s = CloseConflictsOf(*tx, ctx, now, gone); !s) return s;
  if (Status s = AppendAudit(*tx, ctx, now, "resolve", "registration_conflict",
                             std::to_string(conflict_id),
                             "kept resident " + std::to_string(keep) + ", deleted resident " +
                                 std::to_string(gone) + ": " + std::string(reason),
                             row->Text(2));
      !s)
    return s;
  if (Status s =
          AppendAudit(*tx, ctx, now, "delete", "resident", std::to_string(gone), reason, gone_grid);
      !s)
    return s;
  return tx->Commit();
}

}  // namespace fk::ops
