// Which peers are reverse proxies whose X-Forwarded-For and
// X-Forwarded-Proto headers are believed (--trusted-proxy), and the client
// address and scheme of a request given its peer and those headers. From any
// other peer the headers are ignored: the client is the peer itself.
// Immutable after Parse; share freely between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace fk::api {

class TrustedProxies {
 public:
  // No trusted proxies: every peer is the client.
  TrustedProxies() = default;
  // Each entry is an IPv4 or IPv6 address ("10.0.0.5", "::1") or a CIDR
  // block ("10.0.0.0/8", "fd00::/8"). kInvalidArgument
  // "trusted_proxy: not an IP address or CIDR block: <entry>" otherwise.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool empty() const { return blocks_.empty(); }
  // Whether `address` (IPv4, IPv6, or IPv4-mapped IPv6) is a trusted proxy.
  bool Contains(std::string_view address) const;

  // The client address of a request from `peer` that carried
  // `forwarded_for` (all X-Forwarded-For values joined by commas, "" when
  // absent). From an untrusted peer: the peer. From a trusted one: the
  // rightmost address of the chain that is not a trusted proxy; when every
  // address is trusted, the leftmost; when an entry is not an IP address
  // (a forged or obfuscated value), the trusted hop that reported it. The
  // answer is never header text: an address in canonical form, or `peer`
  // as given (with no trusted proxies at all, or from an untrusted peer).
  std::string ClientAddress(std::string_view peer, std::string_view forwarded_for) const;

  // Whether the client used HTTPS: `tls` (the connection to us is TLS), or
  // the peer is trusted and its X-Forwarded-Proto (the last value) is
  // "https".
  bool ClientUsedHttps(bool tls, std::string_view peer, std::string_view forwarded_proto) const;

 private:
  struct Block {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  std::vector<Block> blocks_;
};

}  // namespace fk::api
