#include "api/endpoints/denial_log.hpp"

#include <algorithm>
#include <cstdio>

#include "common/utf8.hpp"

namespace fk::api {
namespace {

constexpr std::size_t kMaxPath = 200;
constexpr std::size_t kMaxReason = 300;

// Printable ASCII as it is, every other byte as %XX, at most `max` characters.
std::string Printable(std::string_view text, std::size_t max) {
  std::string out;
  for (unsigned char c : text) {
    if (c > 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
    if (out.size() > max) {
      out.resize(max - 3);
      return out + "...";
    }
  }
  return out;
}

// The reason as it is when it is UTF-8 (cut at a character boundary), else
// escaped like a path.
std::string Reason(std::string_view reason) {
  if (!IsValidUtf8(reason)) return Printable(reason, kMaxReason);
  if (reason.size() <= kMaxReason) return std::string(reason);
  std::size_t end = kMaxReason - 3;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return std::string(reason.substr(0, end)) + "...";
}

}  // namespace

DenialLog::DenialLog(ops::Clock clock, DenialLogOptions options)
    : clock_(std::move(clock)), options_(options) {
  unauthenticated_.tokens = options_.unauthenticated_burst;
  unauthenticated_.updated = clock_();
}

bool DenialLog::Take(Bucket& bucket, std::int64_t now, int burst, std::int64_t refill) {
  if (now > bucket.updated) {
    bucket.tokens = std::min<double>(
        burst, bucket.tokens + static_cast<double>(now - bucket.updated) /
                                   static_cast<double>(std::max<std::int64_t>(1, refill)));
    bucket.updated = now;
  }
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

void DenialLog::Sweep(std::int64_t now) {
  if (now == last_sweep_) return;  // at most once a clock second
  last_sweep_ = now;
  const double refill =
      static_cast<double>(std::max<std::int64_t>(1, options_.per_address_refill_seconds));
  std::erase_if(by_address_, [&](const auto& entry) {
    const Bucket& bucket = entry.second;
    if (bucket.held_back > 0) return false;
    const double refilled = bucket.tokens + static_cast<double>(now - bucket.updated) / refill;
    return refilled >= options_.per_address_burst;
  });
}

std::optional<DenialRecord> DenialLog::Admit(const DeniedRequest& denied) {
  const std::int64_t now = clock_();
  std::lock_guard lock(mu_);
  auto it = by_address_.find(std::string(denied.client_address));
  if (it == by_address_.end()) {
    if (by_address_.size() >= options_.max_addresses) Sweep(now);
    if (by_address_.size() >= options_.max_addresses) {
      ++unauthenticated_.held_back;
      return std::nullopt;
    }
    it = by_address_
             .emplace(std::string(denied.client_address),
                      Bucket{static_cast<double>(options_.per_address_burst), now, 0})
             .first;
  }
  Bucket& address = it->second;
  if (!Take(address, now, options_.per_address_burst, options_.per_address_refill_seconds)) {
    ++address.held_back;
    return std::nullopt;
  }
  if (denied.status == 401 && !Take(unauthenticated_, now, options_.unauthenticated_burst,
                                    options_.unauthenticated_refill_seconds)) {
    ++unauthenticated_.held_back;
    return std::nullopt;
  }
  DenialRecord record;
  record.entity_id = Printable(denied.path, kMaxPath);
  record.detail = Printable(denied.method, 20) + " " + record.entity_id + ": " +
                  std::to_string(denied.status) + " " + Reason(denied.reason);
  if (address.held_back > 0) {
    record.detail += "; " + std::to_string(address.held_back) +
                     " more denied requests from this address were not recorded";
    address.held_back = 0;
  }
  if (unauthenticated_.held_back > 0) {
    record.detail += "; " + std::to_string(unauthenticated_.held_back) +
                     " more denied requests from all addresses were not recorded";
    unauthenticated_.held_back = 0;
  }
  return record;
}

}  // namespace fk::api
