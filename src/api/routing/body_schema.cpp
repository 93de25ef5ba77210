#include "api/routing/body_schema.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace fk::api {

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kStringList:
      return "array of strings";
    case FieldType::kObjectList:
      return "array of objects";
    case FieldType::kObject:
      return "object";
  }
  return "unknown";
}

namespace {

bool HasType(FieldType type, const nlohmann::json& value) {
  switch (type) {
    case FieldType::kString:
      return value.is_string();
    case FieldType::kInteger:
      return value.is_number_integer();
    case FieldType::kNumber:
      return value.is_number();
    case FieldType::kBoolean:
      return value.is_boolean();
    case FieldType::kStringList:
      return value.is_array() &&
             std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); });
    case FieldType::kObjectList:
      return value.is_array();  // each item is checked by ValidateObject
    case FieldType::kObject:
      return value.is_object();
  }
  return false;
}

std::optional<FieldError> ValidateObject(const std::vector<FieldSpec>& fields,
                                         const nlohmann::json& object, const std::string& prefix);

// `path` is the field's name with its place: "name", "items[2].duty".
std::optional<FieldError> CheckValue(const FieldSpec& spec, const nlohmann::json& value,
                                     const std::string& path) {
  if (spec.nullable && value.is_null()) return std::nullopt;
  if (!HasType(spec.type, value)) {
    return FieldError{path, "must be " + std::string(FieldTypeName(spec.type)) +
                                (spec.nullable ? " or null" : "")};
  }
  if (spec.type == FieldType::kString) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > spec.max_length) {
      return FieldError{path, "is longer than " + std::to_string(spec.max_length) + " bytes"};
    }
    if (!spec.allowed.empty() &&
        std::find(spec.allowed.begin(), spec.allowed.end(), text) == spec.allowed.end()) {
      std::string list;
      for (const auto& a : spec.allowed) list += (list.empty() ? "" : ", ") + a;
      return FieldError{path, "must be one of: " + list};
    }
  }
  const bool list = spec.type == FieldType::kStringList || spec.type == FieldType::kObjectList;
  if (list && value.size() > spec.max_length) {
    return FieldError{path, "has more than " + std::to_string(spec.max_length) + " items"};
  }
  if (spec.type == FieldType::kObject && value.size() > spec.max_length) {
    return FieldError{path, "has more than " + std::to_string(spec.max_length) + " members"};
  }
  if (spec.type == FieldType::kObjectList) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string item = path + "[" + std::to_string(i) + "]";
      if (!value[i].is_object()) return FieldError{item, "must be an object"};
      if (auto error = ValidateObject(spec.item_fields, value[i], item + ".")) return error;
    }
  }
  return std::nullopt;
}

// `prefix` goes before each field name: "" for the body, "items[2]." inside.
std::optional<FieldError> ValidateObject(const std::vector<FieldSpec>& fields,
                                         const nlohmann::json& object, const std::string& prefix) {
  for (const auto& item : object.items()) {
    // Not a structured binding: clang before 16 (the fuzz build) cannot
    // capture one in the lambda.
    const std::string& name = item.key();
    auto spec = std::find_if(fields.begin(), fields.end(),
                             [&](const FieldSpec& f) { return f.name == name; });
    if (spec == fields.end()) return FieldError{prefix + name, "is not a known field"};
    if (auto error = CheckValue(*spec, item.value(), prefix + name)) return error;
  }
  for (const auto& spec : fields) {
    if (spec.required && !object.contains(spec.name))
      return FieldError{prefix + spec.name, "is required"};
  }
  return std::nullopt;
}

nlohmann::json ObjectToOpenApi(const std::vector<FieldSpec>& fields) {
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const auto& f : fields) {
    nlohmann::json p;
    if (f.type == FieldType::kStringList) {
      p = {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", f.max_length}};
    } else if (f.type == FieldType::kObjectList) {
      p = {
          {"type", "array"}, {"items", ObjectToOpenApi(f.item_fields)}, {"maxItems", f.max_length}};
    } else if (f.type == FieldType::kObject) {
      p = {{"type", "object"}, {"additionalProperties", true}, {"maxProperties", f.max_length}};
    } else {
      p = {{"type", FieldTypeName(f.type)}};
      if (f.type == FieldType::kString) p["maxLength"] = f.max_length;
    }
    if (!f.allowed.empty()) p["enum"] = f.allowed;
    if (f.nullable) p["nullable"] = true;
    if (!f.description.empty()) p["description"] = f.description;
    properties[f.name] = std::move(p);
    if (f.required) required.push_back(f.name);
  }
  nlohmann::json out = {
      {"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return out;
}

}  // namespace

std::optional<FieldError> ValidateBody(const BodySchema& schema, const nlohmann::json& body) {
  if (!body.is_object()) return FieldError{"", "the body must be a JSON object"};
  return ValidateObject(schema.fields, body, "");
}

nlohmann::json SchemaToOpenApi(const BodySchema& schema) { return ObjectToOpenApi(schema.fields); }

}  // namespace fk::api
