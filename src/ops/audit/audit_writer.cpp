#include "ops/audit/audit_writer.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "store/batch.hpp"

namespace fk::ops {
namespace {

constexpr size_t kColumns = 8;
// Group commit: under load (the last batch held more than one record), once
// a record waits the writer lingers up to kLinger for more, unless
// kBatchTarget are already waiting. Every commit writes the same few index
// pages and syncs the log once, whatever its size, so fuller batches cost
// each read less; kLinger bounds what a read waits for that. A lone read
// (the last batch held one record) is written at once. Tuned on the 2-core
// machine with 100 clients: 2 ms and 64 against 0.5 ms and 32 gave 3-18%
// more pages a second and a shorter tail; 4 ms and 128 no more
// (bench/README.md).
constexpr auto kLinger = std::chrono::milliseconds(2);
constexpr size_t kBatchTarget = 64;

Error NotRecorded(const Error& cause) {
  const ErrorCode code =
      cause.code == ErrorCode::kResourceExhausted || cause.code == ErrorCode::kUnavailable
          ? cause.code
          : ErrorCode::kInternal;
  return Error{code, "audit: the read was not recorded: " + cause.message, cause.internal_text};
}

}  // namespace

AuditWriter::AuditWriter(store::Database& db) : db_(db), thread_([this] { Run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  queued_cv_.notify_one();
  thread_.join();
}

Status AuditWriter::Record(const AccessContext& ctx, int64_t at, std::string_view action,
                           std::string_view entity, std::string_view entity_id,
                           std::string_view detail, std::string_view region) {
  const std::shared_ptr<AuditDeferral>* deferral = ScopedAuditDeferral::Current();
  std::optional<Status> result;
  std::unique_lock lock(mu_);
  if (stopping_)
    return Error{ErrorCode::kInternal, "audit: the read was not recorded: shutting down"};
  for (store::Value v :
       {store::Value(at), store::Value(ctx.user_id), store::Value(std::string(action)),
        store::Value(std::string(entity)), store::Value(std::string(entity_id)),
        store::Value(ctx.client_address), store::Value(std::string(detail)),
        store::Value(region.empty() ? ctx.scope : std::string(region))})
    values_.push_back(std::move(v));
  if (deferral) {
    (*deferral)->Add();
    waiters_.push_back({nullptr, *deferral});
  } else {
    waiters_.push_back({&result, nullptr});
  }
  if (waiters_.size() == 1 || waiters_.size() == kBatchTarget) queued_cv_.notify_one();
  if (deferral) return Status::Ok();
  done_cv_[gathering_ % 2].wait(lock, [&] { return result.has_value(); });
  return *result;
}

AuditWriter::Stats AuditWriter::stats() const {
  std::lock_guard lock(mu_);
  Stats out = stats_;
  out.queued = static_cast<int64_t>(waiters_.size());
  return out;
}

void AuditWriter::Run() {
  size_t last_batch = 0;  // records in the last commit
  std::unique_lock lock(mu_);
  for (;;) {
    queued_cv_.wait(lock, [&] { return stopping_ || !waiters_.empty(); });
    if (waiters_.empty()) return;  // stopping and nothing left to write
    if (last_batch > 1) {
      queued_cv_.wait_for(lock, kLinger,
                          [&] { return stopping_ || waiters_.size() >= kBatchTarget; });
    }
    store::Params values = std::exchange(values_, {});
    std::vector<Waiter> waiters = std::exchange(waiters_, {});
    last_batch = waiters.size();
    const uint64_t batch = gathering_++;
    lock.unlock();
    const Status written = WriteBatch(values);
    lock.lock();
    if (written) {
      stats_.records += static_cast<int64_t>(waiters.size());
      ++stats_.commits;
    } else {
      ++stats_.failed_commits;
    }
    for (Waiter& w : waiters) {
      if (w.result) *w.result = written;
    }
    done_cv_[batch % 2].notify_all();
    // Deferrals are told without the lock: their owners send answers.
    lock.unlock();
    for (Waiter& w : waiters) {
      if (w.deferral) w.deferral->Finish(written);
    }
    waiters.clear();
    lock.lock();
  }
}

Status AuditWriter::WriteBatch(const store::Params& values) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return NotRecorded(tx.error());
  auto rows = store::RunBatched(
      *tx,
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, client_address, detail, "
      "region) VALUES ",
      kColumns, values);
  if (!rows) return NotRecorded(rows.error());
  if (Status s = tx->Commit(); !s) return NotRecorded(s.error());
  return Status::Ok();
}

}  // namespace fk::ops
