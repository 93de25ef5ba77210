#include "ops/audit/audit_deferral.hpp"

#include <utility>

namespace fk::ops {
namespace {

thread_local const std::shared_ptr<AuditDeferral>* current_deferral = nullptr;

}  // namespace

void AuditDeferral::WhenCommitted(Done done) {
  std::unique_lock lock(mu_);
  sealed_ = true;
  if (pending_ > 0) {
    done_ = std::move(done);
    return;
  }
  const Status result = result_;
  lock.unlock();
  done(result);
}

void AuditDeferral::Add() {
  std::lock_guard lock(mu_);
  ++pending_;
}

void AuditDeferral::Finish(const Status& result) {
  std::unique_lock lock(mu_);
  if (!result && result_) result_ = result;
  if (--pending_ > 0 || !sealed_) return;
  Done done = std::move(done_);
  const Status final_result = result_;
  lock.unlock();
  done(final_result);
}

ScopedAuditDeferral::ScopedAuditDeferral(std::shared_ptr<AuditDeferral> deferral)
    : deferral_(std::move(deferral)), previous_(current_deferral) {
  current_deferral = &deferral_;
}

ScopedAuditDeferral::~ScopedAuditDeferral() { current_deferral = previous_; }

const std::shared_ptr<AuditDeferral>* ScopedAuditDeferral::Current() { return current_deferral; }

}  // namespace fk::ops
