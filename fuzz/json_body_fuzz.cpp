// Fuzz target: the JSON body validator (api/routing/body_schema.hpp) against
// the body schema of each route of the real table that takes JSON. The
// first byte picks the route (modulo their number), the rest is the body,
// read as the router reads it (nlohmann::json::parse without exceptions;
// an empty body is {}). Checks beyond not crashing:
// - a refusal has a message, and its field is "" (the whole body) or a
//   path that starts with a key of the body or a required field's name;
//   the router's 400 answer built from it is JSON that parses;
// - the answer is the same for the body written out and read again;
// - an accepted body is an object with every required field and no other
//   field than the schema's.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routing/body_schema.hpp"
#include "api/server/http_message.hpp"
#include "fuzz_check.hpp"
#include "route_table.hpp"

namespace {

const std::vector<const fk::api::BodySchema*>& JsonSchemas() {
  static const auto schemas = [] {
    std::vector<const fk::api::BodySchema*> out;
    for (const auto& route : fk::fuzz::RouteTable())
      if (route.body_kind == fk::api::BodyKind::kJson) out.push_back(&route.body);
    FUZZ_CHECK(!out.empty());
    return out;
  }();
  return schemas;
}

// Whether `path` names `key` or a place inside it ("items[2].duty" of "items").
bool PathIn(std::string_view path, std::string_view key) {
  return path == key || (path.starts_with(key) && path.substr(key.size()).starts_with("["));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& schemas = JsonSchemas();
  const fk::api::BodySchema& schema = *schemas[data[0] % schemas.size()];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (text.empty()) text = "{}";
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) return 0;

  const auto error = fk::api::ValidateBody(schema, body);
  const nlohmann::json again = nlohmann::json::parse(body.dump());
  const auto error_again = fk::api::ValidateBody(schema, again);
  FUZZ_CHECK(error.has_value() == error_again.has_value());
  if (error) {
    FUZZ_CHECK(error->field == error_again->field && error->message == error_again->message);
    FUZZ_CHECK(!error->message.empty());
    if (!error->field.empty()) {
      FUZZ_CHECK(body.is_object());
      bool named = std::any_of(schema.fields.begin(), schema.fields.end(),
                               [&](const auto& f) { return f.required && f.name == error->field; });
      for (const auto& [key, value] : body.items()) named = named || PathIn(error->field, key);
      FUZZ_CHECK(named);
    }
    const auto answer = fk::api::JsonError(400, "invalid_field", error->message, error->field);
    FUZZ_CHECK(!nlohmann::json::parse(answer.body, nullptr, false).is_discarded());
    return 0;
  }
  FUZZ_CHECK(body.is_object());
  for (const auto& [name, value] : body.items()) {
    FUZZ_CHECK(std::any_of(schema.fields.begin(), schema.fields.end(),
                           [&](const auto& f) { return f.name == name; }));
  }
  for (const auto& f : schema.fields) FUZZ_CHECK(!f.required || body.contains(f.name));
  return 0;
}
