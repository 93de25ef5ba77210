// Which denied requests (AccessPolicy::RecordDenied) are written to the
// audit log, and the text of their records. The router reports every 403 and
// every 401 of a request that carried a session token (a 401 without any
// credential is never reported). So that a flood of denied requests cannot
// fill the disk without bound, records are rationed by token buckets: per
// client address (`per_address_burst` at once, then one every
// `per_address_refill_seconds`), and, for 401s, whose token anyone can make
// up from any number of addresses, one more bucket for all addresses
// together. What a bucket holds back is counted and said in the next record
// that gets through ("; 12 more denied requests from this address were not
// recorded"). At most `max_addresses` addresses are tracked; when they are
// all busy, a new address counts as held back by the all-addresses bucket.
// Internally synchronized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/routing/route.hpp"
#include "ops/common.hpp"

namespace fk::api {

struct DenialLogOptions {
  int per_address_burst = 20;
  std::int64_t per_address_refill_seconds = 6;  // 10 a minute once the burst is spent
  int unauthenticated_burst = 200;              // 401s, all addresses together
  std::int64_t unauthenticated_refill_seconds = 1;
  std::size_t max_addresses = 10'000;
};

// One audit record of a denied request: action "denied", entity "request".
struct DenialRecord {
  std::string entity_id;  // the path, printable ASCII (other bytes %XX), at most 200 characters
  std::string detail;     // "GET /api/v1/x: 403 <reason>" and what was held back before it
};

class DenialLog {
 public:
  explicit DenialLog(ops::Clock clock, DenialLogOptions options = {});

  // The record to write for `denied` now, or nullopt when a bucket holds it
  // back (it is then counted, and said in a later record).
  std::optional<DenialRecord> Admit(const DeniedRequest& denied);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated = 0;  // clock seconds
    std::int64_t held_back = 0;
  };
  // Takes a token from `bucket` (refilled up to `burst` at one token per
  // `refill` seconds since its last update); false when empty.
  static bool Take(Bucket& bucket, std::int64_t now, int burst, std::int64_t refill);
  // Forgets addresses whose bucket is full again and owes no count.
  void Sweep(std::int64_t now);

  // Constant after construction.
  const ops::Clock clock_;
  const DenialLogOptions options_;

  std::mutex mu_;
  std::unordered_map<std::string, Bucket> by_address_;  // guarded by mu_
  Bucket unauthenticated_;                              // guarded by mu_
  std::int64_t last_sweep_ = 0;                         // guarded by mu_
};

}  // namespace fk::api
