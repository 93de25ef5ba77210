// Throttling of password guesses, stored in the database so that every
// server process on it counts the same failures (table login_failures,
// migration 7). A failure is a wrong password at login or at a password
// change, for a real or an unknown username alike. Within `window_seconds`:
// - `per_pair` failures for one (username, address) refuse that pair: one
//   guesser cannot try more passwords on one account, and the account's
//   owner, from another address, is not locked out;
// - `per_address` failures from one address, whatever the usernames, refuse
//   that address: one guesser cannot spread guesses over many accounts.
// A refusal lasts until enough of those failures are older than the window;
// it reads the same for real and unknown usernames. IPv6 addresses count by
// their /64 network, which one client usually holds whole.
// Functions over the caller's transaction; thread-safe as that is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct ThrottleOptions {
  int64_t window_seconds = 15 * 60;
  int per_pair = 5;      // failures of one (username, address) pair
  int per_address = 25;  // failures from one address, any usernames
};

// The key an address counts under: an IPv6 address as its /64 network
// ("2001:db8:1:2::/64"), anything else as it is.
std::string ThrottleKey(std::string_view address);

// 0 when (username, address) may try a password now, else the seconds until
// it may (for Retry-After).
Result<int64_t> ThrottleWait(store::Transaction& tx, const ThrottleOptions& options,
                             std::string_view username, std::string_view address, int64_t now);

// Counts one failure, and forgets failures older than the window.
Status RecordFailure(store::Transaction& tx, const ThrottleOptions& options,
                     std::string_view username, std::string_view address, int64_t now);

// After a success: the pair's failures are forgotten (not the address's).
Status ForgetPairFailures(store::Transaction& tx, std::string_view username,
                          std::string_view address);

}  // namespace fk::ops
