// Roles, permissions and scopes: who may do what where. Pure functions over
// plain values; thread-safe. The role -> permission matrix is documented in
// docs/operations.md and tested in tests/ops/access_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace fk::ops {

enum class Role {
  kCommandCentre,
  kDistrictOfficer,
  kStreetOfficer,
  kCommunityOfficer,
  kGridWorker,
  kMedicalStaff,
  kSupplyOfficer,
  kVolunteer,
  kAdministrator,
};

enum class Permission {
  kReadRegistry,   // households and residents (masked)
  kWriteRegistry,  // create, change, move, import
  kSeeUnmasked,    // names, ID numbers and phones in clear
  kManageRegions,  // region tree, grid staff
  kManageUsers,
  kReadAudit,
  kRunScreening,  // create campaigns, read coverage
  kRecordVisits,
  kReadStats,
  kRunSimulations,          // run epidemic simulations (推演) on the server
  kReadCases,               // cases and lab tests in scope (masked; ops/cases)
  kManageCases,             // report cases, change them, record lab tests; see cases unmasked
  kIssueDirectives,         // order a measure over a region subtree (ops/directives)
  kReportToCommand,         // acknowledge and complete directives for one's own unit
  kManageSupplies,          // depots, stock movements and allocations of supplies (物资)
  kManageFacilities,        // facilities, beds, their medical staff, medical teams
  kManagePatients,          // admit, transfer, discharge, dispatch to beds
  kManageQuarantine,        // order, change, release and convert quarantine
  kRecordQuarantineChecks,  // daily quarantine checks (temperature, symptoms)
  kPublishNotices,          // publish and withdraw notices to residents (宣传)
  kHandleDeclarations,      // the queue of residents' declarations: read, follow up, close
  kManageVolunteers,        // volunteers' pledges, teams, duty posts and their shifts (志愿者)
};

inline constexpr int kPermissionCount = 22;

// "command_centre", "district_officer", ... (the names used in the API and DB).
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
bool HasPermission(Role role, Permission permission);

// "read_registry", "write_registry", ... (the names used in the API, the
// route table and the approval requests), and back.
std::string_view PermissionKey(Permission permission);
std::optional<Permission> ParsePermissionKey(std::string_view key);

// A set of permissions as bits (bit i: Permission i), as stored in
// user_requests.needs.
using PermissionSet = uint32_t;
PermissionSet PermissionsOf(Role role);
inline bool Contains(PermissionSet set, Permission permission) {
  return (set >> static_cast<int>(permission)) & 1u;
}
// "see unmasked personal data, write registry data" (the descriptions of
// Require's messages), in Permission order.
std::string DescribePermissions(PermissionSet set);

// Who is acting, as the API layer knows it after authentication.
struct AccessContext {
  int64_t user_id = 0;
  Role role = Role::kVolunteer;
  std::string scope;           // a region code; the user's subtree
  std::string client_address;  // for the audit log, e.g. "192.0.2.7:51234"
  // The session was opened with a password someone else set (a new account
  // or a reset): until it is changed the API allows only /auth/me,
  // /auth/password and /auth/logout.
  bool password_change_required = false;
};

// True when `region_code` lies in the subtree of `scope` (code prefix match,
// see SubtreePrefix in regions/region_code.hpp).
bool InScope(std::string_view scope, std::string_view region_code);
inline bool InScope(const AccessContext& ctx, std::string_view region_code) {
  return InScope(ctx.scope, region_code);
}

// Ok, or kPermissionDenied naming the missing permission ("role grid_worker
// may not manage users") or the region out of scope.
Status Require(const AccessContext& ctx, Permission permission);
Status Require(const AccessContext& ctx, Permission permission, std::string_view region_code);

}  // namespace fk::ops
