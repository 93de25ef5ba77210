// SQLite's write-ahead log stays short with automatic checkpoints off: the
// Database's own checkpointer copies it back into the database file, so the
// log is reused from its start instead of growing with every commit. The
// test waits for the checkpointer's own count of complete checkpoints, not
// for a time: however slow the machine, it passes when checkpoints happen
// and fails (after a minute) when they stop.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "store/database.hpp"

namespace fk::store {
namespace {

TEST(WalCheckpointer, KeepsTheLogShortUnderManyCommits) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("fk-wal-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "wal.db").string();
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok()) << db.error().message;
    {
      auto tx = (*db)->Begin();
      ASSERT_TRUE(tx.ok());
      ASSERT_TRUE(tx->Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT)").ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
    // 600 commits of 8 KiB each: about 2,400 pages (10 MiB) of log without
    // checkpoints. After each 50 (about 0.8 MiB of log) the test waits for a
    // checkpoint that began after them: the second complete one from now
    // (the first may have begun before the last commit).
    const std::string data(8192, 'x');
    for (int i = 0; i < 600; ++i) {
      auto tx = (*db)->Begin();
      ASSERT_TRUE(tx.ok());
      ASSERT_TRUE(tx->Exec("INSERT INTO blobs (data) VALUES (?)", {data}).ok());
      ASSERT_TRUE(tx->Commit().ok());
      if (i % 50 == 49) {
        const std::uint64_t seen = (*db)->CompleteWalCheckpoints();
        ASSERT_TRUE((*db)->WaitForWalCheckpoints(seen + 2, std::chrono::minutes(1)))
            << "no complete checkpoint within a minute after commit " << i + 1 << " (" << seen
            << " so far)";
      }
    }
    EXPECT_GE((*db)->CompleteWalCheckpoints(), 24u);
    const auto wal = std::filesystem::file_size(path + "-wal");
    EXPECT_LT(wal, 3u * 1024 * 1024) << "the log was not checkpointed and reused";
    auto tx = (*db)->Begin(TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    auto n = tx->QueryOne("SELECT COUNT(*) FROM blobs", {});
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n->Int(0), 600);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fk::store
