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
  }
  return false;
}

std::optional<FieldError> CheckValue(const FieldSpec& spec, const nlohmann::json& value) {
  if (!HasType(spec.type, value)) {
    return FieldError{spec.name, "must be " + std::string(FieldTypeName(spec.type))};
  }
  if (spec.type == FieldType::kString) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > spec.max_length) {
      return FieldError{spec.name, "is longer than " + std::to_string(spec.max_length) + " bytes"};
    }
    if (!spec.allowed.empty() &&
        std::find(spec.allowed.begin(), spec.allowed.end(), text) == spec.allowed.end()) {
      std::string list;
      for (const auto& a : spec.allowed) list += (list.empty() ? "" : ", ") + a;
      return FieldError{spec.name, "must be one of: " + list};
    }
  }
  if (spec.type == FieldType::kStringList && value.size() > spec.max_length) {
    return FieldError{spec.name, "has more than " + std::to_string(spec.max_length) + " items"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<FieldError> ValidateBody(const BodySchema& schema, const nlohmann::json& body) {
  if (!body.is_object()) return FieldError{"", "the body must be a JSON object"};
  for (const auto& [name, value] : body.items()) {
    auto spec = std::find_if(schema.fields.begin(), schema.fields.end(),
                             [&](const FieldSpec& f) { return f.name == name; });
    if (spec == schema.fields.end()) return FieldError{name, "is not a known field"};
    if (auto error = CheckValue(*spec, value)) return error;
  }
  for (const auto& spec : schema.fields) {
    if (spec.required && !body.contains(spec.name)) return FieldError{spec.name, "is required"};
  }
  return std::nullopt;
}

nlohmann::json SchemaToOpenApi(const BodySchema& schema) {
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const auto& f : schema.fields) {
    nlohmann::json p;
    if (f.type == FieldType::kStringList) {
      p = {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", f.max_length}};
    } else {
      p = {{"type", FieldTypeName(f.type)}};
      if (f.type == FieldType::kString) p["maxLength"] = f.max_length;
    }
    if (!f.allowed.empty()) p["enum"] = f.allowed;
    if (!f.description.empty()) p["description"] = f.description;
    properties[f.name] = std::move(p);
    if (f.required) required.push_back(f.name);
  }
  nlohmann::json out = {
      {"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return out;
}

}  // namespace fk::api
