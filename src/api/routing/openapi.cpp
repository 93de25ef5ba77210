#include "api/routing/openapi.hpp"

#include <algorithm>
#include <cctype>

namespace fk::api {

std::vector<std::string> PathParameters(const std::string& pattern) {
  std::vector<std::string> out;
  std::size_t open = pattern.find('{');
  while (open != std::string::npos) {
    const std::size_t close = pattern.find('}', open);
    out.push_back(pattern.substr(open + 1, close - open - 1));
    open = pattern.find('{', close);
  }
  return out;
}

namespace {

nlohmann::json ErrorResponse(const std::string& description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

nlohmann::json BuildOpenApi(const std::vector<Route>& routes, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& route : routes) {
    nlohmann::json op = {{"summary", route.summary},
                         {"operationId", Lower(route.method) + route.pattern},
                         {"tags", {route.tag}}};
    nlohmann::json parameters = nlohmann::json::array();
    for (const auto& name : PathParameters(route.pattern)) {
      parameters.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : route.query) {
      nlohmann::json schema = {{"type", FieldTypeName(q.type)}};
      if (q.minimum) schema["minimum"] = *q.minimum;
      if (q.maximum) schema["maximum"] = *q.maximum;
      parameters.push_back({{"name", q.name},
                            {"in", "query"},
                            {"required", q.required},
                            {"description", q.description},
                            {"schema", schema}});
    }
    if (!parameters.empty()) op["parameters"] = parameters;
    if (route.body_kind == BodyKind::kJson) {
      op["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", SchemaToOpenApi(route.body)}}}}}};
    } else if (route.body_kind == BodyKind::kCsv) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"text/csv", {{"schema", {{"type", "string"}}}}}}}};
    } else if (route.body_kind == BodyKind::kGeoJson) {
      op["requestBody"] = {
          {"required", true},
          {"content", {{"application/geo+json", {{"schema", {{"type", "object"}}}}}}}};
    }
    nlohmann::json responses = {{"200", {{"description", "success"}}},
                                {"400", ErrorResponse("bad input; error.field names the field")}};
    if (route.body_kind != BodyKind::kNone) {
      responses["413"] =
          ErrorResponse("body larger than " + std::to_string(route.body_limit) + " bytes");
    }
    if (route.permission.empty()) {
      op["security"] = nlohmann::json::array();
    } else {
      op["security"] = {{{"bearer", nlohmann::json::array()}},
                        {{"cookie", nlohmann::json::array()}}};
      op["x-permission"] = route.permission;
      responses["401"] = ErrorResponse("not logged in");
      responses["403"] = ErrorResponse("role lacks the permission, or region out of scope");
      if (!route.scope_param.empty()) op["x-scope-param"] = route.scope_param;
    }
    op["responses"] = responses;
    paths[route.pattern][Lower(route.method)] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Fangkong operations API"},
            {"version", version},
            {"description",
             "Regions, households, residents, users, audit, screening. Every error is "
             "{\"error\": {\"code\", \"message\", \"field\"}}."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "fk_session"}}}}},
            {"schemas",
             {{"Error",
               {{"type", "object"},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"properties",
                     {{"code", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"field", {{"type", "string"}}}}},
                    {"required", {"code", "message"}}}}}}}}}}}}};
}

}  // namespace fk::api
