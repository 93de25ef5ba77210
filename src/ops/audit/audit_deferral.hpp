// Lets the thread that serves a request stop waiting for the audit records
// of its reads, so that a server thread is not held for a commit (about a
// millisecond of group commit, see audit_writer.hpp) on every read.
//
// Within a ScopedAuditDeferral on a thread, AuditWriter::Record queues its
// record and returns at once (ok then means "queued"), and the deferral
// counts the records not yet committed. The owner then calls WhenCommitted:
// `done` is called exactly once, with ok when every record has been
// committed or with the first error. The owner must not give the reads'
// results to anyone before `done` says ok: this keeps AuditWriter's promise
// that no read is answered without its audit row.
//
// Threads: Record and WhenCommitted may run on different threads; `done` runs
// on the thread of WhenCommitted when nothing is pending, else on the audit
// writer's thread, and must not block. ScopedAuditDeferral is RAII and
// thread-local like store::ScopedCommitGate: it covers Record calls on the
// thread that created it, nests, and is destroyed on that thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "common/result.hpp"

namespace fk::ops {

class AuditDeferral {
 public:
  using Done = std::function<void(const Status&)>;

  // Call once, after the deferred work (the handler) is over.
  void WhenCommitted(Done done);

  // Used by AuditWriter: a record was queued / its batch ended with `result`.
  void Add();
  void Finish(const Status& result);

 private:
  std::mutex mu_;
  int pending_ = 0;               // guarded by mu_
  Status result_ = Status::Ok();  // the first failure; guarded by mu_
  Done done_;                     // set by WhenCommitted while records are pending
  bool sealed_ = false;           // WhenCommitted was called; guarded by mu_
};

class ScopedAuditDeferral {
 public:
  explicit ScopedAuditDeferral(std::shared_ptr<AuditDeferral> deferral);
  ~ScopedAuditDeferral();
  ScopedAuditDeferral(const ScopedAuditDeferral&) = delete;
  ScopedAuditDeferral& operator=(const ScopedAuditDeferral&) = delete;

  // The innermost deferral on this thread, or null.
  static const std::shared_ptr<AuditDeferral>* Current();

 private:
  std::shared_ptr<AuditDeferral> deferral_;
  const std::shared_ptr<AuditDeferral>* previous_;
};

}  // namespace fk::ops
