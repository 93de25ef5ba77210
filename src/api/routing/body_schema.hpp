// The shape of a JSON request body: its fields, their types, which are
// required and which values are allowed. The router validates every body
// against its route's schema before the handler runs, and the OpenAPI
// document is generated from the same schema. A field may be a list of
// objects with fields of their own (kObjectList); problems inside one are
// named by path, e.g. "items[2].duty". Immutable values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace fk::api {

// kObject: a JSON object whose members the handler checks itself (a map
// such as parameter overrides); max_length limits its members.
enum class FieldType { kString, kInteger, kNumber, kBoolean, kStringList, kObjectList, kObject };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::vector<std::string> allowed;  // kString only: the allowed values, if limited
  std::size_t max_length = 1000;     // kString: bytes; lists: items; kObject: members
  std::string description;
  std::vector<FieldSpec> item_fields = {};  // kObjectList: the fields of each item
  bool nullable = false;                    // null is accepted in place of a value
};

struct BodySchema {
  std::vector<FieldSpec> fields;
};

// A problem with one field (or the whole body when field is empty).
struct FieldError {
  std::string field;
  std::string message;
};

// Checks that `body` is an object with only known fields, all required ones,
// each of the right type and allowed value, and the same for every item of a
// kObjectList. Returns the first problem found; its field is the path to it
// ("items[2].duty", or "items[2]" when that item is not an object).
std::optional<FieldError> ValidateBody(const BodySchema& schema, const nlohmann::json& body);

// The schema as an OpenAPI 3 schema object.
nlohmann::json SchemaToOpenApi(const BodySchema& schema);

// "string", "integer", ... as OpenAPI names them.
const char* FieldTypeName(FieldType type);

}  // namespace fk::api
