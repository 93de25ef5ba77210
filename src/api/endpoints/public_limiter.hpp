// A cap on the requests of each client address to an open route (the
// residents' pages, which need no login): at most `per_window` in each
// fixed window of `window_seconds`; beyond it the route answers 429 with
// Retry-After. Memory is bounded: once `max_addresses` addresses have been
// counted in a window, further new addresses are refused until it ends
// (a flood from many addresses cannot grow the table). Internally
// synchronized; share one per route.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/server/http_message.hpp"
#include "ops/common.hpp"

namespace fk::api {

struct PublicLimit {
  int64_t window_seconds = 60;
  int per_window = 60;
  std::size_t max_addresses = 100000;
};

class PublicLimiter {
 public:
  explicit PublicLimiter(PublicLimit limit, ops::Clock clock = ops::SystemClock())
      : limit_(limit), clock_(std::move(clock)) {}
  // 0 when the request may go ahead (it is counted), else the seconds until
  // the window ends (for Retry-After, at least 1).
  int64_t Take(std::string_view address);

 private:
  const PublicLimit limit_;
  const ops::Clock clock_;
  std::mutex mutex_;
  int64_t window_start_ = 0;                     // guarded by mutex_
  std::unordered_map<std::string, int> counts_;  // guarded by mutex_
};

// 429 too_many_requests with Retry-After: `retry_after` seconds.
HttpResponse TooManyRequests(int64_t retry_after);

}  // namespace fk::api
