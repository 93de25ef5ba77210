// User accounts, login sessions, throttling of password guesses and the
// separation of duties for accounts (user_requests.hpp). Thread-safe: holds
// a reference to the Database (which must outlive it), a clock and options.
//
// Passwords: Argon2id via libsodium crypto_pwhash_str (default
// OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: 2 passes over 64 MiB, about
// 0.1 s on this machine), always on the service's own hashing threads
// (password_hasher.hpp) and never inside a database transaction. The
// operations that hash (Login, ChangePassword, Create, ResetPassword) are
// therefore asynchronous: they check what they can on the caller's thread,
// queue the hash and return; `done` is called exactly once, on a hashing
// thread, or on the caller's thread when the request is refused before any
// hashing. Session tokens: 32 random bytes (randombytes_buf) as 64 hex
// characters; only their SHA-256 is stored.
//
// Several processes on one PostgreSQL database behave as one: every change
// that ends or changes sessions (logout, password change, reset, role or
// scope change, deactivation, ended sessions) notifies the other processes
// in its own transaction and returns once every other listening process has
// acknowledged it (Settle), and a process trusts its session cache only
// while its listener is caught up (session_cache.hpp). SQLite: one process.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "ops/users/login_throttle.hpp"
#include "ops/users/password_hasher.hpp"
#include "ops/users/session_cache.hpp"
#include "ops/users/user_requests.hpp"
#include "store/database.hpp"
#include "store/notification_listener.hpp"

namespace fk::ops {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kVolunteer;
  std::string scope;
  bool active = true;
  bool password_change_required = false;
};

struct NewUser {
  std::string username;  // 3..64 of [A-Za-z0-9_.-]
  std::string display_name;
  Role role = Role::kVolunteer;
  std::string scope;  // a region code ("" only from the operator: the whole tree)
};

struct LoginResult {
  std::string token;  // give to the client (cookie or Bearer); never stored
  User user;          // user.password_change_required: only /auth/* until changed
  int64_t expires_at = 0;
};

// What an account change did: applied (no request), or stored as a pending
// request that another person must approve.
struct AccountChange {
  User user;  // the account as it is now (unchanged while the request waits)
  std::optional<UserRequest> request;
  // A new account's or a reset's one-time password, shown once to the
  // caller; it must be changed at first login (and is unusable while the
  // request waits).
  std::string one_time_password;
};

// The outcome of an operation that checks a password, which the throttle
// may refuse.
template <typename T>
struct Checked {
  Result<T> result;
  // > 0: refused by the throttle (result is kResourceExhausted "login: too
  // many failed attempts; try again later"); retry after this many seconds.
  int64_t retry_after = 0;
};

template <typename T>
using Done = std::function<void(T)>;

// Hashing threads by default: 1 on a machine of 2 cores or fewer, else 2.
int DefaultHashThreads();

struct UserOptions {
  int64_t session_seconds = 12 * 3600;  // session lifetime
  // Argon2id cost; tests lower it (crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN).
  unsigned long long ops_limit = 0;  // 0 = crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t mem_limit = 0;              // 0 = crypto_pwhash_MEMLIMIT_INTERACTIVE
  // Live sessions are cached in the process for this long (0: never), so a
  // request costs no session query (session_cache.hpp).
  std::chrono::milliseconds session_cache_ttl{2000};
  size_t session_cache_capacity = 100'000;
  int hash_threads = DefaultHashThreads();
  size_t hash_queue = 256;  // hashes waiting at most; more are refused (503)
  ThrottleOptions throttle{};
};

class UserService {
 public:
  UserService(store::Database& db, Clock clock = SystemClock(), UserOptions options = {});
  ~UserService();

  // --- The operator's way in (`fangkong admin`, `fangkong demo`): the root
  // of trust. Any role and scope, no approvals, hashing on the calling
  // thread; audited as user 0 from `origin` ("cli", "demo").
  // kConflict "username: already taken".
  Result<User> CreateBySystem(const NewUser& user, std::string_view password,
                              bool password_change_required, std::string_view origin);
  // A new one-time password that must be changed at first login; ends the
  // user's sessions. kNotFound "user <name> not found".
  Result<std::string> ResetPasswordBySystem(std::string_view username, std::string_view origin);

  // --- Accounts through the API. Each needs kManageUsers, the target user
  // in the actor's scope (else kNotFound, as for another area's id), the new
  // scope inside it, and a target other than the actor
  // (kPermissionDenied "user: not allowed on your own account"). A change
  // that would give the target a permission the actor lacks comes back with
  // a pending request (user_requests.hpp); kConflict "user: has a pending
  // request <id>; approve or reject it first" while one waits.

  // A new account with a one-time password. kConflict "username: already
  // taken".
  void Create(const AccessContext& ctx, const NewUser& user, Done<Result<AccountChange>> done);
  // Inactive at once: its sessions end, a pending request is cancelled.
  Result<User> Deactivate(const AccessContext& ctx, int64_t id);
  Result<AccountChange> Reactivate(const AccessContext& ctx, int64_t id);
  // New role and/or scope (at least one). Sessions stay, with the new rights.
  Result<AccountChange> ChangeRoleScope(const AccessContext& ctx, int64_t id,
                                        std::optional<Role> role, std::optional<std::string> scope);
  // A one-time password; once applied the user's sessions end.
  void ResetPassword(const AccessContext& ctx, int64_t id, Done<Result<AccountChange>> done);
  // Ends every session of the user; returns how many.
  Result<int64_t> EndSessions(const AccessContext& ctx, int64_t id);

