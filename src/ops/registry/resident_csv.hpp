// The resident import's file format without the database: the header's
// columns and their aliases, and one row read into a ResidentInput with
// every check that needs no database (UTF-8, sex, flags, canonical ID and
// phone, ValidateResident). RegistryService::ImportResidentsCsv adds the
// checks that do (grid, scope, duplicates); the fuzz target fuzz/csv_import
// drives this part alone. Pure functions; thread-safe.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/registry/registry.hpp"

namespace fk::ops {

// The columns of a resident import, in this order (English names; the
// header may use the Chinese aliases of registry.hpp instead).
enum class ResidentColumn {
  kGridCode,
  kBuilding,
  kUnit,
  kRoom,
  kName,
  kSex,
  kBirthDate,
  kIdNumber,
  kPhone,
  kElderlyAlone,
  kChronicIllness,
  kPregnant,
  kHighRiskReturnDate,
};
inline constexpr int kResidentColumnCount = 13;

// Where each column is in the file's records (-1: an optional column left out).
struct ResidentCsvHeader {
  std::array<int, kResidentColumnCount> index{};
  // The field of `column` in `fields`, or "" when the column is left out or
  // the record is shorter.
  const std::string& Get(const std::vector<std::string>& fields, ResidentColumn column) const;
};

// Maps the header record. kInvalidArgument "header: ..." when it is not
// valid UTF-8, names an unknown column or one twice, or misses a required one.
Result<ResidentCsvHeader> ReadResidentCsvHeader(const std::vector<std::string>& fields);

// One record read and checked. kInvalidArgument whose message is the reason
// the import reports for the row: kNotUtf8 (ops/csv.hpp) before any other
// check, so that no reason quotes bytes that are not UTF-8; then sex, flags,
// and ValidateResident's reasons. The resident is in canonical form
// (CanonicalResident); grid_code, building, unit and room as given.
struct ResidentCsvRow {
  std::string grid_code, building, unit, room;
  ResidentInput resident;
};
Result<ResidentCsvRow> ParseResidentCsvRow(const ResidentCsvHeader& header,
                                           const std::vector<std::string>& fields);

// "1"/"0"/"是"/"否" (and true/false, yes/no; empty is false) into `out`;
// false for anything else.
bool ParseResidentFlag(std::string_view text, bool& out);

}  // namespace fk::ops
