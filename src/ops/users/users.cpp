// Login, sessions and password changes; accounts.cpp has the account
// changes and approvals.
#include "ops/users/users.hpp"

#include <sodium.h>

#include <atomic>
#include <cctype>
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
  return {r.Int(0),  r.Text(1),     r.Text(2),    ParseRole(r.Text(3)).value_or(Role::kVolunteer),
          r.Text(4), r.Int(5) != 0, r.Int(6) != 0};
}

namespace {

std::string RandomMark() {
  unsigned char raw[6];
  randombytes_buf(raw, sizeof raw);
  return Hex(raw, sizeof raw);
}

// The announcement the current thread sent last and has not yet settled.
thread_local std::string t_unsettled;

// The channel of the sessions of the database the connection sees: one per
// schema ("fk_sessions_public"), so that databases sharing a PostgreSQL
// database in different schemas (the tests) do not hear each other.
Result<std::string> SessionChannel(store::Database& db) {
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto row = tx->QueryOne("SELECT current_schema()", {});
  if (!row) return row.error();
  std::string channel(kSessionChannel);
  channel += '_';
  for (char c : row->Text(0))
    channel +=
        std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  return channel.substr(0, 63);
}

}  // namespace

Status UserService::Announce(store::Transaction& tx, const std::string& what) {
  if (channel_.empty()) return Status::Ok();  // SQLite
  const std::string seq = mark_ + "-" + std::to_string(++announcements_);
  if (listener_) {
    std::lock_guard lock(announce_mu_);
    if (sent_.size() >= 1024) sent_.clear();  // announcements never settled (failed commits)
    sent_.insert(seq);
    t_unsettled = seq;
  }
  auto sent = tx.Query("SELECT pg_notify('" + channel_ + "', ?)", {what + ":" + seq});
  if (!sent) return sent.error();
  return Status::Ok();
}

void UserService::Settle() {
  const std::string awaited = std::move(t_unsettled);
  t_unsettled.clear();
  if (awaited.empty() || !listener_) return;
  // Not under announce_mu_: reading the socket calls OnAnnouncement.
  const bool listening = listener_->CaughtUp();
  std::unique_lock lock(announce_mu_);
  if (listening) {
    // Every process known now must have heard it (and so forgotten what it
    // cached): its acknowledgement comes after it has.
    const std::unordered_set<std::string> peers = peers_;
    auto heard = [&] {
      if (!seen_.contains(awaited)) return false;
      const auto& acks = acks_[awaited];
      for (const auto& p : peers)
        if (!acks.contains(p) && peers_.contains(p)) return false;
      return true;
    };
    if (!announce_cv_.wait_for(lock, kSettleTimeout, heard)) {
      // By now each of them has heard the change or no longer trusts its
      // cache (kSettleTimeout > NotificationListener::kHealthyFor).
      // A process that did not answer in time is forgotten until it speaks
      // again; it may be gone (it did not say goodbye) or its listener down
      // (it then trusts no cache: see CacheTrusted).
      const auto& acks = acks_[awaited];
      for (const auto& p : peers)
        if (!acks.contains(p)) peers_.erase(p);
    }
  } else {
    // Our listener cannot hear acknowledgements: wait until every other
    // process has heard the change or stopped trusting its cache.
    announce_cv_.wait_for(lock, kSettleTimeout, [] { return false; });
  }
  sent_.erase(awaited);
  seen_.erase(awaited);
  acks_.erase(awaited);
}

