#include "api/server/body_budget.hpp"

#include <utility>

namespace fk::api {

BodyBudget::Reservation& BodyBudget::Reservation::operator=(Reservation&& other) noexcept {
  if (this != &other) {
    if (budget_) budget_->Release(bytes_);
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = other.bytes_;
  }
  return *this;
}

BodyBudget::Reservation::~Reservation() {
  if (budget_) budget_->Release(bytes_);
}

std::optional<BodyBudget::Reservation> BodyBudget::TryReserve(std::size_t bytes) {
  std::lock_guard lock(mu_);
  if (bytes > capacity_ - in_use_) return std::nullopt;
  in_use_ += bytes;
  return Reservation(this, bytes);
}

std::size_t BodyBudget::in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

void BodyBudget::Release(std::size_t bytes) {
  std::lock_guard lock(mu_);
  in_use_ -= bytes;
}

}  // namespace fk::api
