// Account changes (by the operator and through the API) and their
// approvals; users.cpp has login and sessions.
#include <algorithm>
#include <cctype>
#include <memory>

#include "ops/audit/audit.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/users.hpp"
#include "ops/users/users_internal.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kRequestColumns =
    "SELECT r.id, r.kind, r.user_id, u.username, r.role, r.scope, r.needs, r.requested_by, "
    "r.requested_at, r.status, r.decided_by, r.decided_at, r.password_hash "
    "FROM user_requests r JOIN users u ON u.id = r.user_id ";

UserRequest RequestOf(const store::Row& r) {
  UserRequest q;
  q.id = r.Int(0);
  q.kind = ParseRequestKind(r.Text(1)).value_or(RequestKind::kCreate);
  q.user_id = r.Int(2);
  q.username = r.Text(3);
  q.role = ParseRole(r.Text(4)).value_or(Role::kVolunteer);
  q.scope = r.Text(5);
  q.needs = static_cast<PermissionSet>(r.Int(6));
  q.requested_by = r.Int(7);
  q.requested_at = r.Int(8);
  q.status = ParseRequestStatus(r.Text(9)).value_or(RequestStatus::kPending);
  if (!r.IsNull(10)) q.decided_by = r.Int(10);
  if (!r.IsNull(11)) q.decided_at = r.Int(11);
  return q;
}

// The permission keys of a set: "read_registry see_unmasked".
std::string Keys(PermissionSet set) {
  std::string out;
  for (int i = 0; i < kPermissionCount; ++i) {
    if (!Contains(set, static_cast<Permission>(i))) continue;
    if (!out.empty()) out += ' ';
    out += PermissionKey(static_cast<Permission>(i));
  }
  return out;
}

Status CheckNewUser(const NewUser& u) {
  if (u.username.size() < 3 || u.username.size() > 64 ||
      !std::all_of(u.username.begin(), u.username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
      }))
    return InvalidArgument("username: 3 to 64 characters of A-Z a-z 0-9 _ . -");
  if (u.display_name.empty()) return InvalidArgument("display_name: must not be empty");
  if (!u.scope.empty()) {
    if (auto level = LevelOfCode(u.scope); !level)
      return InvalidArgument("scope: " + level.error().message);
  }
  return Status::Ok();
}

Result<User> InsertUser(store::Transaction& tx, const NewUser& u, const std::string& hash,
                        bool active, bool must_change, int64_t now) {
  auto row = tx.QueryOne(
      "INSERT INTO users (username, display_name, role, scope, password_hash, active, "
      "must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {u.username, u.display_name, std::string(RoleName(u.role)), u.scope, hash, int64_t{active},
       int64_t{must_change}, now});
  if (!row) {
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "username: already taken"};
    return row.error();
  }
  return User{row->Int(0), u.username, u.display_name, u.role, u.scope, active, must_change};
}

Status Exec(store::Transaction& tx, std::string_view sql, const store::Params& params) {
  auto r = tx.Exec(sql, params);
  if (!r) return r.error();
  return Status::Ok();
}

// "create", "change", ... as audit actions of the change itself.
std::string ActionOf(RequestKind kind) {
  switch (kind) {
    case RequestKind::kCreate:
      return "create";
    case RequestKind::kChange:
      return "update";
    case RequestKind::kResetPassword:
      return "reset_password";
    case RequestKind::kReactivate:
      return "reactivate";
  }
  return "update";
}

std::string RoleScopeText(Role role, const std::string& scope) {
  return std::string(RoleName(role)) + " " + (scope.empty() ? "(all)" : scope);
}

const AccessContext SystemActor(std::string_view origin) {
  return {0, Role::kAdministrator, "", std::string(origin)};
}

}  // namespace

struct UserService::Target {
  User user;
  std::optional<int64_t> pending;  // a pending request's id
};

