// One entry of the route table: everything the server knows about an
// endpoint. Routing, 404/405 answers, authentication, role and scope checks,
// body and query validation and the OpenAPI document are all derived from a
// std::vector<Route>; nothing about an endpoint is written down twice.
// Routes are immutable once the Router holds them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routing/body_schema.hpp"
#include "api/routing/json_writer.hpp"
#include "api/routing/response_schema.hpp"
#include "api/server/http_message.hpp"
#include "common/result.hpp"

namespace fk::api {

inline constexpr std::size_t kDefaultBodyLimit = 1 << 20;  // 1 MiB
inline constexpr std::size_t kImportBodyLimit = 64 << 20;  // 64 MiB for CSV imports

// The authenticated caller of a request.
struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string role;          // e.g. "grid_worker"
  std::string scope_region;  // root of the region subtree the user may see
  std::string token;         // the session token the request carried
  // The password was set by someone else and must be changed first: only
  // routes with Route::before_password_change are open (else 403
  // password_change_required).
  bool password_change_required = false;
};

// A request the router refused with 401 (it carried a session token that
// is not valid) or 403 (router or handler), for the audit log.
struct DeniedRequest {
  int status = 0;                        // 401 or 403
  std::string_view method;               // as sent
  std::string_view path;                 // as sent (percent-encoded), without the query
  std::string_view reason;               // the answer's message
  const Principal* principal = nullptr;  // the caller when known (403)
  std::string_view client_address;
};

// Who is calling and what they may do. Implemented over the operations
// services; tests use a fake. Called from several threads at once.
class AccessPolicy {
 public:
  virtual ~AccessPolicy() = default;
  // The principal owning a live session token; kPermissionDenied when the
  // token is not one (401), another error when it could not be checked
  // (kResourceExhausted: 503 busy; kUnavailable: 503 unavailable; else
  // 500), so that a busy or stopped database does
  // not send its users to the login page.
  virtual Result<Principal> Authenticate(std::string_view token,
                                         std::string_view client_address) = 0;
  virtual bool RoleHas(std::string_view role, std::string_view permission) const = 0;
  // Whether `region_code` lies in the subtree of the principal's scope.
  virtual bool InScope(const Principal& principal, std::string_view region_code) const = 0;
  // Called once for each denied request, from the header stage or from
  // Router::Handle; must not block (it is on the way of the answer).
  virtual void RecordDenied(const DeniedRequest& denied) = 0;
};

// kGeoJson: a GeoJSON document (application/geo+json or application/json)
// given to the handler unparsed in request.body; the handler checks it.
enum class BodyKind { kNone, kJson, kCsv, kGeoJson };

struct QueryParam {
  std::string name;
  FieldType type = FieldType::kString;  // kString or kInteger
  bool required = false;
  std::string description;
  // kInteger: the allowed range (the router answers 400 outside it).
  std::optional<std::int64_t> minimum{};
  std::optional<std::int64_t> maximum{};
};

// What a handler sees: the request, its parsed parts, and the caller.
struct RequestContext {
  const HttpRequest& request;
  std::map<std::string, std::string> path_params;  // percent-decoded, valid UTF-8
  std::map<std::string, std::string> query;        // validated against Route::query, UTF-8
  nlohmann::json body;                             // validated (kJson routes)
  std::optional<Principal> principal;              // set when the route needs a permission
  AccessPolicy& access;

  const std::string& Param(const std::string& name) const { return path_params.at(name); }
  // The query value, or `fallback` when absent.
  std::string Query(const std::string& name, std::string fallback = {}) const;
  bool InScope(std::string_view region_code) const;
};

using RouteHandler = std::function<HttpResponse(RequestContext&)>;

// Written with designated initializers, naming only what differs from the
// defaults, e.g.
//   {.method = "GET", .pattern = "/api/v1/users/{id}", .summary = "A user account",
//    .tag = "admin", .permission = "manage_users",
//    .responses = {{200, "the account", schema::Ref("User")},
//                  ErrorAnswer(404, "no such user in my scope")},
//    .handler = ...}
// Every member has a default, so a left-out field is simply its default.
// `responses` lists the route's own answers: its success and the errors its
// handler gives. The document adds those every route of its kind can give
// (openapi.hpp: 400 and 5xx always, 413 and 415 with a body, 401 and 403
// with a permission); a route without a success answer fails the tests.
struct Route {
  std::string method{};       // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern{};      // "/api/v1/regions/{code}": {name} matches one path segment
  std::string summary{};      // one line for the OpenAPI document
  std::string tag{};          // OpenAPI group
  std::string permission{};   // empty: open to anyone; else login + RoleHas(role, permission)
  std::string scope_param{};  // path parameter holding a region code that must be in scope
  BodyKind body_kind = BodyKind::kNone;
  BodySchema body{};  // kJson only
  std::vector<QueryParam> query{};
  std::size_t body_limit = kDefaultBodyLimit;
  std::vector<Response> responses{};  // its own answers, success first (see above)
  RouteHandler handler{};
  // Open to a session whose password must be changed first (/auth/me,
  // /auth/password, /auth/logout); every other route answers it 403.
  bool before_password_change = false;
};

// A 200 (or `status`) response with a JSON body.
HttpResponse JsonResponse(const nlohmann::json& body, int status = 200);
// The same for a document from JsonWriter.
HttpResponse JsonTextResponse(JsonText body, int status = 200);

}  // namespace fk::api
