// What a route answers: for each status, a description, the media type and
// the schema of the body, written with a few builders of OpenAPI 3.0
// schema objects (the subset the document uses and the tests validate:
// type, properties, required, items, enum, nullable, $ref, anyOf, and
// additionalProperties false for the fixed shapes or a schema for maps). The OpenAPI document
// (openapi.hpp) is generated from these declarations; the named shapes
// live in components/schemas and are referred to with schema::Ref.
// Immutable values; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fk::api {

namespace schema {

// One member of an object schema; `required` false: it may be absent.
struct Property {
  std::string name;
  nlohmann::json schema;
  bool required = true;
};

nlohmann::json String(std::string_view description = {});
nlohmann::json Integer(std::string_view description = {});
nlohmann::json Number(std::string_view description = {});
nlohmann::json Boolean(std::string_view description = {});
// A string with one of `values`.
nlohmann::json Enum(std::vector<std::string> values, std::string_view description = {});
nlohmann::json Array(nlohmann::json items);
// A fixed shape: exactly these members (additionalProperties false).
nlohmann::json Object(std::vector<Property> properties);
// Null is allowed in place of a value of `of` (a string, number, boolean or
// array schema; not a $ref).
nlohmann::json Nullable(nlohmann::json of);
// A value that fits at least one of `alternatives` (anyOf), e.g. a number,
// a string or a list of numbers.
nlohmann::json AnyOf(std::vector<nlohmann::json> alternatives, std::string_view description = {});
// An object used as a map: any member names, each value fitting `values`
// (additionalProperties: values).
nlohmann::json MapOf(nlohmann::json values, std::string_view description = {});
// {"$ref": "#/components/schemas/<name>"}
nlohmann::json Ref(std::string_view name);
// {"items": [<name>...]}: a short list in one answer.
nlohmann::json ItemsOf(std::string_view name);
// {"items": [<name>...], "next_cursor": integer|null}: a keyset page; pass
// next_cursor as ?after= to get the next one (null: the last page).
nlohmann::json PageOf(std::string_view name);

}  // namespace schema

// One answer a route gives: status, what it means, and its body.
struct Response {
  int status = 200;
  std::string description;
  nlohmann::json schema = nullptr;  // null: no body described
  std::string media_type = "application/json";
};

// An error answer: the server's one error shape (components/schemas/Error).
Response ErrorAnswer(int status, std::string description);

// {"error": {"code", "message", "field"?}}: the body of every error.
nlohmann::json ErrorSchema();

}  // namespace fk::api
