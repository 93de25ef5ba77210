// A per-thread hook that decides, at the last moment, whether a write
// transaction may commit: a caller that can give up on work in progress (the
// HTTP server's handler time limit) installs a gate around that work, and
// Transaction::Commit asks it right before sending COMMIT. A refused commit
// rolls back, so "refused" always means "nothing was written".
//
// Promises:
// - The gate is thread-local: it covers only transactions committed on the
//   thread that installed it (work handed to other threads, such as the audit
//   writer's batches, is not gated). No gate installed means every commit is
//   allowed.
// - ScopedCommitGate is RAII: it installs its gate for its lifetime and puts
//   back the gate it replaced; only the innermost gate is asked. Create and
//   destroy it on the same thread, in nested order.
// - The gate is called at most once per write-transaction commit, on the
//   committing thread, before COMMIT is sent. Read-only transactions do not
//   ask it.
#pragma once

#include <functional>

#include "common/result.hpp"

namespace fk::store {

// Returns Ok to let the commit go ahead, or the Error that Commit returns
// (after rolling back) to refuse it. Once it has said Ok it must hold to it:
// the commit is then sent.
using CommitGate = std::function<Status()>;

class ScopedCommitGate {
 public:
  explicit ScopedCommitGate(CommitGate gate);
  ~ScopedCommitGate();
  ScopedCommitGate(const ScopedCommitGate&) = delete;
  ScopedCommitGate& operator=(const ScopedCommitGate&) = delete;

 private:
  CommitGate gate_;
  const CommitGate* previous_;
};

// Asks this thread's innermost gate; Ok when none is installed.
Status AskCommitGate();

// A copy of this thread's innermost gate (empty when none), so that work
// handed to another thread (the password-hashing pool) can install it there
// and commit under the same rule. The gate must stay valid to call from
// that thread for as long as the work may run.
CommitGate CurrentCommitGate();

}  // namespace fk::store
