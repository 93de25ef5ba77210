#include "ops/users/users.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "ops/audit/audit.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, username, display_name, role, scope, active FROM users ";

User UserOf(const store::Row& r) {
  return {r.Int(0),  r.Text(1),    r.Text(2), ParseRole(r.Text(3)).value_or(Role::kVolunteer),
          r.Text(4), r.Int(5) != 0};
}

std::string Hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

std::string TokenHash(std::string_view token) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return Hex(h, sizeof h);
}

Status CheckNewUser(const NewUser& u) {
  if (u.username.size() < 3 || u.username.size() > 64 ||
      !std::all_of(u.username.begin(), u.username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
      }))
    return InvalidArgument("username: 3 to 64 characters of A-Z a-z 0-9 _ . -");
  if (u.password.size() < 8) return InvalidArgument("password: at least 8 characters");
  if (u.display_name.empty()) return InvalidArgument("display_name: must not be empty");
  if (!u.scope.empty()) {
    if (auto level = LevelOfCode(u.scope); !level)
      return InvalidArgument("scope: " + level.error().message);
  }
  return Status::Ok();
}

const Error kBadLogin{ErrorCode::kPermissionDenied, "login: wrong username or password"};
const Error kBadSession{ErrorCode::kPermissionDenied, "session: invalid or expired"};

}  // namespace

UserService::UserService(store::Database& db, Clock clock, UserOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(options),
      sessions_(options.session_cache_ttl, options.session_cache_capacity) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run: a broken installation
  if (options_.ops_limit == 0) options_.ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (options_.mem_limit == 0) options_.mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

Result<std::string> UserService::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), options_.ops_limit,
                        options_.mem_limit) != 0)
    return Error{ErrorCode::kResourceExhausted, "password: out of memory while hashing"};
  return std::string(out);
}

