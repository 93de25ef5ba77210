#include "api/routing/response_schema.hpp"

#include <utility>

namespace fk::api {

namespace schema {
namespace {

nlohmann::json Typed(const char* type, std::string_view description) {
  nlohmann::json out = {{"type", type}};
  if (!description.empty()) out["description"] = description;
  return out;
}

}  // namespace

nlohmann::json String(std::string_view description) { return Typed("string", description); }
nlohmann::json Integer(std::string_view description) { return Typed("integer", description); }
nlohmann::json Number(std::string_view description) { return Typed("number", description); }
nlohmann::json Boolean(std::string_view description) { return Typed("boolean", description); }

nlohmann::json Enum(std::vector<std::string> values, std::string_view description) {
  nlohmann::json out = Typed("string", description);
  out["enum"] = std::move(values);
  return out;
}

nlohmann::json Array(nlohmann::json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

nlohmann::json Object(std::vector<Property> properties) {
  nlohmann::json members = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (auto& p : properties) {
    if (p.required) required.push_back(p.name);
    members[p.name] = std::move(p.schema);
  }
  nlohmann::json out = {
      {"type", "object"}, {"properties", std::move(members)}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = std::move(required);
  return out;
}

nlohmann::json Nullable(nlohmann::json of) {
  of["nullable"] = true;
  return of;
}

nlohmann::json AnyOf(std::vector<nlohmann::json> alternatives, std::string_view description) {
  nlohmann::json out = {{"anyOf", std::move(alternatives)}};
  if (!description.empty()) out["description"] = description;
  return out;
}

nlohmann::json MapOf(nlohmann::json values, std::string_view description) {
  nlohmann::json out = Typed("object", description);
  out["additionalProperties"] = std::move(values);
  return out;
}

nlohmann::json Ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

nlohmann::json ItemsOf(std::string_view name) { return Object({{"items", Array(Ref(name))}}); }

nlohmann::json PageOf(std::string_view name) {
  return Object({{"items", Array(Ref(name))},
                 {"next_cursor", Nullable(Integer("?after= of the next page; null: the last"))}});
}

}  // namespace schema

Response ErrorAnswer(int status, std::string description) {
  return {status, std::move(description), schema::Ref("Error")};
}

nlohmann::json ErrorSchema() {
  using namespace schema;
  return Object(
      {{"error", Object({{"code", String("machine-readable, e.g. invalid_field")},
                         {"message", String("for people, English")},
                         {"field", String("the field, parameter or item concerned"), false}})}});
}

}  // namespace fk::api
