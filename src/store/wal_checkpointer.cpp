#include "store/wal_checkpointer.hpp"

namespace fk::store {

WalCheckpointer::WalCheckpointer(std::unique_ptr<Connection> connection,
                                 std::chrono::milliseconds period)
    : connection_(std::move(connection)), period_(period), thread_([this] { Run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, period_, [this] { return stopping_; })) {
    lock.unlock();
    // A failed or partial checkpoint (busy, a reader on an old snapshot) is
    // simply tried again next period; the log only grows meanwhile. Its row
    // is (busy, frames in the log, frames copied).
    std::unique_lock running(running_mu_);
    auto rows = connection_->Query("PRAGMA wal_checkpoint(PASSIVE)");
    running.unlock();
    const bool whole = rows.ok() && !rows->empty() && (*rows)[0].Int(0) == 0 &&
                       (*rows)[0].Int(1) >= 0 && (*rows)[0].Int(1) == (*rows)[0].Int(2);
    lock.lock();
    if (whole) {
      ++complete_;
      done_cv_.notify_all();
    }
  }
}

std::unique_lock<std::mutex> WalCheckpointer::Hold() { return std::unique_lock(running_mu_); }

std::uint64_t WalCheckpointer::complete() const {
  std::lock_guard lock(mu_);
  return complete_;
}

bool WalCheckpointer::WaitForComplete(std::uint64_t count,
                                      std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return done_cv_.wait_for(lock, timeout, [&] { return complete_ >= count; });
}

}  // namespace fk::store
