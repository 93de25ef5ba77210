// The route table's permission names and the AccessPolicy over the ops
// UserService (sessions), role matrix (ops/users/access.hpp) and audit writer
// (denied requests, rationed by a DenialLog), plus the conversions every
// handler needs: the acting user's ops::AccessContext and the HTTP answer for
// an ops error (never a database's own text). Thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "api/endpoints/denial_log.hpp"
#include "api/endpoints/services.hpp"
#include "api/routing/route.hpp"

namespace fk::api {

// Route::permission values: "authenticated" (any logged-in user) or one of
// the ops permissions by name: "read_registry", "write_registry",
// "see_unmasked", "manage_regions", "manage_users", "read_audit",
// "run_screening", "record_visits", "read_stats", "run_simulations",
// "manage_supplies".
inline constexpr std::string_view kAuthenticated = "authenticated";
std::optional<ops::Permission> ParsePermission(std::string_view name);
// The names of the permissions `role` has, in the order listed above (what
// GET /auth/me reports, so that the web front end shows only what the role
// may use).
std::vector<std::string_view> PermissionNames(ops::Role role);

class OpsAccessPolicy : public AccessPolicy {
 public:
  // `users` and `audit` must outlive the policy.
  OpsAccessPolicy(ops::UserService& users, ops::AuditWriter& audit,
                  ops::Clock clock = ops::SystemClock(), DenialLogOptions denial_options = {})
      : users_(users), audit_(audit), clock_(clock), denials_(clock, denial_options) {}
  Result<Principal> Authenticate(std::string_view token, std::string_view client_address) override;
  bool RoleHas(std::string_view role, std::string_view permission) const override;
  bool InScope(const Principal& principal, std::string_view region_code) const override;
  // Queues an audit record (action "denied", entity "request", the caller
  // when known) unless the DenialLog holds it back; never waits for its
  // commit, and a failure to write it is logged on stderr.
  void RecordDenied(const DeniedRequest& denied) override;

 private:
  ops::UserService& users_;
  ops::AuditWriter& audit_;
  const ops::Clock clock_;
  DenialLog denials_;
};

// The acting user as the ops services take it. Precondition: the route
// needs a permission (so the principal is set).
ops::AccessContext Actor(const RequestContext& context);

// 400 invalid_argument (field from a "field: reason" message), 403, 404,
// 409, 503 (busy, unavailable) or 500, as JSON errors. An error whose message is a database's
// own text (Error::internal_text) is answered with PublicMessage's generic
// text, and its real text is logged on stderr.
HttpResponse ErrorResponse(const Error& error);

// The integer path parameter `name`, or a 400 naming it.
Result<std::int64_t> IntParam(const RequestContext& context, const std::string& name);

}  // namespace fk::api

namespace fk::api {

// An integer query parameter (validated as an integer by the router), or
// `fallback` when absent; values out of the int64 range become `fallback`.
std::int64_t QueryInt(const RequestContext& context, const std::string& name,
                      std::int64_t fallback);
// A boolean query parameter: "1" or "true" is true.
bool QueryBool(const RequestContext& context, const std::string& name);
// The ImportMode of ?mode=all_or_nothing|valid_rows (default all_or_nothing).
Result<ops::ImportMode> QueryImportMode(const RequestContext& context);

}  // namespace fk::api
