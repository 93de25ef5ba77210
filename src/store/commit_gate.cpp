#include "store/commit_gate.hpp"

#include <utility>

namespace fk::store {
namespace {

thread_local const CommitGate* t_gate = nullptr;

}  // namespace

ScopedCommitGate::ScopedCommitGate(CommitGate gate) : gate_(std::move(gate)), previous_(t_gate) {
  t_gate = &gate_;
}

ScopedCommitGate::~ScopedCommitGate() { t_gate = previous_; }

Status AskCommitGate() {
  if (t_gate == nullptr || !*t_gate) return Status::Ok();
  return (*t_gate)();
}

CommitGate CurrentCommitGate() { return t_gate ? *t_gate : CommitGate(); }

}  // namespace fk::store
