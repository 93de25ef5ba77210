// The route table's permission names and the AccessPolicy over the ops
// UserService (sessions) and role matrix (ops/users/access.hpp), plus the
// conversions every handler needs: the acting user's ops::AccessContext and
// the HTTP answer for an ops error. Thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "api/endpoints/services.hpp"
#include "api/routing/route.hpp"

namespace fk::api {

// Route::permission values: "authenticated" (any logged-in user) or one of
// the ops permissions by name: "read_registry", "write_registry",
// "see_unmasked", "manage_regions", "manage_users", "read_audit",
// "run_screening", "record_visits", "read_stats".
inline constexpr std::string_view kAuthenticated = "authenticated";
std::optional<ops::Permission> ParsePermission(std::string_view name);
// The names of the permissions `role` has, in the order listed above (what
// GET /auth/me reports, so that the web front end shows only what the role
// may use).
std::vector<std::string_view> PermissionNames(ops::Role role);

class OpsAccessPolicy : public AccessPolicy {
 public:
  explicit OpsAccessPolicy(ops::UserService& users) : users_(users) {}
  std::optional<Principal> Authenticate(std::string_view token,
                                        std::string_view client_address) override;
  bool RoleHas(std::string_view role, std::string_view permission) const override;
  bool InScope(const Principal& principal, std::string_view region_code) const override;

 private:
  ops::UserService& users_;
};

// The acting user as the ops services take it. Precondition: the route
// needs a permission (so the principal is set).
ops::AccessContext Actor(const RequestContext& context);

// 400 invalid_argument (field from a "field: reason" message), 403, 404,
// 409, 503 or 500, as JSON errors.
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
