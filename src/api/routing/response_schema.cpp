#include "api/routing/response_schema.hpp"

#include <stdexcept>
#include <utility>

namespace fk::api {

namespace schema {
namespace {

nlohmann::json Typed(const char* type, std::string_view description) {
  nlohmann::json out = {{"type", type}};
  if (!description.empty()) out["description"] = description;
  return out;
}

}  // namespace

nlohmann::json String(std::string_view description) { return Typed("string", description); }
nlohmann::json Integer(std::string_view description) { return Typed("integer", description); }
nlohmann::json Number(std::string_view description) { return Typed("number", description); }
nlohmann::json Boolean(std::string_view description) { return Typed("boolean", description); }

nlohmann::json Enum(std::vector<std::string> values, std::string_view description) {
  nlohmann::json out = Typed("string", description);
  out["enum"] = std::move(values);
  return out;
}

nlohmann::json Array(nlohmann::json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}

nlohmann::json Object(std::vector<Property> properties) {
  nlohmann::json members = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (auto& p : properties) {
    if (p.required) required.push_back(p.name);
    members[p.name] = std::move(p.schema);
  }
  nlohmann::json out = {
      {"type", "object"}, {"properties", std::move(members)}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = std::move(required);
  return out;
}

nlohmann::json Nullable(nlohmann::json of) {
  of["nullable"] = true;
  return of;
}

nlohmann::json AnyOf(std::vector<nlohmann::json> alternatives, std::string_view description) {
  nlohmann::json out = {{"anyOf", std::move(alternatives)}};
  if (!description.empty()) out["description"] = description;
  return out;
}

nlohmann::json MapOf(nlohmann::json values, std::string_view description) {
  nlohmann::json out = Typed("object", description);
  out["additionalProperties"] = std::move(values);
  return out;
}

nlohmann::json Ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

nlohmann::json ItemsOf(std::string_view name) { return Object({{"items", Array(Ref(name))}}); }

nlohmann::json PageOf(std::string_view name) {
  return Object({{"items", Array(Ref(name))},
                 {"next_cursor", Nullable(Integer("?after= of the next page; null: the last"))}});
}

}  // namespace schema

Response ErrorAnswer(int status, std::string description) {
  return {status, std::move(description), schema::Ref("Error")};
}

const std::vector<ServerAnswer>& ServerAnswers() {
  // Where each arises: router.cpp (404, 405), http_server.cpp (413, 431, 503 busy and timeout, 500
  // for a handler's exception), auth_routes.cpp (429), ops_access.cpp ErrorResponse (500 and 503
  // for a database's failure, its own text only in the log).
  static const std::vector<ServerAnswer> answers = {
      {"NotFound", 404,
       "no such endpoint: the path is not in this document (an operation that addresses a "
       "record lists its own 404)"},
      {"MethodNotAllowed", 405, "the path is in this document, but not with this method", "Allow",
       "the methods the path accepts, e.g. \"GET, POST\"", true},
      {"BodyTooLarge", 413,
       "the request body is larger than the operation accepts (1 MiB unless its requestBody "
       "says more); it is refused before it is read"},
      {"TooManyRequests", 429,
       "too many failed password checks from this address or for this account (the login "
       "throttle); retry after Retry-After seconds",
       "Retry-After", "seconds to wait", true},
      {"HeadersTooLarge", 431,
       "the request line and headers are larger than the server accepts (16 KiB by default)"},
      {"InternalError", 500,
       "an unexpected failure; the message is generic (code internal), the details are in the "
       "server's log"},
      {"Busy", 503,
       "retry later: the server or this address holds too many connections (code busy), too "
       "many request bodies are being received (busy, with Retry-After), the request took too "
       "long (timeout), the database is busy (busy) or cannot be reached (unavailable); the "
       "message never carries the database's own text",
       "Retry-After", "seconds to wait, when the server knows", false},
  };
  return answers;
}

Response ServerAnswerRef(int status) {
  for (const auto& answer : ServerAnswers()) {
    if (answer.status == status) {
      Response out = ErrorAnswer(status, answer.description);
      out.component = answer.name;
      return out;
    }
  }
  throw std::logic_error("no server-wide answer " + std::to_string(status));  // a bug
}

nlohmann::json ErrorSchema() {
  using namespace schema;
  return Object(
      {{"error", Object({{"code", String("machine-readable, e.g. invalid_field")},
                         {"message", String("for people, English")},
                         {"field", String("the field, parameter or item concerned"), false}})}});
}

}  // namespace fk::api
