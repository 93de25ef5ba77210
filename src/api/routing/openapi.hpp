// The OpenAPI 3 document of a route table, generated from the table itself
// so it cannot drift from what the server serves. Pure function.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routing/route.hpp"

namespace fk::api {

// An OpenAPI 3.0.3 document: one operation per route, with its path and
// query parameters, request body schema, security (when it needs a
// permission, given as x-permission and x-scope-param) and responses: the
// route's own (Route::responses) and those every route of its kind can give
// (400, 413, 431, 500 and 503 always; 415 with a body; 401 and 403 with a
// permission). `component_schemas` (name -> schema) become
// components/schemas, with Error (ErrorSchema) added; schema::Ref names them.
// The server-wide answers (ServerAnswers: 404, 405, 413, 429, 431, 500, 503)
// are components/responses, referred to by the operations that can give
// them; x-server-responses lists those a request matching no operation can
// get (404 for an unknown path, 405 with Allow for an unknown method, 431,
// 500, 503).
nlohmann::json BuildOpenApi(const std::vector<Route>& routes, const std::string& version,
                            const nlohmann::json& component_schemas = nlohmann::json::object());

// Converts "/api/v1/x/{id}" to itself and reports the parameter names in order.
std::vector<std::string> PathParameters(const std::string& pattern);

}  // namespace fk::api
