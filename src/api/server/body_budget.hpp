// A cap on the bytes of request bodies the server holds at once, across all
// connections: a body is admitted only with a reservation of its size (its
// Content-Length, or its route's limit when chunked), held until its request
// has been handled. Without it, a few large uploads on import routes take
// as much memory as they like (docs/http-server.md, "Limits").
// Internally synchronized; the budget must outlive its reservations.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>

namespace fk::api {

class BodyBudget {
 public:
  // Gives its bytes back to the budget when destroyed. Move-only.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Reservation& operator=(Reservation&& other) noexcept;
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    ~Reservation();
    std::size_t bytes() const { return bytes_; }

   private:
    friend class BodyBudget;
    Reservation(BodyBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    BodyBudget* budget_;
    std::size_t bytes_;
  };

  explicit BodyBudget(std::size_t capacity) : capacity_(capacity) {}

  // A reservation of `bytes` when they fit in what is left now, else nullopt
  // (never blocks). A body larger than the whole capacity never fits.
  std::optional<Reservation> TryReserve(std::size_t bytes);
  std::size_t capacity() const { return capacity_; }
  std::size_t in_use() const;

 private:
  void Release(std::size_t bytes);

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::size_t in_use_ = 0;  // guarded by mu_
};

}  // namespace fk::api
