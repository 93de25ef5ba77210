#include "api/routing/json_writer.hpp"

namespace fk::api {

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
