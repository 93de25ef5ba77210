// Login, sessions and password changes; accounts.cpp has the account
// changes and approvals.
#include "ops/users/users.hpp"

#include <sodium.h>

#include <atomic>
#include <memory>
#include <thread>

#include "ops/audit/audit.hpp"
#include "ops/users/password_policy.hpp"
#include "ops/users/users_internal.hpp"
#include "store/notification_listener.hpp"

namespace fk::ops {
namespace {

const Error kBadLogin{ErrorCode::kPermissionDenied, "login: wrong username or password"};
const Error kBadSession{ErrorCode::kPermissionDenied, "session: invalid or expired"};

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

template <typename T>
Checked<T> Throttled(int64_t wait) {
  return {Error{ErrorCode::kResourceExhausted, "login: too many failed attempts; try again later"},
          wait};
}

}  // namespace

int DefaultHashThreads() { return std::thread::hardware_concurrency() <= 2 ? 1 : 2; }

User UserOf(const store::Row& r) {
  return {r.Int(0),  r.Text(1),        r.Text(2), ParseRole(r.Text(3)).value_or(Role::kVolunteer),
          r.Text(4), r.Int(5) != 0, r.Int(6) != 0};
}

namespace {

// This process's mark on its announcements ("<random>-<counter>"), and the
// one the current thread sent last and has not yet seen come back.
const std::string& ProcessMark() {
  static const std::string mark = [] {
    unsigned char raw[6];
    randombytes_buf(raw, sizeof raw);
    return Hex(raw, sizeof raw);
  }();
  return mark;
}
std::atomic<uint64_t> g_announcements{0};
thread_local std::string t_unsettled;

}  // namespace

Status NotifySessions(store::Transaction& tx, const std::string& payload) {
  if (tx.dialect() != store::Dialect::kPostgres) return Status::Ok();
  t_unsettled = ProcessMark() + "-" + std::to_string(++g_announcements);
  auto sent = tx.Query("SELECT pg_notify('" + std::string(kSessionChannel) + "', ?)",
                       {payload + ":" + t_unsettled});
  if (!sent) return sent.error();
  return Status::Ok();
}

void UserService::Settle() {
  std::string awaited = std::move(t_unsettled);
  t_unsettled.clear();
  if (awaited.empty() || !listener_ || !listener_->CaughtUp()) return;
  std::unique_lock lock(announce_mu_);
  announce_cv_.wait_for(lock, kSettleTimeout, [&] { return seen_.contains(awaited); });
  seen_.erase(awaited);
}

void UserService::OnAnnouncement(std::string_view payload) {
  // "t:<hash>:<mark>" or "u:<id>:<mark>"
  const std::size_t mark_at = payload.rfind(':');
  if (mark_at == std::string_view::npos || mark_at < 2) return;
  const std::string_view what = payload.substr(2, mark_at - 2);
  const std::string_view mark = payload.substr(mark_at + 1);
  if (payload.starts_with("t:")) {
    sessions_.ForgetToken(std::string(what));
  } else if (payload.starts_with("u:")) {
    int64_t id = 0;
    for (char c : what) id = id * 10 + (c - '0');
    sessions_.ForgetUser(id);
  }
  if (mark.starts_with(ProcessMark())) {
    std::lock_guard lock(announce_mu_);
    if (seen_.size() >= 1024) seen_.clear();  // marks no one waited for (a wait timed out)
    seen_.insert(std::string(mark));
    announce_cv_.notify_all();
  }
}

UserService::UserService(store::Database& db, Clock clock, UserOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(options),
      sessions_(options.session_cache_ttl, options.session_cache_capacity),
      hasher_({options.ops_limit, options.mem_limit}, options.hash_threads, options.hash_queue) {
  if (db_.dialect() == store::Dialect::kPostgres && options_.session_cache_ttl.count() > 0) {
    listener_ = std::make_unique<store::NotificationListener>(
        db_.url(), std::string(kSessionChannel),
        store::NotificationListener::Callbacks{
            [this](std::string_view payload) { OnAnnouncement(payload); },
            [this] { sessions_.Clear(); }});
  }
}

UserService::~UserService() = default;

bool UserService::CacheTrusted() { return !listener_ || listener_->CaughtUp(); }

void UserService::Login(std::string_view username, std::string_view password,
                        std::string_view client_address, Done<Checked<LoginResult>> done) {
  auto reply = std::make_shared<Done<Checked<LoginResult>>>(std::move(done));
  const std::string name(username), address(client_address);
  {
    // A refused pair or address is answered at once, without queueing.
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return (*reply)({tx.error()});
    auto wait = ThrottleWait(*tx, options_.throttle, name, address, clock_());
    if (!wait) return (*reply)({wait.error()});
    if (*wait > 0) return (*reply)(Throttled<LoginResult>(*wait));
  }
  Status queued = hasher_.Submit([this, reply, name, address, pass = std::string(password)] {
    auto finish = [&]() -> Checked<LoginResult> {
      const int64_t now = clock_();
      std::optional<User> user;
      std::string hash;  // empty: checked against the dummy hash
      {
        // Read again here: only this thread's count is current (a burst of
        // guesses queued at once would all have passed the first check).
        auto tx = db_.Begin(store::TxMode::kRead);
        if (!tx) return {tx.error()};
        auto wait = ThrottleWait(*tx, options_.throttle, name, address, now);
        if (!wait) return {wait.error()};
        if (*wait > 0) return Throttled<LoginResult>(*wait);
        auto row = tx->QueryOne(std::string(kUserColumns) + ", password_hash FROM users " +
                                    "WHERE username = ?",
                                {name}, "");
        if (row) {
          user = UserOf(*row);
          if (user->active) hash = row->Text(7);
        } else if (row.error().code != ErrorCode::kNotFound) {
          return {row.error()};
        }
      }
      // No transaction is open while the hash runs.
      const bool good = hasher_.Verify(hash, pass);
      auto tx = db_.Begin();
      if (!tx) return {tx.error()};
      AccessContext ctx{user ? user->id : 0, user ? user->role : Role::kVolunteer,
                        user ? user->scope : "", address};
      if (!good) {
        if (Status s = RecordFailure(*tx, options_.throttle, name, address, now); !s)
          return {s.error()};
        if (Status s = AppendAudit(*tx, ctx, now, "login_failed", "user",
                                   user ? std::to_string(user->id) : "",
                                   user ? "" : "unknown username " + name);
            !s)
          return {s.error()};
        if (Status s = tx->Commit(); !s) return {s.error()};
        return {kBadLogin};
      }
      unsigned char raw[32];
      randombytes_buf(raw, sizeof raw);
      LoginResult out{Hex(raw, sizeof raw), *user, now + options_.session_seconds};
      if (Status s = ForgetPairFailures(*tx, name, address); !s) return {s.error()};
      auto ins = tx->Exec(
          "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, client_address) "
          "VALUES (?, ?, ?, ?, ?)",
          {TokenHash(out.token), user->id, now, out.expires_at, address});
      if (!ins) return {ins.error()};
      if (Status s = AppendAudit(*tx, ctx, now, "login", "user", std::to_string(user->id)); !s)
        return {s.error()};
      if (Status s = tx->Commit(); !s) return {s.error()};
      return {std::move(out)};
    };
    (*reply)(finish());
  });
  if (!queued) (*reply)({queued.error()});
}

Result<AccessContext> UserService::Authenticate(std::string_view token,
                                                std::string_view client_address) {
  const std::string hash = TokenHash(token);
  if (CacheTrusted()) {
    if (auto hit = sessions_.Find(hash)) {
      if (hit->expires_at <= clock_()) return kBadSession;
      return AccessContext{hit->user_id, hit->role, std::move(hit->scope),
                           std::string(client_address), hit->password_change_required};
    }
  }
  const uint64_t generation = sessions_.Generation();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne(
      "SELECT u.id, u.role, u.scope, s.expires_at, u.active, u.must_change_password "
      "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {hash}, "");
  if (!row) {
    if (row.error().code == ErrorCode::kNotFound) return kBadSession;
    return row.error();
  }
  if (row->Int(3) <= clock_() || row->Int(4) == 0) return kBadSession;
  SessionCache::Entry live{row->Int(0), ParseRole(row->Text(1)).value_or(Role::kVolunteer),
                           row->Text(2), row->Int(3), row->Int(5) != 0};
  sessions_.Insert(hash, live, generation);
  return AccessContext{live.user_id, live.role, std::move(live.scope),
                       std::string(client_address), live.password_change_required};
}

Status UserService::Logout(std::string_view token) {
  const std::string hash = TokenHash(token);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto r = tx->Exec("DELETE FROM sessions WHERE token_hash = ?", {hash});
  if (!r) return r.error();
  if (*r == 0) return kBadSession;
  if (Status s = NotifySessions(*tx, "t:" + hash); !s) return s;
  Status committed = tx->Commit();
  sessions_.ForgetToken(hash);
  Settle();
  return committed;
}

void UserService::ChangePassword(const AccessContext& ctx, std::string_view old_password,
                                 std::string_view new_password, Done<Checked<User>> done) {
  auto reply = std::make_shared<Done<Checked<User>>>(std::move(done));
  Status queued = hasher_.Submit([this, reply, ctx, old_pass = std::string(old_password),
                                  new_pass = std::string(new_password)] {
    auto finish = [&]() -> Checked<User> {
      const int64_t now = clock_();
      User user;
      std::string old_hash;
      {
        auto tx = db_.Begin(store::TxMode::kRead);
        if (!tx) return {tx.error()};
        auto row = tx->QueryOne(std::string(kUserColumns) + ", password_hash FROM users " +
                                    "WHERE id = ?",
                                {ctx.user_id}, "user not found");
        if (!row) return {row.error()};
        user = UserOf(*row);
        old_hash = row->Text(7);
        auto wait = ThrottleWait(*tx, options_.throttle, user.username, ctx.client_address, now);
        if (!wait) return {wait.error()};
        if (*wait > 0) return Throttled<User>(*wait);
      }
      // The old password first, before anything is said about the new one.
      if (!hasher_.Verify(old_hash, old_pass)) {
        auto tx = db_.Begin();
        if (!tx) return {tx.error()};
        if (Status s =
                RecordFailure(*tx, options_.throttle, user.username, ctx.client_address, now);
            !s)
          return {s.error()};
        if (Status s = AppendAudit(*tx, ctx, now, "change_password_failed", "user",
                                   std::to_string(user.id));
            !s)
          return {s.error()};
        if (Status s = tx->Commit(); !s) return {s.error()};
        return {Error{ErrorCode::kPermissionDenied, "old_password: wrong password"}};
      }
      if (new_pass == old_pass)
        return {InvalidArgument("new_password: must differ from the old password")};
      if (Status s = CheckPasswordChoice("new_password", new_pass, user.username); !s)
        return {s.error()};
      auto hash = hasher_.Hash(new_pass);
      if (!hash) return {hash.error()};
      auto tx = db_.Begin();
      if (!tx) return {tx.error()};
      for (auto [sql, params] : {std::pair<const char*, store::Params>{
                                     "UPDATE users SET password_hash = ?, must_change_password = 0 "
                                     "WHERE id = ?",
                                     {*hash, user.id}},
                                 {"DELETE FROM sessions WHERE user_id = ?", {user.id}}}) {
        auto r = tx->Exec(sql, params);
        if (!r) return {r.error()};
      }
      if (Status s = ForgetPairFailures(*tx, user.username, ctx.client_address); !s)
        return {s.error()};
      if (Status s = NotifySessions(*tx, "u:" + std::to_string(user.id)); !s) return {s.error()};
      if (Status s =
              AppendAudit(*tx, ctx, now, "change_password", "user", std::to_string(user.id));
          !s)
        return {s.error()};
      Status committed = tx->Commit();
      ForgetUser(user.id);
      if (!committed) return {committed.error()};
      user.password_change_required = false;
      return {std::move(user)};
    };
    (*reply)(finish());
  });
  if (!queued) (*reply)({queued.error()});
}

}  // namespace fk::ops
