#include "api/endpoints/public_limiter.hpp"

#include <algorithm>

namespace fk::api {

int64_t PublicLimiter::Take(std::string_view address) {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  if (now >= window_start_ + limit_.window_seconds || now < window_start_) {
    window_start_ = now - now % limit_.window_seconds;
    counts_.clear();
  }
  const int64_t wait = std::max<int64_t>(1, window_start_ + limit_.window_seconds - now);
  auto it = counts_.find(std::string(address));
  if (it == counts_.end()) {
    if (counts_.size() >= limit_.max_addresses) return wait;
    it = counts_.emplace(std::string(address), 0).first;
  }
  if (it->second >= limit_.per_window) return wait;
  ++it->second;
  return 0;
}

HttpResponse TooManyRequests(int64_t retry_after) {
  HttpResponse response =
      JsonError(429, "too_many_requests", "too many requests from your address; retry later");
  response.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return response;
}

}  // namespace fk::api
