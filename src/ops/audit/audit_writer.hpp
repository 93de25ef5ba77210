// Group commit of the audit records of reads of personal data.
//
// A read path reads in a read transaction, gives its connection back, then
// calls AuditWriter::Record, which queues the record and blocks until a
// transaction holding it has committed. One writer thread takes everything
// queued, writes it with one multi-row INSERT (store/batch.hpp) in ONE write
// transaction and commits, then wakes every caller whose record was in that
// commit. While one commit (one fsync under SQLite's synchronous=FULL, see
// docs/storage.md) is in flight the next batch gathers, so N concurrent reads
// cost one commit instead of N.
//
// Promise: Record returns ok only after its row is committed (durable and
// visible to every connection). If the batch's commit fails, every record in
// it is rolled back and every caller in it gets the error, so no read is
// answered without its audit row. Changes do not use this class: they append
// their record inside their own transaction (AppendAudit).
//
// Inside a ScopedAuditDeferral (audit_deferral.hpp), Record does not wait:
// it queues the record and returns ok, and the deferral learns when the
// batch has committed (or failed); its owner holds the answer until then.
// The HTTP server reads this way, so that no thread waits for a commit.
//
// Internally synchronized: share one per Database. Holds a reference to the
// Database, which must outlive it. The destructor writes what is still queued,
// wakes its callers and joins the thread; Record after shutdown has begun
// fails.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "ops/audit/audit_deferral.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

class AuditWriter {
 public:
  explicit AuditWriter(store::Database& db);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Queues one record (same fields as AppendAudit) and waits for its commit
  // (inside a ScopedAuditDeferral: returns at once, see above). Ok once
  // committed. On failure the read must not be answered: the error is
  // kResourceExhausted when the database was busy (retry later), else
  // kInternal, with the message "audit: the read was not recorded: <cause>".
  Status Record(const AccessContext& ctx, int64_t at, std::string_view action,
                std::string_view entity, std::string_view entity_id, std::string_view detail = {},
                std::string_view region = {});

  struct Stats {
    int64_t records = 0;         // records committed
    int64_t commits = 0;         // transactions committed
    int64_t failed_commits = 0;  // batches rolled back (their callers got the error)
    int64_t queued = 0;          // records waiting for the next batch now
  };
  Stats stats() const;

 private:
  // One queued record's caller: a thread waiting on `result` (which lives on
  // its stack until set), or a deferral to tell.
  struct Waiter {
    std::optional<Status>* result = nullptr;
    std::shared_ptr<AuditDeferral> deferral;
  };
  void Run();
  Status WriteBatch(const store::Params& values);

  // Constant after construction.
  store::Database& db_;

  // Guarded by mu_.
  mutable std::mutex mu_;
  std::condition_variable queued_cv_;  // writer: records queued or stopping
  // Callers of batch b wait on done_cv_[b % 2], so that the end of one batch
  // does not wake the callers already queued for the next.
  std::condition_variable done_cv_[2];
  uint64_t gathering_ = 0;       // number of the batch now gathering records
  store::Params values_;         // queued records, 8 values each (every column but id)
  std::vector<Waiter> waiters_;  // one per queued record, same order
  bool stopping_ = false;
  Stats stats_;

  std::thread thread_;  // started last in the constructor
};

}  // namespace fk::ops