static Result<User> InsertUser(store::Transaction& tx, const NewUser& u, const std::string& hash,
                               int64_t now) {
  auto row = tx.QueryOne(
      "INSERT INTO users (username, display_name, role, scope, password_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {u.username, u.display_name, std::string(RoleName(u.role)), u.scope, hash, now});
  if (!row) {
    if (row.error().code == ErrorCode::kConflict)
      return Error{ErrorCode::kConflict, "username: already taken"};
    return row.error();
  }
  return User{row->Int(0), u.username, u.display_name, u.role, u.scope, true};
}

Result<User> UserService::Create(const AccessContext& ctx, const NewUser& u) {
  if (Status s = CheckNewUser(u); !s) return s.error();
  if (u.scope.empty() && !ctx.scope.empty()) return InvalidArgument("scope: must be a region code");
  if (Status s = Require(ctx, Permission::kManageUsers, u.scope); !s) return s.error();
  auto hash = Hash(u.password);
  if (!hash) return hash.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const int64_t now = clock_();
  auto user = InsertUser(*tx, u, *hash, now);
  if (!user) return user;
  if (Status s = AppendAudit(*tx, ctx, now, "create", "user", std::to_string(user->id),
                             std::string(RoleName(u.role)) + " " + u.scope);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return user;
}

Result<User> UserService::Bootstrap(const NewUser& u) {
  if (Status s = CheckNewUser(u); !s) return s.error();
  auto hash = Hash(u.password);
  if (!hash) return hash.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto n = tx->QueryOne("SELECT COUNT(*) FROM users", {});
  if (!n) return n.error();
  if (n->Int(0) > 0) return Error{ErrorCode::kConflict, "bootstrap: users already exist"};
  auto user = InsertUser(*tx, u, *hash, clock_());
  if (!user) return user;
  if (Status s = tx->Commit(); !s) return s.error();
  return user;
}

Result<User> UserService::Get(const AccessContext& ctx, int64_t id) {
  const std::string missing = "user " + std::to_string(id) + " not found";
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(std::string(kSelect) + "WHERE id = ?", {id}, missing);
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
  const std::string sql = std::string(kSelect) + "WHERE scope < ? AND " +
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

Result<LoginResult> UserService::Login(std::string_view username, std::string_view password,
                                       std::string_view client_address) {
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row = tx->QueryOne(
      "SELECT id, username, display_name, role, scope, active, password_hash, failed_logins, "
      "locked_until FROM users WHERE username = ?",
      {std::string(username)}, "");
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound) return kBadLogin;
    return row.error();
  }
  User user = UserOf(*row);
  const int64_t now = clock_();
  const int64_t locked_until = row->Int(8);
  if (locked_until > now)
    return Error{ErrorCode::kPermissionDenied,
                 "login: account locked until " + std::to_string(locked_until)};
  const std::string hash = row->Text(6);
  const bool good =
      user.active && crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  AccessContext ctx{user.id, user.role, user.scope, std::string(client_address)};
  if (!good) {
    const int64_t failures = row->Int(7) + 1;
    const bool lock = failures >= options_.max_failed_logins;
    auto up = tx->Exec("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                       {lock ? int64_t{0} : failures,
                        lock ? now + options_.lockout_seconds : int64_t{0}, user.id});
    if (!up) return up.error();
    if (Status s = AppendAudit(*tx, ctx, now, lock ? "login_locked" : "login_failed", "user",
                               std::to_string(user.id));
        !s)
      return s.error();
    if (Status s = tx->Commit(); !s) return s.error();
    return kBadLogin;
  }
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  LoginResult out{Hex(raw, sizeof raw), user, now + options_.session_seconds};
  auto up =
      tx->Exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", {user.id});
  if (!up) return up.error();
  auto ins = tx->Exec(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, client_address) "
      "VALUES (?, ?, ?, ?, ?)",
      {TokenHash(out.token), user.id, now, out.expires_at, std::string(client_address)});
  if (!ins) return ins.error();
  if (Status s = AppendAudit(*tx, ctx, now, "login", "user", std::to_string(user.id)); !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<AccessContext> UserService::Authenticate(std::string_view token,
                                                std::string_view client_address) {
  const std::string hash = TokenHash(token);
  if (auto hit = sessions_.Find(hash)) {
    if (hit->expires_at <= clock_()) return kBadSession;
    return AccessContext{hit->user_id, hit->role, std::move(hit->scope),
                         std::string(client_address)};
  }
  const uint64_t generation = sessions_.Generation();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(
      "SELECT u.id, u.role, u.scope, s.expires_at, u.active FROM sessions s "
      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {hash}, "");
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound) return kBadSession;
    return row.error();
  }
  if (row->Int(3) <= clock_() || row->Int(4) == 0) return kBadSession;
  SessionCache::Entry live{row->Int(0), ParseRole(row->Text(1)).value_or(Role::kVolunteer),
                           row->Text(2), row->Int(3)};
  sessions_.Insert(hash, live, generation);
  return AccessContext{live.user_id, live.role, std::move(live.scope), std::string(client_address)};
}

Status UserService::Logout(std::string_view token) {
  const std::string hash = TokenHash(token);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto r = tx->Exec("DELETE FROM sessions WHERE token_hash = ?", {hash});
  if (!r) return r.error();
  if (*r == 0) return kBadSession;
  Status committed = tx->Commit();
  sessions_.ForgetToken(hash);
  return committed;
}

Status UserService::ChangePassword(const AccessContext& ctx, std::string_view old_password,
                                   std::string_view new_password) {
  if (new_password.size() < 8) return InvalidArgument("new_password: at least 8 characters");
  auto hash = Hash(new_password);
  if (!hash) return hash.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto row =
      tx->QueryOne("SELECT password_hash FROM users WHERE id = ?", {ctx.user_id}, "user not found");
  if (!row) return row.error();
  const std::string old_hash = row->Text(0);
  if (crypto_pwhash_str_verify(old_hash.c_str(), old_password.data(), old_password.size()) != 0)
    return Error{ErrorCode::kPermissionDenied, "old_password: wrong password"};
  for (auto [sql, params] :
       {std::pair<const char*, store::Params>{"UPDATE users SET password_hash = ? WHERE id = ?",
                                              {*hash, ctx.user_id}},
        {"DELETE FROM sessions WHERE user_id = ?", {ctx.user_id}}}) {
    auto r = tx->Exec(sql, params);
    if (!r) return r.error();
  }
  if (Status s =
          AppendAudit(*tx, ctx, clock_(), "change_password", "user", std::to_string(ctx.user_id));
      !s)
    return s;
  Status committed = tx->Commit();
  sessions_.ForgetUser(ctx.user_id);
  return committed;
}

}  // namespace fk::ops
