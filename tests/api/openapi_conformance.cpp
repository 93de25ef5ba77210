#include "openapi_conformance.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace fk::api::test {

namespace {

// The keywords the validator checks, and those that only document.
const std::set<std::string> kChecked = {"type",  "properties", "required", "additionalProperties",
                                        "items", "enum",       "nullable", "$ref",
                                        "anyOf"};
const std::set<std::string> kDocumenting = {"description", "maxLength", "maxItems", "minimum",
                                            "maximum"};

bool HasType(const std::string& type, const nlohmann::json& value) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  return false;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string SchemaProblem(const nlohmann::json& document, const nlohmann::json& schema,
                          const nlohmann::json& value, const std::string& where) {
  if (!schema.is_object()) return where + ": the schema is not an object";
  for (const auto& [key, unused] : schema.items()) {
    if (!kChecked.count(key) && !kDocumenting.count(key))
      return where + ": unsupported schema keyword " + key;
  }
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string prefix = "#/components/schemas/";
    if (ref.rfind(prefix, 0) != 0) return where + ": unsupported $ref " + ref;
    const auto& schemas = document["components"]["schemas"];
    const std::string name = ref.substr(prefix.size());
    if (!schemas.contains(name)) return where + ": $ref to a missing schema " + name;
    return SchemaProblem(document, schemas[name], value, where);
  }
  if (value.is_null() && schema.value("nullable", false)) return {};
  if (schema.contains("anyOf")) {
    std::string first;
    for (const auto& alternative : schema["anyOf"]) {
      auto problem = SchemaProblem(document, alternative, value, where);
      if (problem.empty()) return problem;
      if (problem.find("unsupported") != std::string::npos) return problem;
      if (first.empty()) first = problem;
    }
    if (first.empty()) return where + ": anyOf without alternatives";
    return where + ": fits none of anyOf (" + first + ")";
  }
  if (schema.contains("type") && !HasType(schema["type"], value))
    return where + ": must be " + schema["type"].get<std::string>() + ", is " + value.dump();
  if (schema.contains("enum")) {
    const auto& allowed = schema["enum"];
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      return where + ": " + value.dump() + " is not one of " + allowed.dump();
  }
  if (value.is_object()) {
    const auto properties = schema.value("properties", nlohmann::json::object());
    for (const auto& name : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(name.get<std::string>()))
        return where + ": required member " + name.get<std::string>() + " is missing";
    }
    const auto extra = schema.value("additionalProperties", nlohmann::json(true));
    for (const auto& [name, member] : value.items()) {
      if (properties.contains(name)) {
        auto problem = SchemaProblem(document, properties[name], member, where + "." + name);
        if (!problem.empty()) return problem;
      } else if (extra == false) {
        return where + ": member " + name + " is not documented";
      } else if (extra.is_object()) {  // a map: every member fits the schema
        auto problem = SchemaProblem(document, extra, member, where + "." + name);
        if (!problem.empty()) return problem;
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto problem =
          SchemaProblem(document, schema["items"], value[i], where + "[" + std::to_string(i) + "]");
      if (!problem.empty()) return problem;
    }
  }
  return {};
}

const nlohmann::json* FindOperation(const nlohmann::json& document, const std::string& method,
                                    const std::string& target) {
  const std::vector<std::string> want = Segments(target.substr(0, target.find('?')));
  std::string lower = method;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const nlohmann::json* best = nullptr;
  std::size_t best_params = 0;
  for (const auto& [path, operations] : document["paths"].items()) {
    const std::vector<std::string> have = Segments(path);
    if (have.size() != want.size() || !operations.contains(lower)) continue;
    std::size_t params = 0;
    bool match = true;
    for (std::size_t i = 0; i < have.size() && match; ++i) {
      if (!have[i].empty() && have[i].front() == '{') {
        ++params;
      } else {
        match = have[i] == want[i];
      }
    }
    if (match && (!best || params < best_params)) {
      best = &operations[lower];
      best_params = params;
    }
  }
  return best;
}

std::string AnswerProblem(const nlohmann::json& document, const std::string& method,
                          const std::string& target, const ClientResponse& answer) {
  const std::string what = method + " " + target + " -> " + std::to_string(answer.status) + ": ";
  const nlohmann::json* operation = FindOperation(document, method, target);
  if (!operation) return what + "no documented operation";
  const auto& responses = (*operation)["responses"];
  const std::string status = std::to_string(answer.status);
  if (!responses.contains(status)) return what + "status not documented";
  const auto& response = responses[status];
  if (!response.contains("content")) return {};
  const auto type = answer.headers.find("content-type");
  const std::string media = type == answer.headers.end() ? "" : type->second;
  for (const auto& [documented, content] : response["content"].items()) {
    if (media.rfind(documented, 0) != 0) continue;
    if (documented != "application/json") return {};  // text: any body
    const auto body = answer.Json();
    if (body.is_discarded()) return what + "the body is not JSON";
    auto problem = SchemaProblem(document, content["schema"], body);
    return problem.empty() ? problem : what + problem;
  }
  return what + "media type " + media + " not documented";
}

}  // namespace fk::api::test