// Applies a change (at once, or when its request is approved).
Status UserService::ApplyChange(store::Transaction& tx, RequestKind kind, int64_t user_id,
                                const RoleScope& after, const std::string& password_hash) {
  switch (kind) {
    case RequestKind::kCreate:
    case RequestKind::kReactivate:
      return Exec(tx, "UPDATE users SET active = 1 WHERE id = ?", {user_id});
    case RequestKind::kChange:
      if (Status s = Exec(tx, "UPDATE users SET role = ?, scope = ? WHERE id = ?",
                          {std::string(RoleName(after.role)), after.scope, user_id});
          !s)
        return s;
      return Announce(tx, "u:" + std::to_string(user_id));
    case RequestKind::kResetPassword:
      if (Status s = Exec(tx,
                          "UPDATE users SET password_hash = ?, must_change_password = 1 "
                          "WHERE id = ?",
                          {password_hash, user_id});
          !s)
        return s;
      if (Status s = Exec(tx, "DELETE FROM sessions WHERE user_id = ?", {user_id}); !s) return s;
      return Announce(tx, "u:" + std::to_string(user_id));
  }
  return Status::Ok();
}

Result<User> UserService::CreateBySystem(const NewUser& u, std::string_view password,
                                         bool password_change_required, std::string_view origin) {
  if (Status s = CheckNewUser(u); !s) return s.error();
  auto hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const int64_t now = clock_();
  auto user = InsertUser(*tx, u, *hash, true, password_change_required, now);
  if (!user) return user;
  if (Status s = AppendAudit(*tx, SystemActor(origin), now, "create", "user",
                             std::to_string(user->id), RoleScopeText(u.role, u.scope), u.scope);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return user;
}

Result<std::string> UserService::ResetPasswordBySystem(std::string_view username,
                                                       std::string_view origin) {
  std::string password = OneTimePassword();
  auto hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row = tx->QueryOne("SELECT id, scope FROM users WHERE username = ?", {std::string(username)},
                          "user " + std::string(username) + " not found");
  if (!row) return row.error();
  const int64_t id = row->Int(0);
  if (Status s = ApplyChange(*tx, RequestKind::kResetPassword, id, {}, *hash); !s) return s.error();
  if (Status s = AppendAudit(*tx, SystemActor(origin), clock_(), "reset_password", "user",
                             std::to_string(id), "", row->Text(1));
      !s)
    return s.error();
  Status committed = tx->Commit();
  ForgetUser(id);
  if (!committed) return committed.error();
  return password;
}

Result<UserService::Target> UserService::LoadTarget(store::Transaction& tx,
                                                    const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kManageUsers); !s) return s.error();
  const std::string missing = "user " + std::to_string(id) + " not found";
  auto row = tx.QueryOne(std::string(kUserColumns) + " FROM users WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  Target t{UserOf(*row), std::nullopt};
  if (!InScope(ctx, t.user.scope)) return Error{ErrorCode::kNotFound, missing};
  if (t.user.id == ctx.user_id)
    return Error{ErrorCode::kPermissionDenied, "user: not allowed on your own account"};
  auto pending =
      tx.Query("SELECT id FROM user_requests WHERE user_id = ? AND status = 'pending'", {id});
  if (!pending) return pending.error();
  if (!pending->empty()) t.pending = pending->front().Int(0);
  return t;
}

void UserService::Create(const AccessContext& ctx, const NewUser& u,
                         Done<Result<AccountChange>> done) {
  auto reply = std::make_shared<Done<Result<AccountChange>>>(std::move(done));
  if (Status s = CheckNewUser(u); !s) return (*reply)(s.error());
  if (u.scope.empty() && !ctx.scope.empty())
    return (*reply)(InvalidArgument("scope: must be a region code"));
  if (Status s = Require(ctx, Permission::kManageUsers, u.scope); !s) return (*reply)(s.error());
  Status queued = hasher_.Submit([this, reply, ctx, u] {
    auto finish = [&]() -> Result<AccountChange> {
      std::string password = OneTimePassword();
      auto hash = hasher_.Hash(password);
      if (!hash) return hash.error();
      const PermissionSet needs =
          NeedsApproval(ctx.role, PermissionsGained(std::nullopt, {u.role, u.scope}));
      auto tx = db_.Begin();
      if (!tx) return tx.error();
      const int64_t now = clock_();
      auto user = InsertUser(*tx, u, *hash, needs == 0, true, now);
      if (!user) return user.error();
      AccountChange change{*user, std::nullopt, std::move(password)};
      std::string detail = RoleScopeText(u.role, u.scope);
      if (needs != 0) {
        auto request = tx->QueryOne(
            "INSERT INTO user_requests (kind, user_id, role, scope, password_hash, needs, "
            "requested_by, requested_at, status) VALUES ('create', ?, ?, ?, '', ?, ?, ?, "
            "'pending') RETURNING id",
            {user->id, std::string(RoleName(u.role)), u.scope, int64_t{needs}, ctx.user_id, now});
        if (!request) return request.error();
        change.request = UserRequest{request->Int(0),
                                     RequestKind::kCreate,
                                     user->id,
                                     u.username,
                                     u.role,
                                     u.scope,
                                     needs,
                                     ctx.user_id,
                                     now,
                                     RequestStatus::kPending,
                                     std::nullopt,
                                     std::nullopt};
        detail += "; inactive until request " + std::to_string(change.request->id) +
                  " is approved (needs " + Keys(needs) + ")";
      }
      if (Status s = AppendAudit(*tx, ctx, now, "create", "user", std::to_string(user->id), detail,
                                 u.scope);
          !s)
        return s.error();
      if (Status s = tx->Commit(); !s) return s.error();
      return change;
    };
    (*reply)(finish());
  });
  if (!queued) (*reply)(queued.error());
}

