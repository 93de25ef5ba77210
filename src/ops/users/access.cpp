#include "ops/users/access.hpp"

#include <array>
#include <string>

#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

struct RoleRow {
  Role role;
  std::string_view name;
  // Read, Write, Unmasked, Regions, Users, Audit, Screening, Visits, Stats,
  // Simulations, ReadCases, ManageCases, IssueDirectives, ReportToCommand, Supplies,
  // Facilities, Patients, Quarantine, QuarantineChecks, Notices, Declarations, Volunteers
  std::array<bool, kPermissionCount> allowed;
};

// The matrix documented in docs/operations.md.
constexpr RoleRow kRoles[] = {
    {Role::kCommandCentre, "command_centre", {1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1,
                                              0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1}},
    {Role::kDistrictOfficer, "district_officer", {1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1,
                                                  1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1}},
    {Role::kStreetOfficer, "street_officer", {1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1,
                                              1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1}},
    {Role::kCommunityOfficer, "community_officer", {1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1,
                                                    0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1}},
    {Role::kGridWorker, "grid_worker", {1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1,
                                        0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}},
    {Role::kMedicalStaff, "medical_staff", {1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1,
                                            1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0}},
    {Role::kSupplyOfficer, "supply_officer", {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
                                              0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}},
    {Role::kVolunteer, "volunteer", {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {Role::kAdministrator, "administrator", {0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0,
                                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
};

constexpr std::string_view kPermissionKeys[kPermissionCount] = {"read_registry",
                                                                "write_registry",
                                                                "see_unmasked",
                                                                "manage_regions",
                                                                "manage_users",
                                                                "read_audit",
                                                                "run_screening",
                                                                "record_visits",
                                                                "read_stats",
                                                                "run_simulations",
                                                                "read_cases",
                                                                "manage_cases",
                                                                "issue_directives",
                                                                "report_to_command",
                                                                "manage_supplies",
                                                                "manage_facilities",
                                                                "manage_patients",
                                                                "manage_quarantine",
                                                                "record_quarantine_checks",
                                                                "publish_notices",
                                                                "handle_declarations",
                                                                "manage_volunteers"};

constexpr std::string_view kPermissionNames[kPermissionCount] = {"read registry data",
                                                                 "write registry data",
                                                                 "see unmasked personal data",
                                                                 "manage regions",
                                                                 "manage users",
                                                                 "read the audit log",
                                                                 "run screening",
                                                                 "record visits",
                                                                 "read statistics",
                                                                 "run simulations",
                                                                 "read cases",
                                                                 "manage cases",
                                                                 "issue directives",
                                                                 "report to the command",
                                                                 "manage supplies",
                                                                 "manage facilities",
                                                                 "manage patients",
                                                                 "manage quarantine",
                                                                 "record quarantine checks",
                                                                 "publish notices",
                                                                 "handle declarations",
                                                                 "manage volunteers"};

}  // namespace

std::string_view RoleName(Role role) { return kRoles[static_cast<int>(role)].name; }

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

bool HasPermission(Role role, Permission permission) {
  return kRoles[static_cast<int>(role)].allowed[static_cast<int>(permission)];
}

std::string_view PermissionKey(Permission permission) {
  return kPermissionKeys[static_cast<int>(permission)];
}

std::optional<Permission> ParsePermissionKey(std::string_view key) {
  for (int i = 0; i < kPermissionCount; ++i)
    if (kPermissionKeys[i] == key) return static_cast<Permission>(i);
  return std::nullopt;
}

PermissionSet PermissionsOf(Role role) {
  PermissionSet set = 0;
  for (int i = 0; i < kPermissionCount; ++i)
    if (kRoles[static_cast<int>(role)].allowed[i]) set |= PermissionSet{1} << i;
  return set;
}

std::string DescribePermissions(PermissionSet set) {
  std::string out;
  for (int i = 0; i < kPermissionCount; ++i) {
    if (!Contains(set, static_cast<Permission>(i))) continue;
    if (!out.empty()) out += ", ";
    out += kPermissionNames[i];
  }
  return out;
}

bool InScope(std::string_view scope, std::string_view region_code) {
  if (scope.empty()) return true;  // the whole tree (first administrator only)
  return region_code.starts_with(SubtreePrefix(scope));
}

Status Require(const AccessContext& ctx, Permission permission) {
  if (HasPermission(ctx.role, permission)) return Status::Ok();
  return Error{ErrorCode::kPermissionDenied,
               "role " + std::string(RoleName(ctx.role)) + " may not " +
                   std::string(kPermissionNames[static_cast<int>(permission)])};
}

Status Require(const AccessContext& ctx, Permission permission, std::string_view region_code) {
  if (Status s = Require(ctx, permission); !s) return s;
  if (InScope(ctx, region_code)) return Status::Ok();
  return Error{ErrorCode::kPermissionDenied,
               "region " + std::string(region_code) + " is outside your scope " + ctx.scope};
}

}  // namespace fk::ops
