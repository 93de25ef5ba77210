#include "api/server/connection_limits.hpp"

#include <utility>

namespace fk::api {

ConnectionLimits::Ticket::Ticket(Ticket&& other) noexcept
    : limits_(std::exchange(other.limits_, nullptr)),
      address_(std::move(other.address_)),
      per_address_(other.per_address_) {}

ConnectionLimits::Ticket::~Ticket() {
  if (limits_) limits_->Close(address_, per_address_);
}

std::variant<ConnectionLimits::Ticket, ConnectionLimits::Refusal> ConnectionLimits::TryOpen(
    std::string_view address) {
  const bool per_address = !exempt_.Contains(address);
  std::lock_guard lock(mu_);
  if (open_ >= max_total_) return Refusal::kServerFull;
  if (per_address) {
    auto it = by_address_.find(std::string(address));
    if ((it == by_address_.end() ? 0 : it->second) >= max_per_address_)
      return Refusal::kAddressFull;
    if (it == by_address_.end()) {
      by_address_.emplace(std::string(address), 1);
    } else {
      ++it->second;
    }
  }
  ++open_;
  return Ticket(this, std::string(address), per_address);
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::size_t ConnectionLimits::open_from(std::string_view address) const {
  std::lock_guard lock(mu_);
  auto it = by_address_.find(std::string(address));
  return it == by_address_.end() ? 0 : it->second;
}

void ConnectionLimits::Close(const std::string& address, bool per_address) {
  std::lock_guard lock(mu_);
  --open_;
  if (!per_address) return;
  auto it = by_address_.find(address);
  if (--it->second == 0) by_address_.erase(it);
}

}  // namespace fk::api
