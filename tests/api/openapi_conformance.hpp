// Checks a real answer against the OpenAPI document: its status is one the
// addressed operation documents, its media type the documented one, and
// its JSON body validates against the documented schema. The validator
// knows the subset of JSON Schema the document emits (type, properties,
// required, additionalProperties false or a schema (a map), items, enum,
// nullable, anyOf, $ref into components/schemas) and reports any other keyword as unsupported, so
// the document cannot grow beyond what is checked. Pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http_client.hpp"

namespace fk::api::test {

// Empty when `value` validates against `schema`, else the first problem,
// e.g. "$.items[2].name: must be string". $refs resolve in `document`.
std::string SchemaProblem(const nlohmann::json& document, const nlohmann::json& schema,
                          const nlohmann::json& value, const std::string& where = "$");

// The operation `method` `target` (path, optionally with ?query) addresses,
// or null when none does (a literal segment wins over a {parameter}).
const nlohmann::json* FindOperation(const nlohmann::json& document, const std::string& method,
                                    const std::string& target);

// Empty when the answer conforms to its operation's documented responses,
// else what does not (an undocumented operation is a problem too).
std::string AnswerProblem(const nlohmann::json& document, const std::string& method,
                          const std::string& target, const ClientResponse& answer);

}  // namespace fk::api::test
