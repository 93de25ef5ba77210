// Fuzz target: the resident CSV import without its database. The bytes are
// an import file: CsvReader reads every record, the first is the header
// (ReadResidentCsvHeader), the others are rows (ParseResidentCsvRow).
// Checks beyond not crashing:
// - the reader ends (no more records than bytes), its lines never go back,
//   and its one refusal (an unterminated quote) starts "line N: ";
// - every record, written back with CsvField, reads back the same (a cell
//   that CsvField neutralises as a formula with its leading quote);
// - every refusal has a message that is valid UTF-8 and not empty: a row
//   that is not UTF-8 gets exactly kNotUtf8, a header "header: ...";
// - an accepted row passes ValidateResident again and is canonical.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.hpp"
#include "fuzz_check.hpp"
#include "ops/csv.hpp"
#include "ops/registry/resident_csv.hpp"

namespace {

using fk::ops::CsvReader;

bool IsFormula(std::string_view f) {
  return !f.empty() && std::string_view("=+-@\t\r").find(f.front()) != std::string_view::npos;
}

// Writes `records` with CsvField, reads them back and compares. A record of
// one empty field is written as a blank line, which the reader skips.
void CheckRoundTrip(const std::vector<std::vector<std::string>>& records) {
  std::string text = "\xEF\xBB\xBF";  // the reader skips exactly this one
  std::vector<std::vector<std::string>> expected;
  for (std::size_t r = 0; r < records.size(); ++r) {
    const auto& record = records[r];
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i) text += ',';
      text += fk::ops::CsvField(record[i]);
    }
    text += r % 2 ? "\r\n" : "\n";  // both line ends
    if (record.size() == 1 && record[0].empty()) continue;
    auto& e = expected.emplace_back();
    for (const auto& f : record) e.push_back(IsFormula(f) ? std::string(1, '\'').append(f) : f);
  }
  CsvReader reader(text);
  std::vector<std::string> fields;
  std::int64_t line = 0;
  for (const auto& want : expected) {
    auto more = reader.Next(fields, line);
    FUZZ_CHECK(more.ok() && *more);
    FUZZ_CHECK(fields == want);
  }
  auto end = reader.Next(fields, line);
  FUZZ_CHECK(end.ok() && !*end);
}

void CheckRefusal(const fk::Error& error) {
  FUZZ_CHECK(error.code == fk::ErrorCode::kInvalidArgument);
  FUZZ_CHECK(!error.message.empty());
  FUZZ_CHECK(fk::IsValidUtf8(error.message));
}

void CheckRow(const fk::ops::ResidentCsvHeader& header, const std::vector<std::string>& fields) {
  auto row = fk::ops::ParseResidentCsvRow(header, fields);
  if (!row) {
    CheckRefusal(row.error());
    if (!fk::ops::AllValidUtf8(fields)) FUZZ_CHECK(row.error().message == fk::ops::kNotUtf8);
    return;
  }
  const fk::ops::ResidentInput& r = row->resident;
  FUZZ_CHECK(fk::ops::ValidateResident(r).ok());
  const fk::ops::ResidentInput again = fk::ops::CanonicalResident(r);
  FUZZ_CHECK(again.id_number == r.id_number && again.phone == r.phone);
  FUZZ_CHECK(r.id_number.size() == 18);
  FUZZ_CHECK(!r.name.empty() && fk::IsValidUtf8(r.name));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CsvReader reader(text);
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> records;
  std::optional<fk::ops::ResidentCsvHeader> header;
  bool header_read = false;
  std::int64_t line = 0, last_line = 0;
  while (true) {
    FUZZ_CHECK(records.size() <= size);
    auto more = reader.Next(fields, line);
    if (!more) {
      CheckRefusal(more.error());
      FUZZ_CHECK(more.error().message.rfind("line ", 0) == 0);
      break;
    }
    if (!*more) break;
    FUZZ_CHECK(line >= last_line && line >= 1);
    last_line = line;
    records.push_back(fields);
    if (!header_read) {
      header_read = true;
      auto h = fk::ops::ReadResidentCsvHeader(fields);
      if (h) {
        header = *h;
      } else {
        CheckRefusal(h.error());
        FUZZ_CHECK(h.error().message.rfind("header: ", 0) == 0);
      }
    } else if (header) {
      CheckRow(*header, fields);
    }
  }
  CheckRoundTrip(records);
  return 0;
}