  Result<User> Get(const AccessContext& ctx, int64_t id);
  // Users in scope, in (scope, id) order.
  Result<Page<User>> List(const AccessContext& ctx, int64_t after_id, int limit);

  // --- Approvals: open to every user (the approver needs the permissions
  // the change gives, not kManageUsers).
  // Pending requests this user may approve, in (scope, id) order.
  Result<Page<UserRequest>> Requests(const AccessContext& ctx, int64_t after_id, int limit);
  // Applies the request. kNotFound "user request <id> not found" when it
  // does not exist or its scope is outside the approver's; kConflict
  // "request: already <status>"; kPermissionDenied "request: you made it;
  // another person must approve it", "request: it is about your own
  // account; another person must approve it", or "request: approving it
  // needs <permissions>, which role <role> does not hold".
  Result<UserRequest> Approve(const AccessContext& ctx, int64_t request_id);
  // Refuses the request: anyone who may approve it, or its requester
  // (withdrawing it).
  Result<UserRequest> Reject(const AccessContext& ctx, int64_t request_id);

  // --- Login and sessions.
  // kPermissionDenied "login: wrong username or password" for every wrong
  // pair (unknown, inactive or pending user alike, in the same time: an
  // unknown or inactive user's password is checked against a dummy hash);
  // throttled as login_throttle.hpp says.
  void Login(std::string_view username, std::string_view password, std::string_view client_address,
             Done<Checked<LoginResult>> done);
  // The context of a live session; kPermissionDenied "session: invalid or
  // expired". Answers from the session cache when it can (see above).
  Result<AccessContext> Authenticate(std::string_view token, std::string_view client_address);
  Status Logout(std::string_view token);
  // Checks the old password first (kPermissionDenied "old_password: wrong
  // password", counted and throttled like a failed login, audited), then
  // the new one (password_policy.hpp, as "new_password", and
  // "new_password: must differ from the old password"); ends all the
  // user's sessions.
  void ChangePassword(const AccessContext& ctx, std::string_view old_password,
                      std::string_view new_password, Done<Checked<User>> done);

 private:
  struct Target;
  Result<Target> LoadTarget(store::Transaction& tx, const AccessContext& ctx, int64_t id);
  // Applies a change to user `id` (kChange: a new role and/or scope;
  // kResetPassword: `password_hash`), or stores it as a pending request when
  // it would give a permission the actor lacks.
  Result<AccountChange> ChangeAccount(const AccessContext& ctx, int64_t id, RequestKind kind,
                                      std::optional<Role> role, std::optional<std::string> scope,
                                      const std::string& password_hash,
                                      std::string one_time_password);
  Result<UserRequest> Decide(const AccessContext& ctx, int64_t request_id, bool approve);
  // Applies a change (at once, or when its request is approved).
  Status ApplyChange(store::Transaction& tx, RequestKind kind, int64_t user_id,
                     const RoleScope& after, const std::string& password_hash);
  // Announces `what` ("u:<id>", "t:<hash>") to the other processes, in
  // `tx` (PostgreSQL; nothing on SQLite); this thread's next Settle waits
  // for it.
  Status Announce(store::Transaction& tx, const std::string& what);
  // After a commit that ended or changed sessions: this process forgets at
  // once, and (Settle) the answer waits until every other process known to
  // be listening has acknowledged the announcement, that is, has forgotten
  // what it cached (at most kSettleTimeout; one that does not answer is
  // dropped from the known processes until it speaks again).
  void ForgetUser(int64_t user_id) {
    sessions_.ForgetUser(user_id);
    Settle();
  }
  void Settle();
  // The listener's callbacks (it passes itself: they may run before
  // listener_ is set).
  void OnAnnouncement(store::NotificationListener& listener, std::string_view payload);
  void OnListenerReset(store::NotificationListener& listener);
  // Whether a session cache hit may be trusted now: always on SQLite (one
  // process), on PostgreSQL while the listener is caught up.
  bool CacheTrusted();

  store::Database& db_;
  Clock clock_;
  UserOptions options_;
  SessionCache sessions_;
  // PostgreSQL only: this service's channel and its mark among the
  // processes on it (constant after construction), and its announcements
  // (Settle).
  // Longer than a listener stays healthy without hearing the change: a
  // process that has not acknowledged by then no longer trusts its cache.
  static constexpr std::chrono::milliseconds kSettleTimeout =
      store::NotificationListener::kHealthyFor + std::chrono::milliseconds(500);
  std::string channel_;
  std::string mark_;
  std::atomic<uint64_t> announcements_{0};
  std::mutex announce_mu_;  // guards the four sets below
  std::condition_variable announce_cv_;
  std::unordered_set<std::string> peers_;  // marks of the other processes listening
  std::unordered_set<std::string> sent_;   // own announcements not yet settled
  std::unordered_set<std::string> seen_;   // ... and come back to our listener
  std::unordered_map<std::string, std::unordered_set<std::string>> acks_;  // ... acknowledged by
  // PostgreSQL only: other processes' changes (see above).
  std::unique_ptr<store::NotificationListener> listener_;
  // Last, so that it stops first: its queued jobs run while everything
  // they use is still there.
  PasswordHasher hasher_;
};

}  // namespace fk::ops
