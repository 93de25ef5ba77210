// Streaming JSON output for response bodies, on RapidJSON's Writer: values
// are written straight into one buffer in order, with no tree in between, so
// a page of 50 residents costs a few allocations instead of thousands.
// Strings are written as UTF-8 with the escapes JSON requires (quote,
// backslash, control characters). The caller keeps objects and arrays
// balanced; Take() returns the document. One writer per response, one thread.
#pragma once

#include <cstdint>
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

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }

  void Key(std::string_view key) { writer_.Key(key.data(), Size(key)); }
  void String(std::string_view value) { writer_.String(value.data(), Size(value)); }
  void Int(std::int64_t value) { writer_.Int64(value); }
  void Bool(bool value) { writer_.Bool(value); }
  void Null() { writer_.Null(); }

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
  static rapidjson::SizeType Size(std::string_view s) {
    return static_cast<rapidjson::SizeType>(s.size());
  }

  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace fk::api
