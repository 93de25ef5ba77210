// Streaming JSON output for response bodies, on RapidJSON's Writer: values
// are written straight into one buffer in order, with no tree in between, so
// a page of 50 residents costs a few allocations instead of thousands.
// Strings are written as UTF-8 with the escapes JSON requires (quote,
// backslash, control characters); a string that needs none is copied in one
// piece. Bytes that are not UTF-8 (stored before imports checked, or by
// another program) are written as U+FFFD, so the document is always valid
// UTF-8. The caller keeps objects and arrays balanced; Take() returns the
// document. One writer per response, one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fk::api {

// A complete JSON document as text, ready to be a response body.
struct JsonText {
  explicit JsonText(std::string json) : text(std::move(json)) {}
  std::string text;
};

namespace detail {

// RapidJSON's Writer with a faster way to write a string. Writer::String
// looks at every byte for escapes and copies it alone (9 % of the server's
// CPU on a page of residents); a string with nothing to escape, which is
// nearly every key and value we write, is copied with one memcpy here. The
// output is the same: RapidJSON escapes exactly '"', '\\' and bytes below
// 0x20, and those strings still go through Writer::String. Prefix and
// EndValue are Writer's protected hooks for subclasses (PrettyWriter uses
// them the same way).
class StringFastWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;

  void QuotedString(std::string_view s) {
    const Scan scan = ScanString(s);
    if (scan.high_bytes && !ValidUtf8(s)) return QuotedString(ReplaceInvalidUtf8(s));
    if (scan.needs_escape) {
      String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    Prefix(rapidjson::kStringType);
    char* out = os_->Push(s.size() + 2);
    out[0] = '"';
    std::memcpy(out + 1, s.data(), s.size());
    out[s.size() + 1] = '"';
    EndValue(true);
  }

 private:
  struct Scan {
    bool needs_escape = false;  // '"', '\\' or a byte below 0x20
    bool high_bytes = false;    // a byte of 0x80 or more: check the UTF-8
  };
  // Eight bytes at a time with the word tricks of "Bit Twiddling Hacks"
  // (S. E. Anderson, graphics.stanford.edu/~seander/bithacks.html):
  // has_less(w, n) is nonzero exactly when some byte of w is below n
  // (n <= 128).
  static Scan ScanString(std::string_view s) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kHigh = 0x8080808080808080u;
    auto has_less = [](std::uint64_t w, std::uint64_t n) { return (w - kOnes * n) & ~w & kHigh; };
    std::uint64_t escape = 0, high = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      escape |=
          has_less(w, 0x20) | has_less(w ^ (kOnes * '"'), 1) | has_less(w ^ (kOnes * '\\'), 1);
      high |= w & kHigh;
    }
    bool needs = escape != 0, has_high = high != 0;
    for (; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      needs |= (c < 0x20) | (c == '"') | (c == '\\');
      has_high |= c >= 0x80;
    }
    return {needs, has_high};
  }
  // common/utf8.hpp's check, and `s` with each byte that is not part of a
  // well-formed sequence replaced by U+FFFD (json_writer.cpp).
  static bool ValidUtf8(std::string_view s);
  static std::string ReplaceInvalidUtf8(std::string_view s);
};

}  // namespace detail

class JsonWriter {
 public:
  // Room for a page of 50 residents (about 12 KB) without growing.
  JsonWriter() : buffer_(nullptr, 16 * 1024), writer_(buffer_) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }

  void Key(std::string_view key) { writer_.QuotedString(key); }
  void String(std::string_view value) { writer_.QuotedString(value); }
  void Int(std::int64_t value) { writer_.Int64(value); }
  void Bool(bool value) { writer_.Bool(value); }
  void Null() { writer_.Null(); }
  // A finite number, in the shortest form that reads back the same.
  void Double(double value) { writer_.Double(value); }
  // A complete JSON value written as it is (the caller made it: a stored
  // GeoJSON geometry that was checked and serialized when imported).
  void Raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }

  // "key": value members of an object; an empty optional writes null.
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const char* value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const std::string& value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, std::int64_t value) {
    Key(key);
    Int(value);
  }
  void Field(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }
  void Field(std::string_view key, const std::optional<std::string>& value);
  void Field(std::string_view key, const std::optional<std::int64_t>& value);

  // The document written so far; the writer is empty afterwards.
  JsonText Take();

 private:
  rapidjson::StringBuffer buffer_;
  detail::StringFastWriter writer_;
};

}  // namespace fk::api
