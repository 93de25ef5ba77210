#include "api/server/trusted_proxies.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace fk::api {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as 16 bytes (IPv4 as IPv4-mapped IPv6), and whether it was IPv4.
struct Address {
  Bytes bytes{};
  bool v4 = false;
};

std::optional<Address> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  Address out;
  in_addr v4{};
  if (inet_pton(AF_INET, buffer, &v4) == 1) {
    out.bytes[10] = out.bytes[11] = 0xff;
    std::memcpy(out.bytes.data() + 12, &v4, 4);
    out.v4 = true;
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer, &v6) != 1) return std::nullopt;
  std::memcpy(out.bytes.data(), &v6, 16);
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  out.v4 = std::memcmp(out.bytes.data(), kMapped, 12) == 0;
  return out;
}

std::string Canonical(const Address& a) {
  char buffer[INET6_ADDRSTRLEN];
  if (a.v4) {
    inet_ntop(AF_INET, a.bytes.data() + 12, buffer, sizeof buffer);
  } else {
    inet_ntop(AF_INET6, a.bytes.data(), buffer, sizeof buffer);
  }
  return buffer;
}

// One X-Forwarded-For entry: "192.0.2.1", "2001:db8::1", and the forms
// with a port some proxies write: "192.0.2.1:4711", "[2001:db8::1]:4711".
std::optional<Address> ParseForwardedEntry(std::string_view entry) {
  entry = Trim(entry);
  if (!entry.empty() && entry.front() == '[') {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return ParseAddress(entry.substr(1, close - 1));
  }
  const std::size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos)
    entry = entry.substr(0, colon);  // IPv4 with a port
  return ParseAddress(entry);
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    auto invalid = [&entry] {
      return InvalidArgument("trusted_proxy: not an IP address or CIDR block: " + entry);
    };
    const std::string_view text = Trim(entry);
    const std::size_t slash = text.find('/');
    auto address = ParseAddress(text.substr(0, slash));
    if (!address) return invalid();
    Block block{address->bytes, 128};
    if (slash != std::string_view::npos) {
      const std::string_view bits = text.substr(slash + 1);
      int prefix = -1;
      auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (bits.empty() || ec != std::errc() || ptr != bits.data() + bits.size() || prefix < 0 ||
          prefix > (address->v4 ? 32 : 128))
        return invalid();
      block.prefix_bits = address->v4 ? prefix + 96 : prefix;
    }
    out.blocks_.push_back(block);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (blocks_.empty()) return false;
  auto parsed = ParseAddress(Trim(address));
  if (!parsed) return false;
  for (const Block& block : blocks_) {
    int bits = block.prefix_bits;
    bool match = true;
    for (std::size_t i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
      const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
      match = (parsed->bytes[i] & mask) == (block.bytes[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          std::string_view forwarded_for) const {
  if (blocks_.empty()) return std::string(peer);  // the common case: no proxy
  auto peer_address = ParseAddress(peer);
  std::string client = peer_address ? Canonical(*peer_address) : std::string(peer);
  if (!Contains(peer)) return client;
  // Walk the chain from the right: each entry was appended by the hop to
  // its right, which we trust so far.
  while (!forwarded_for.empty()) {
    const std::size_t comma = forwarded_for.rfind(',');
    const std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (Trim(entry).empty()) continue;
    auto address = ParseForwardedEntry(entry);
    if (!address) return client;  // not an address: keep the hop that reported it
    client = Canonical(*address);
    if (!Contains(client)) return client;
  }
  return client;
}

bool TrustedProxies::ClientUsedHttps(bool tls, std::string_view peer,
                                     std::string_view forwarded_proto) const {
  if (tls) return true;
  if (forwarded_proto.empty() || !Contains(peer)) return false;
  const std::size_t comma = forwarded_proto.rfind(',');
  std::string_view last =
      Trim(comma == std::string_view::npos ? forwarded_proto : forwarded_proto.substr(comma + 1));
  if (last.size() != 5) return false;
  for (std::size_t i = 0; i < 5; ++i) {
    if ((last[i] | 0x20) != "https"[i]) return false;
  }
  return true;
}

}  // namespace fk::api
