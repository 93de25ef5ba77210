#include "ops/users/user_requests.hpp"

#include <array>

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 4> kKindNames = {"create", "change", "reset_password",
                                                        "reactivate"};
constexpr std::array<std::string_view, 4> kStatusNames = {"pending", "approved", "rejected",
                                                          "cancelled"};

}  // namespace

std::string_view RequestKindName(RequestKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<RequestKind> ParseRequestKind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return static_cast<RequestKind>(i);
  return std::nullopt;
}

std::string_view RequestStatusName(RequestStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<RequestStatus> ParseRequestStatus(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == name) return static_cast<RequestStatus>(i);
  return std::nullopt;
}

PermissionSet PermissionsGained(const std::optional<RoleScope>& before, const RoleScope& after) {
  const PermissionSet now = PermissionsOf(after.role);
  if (!before || !InScope(before->scope, after.scope)) return now;
  return now & ~PermissionsOf(before->role);
}

}  // namespace fk::ops
