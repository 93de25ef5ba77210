#include "api/routing/json_writer.hpp"

#include "common/utf8.hpp"

namespace fk::api {

namespace detail {

bool StringFastWriter::ValidUtf8(std::string_view s) { return IsValidUtf8(s); }

std::string StringFastWriter::ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  while (!s.empty()) {
    const std::size_t valid = FirstInvalidUtf8(s);
    out.append(s.substr(0, valid));
    if (valid == s.size()) break;
    out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    s.remove_prefix(valid + 1);
  }
  return out;
}

}  // namespace detail

void JsonWriter::Field(std::string_view key, const std::optional<std::string>& value) {
  Key(key);
  if (value) {
    String(*value);
  } else {
    Null();
  }
}

void JsonWriter::Field(std::string_view key, const std::optional<std::int64_t>& value) {
  Key(key);
  if (value) {
    Int(*value);
  } else {
    Null();
  }
}

JsonText JsonWriter::Take() {
  JsonText out(std::string(buffer_.GetString(), buffer_.GetSize()));
  buffer_.Clear();
  writer_.Reset(buffer_);
  return out;
}

}  // namespace fk::api
