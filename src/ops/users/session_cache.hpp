// An in-process cache of live sessions, so that most requests are
// authenticated without a database query (UserService::Authenticate).
//
// Promise: an entry is never older than `ttl` (steady clock), and every
// change made through this process's UserService (logout, password change,
// deactivation, a new role or scope, ended sessions) takes effect at once:
// it calls Forget* after its commit, and a lookup that read the database
// before such a Forget cannot put its stale answer back (Insert is refused
// when a Forget happened since the caller's Generation()). Changes made by
// other processes on the same PostgreSQL database reach this cache through
// UserService's listener (Forget* on each notification, Clear when the
// listener reconnects); UserService trusts a hit only while that listener is
// healthy and caught up. On SQLite (one process) a change made by another
// process, or by hand in SQL, takes effect within `ttl`. Session expiry is
// checked by the caller on every hit, against the entry's expires_at.
//
// Internally synchronized (one mutex; every operation is a hash lookup).
// Holds at most `capacity` entries; when full, an arbitrary entry is dropped.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ops/users/access.hpp"

namespace fk::ops {

class SessionCache {
 public:
  // What a live session grants.
  struct Entry {
    int64_t user_id = 0;
    Role role = Role::kVolunteer;
    std::string scope;
    int64_t expires_at = 0;  // unix seconds
    bool password_change_required = false;
  };

  // ttl 0 disables the cache (Find never hits).
  SessionCache(std::chrono::milliseconds ttl, std::size_t capacity);

  // The entry for a token hash, if cached less than ttl ago.
  std::optional<Entry> Find(const std::string& token_hash);
  // Take before reading the database; pass to Insert.
  uint64_t Generation() const;
  // Caches what the database said at `generation`; refused if any Forget
  // happened since.
  void Insert(const std::string& token_hash, Entry entry, uint64_t generation);
  // Drop one session, or all sessions of a user.
  void ForgetToken(const std::string& token_hash);
  void ForgetUser(int64_t user_id);
  // Drop every entry (what was cached may have missed a change).
  void Clear();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Cached {
    Entry entry;
    TimePoint stored;
  };

  // Constant after construction.
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;

  // Guarded by mu_.
  mutable std::mutex mu_;
  std::unordered_map<std::string, Cached> entries_;
  uint64_t generation_ = 0;  // bumped by every Forget
};

}  // namespace fk::ops
