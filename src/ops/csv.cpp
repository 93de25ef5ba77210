#include "ops/csv.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace fk::ops {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

Result<bool> CsvReader::Next(std::vector<std::string>& fields, int64_t& line) {
  fields.clear();
  // Skip blank lines.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  line = line_;
  std::string field;
  bool quoted = false;
  while (true) {
    if (pos_ >= text_.size()) {
      if (quoted) return InvalidArgument("line " + std::to_string(line) + ": unterminated quote");
      fields.push_back(std::move(field));
      return true;
    }
    char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      fields.push_back(std::move(field));
      return true;
    } else {
      field += c;
    }
  }
}

Result<std::map<std::string, int>> MapHeader(const std::vector<std::string>& header,
                                             std::initializer_list<CsvColumn> columns) {
  std::map<std::string, int> out;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    std::string_view h = header[i];
    while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
    while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
    const CsvColumn* found = nullptr;
    for (const CsvColumn& c : columns) {
      if (h == c.name) found = &c;
      for (std::string_view a : c.aliases)
        if (h == a) found = &c;
    }
    if (!found) return InvalidArgument("header: unknown column \"" + std::string(h) + "\"");
    if (out.count(std::string(found->name)))
      return InvalidArgument("header: column " + std::string(found->name) + " appears twice");
    out[std::string(found->name)] = i;
  }
  for (const CsvColumn& c : columns) {
    if (c.required && !out.count(std::string(c.name)))
      return InvalidArgument("header: missing column " + std::string(c.name));
  }
  return out;
}

bool AllValidUtf8(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& f) { return IsValidUtf8(f); });
}

std::string CsvField(std::string_view value) {
  const bool formula =
      !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
  if (!formula && value.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(value);
  std::string out = "\"";
  if (formula) out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace fk::ops
