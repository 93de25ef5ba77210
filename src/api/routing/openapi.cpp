#include "api/routing/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <map>

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

// The answers every route of its kind can give whatever its handler does
// (router.hpp, http_server.hpp): a route lists only its own.
std::vector<Response> CommonAnswers(const Route& route) {
  std::vector<Response> out = {
      ErrorAnswer(400,
                  "a path or query parameter unknown, missing, malformed, out of range or not "
                  "UTF-8 once percent-decoded (error.field names it)"),
      ServerAnswerRef(413), ServerAnswerRef(431), ServerAnswerRef(500), ServerAnswerRef(503)};
  if (route.body_kind == BodyKind::kJson) {
    out.push_back(ErrorAnswer(400,
                              "the body is not JSON, or a field is unknown, missing, of the "
                              "wrong type, too long or not allowed (error.field names it)"));
    out.push_back(ErrorAnswer(415, "the body is not application/json"));
  }
  if (route.body_kind == BodyKind::kGeoJson) {
    out.push_back(ErrorAnswer(415, "the body is not application/geo+json or application/json"));
  }
  if (!route.permission.empty()) {
    out.push_back(ErrorAnswer(401, "not logged in, or the session ended"));
    out.push_back(ErrorAnswer(403,
                              "the role lacks the permission, the region is out of scope, "
                              "or the password must be changed first"));
  }
  return out;
}

nlohmann::json ComponentRef(const std::string& name) {
  return {{"$ref", "#/components/responses/" + name}};
}

nlohmann::json ResponseToOpenApi(const Response& response) {
  if (!response.component.empty()) return ComponentRef(response.component);
  nlohmann::json out = {{"description", response.description}};
  if (!response.schema.is_null()) {
    out["content"] = {{response.media_type, {{"schema", response.schema}}}};
  }
  return out;
}

// The route's own answers, then the common ones it does not list; a status
// both list keeps the route's body and both descriptions (a $ref to a
// server-wide answer stays as it is).
nlohmann::json ResponsesOf(const Route& route) {
  std::map<int, Response> by_status;
  for (const auto& r : route.responses) by_status.emplace(r.status, r);
  for (const auto& common : CommonAnswers(route)) {
    auto [it, added] = by_status.emplace(common.status, common);
    if (!added && it->second.component.empty())
      it->second.description += "; or " + common.description;
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [status, r] : by_status) out[std::to_string(status)] = ResponseToOpenApi(r);
  return out;
}

// components/responses: the server-wide answers (ServerAnswers).
nlohmann::json ServerResponses() {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& answer : ServerAnswers()) {
    nlohmann::json response = {
        {"description", answer.description},
        {"content", {{"application/json", {{"schema", schema::Ref("Error")}}}}}};
    if (!answer.header.empty()) {
      response["headers"][answer.header] = {{"description", answer.header_description},
                                            {"required", answer.header_required},
                                            {"schema", {{"type", "string"}}}};
    }
    out[answer.name] = response;
  }
  return out;
}

// x-server-responses: what a request that matches no operation can get,
// before or instead of routing (a path or a method not listed here, headers
// too large, the server or the address at its connection cap).
nlohmann::json UnroutedResponses() {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& answer : ServerAnswers()) {
    if (answer.status == 413 || answer.status == 429) continue;  // only on a routed request
    out[std::to_string(answer.status)] = ComponentRef(answer.name);
  }
  return out;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

nlohmann::json BuildOpenApi(const std::vector<Route>& routes, const std::string& version,
                            const nlohmann::json& component_schemas) {
  nlohmann::json schemas =
      component_schemas.is_object() ? component_schemas : nlohmann::json::object();
  schemas["Error"] = ErrorSchema();
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
    if (op.contains("requestBody")) {
      op["requestBody"]["description"] =
          "at most " + std::to_string(route.body_limit) + " bytes (more: 413)";
    }
    if (route.permission.empty()) {
      op["security"] = nlohmann::json::array();
    } else {
      op["security"] = {{{"bearer", nlohmann::json::array()}},
                        {{"cookie", nlohmann::json::array()}}};
      op["x-permission"] = route.permission;
      if (!route.scope_param.empty()) op["x-scope-param"] = route.scope_param;
    }
    op["responses"] = ResponsesOf(route);
    paths[route.pattern][Lower(route.method)] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Fangkong operations API"},
            {"version", version},
            {"description",
             "Regions, households, residents, users, audit, screening. Every error is "
             "{\"error\": {\"code\", \"message\", \"field\"?}} (components/schemas/Error). "
             "The answers the server gives alike wherever they arise are "
             "components/responses (each operation refers to those it can give); a request "
             "that matches no operation can get those in x-server-responses: 404 for a path "
             "not listed here, 405 with Allow for a method the path does not list, 431, 500 "
             "and 503."}}},
          {"paths", paths},
          {"x-server-responses", UnroutedResponses()},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "fk_session"}}}}},
            {"schemas", schemas},
            {"responses", ServerResponses()}}}};
}

}  // namespace fk::api