Result<AccountChange> UserService::ChangeAccount(const AccessContext& ctx, int64_t id,
                                                 RequestKind kind, std::optional<Role> role,
                                                 std::optional<std::string> scope,
                                                 const std::string& password_hash,
                                                 std::string one_time_password) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto target = LoadTarget(*tx, ctx, id);
  if (!target) return target.error();
  const User& user = target->user;
  if (target->pending)
    return Error{ErrorCode::kConflict, "user: has a pending request " +
                                           std::to_string(*target->pending) +
                                           "; approve or reject it first"};
  const RoleScope after{role.value_or(user.role), scope.value_or(user.scope)};
  std::optional<RoleScope> before;
  if (kind == RequestKind::kChange) {
    if (after.scope.empty() && !ctx.scope.empty())
      return InvalidArgument("scope: must be a region code");
    if (!after.scope.empty()) {
      if (auto level = LevelOfCode(after.scope); !level)
        return InvalidArgument("scope: " + level.error().message);
    }
    if (Status s = Require(ctx, Permission::kManageUsers, after.scope); !s) return s.error();
    before = RoleScope{user.role, user.scope};
  }
  if (kind == RequestKind::kReactivate && user.active)
    return Error{ErrorCode::kConflict, "user: already active"};
  const PermissionSet needs = NeedsApproval(ctx.role, PermissionsGained(before, after));
  const int64_t now = clock_();
  AccountChange change{user, std::nullopt, std::move(one_time_password)};
  std::string detail = RoleScopeText(after.role, after.scope);
  if (kind == RequestKind::kChange) detail = RoleScopeText(user.role, user.scope) + " -> " + detail;
  if (needs != 0) {
    auto request = tx->QueryOne(
        "INSERT INTO user_requests (kind, user_id, role, scope, password_hash, needs, "
        "requested_by, requested_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
        "RETURNING id",
        {std::string(RequestKindName(kind)), id, std::string(RoleName(after.role)), after.scope,
         password_hash, int64_t{needs}, ctx.user_id, now});
    if (!request) return request.error();
    change.request = UserRequest{
        request->Int(0), kind,        id,  user.username,           after.role,   after.scope,
        needs,           ctx.user_id, now, RequestStatus::kPending, std::nullopt, std::nullopt};
    if (Status s = AppendAudit(*tx, ctx, now, "request", "user", std::to_string(id),
                               std::string(RequestKindName(kind)) + " " + detail + "; request " +
                                   std::to_string(change.request->id) + " needs " + Keys(needs),
                               after.scope);
        !s)
      return s.error();
    if (Status s = tx->Commit(); !s) return s.error();
    return change;
  }
  if (Status s = ApplyChange(*tx, kind, id, after, password_hash); !s) return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, ActionOf(kind), "user", std::to_string(id), detail,
                             after.scope);
      !s)
    return s.error();
  Status committed = tx->Commit();
  ForgetUser(id);
  if (!committed) return committed.error();
  switch (kind) {
    case RequestKind::kCreate:
    case RequestKind::kReactivate:
      change.user.active = true;
      break;
    case RequestKind::kChange:
      change.user.role = after.role;
      change.user.scope = after.scope;
      break;
    case RequestKind::kResetPassword:
      change.user.password_change_required = true;
      break;
  }
  return change;
}

