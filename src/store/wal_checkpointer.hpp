// Keeps a SQLite database's write-ahead log short without putting the cost
// on a committing request: every pool connection turns SQLite's automatic
// checkpoint off (PRAGMA wal_autocheckpoint=0, see OpenSqlite), and this
// thread runs a PASSIVE checkpoint on its own connection every `period`.
// A passive checkpoint copies committed pages into the database file without
// waiting for readers or blocking writers, so the commit that happens to
// cross the log's size limit no longer pays for copying and syncing the
// whole log (with the automatic checkpoint every request waiting on that
// commit stalled behind it). It counts the checkpoints that copied the
// whole log (after which the next commit writes the log from its start
// again), for tests and monitoring. Internally synchronized; stops and
// joins in the destructor.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/database.hpp"

namespace fk::store {

class WalCheckpointer {
 public:
  WalCheckpointer(std::unique_ptr<Connection> connection, std::chrono::milliseconds period);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints so far that copied every frame of the log (none busy).
  std::uint64_t complete() const;
  // Waits until complete() reaches `count`; false if `timeout` passed first.
  bool WaitForComplete(std::uint64_t count, std::chrono::milliseconds timeout) const;
  // Holds off the background checkpoints while the lock lives (waiting for
  // one that is running): SQLite refuses a second checkpoint while one runs,
  // so Database::CheckpointWal's own would otherwise fail as busy.
  std::unique_lock<std::mutex> Hold();

 private:
  void Run();

  std::unique_ptr<Connection> connection_;
  const std::chrono::milliseconds period_;
  std::mutex running_mu_;  // held while a checkpoint runs (Hold)
  mutable std::mutex mu_;
  std::condition_variable cv_;               // wakes Run to stop
  mutable std::condition_variable done_cv_;  // wakes WaitForComplete
  bool stopping_ = false;                    // guarded by mu_
  std::uint64_t complete_ = 0;               // guarded by mu_
  std::thread thread_;
};

}  // namespace fk::store
