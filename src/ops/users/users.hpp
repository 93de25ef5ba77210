// User accounts, login sessions and lockout. Thread-safe: holds a reference
// to the Database (which must outlive it), a clock and options.
// Passwords: Argon2id via libsodium crypto_pwhash_str (default
// OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: 2 passes over 64 MiB, about
// 0.1 s a login on this machine). Session tokens: 32 random bytes
// (randombytes_buf) as 64 hex characters; only their SHA-256 is stored.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "ops/users/session_cache.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kVolunteer;
  std::string scope;
  bool active = true;
};

struct NewUser {
  std::string username;  // 3..64 of [A-Za-z0-9_.-]
  std::string display_name;
  Role role = Role::kVolunteer;
  std::string scope;     // a region code ("" only for the first administrator)
  std::string password;  // at least 8 characters
};

struct LoginResult {
  std::string token;  // give to the client (cookie or Bearer); never stored
  User user;
  int64_t expires_at = 0;
};

struct UserOptions {
  int max_failed_logins = 5;            // then locked
  int64_t lockout_seconds = 15 * 60;    // for this long
  int64_t session_seconds = 12 * 3600;  // session lifetime
  // Argon2id cost; tests lower it (crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN).
  unsigned long long ops_limit = 0;  // 0 = crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t mem_limit = 0;              // 0 = crypto_pwhash_MEMLIMIT_INTERACTIVE
  // Live sessions are cached in the process for this long (0: never), so a
  // request costs no session query; logout and password changes through this
  // process apply at once, changes by another process within the TTL
  // (session_cache.hpp).
  std::chrono::milliseconds session_cache_ttl{2000};
  size_t session_cache_capacity = 100'000;
};

class UserService {
 public:
  UserService(store::Database& db, Clock clock = SystemClock(), UserOptions options = {});

  // Needs kManageUsers and the new user's scope inside the actor's.
  // kConflict "username: already taken".
  Result<User> Create(const AccessContext& ctx, const NewUser& user);
  // Creates the first administrator when there are no users (demo, setup);
  // kConflict once any user exists.
  Result<User> Bootstrap(const NewUser& user);
  Result<User> Get(const AccessContext& ctx, int64_t id);
  // Users in scope, in (scope, id) order.
  Result<Page<User>> List(const AccessContext& ctx, int64_t after_id, int limit);

  // kPermissionDenied "login: wrong username or password" (same message for
  // both), or "login: account locked until <unix seconds>" after
  // max_failed_logins failures in a row.
  Result<LoginResult> Login(std::string_view username, std::string_view password,
                            std::string_view client_address);
  // The context of a live session; kPermissionDenied "session: invalid or
  // expired". Answers from the session cache when it can (UserOptions).
  Result<AccessContext> Authenticate(std::string_view token, std::string_view client_address);
  Status Logout(std::string_view token);
  // Checks the old password; ends all the user's sessions (they log in again).
  Status ChangePassword(const AccessContext& ctx, std::string_view old_password,
                        std::string_view new_password);

 private:
  Result<std::string> Hash(std::string_view password) const;

  store::Database& db_;
  Clock clock_;
  UserOptions options_;
  SessionCache sessions_;
};

}  // namespace fk::ops