Result<AccountChange> UserService::Reactivate(const AccessContext& ctx, int64_t id) {
  return ChangeAccount(ctx, id, RequestKind::kReactivate, std::nullopt, std::nullopt, "", "");
}

Result<AccountChange> UserService::ChangeRoleScope(const AccessContext& ctx, int64_t id,
                                                   std::optional<Role> role,
                                                   std::optional<std::string> scope) {
  if (!role && !scope) return InvalidArgument("role: give a new role, a new scope or both");
  return ChangeAccount(ctx, id, RequestKind::kChange, role, std::move(scope), "", "");
}

void UserService::ResetPassword(const AccessContext& ctx, int64_t id,
                                Done<Result<AccountChange>> done) {
  auto reply = std::make_shared<Done<Result<AccountChange>>>(std::move(done));
  {
    // Refusals (scope, own account, a pending request) come before the hash.
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return (*reply)(tx.error());
    auto target = LoadTarget(*tx, ctx, id);
    if (!target) return (*reply)(target.error());
  }
  Status queued = hasher_.Submit([this, reply, ctx, id] {
    std::string password = OneTimePassword();
    auto hash = hasher_.Hash(password);
    if (!hash) return (*reply)(hash.error());
    (*reply)(ChangeAccount(ctx, id, RequestKind::kResetPassword, std::nullopt, std::nullopt, *hash,
                           std::move(password)));
  });
  if (!queued) (*reply)(queued.error());
}

Result<User> UserService::Deactivate(const AccessContext& ctx, int64_t id) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto target = LoadTarget(*tx, ctx, id);
  if (!target) return target.error();
  const int64_t now = clock_();
  for (auto [sql, params] :
       {std::pair<const char*, store::Params>{"UPDATE users SET active = 0 WHERE id = ?", {id}},
        {"DELETE FROM sessions WHERE user_id = ?", {id}},
        {"UPDATE user_requests SET status = 'cancelled', decided_by = ?, decided_at = ?, "
         "password_hash = '' WHERE user_id = ? AND status = 'pending'",
         {ctx.user_id, now, id}}}) {
    if (Status s = Exec(*tx, sql, params); !s) return s.error();
  }
  if (Status s = Announce(*tx, "u:" + std::to_string(id)); !s) return s.error();
  if (Status s = AppendAudit(
          *tx, ctx, now, "deactivate", "user", std::to_string(id),
          target->pending ? "cancelled request " + std::to_string(*target->pending) : "",
          target->user.scope);
      !s)
    return s.error();
  Status committed = tx->Commit();
  ForgetUser(id);
  if (!committed) return committed.error();
  User user = target->user;
  user.active = false;
  return user;
}

Result<int64_t> UserService::EndSessions(const AccessContext& ctx, int64_t id) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto target = LoadTarget(*tx, ctx, id);
  if (!target) return target.error();
  auto ended = tx->Exec("DELETE FROM sessions WHERE user_id = ?", {id});
  if (!ended) return ended.error();
  if (Status s = Announce(*tx, "u:" + std::to_string(id)); !s) return s.error();
  if (Status s = AppendAudit(*tx, ctx, clock_(), "end_sessions", "user", std::to_string(id),
                             std::to_string(*ended) + " sessions", target->user.scope);
      !s)
    return s.error();
  Status committed = tx->Commit();
  ForgetUser(id);
  if (!committed) return committed.error();
  return *ended;
}

Result<User> UserService::Get(const AccessContext& ctx, int64_t id) {
  const std::string missing = "user " + std::to_string(id) + " not found";
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(std::string(kUserColumns) + " FROM users WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  User u = UserOf(*row);
  if (u.id != ctx.user_id) {
    if (Status s = Require(ctx, Permission::kManageUsers); !s) return s.error();
    if (!InScope(ctx, u.scope)) return Error{ErrorCode::kNotFound, missing};
  }
  return u;
}

// Users whose scope lies in the actor's, ordered by (scope, id); `after_id`
// is the last user id of the previous page.
Result<Page<User>> UserService::List(const AccessContext& ctx, int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kManageUsers); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // Pages run in (scope, id) order, the order of the users_scope index; see
  // KeysetPageStart.
  auto start =
      KeysetPageStart(*tx, "users", "scope", after_id, prefix, store::PlanChoice::kPerCall);
  if (!start) return start.error();
  store::Params params{PrefixEnd(prefix)};
  const std::string sql = std::string(kUserColumns) + " FROM users WHERE scope < ? AND " +
                          start->Condition("scope", "id", params) + " ORDER BY scope, id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  Page<User> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(UserOf(r));
  }
  return page;
}

