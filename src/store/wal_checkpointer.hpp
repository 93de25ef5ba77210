// Keeps a SQLite database's write-ahead log short without putting the cost
// on a committing request: every pool connection turns SQLite's automatic
// checkpoint off (PRAGMA wal_autocheckpoint=0, see OpenSqlite), and this
// thread runs a PASSIVE checkpoint on its own connection every `period`.
// A passive checkpoint copies committed pages into the database file without
// waiting for readers or blocking writers, so the commit that happens to
// cross the log's size limit no longer pays for copying and syncing the
// whole log (with the automatic checkpoint every request waiting on that
// commit stalled behind it). Stops and joins in the destructor.
#pragma once

#include <chrono>
#include <condition_variable>
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

 private:
  void Run();

  std::unique_ptr<Connection> connection_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace fk::store
