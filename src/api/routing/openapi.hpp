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
// permission, given as x-permission and x-scope-param) and error responses.
nlohmann::json BuildOpenApi(const std::vector<Route>& routes, const std::string& version);

// Converts "/api/v1/x/{id}" to itself and reports the parameter names in order.
std::vector<std::string> PathParameters(const std::string& pattern);

}  // namespace fk::api