Result<Page<UserRequest>> UserService::Requests(const AccessContext& ctx, int64_t after_id,
                                                int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto start =
      KeysetPageStart(*tx, "user_requests", "scope", after_id, prefix, store::PlanChoice::kPerCall);
  if (!start) return start.error();
  store::Params params{PrefixEnd(prefix)};
  const std::string sql = std::string(kRequestColumns) +
                          "WHERE r.status = 'pending' AND r.scope < ? AND " +
                          start->Condition("r.scope", "r.id", params) +
                          " AND (r.needs & ?) = r.needs AND r.requested_by <> ? AND "
                          "r.user_id <> ? ORDER BY r.scope, r.id LIMIT ?";
  params.emplace_back(int64_t{PermissionsOf(ctx.role)});
  params.emplace_back(ctx.user_id);
  params.emplace_back(ctx.user_id);
  params.emplace_back(static_cast<int64_t>(limit) + 1);
  auto rows = tx->Query(sql, params);
  if (!rows) return rows.error();
  Page<UserRequest> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(RequestOf(r));
  }
  return page;
}

Result<UserRequest> UserService::Approve(const AccessContext& ctx, int64_t request_id) {
  return Decide(ctx, request_id, true);
}

Result<UserRequest> UserService::Reject(const AccessContext& ctx, int64_t request_id) {
  return Decide(ctx, request_id, false);
}

Result<UserRequest> UserService::Decide(const AccessContext& ctx, int64_t request_id,
                                        bool approve) {
  const std::string missing = "user request " + std::to_string(request_id) + " not found";
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row = tx->QueryOne(std::string(kRequestColumns) + "WHERE r.id = ?", {request_id}, missing);
  if (!row) return row.error();
  UserRequest request = RequestOf(*row);
  const std::string password_hash = row->Text(12);
  if (!InScope(ctx, request.scope)) return Error{ErrorCode::kNotFound, missing};
  if (request.status != RequestStatus::kPending)
    return Error{ErrorCode::kConflict,
                 "request: already " + std::string(RequestStatusName(request.status))};
  // The requester may withdraw their request; every other decision needs a
  // second person who holds what the change gives.
  const bool withdrawal = !approve && request.requested_by == ctx.user_id;
  if (!withdrawal) {
    if (request.requested_by == ctx.user_id)
      return Error{ErrorCode::kPermissionDenied,
                   "request: you made it; another person must approve it"};
    if (request.user_id == ctx.user_id)
      return Error{ErrorCode::kPermissionDenied,
                   "request: it is about your own account; another person must approve it"};
    if (const PermissionSet missing_permissions = request.needs & ~PermissionsOf(ctx.role))
      return Error{ErrorCode::kPermissionDenied,
                   "request: approving it needs " + DescribePermissions(missing_permissions) +
                       ", which role " + std::string(RoleName(ctx.role)) + " does not hold"};
  }
  const int64_t now = clock_();
  if (approve) {
    if (Status s = ApplyChange(*tx, request.kind, request.user_id, {request.role, request.scope},
                               password_hash);
        !s)
      return s.error();
  }
  request.status = approve ? RequestStatus::kApproved : RequestStatus::kRejected;
  request.decided_by = ctx.user_id;
  request.decided_at = now;
  if (Status s =
          Exec(*tx,
               "UPDATE user_requests SET status = ?, decided_by = ?, decided_at = ?, "
               "password_hash = '' WHERE id = ?",
               {std::string(RequestStatusName(request.status)), ctx.user_id, now, request_id});
      !s)
    return s.error();
  if (Status s = AppendAudit(*tx, ctx, now, approve ? "approve" : "reject", "user",
                             std::to_string(request.user_id),
                             "request " + std::to_string(request_id) + ": " +
                                 std::string(RequestKindName(request.kind)) + " " +
                                 RoleScopeText(request.role, request.scope),
                             request.scope);
      !s)
    return s.error();
  Status committed = tx->Commit();
  if (approve) ForgetUser(request.user_id);
  if (!committed) return committed.error();
  return request;
}

}  // namespace fk::ops
