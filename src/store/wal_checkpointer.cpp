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
    // simply tried again next period; the log only grows meanwhile.
    (void)connection_->ExecScript("PRAGMA wal_checkpoint(PASSIVE)");
    lock.lock();
  }
}

}  // namespace fk::store
