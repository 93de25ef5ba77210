#include "ops/users/session_cache.hpp"

#include <utility>

namespace fk::ops {

SessionCache::SessionCache(std::chrono::milliseconds ttl, std::size_t capacity)
    : ttl_(ttl), capacity_(capacity) {}

std::optional<SessionCache::Entry> SessionCache::Find(const std::string& token_hash) {
  if (ttl_.count() <= 0) return std::nullopt;
  const TimePoint now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (now - it->second.stored >= ttl_) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

uint64_t SessionCache::Generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void SessionCache::Insert(const std::string& token_hash, Entry entry, uint64_t generation) {
  if (ttl_.count() <= 0 || capacity_ == 0) return;
  const TimePoint now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  if (entries_.size() >= capacity_ && !entries_.contains(token_hash))
    entries_.erase(entries_.begin());
  entries_.insert_or_assign(token_hash, Cached{std::move(entry), now});
}

void SessionCache::ForgetToken(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.erase(token_hash);
}

void SessionCache::ForgetUser(int64_t user_id) {
  std::lock_guard lock(mu_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.entry.user_id == user_id; });
}

void SessionCache::Clear() {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.clear();
}

}  // namespace fk::ops
