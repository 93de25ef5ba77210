// Small deterministic helpers the demo's data builders share: the calendar
// day of a time and a spread of two numbers over 0..n-1, so that the same
// demo seed gives the same data on every machine.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace fk::api::demo_spread {

// "YYYY-MM-DD" (UTC) of unix time `t`.
inline std::string DayOf(int64_t t) {
  const std::time_t at = t;
  std::tm tm{};
  gmtime_r(&at, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

// A small deterministic spread (0..n-1) of two numbers; n > 0.
inline int64_t Spread(int64_t a, int64_t b, int64_t n) {
  uint64_t x = static_cast<uint64_t>(a) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(b);
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 32;
  return static_cast<int64_t>(x % static_cast<uint64_t>(n));
}

}  // namespace fk::api::demo_spread
