// A streaming RFC 4180 CSV reader over UTF-8 text (a leading BOM is skipped;
// quoted fields may hold commas, quotes "" and newlines; CRLF or LF). Also
// the header mapping shared by the importers. One thread at a time; the text
// must outlive the reader.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace fk::ops {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads the next record into `fields`; false at the end. `line` is the
  // 1-based line where the record starts. An unterminated quote is an error.
  Result<bool> Next(std::vector<std::string>& fields, int64_t& line);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

// Maps canonical column names to indexes of a header row, accepting aliases
// (e.g. {"id_number", {"身份证号", "身份证号码"}}). Unknown headers are refused.
struct CsvColumn {
  std::string_view name;
  std::initializer_list<std::string_view> aliases;
  bool required = true;
};
Result<std::map<std::string, int>> MapHeader(const std::vector<std::string>& header,
                                             std::initializer_list<CsvColumn> columns);

// Whether every field is valid UTF-8 (common/utf8.hpp). The importers
// reject a record that is not, with the reason kNotUtf8, before any other
// check, so that no reason quotes its bytes back and nothing of it is stored.
bool AllValidUtf8(const std::vector<std::string>& fields);
inline constexpr std::string_view kNotUtf8 = "not valid UTF-8";

// A field for output: quoted when it holds a comma, quote or newline, and,
// when it starts with = + - @, a tab or a carriage return, prefixed with a
// single quote, so that a spreadsheet opening the file shows it as text
// instead of running it as a formula (CSV injection: "=HYPERLINK(...)").
std::string CsvField(std::string_view value);

}  // namespace fk::ops
