// Separation of duties for accounts: no account may obtain, directly or
// through an account it creates or changes, a permission it does not hold
// itself, unless a second person who holds that permission approves.
//
// A change that would give the target account a permission the actor lacks
// is not applied but stored as a pending UserRequest; until another user
// approves it the target cannot use it (a new account stays inactive, a
// reset password unusable, a role or scope unchanged). Only a user who holds
// every permission in `needs`, over a scope containing the request's scope,
// and who is neither the requester nor the target, may approve. Plain
// values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ops/users/access.hpp"

namespace fk::ops {

enum class RequestKind {
  kCreate,         // a new account (inactive until approved)
  kChange,         // a new role and/or scope
  kResetPassword,  // a one-time password (unusable until approved)
  kReactivate,     // a deactivated account
};
std::string_view RequestKindName(
    RequestKind kind);  // "create", "change", "reset_password", "reactivate"
std::optional<RequestKind> ParseRequestKind(std::string_view name);

enum class RequestStatus { kPending, kApproved, kRejected, kCancelled };
std::string_view RequestStatusName(RequestStatus status);  // "pending", ...
std::optional<RequestStatus> ParseRequestStatus(std::string_view name);

struct UserRequest {
  int64_t id = 0;
  RequestKind kind = RequestKind::kCreate;
  int64_t user_id = 0;           // the target account
  std::string username;          // the target's
  Role role = Role::kVolunteer;  // the target's role and scope once approved
  std::string scope;
  PermissionSet needs = 0;  // what the approver must hold over `scope`
  int64_t requested_by = 0;
  int64_t requested_at = 0;
  RequestStatus status = RequestStatus::kPending;
  std::optional<int64_t> decided_by;
  std::optional<int64_t> decided_at;
};

// The permissions an account gains from a change, over the scope it then
// has: everything its new role holds when the actor takes the account over
// (`before` empty: a new account, a reset password, a reactivation: the
// actor then knows or controls the way in), else what the new role holds
// and the old did not, or everything when the new scope is not inside the
// old one.
struct RoleScope {
  Role role = Role::kVolunteer;
  std::string scope;
};
PermissionSet PermissionsGained(const std::optional<RoleScope>& before, const RoleScope& after);

// What of `gained` the actor's role lacks: empty means the change may be
// applied at once.
inline PermissionSet NeedsApproval(Role actor, PermissionSet gained) {
  return gained & ~PermissionsOf(actor);
}

}  // namespace fk::ops
