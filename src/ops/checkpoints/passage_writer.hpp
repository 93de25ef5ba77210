// The passage log of the checkpoints, written as fast as people pass: the
// guards' phones call Record concurrently; one writer thread takes all that
// is queued and writes it in ONE transaction (group commit, as the audit
// writer does: one fsync for the batch under SQLite's synchronous=FULL),
// then answers every caller of the batch.
//
// In that transaction, for each passage: the checkpoint must exist and be
// usable by the guard (MayUseCheckpoint, else kNotFound for that passage
// alone); a person is looked up by ID number in the registry, and when they
// are under isolation (an open case or hospital admission: ops/cases,
// ops/facilities) or quarantine (an active order: ops/quarantine), an alert
// is written for their grid and the checkpoint (checkpoint_alerts) and the
// answer says so, so that the guard holds the person. The batch's
// checkpoints are one statement, its people with their state another.
//
// A passage sent again with the same client-made id (a phone that lost the
// answer) is found in the same transaction (one statement for the batch,
// also among the batch's own passages) and answered as the first time.
//
// Promises: Record returns only after its passage (and alert) is committed,
// or with an error and nothing written for it. A failed commit fails every
// passage of the batch. Input is checked on the caller's thread before it is
// queued (kInvalidArgument naming the field). Needs kRecordVisits.
// Internally synchronized: share one per Database (which must outlive it).
// The destructor writes what is queued, answers, and joins the thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct PassageInput {
  int64_t checkpoint_id = 0;
  std::string direction;  // "in", "out"
  std::string subject;    // "person" (id_number) or "vehicle" (plate)
  std::string id_number{};
  std::string plate{};
  std::optional<int> temperature_tenths{};  // 340..430 (34.0..43.0 °C)
  std::string result = "pass";              // "pass", "refused", "held"
  std::string health_code = "none";         // "green", "yellow", "red", "none"
  // An id the phone made (ops/client_id.hpp), or empty: a repeated send
  // with the same id and content from the same user writes nothing and
  // gets the first answer (its id, time and alert); the same id with other
  // content is kConflict.
  std::string client_id{};
};

struct PassageReceipt {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<std::string> alert{};  // "quarantine" or "isolation": hold the person
  bool replayed = false;               // the answer to an earlier send of its client_id
};

// The checks Record makes before queueing (exposed for tests and the API).
Status CheckPassage(const PassageInput& in);

class PassageWriter {
 public:
  explicit PassageWriter(store::Database& db, Clock clock = SystemClock());
  ~PassageWriter();
  PassageWriter(const PassageWriter&) = delete;
  PassageWriter& operator=(const PassageWriter&) = delete;

  Result<PassageReceipt> Record(const AccessContext& ctx, const PassageInput& input);

 private:
  struct Pending {
    AccessContext ctx;
    PassageInput input;
    std::optional<Result<PassageReceipt>> answer{};  // guarded by mutex_
    // Its own, so that a commit wakes only the callers of its batch (a
    // thousand guards waiting on one would all wake at every commit).
    std::condition_variable answered{};
  };
  void Run();
  // The answers of the batch, in its order; takes no lock.
  std::vector<Result<PassageReceipt>> WriteBatch(const std::deque<Pending*>& batch);

  store::Database& db_;
  Clock clock_;
  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::deque<Pending*> queue_;  // guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  std::thread thread_;
};

}  // namespace fk::ops
