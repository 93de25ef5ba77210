// Counts the open connections, in total and per client address, against the
// server's two caps (--max-connections, --max-connections-per-address), so
// that one address cannot hold every connection slot. Addresses of trusted
// proxies are exempt from the per-address cap (many clients share them) but
// count towards the total. Internally synchronized; must outlive its tickets.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "api/server/trusted_proxies.hpp"

namespace fk::api {

class ConnectionLimits {
 public:
  // One open connection, counted until the ticket is destroyed. Move-only.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

   private:
    friend class ConnectionLimits;
    Ticket(ConnectionLimits* limits, std::string address, bool per_address)
        : limits_(limits), address_(std::move(address)), per_address_(per_address) {}
    ConnectionLimits* limits_;
    std::string address_;
    bool per_address_;
  };
  enum class Refusal { kServerFull, kAddressFull };

  ConnectionLimits(std::size_t max_total, std::size_t max_per_address, TrustedProxies exempt)
      : max_total_(max_total), max_per_address_(max_per_address), exempt_(std::move(exempt)) {}

  // Counts a new connection from `address` and returns its ticket, or why it
  // is refused (nothing is counted then).
  std::variant<Ticket, Refusal> TryOpen(std::string_view address);

  std::size_t open() const;
  std::size_t open_from(std::string_view address) const;

 private:
  void Close(const std::string& address, bool per_address);

  // Constant after construction.
  const std::size_t max_total_;
  const std::size_t max_per_address_;
  const TrustedProxies exempt_;

  mutable std::mutex mu_;
  std::size_t open_ = 0;                                     // guarded by mu_
  std::unordered_map<std::string, std::size_t> by_address_;  // guarded by mu_; no zeros
};

}  // namespace fk::api
