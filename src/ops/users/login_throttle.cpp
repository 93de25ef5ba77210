#include "ops/users/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace fk::ops {
namespace {

// Seconds until the `limit`-th most recent failure matching `where` leaves
// the window; 0 when there are fewer than `limit` in it.
Result<int64_t> WaitFor(store::Transaction& tx, const std::string& where, store::Params params,
                        int limit, int64_t window, int64_t now) {
  params.emplace_back(now - window);
  params.emplace_back(int64_t{limit - 1});
  int64_t at = -1;
  Status read = tx.ForEachRow("SELECT at FROM login_failures WHERE " + where +
                                  " AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                              params, [&](const store::RowView& r) {
                                at = r.Int(0);
                                return false;
                              });
  if (!read) return read.error();
  if (at < 0) return int64_t{0};
  return std::max<int64_t>(1, at + window - now);
}

}  // namespace

std::string ThrottleKey(std::string_view address) {
  unsigned char bytes[16];
  const std::string text(address);
  if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), bytes) != 1)
    return text;
  std::fill(bytes + 8, bytes + 16, 0);  // keep the /64
  char out[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, bytes, out, sizeof out) == nullptr) return text;
  return std::string(out) + "/64";
}

Result<int64_t> ThrottleWait(store::Transaction& tx, const ThrottleOptions& options,
                             std::string_view username, std::string_view address, int64_t now) {
  const std::string key = ThrottleKey(address);
  auto pair = WaitFor(tx, "username = ? AND address = ?", {std::string(username), key},
                      options.per_pair, options.window_seconds, now);
  if (!pair) return pair;
  auto whole = WaitFor(tx, "address = ?", {key}, options.per_address, options.window_seconds, now);
  if (!whole) return whole;
  return std::max(*pair, *whole);
}

Status RecordFailure(store::Transaction& tx, const ThrottleOptions& options,
                     std::string_view username, std::string_view address, int64_t now) {
  auto old = tx.Exec("DELETE FROM login_failures WHERE at <= ?", {now - options.window_seconds});
  if (!old) return old.error();
  auto added = tx.Exec("INSERT INTO login_failures (at, address, username) VALUES (?, ?, ?)",
                       {now, ThrottleKey(address), std::string(username)});
  if (!added) return added.error();
  return Status::Ok();
}

Status ForgetPairFailures(store::Transaction& tx, std::string_view username,
                          std::string_view address) {
  auto r = tx.Exec("DELETE FROM login_failures WHERE username = ? AND address = ?",
                   {std::string(username), ThrottleKey(address)});
  if (!r) return r.error();
  return Status::Ok();
}

}  // namespace fk::ops