void UserService::OnAnnouncement(store::NotificationListener& listener, std::string_view payload) {
  auto after = [&](std::string_view prefix) { return payload.substr(prefix.size()); };
  std::lock_guard lock(announce_mu_);
  if (payload.starts_with("hello:")) {
    if (after("hello:") != mark_) {
      peers_.emplace(after("hello:"));
      listener.Send("here:" + mark_);
    }
    return;
  }
  if (payload.starts_with("here:")) {
    if (after("here:") != mark_) peers_.emplace(after("here:"));
    return;
  }
  if (payload.starts_with("bye:")) {
    peers_.erase(std::string(after("bye:")));
    announce_cv_.notify_all();
    return;
  }
  if (payload.starts_with("ack:")) {
    // "ack:<seq>:<mark>"
    const std::string_view rest = after("ack:");
    const std::size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return;
    const std::string seq(rest.substr(0, colon)), from(rest.substr(colon + 1));
    if (from == mark_) return;
    peers_.insert(from);
    if (sent_.contains(seq)) {
      acks_[seq].insert(from);
      announce_cv_.notify_all();
    }
    return;
  }
  // A change: "t:<hash>:<seq>" or "u:<id>:<seq>".
  const std::size_t colon = payload.rfind(':');
  if (colon == std::string_view::npos || colon < 2) return;
  const std::string_view what = payload.substr(2, colon - 2);
  const std::string seq(payload.substr(colon + 1));
  if (payload.starts_with("t:")) {
    sessions_.ForgetToken(std::string(what));
  } else if (payload.starts_with("u:")) {
    int64_t id = 0;
    for (char c : what) id = id * 10 + (c - '0');
    sessions_.ForgetUser(id);
  }
  if (sent_.contains(seq)) {
    seen_.insert(seq);
    announce_cv_.notify_all();
  } else {
    listener.Send("ack:" + seq + ":" + mark_);
  }
}

void UserService::OnListenerReset(store::NotificationListener& listener) {
  sessions_.Clear();
  std::lock_guard lock(announce_mu_);
  peers_.clear();
  listener.Send("hello:" + mark_);
}

UserService::UserService(store::Database& db, Clock clock, UserOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(options),
      sessions_(options.session_cache_ttl, options.session_cache_capacity),
      hasher_({options.ops_limit, options.mem_limit}, options.hash_threads, options.hash_queue) {
  if (db_.dialect() != store::Dialect::kPostgres) return;
  // Without a channel this process neither announces nor trusts its cache
  // (every request reads the database).
  auto channel = SessionChannel(db_);
  if (!channel.ok()) return;
  channel_ = *channel;
  mark_ = RandomMark();
  // A process that caches nothing still announces its changes, but needs
  // no listener.
  if (options_.session_cache_ttl.count() == 0) return;
  listener_ = std::make_unique<store::NotificationListener>(
      db_.url(), channel_,
      store::NotificationListener::Callbacks{
          [this](store::NotificationListener& self, std::string_view payload) {
            OnAnnouncement(self, payload);
          },
          [this](store::NotificationListener& self) { OnListenerReset(self); }});
  // A change settled while the listener is not up waits kSettleTimeout in
  // full (Settle): give it a moment to connect first.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!listener_->CaughtUp() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

UserService::~UserService() {
  if (listener_) listener_->Send("bye:" + mark_);  // sent before the listener closes
}

bool UserService::CacheTrusted() {
  if (db_.dialect() == store::Dialect::kSqlite) return true;
  return listener_ && listener_->CaughtUp();
}

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
        auto row = tx->QueryOne(
            std::string(kUserColumns) + ", password_hash FROM users " + "WHERE username = ?",
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
  return AccessContext{live.user_id, live.role, std::move(live.scope), std::string(client_address),
                       live.password_change_required};
}

Status UserService::Logout(std::string_view token) {
  const std::string hash = TokenHash(token);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto r = tx->Exec("DELETE FROM sessions WHERE token_hash = ?", {hash});
  if (!r) return r.error();
  if (*r == 0) return kBadSession;
  if (Status s = Announce(*tx, "t:" + hash); !s) return s;
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
        auto row =
            tx->QueryOne(std::string(kUserColumns) + ", password_hash FROM users " + "WHERE id = ?",
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
      if (Status s = Announce(*tx, "u:" + std::to_string(user.id)); !s) return {s.error()};
      if (Status s = AppendAudit(*tx, ctx, now, "change_password", "user", std::to_string(user.id));
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
