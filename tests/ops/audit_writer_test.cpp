#include "ops/audit/audit_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audit_faults.hpp"
#include "ops/audit/audit_deferral.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

using std::chrono::milliseconds;

class AuditWriterTest : public OpsTest {
 protected:
  // Waits until `n` records are queued behind the commit in flight.
  static void WaitQueued(const AuditWriter& writer, int64_t n) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (writer.stats().queued < n) {
      ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "records were not queued";
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  const AccessContext reader_ = Actor(Role::kCommunityOfficer, "420102001001", 7);
};

TEST_P(AuditWriterTest, EveryRecordIsCommittedOnceWhenManyThreadsRecord) {
  AuditWriter writer(db());
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const AccessContext ctx = Actor(Role::kCommunityOfficer, "420102001001", 100 + t);
        if (!writer.Record(ctx, 1580000000, "read", "resident", std::to_string(i))) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), kThreads * kEach);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT user_id || '/' || entity_id) FROM audit_log"),
            kThreads * kEach);
  const AuditWriter::Stats stats = writer.stats();
  EXPECT_EQ(stats.records, kThreads * kEach);
  EXPECT_EQ(stats.failed_commits, 0);
  EXPECT_EQ(stats.queued, 0);
}

// While one commit waits, the records that arrive meanwhile go into the next
// transaction together: 1 + 10 records, 2 commits.
TEST_P(AuditWriterTest, RecordsQueuedDuringACommitShareTheNextOne) {
  AuditWriter writer(db());
  auto lock = HoldAuditLock(db());
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  std::vector<std::thread> threads;
  std::atomic<int> failed = 0;
  auto record = [&](std::string id) {
    threads.emplace_back([&, id] {
      if (!writer.Record(reader_, 1580000000, "read", "resident", id)) ++failed;
    });
  };
  record("first");
  std::this_thread::sleep_for(milliseconds(200));  // the writer takes it and waits for the lock
  for (int i = 0; i < 10; ++i) record(std::to_string(i));
  WaitQueued(writer, 10);
  ASSERT_TRUE(lock->Commit().ok());
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(writer.stats().commits, 2);
  EXPECT_EQ(writer.stats().records, 11);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 11);
}

// A refused row fails its whole batch: every caller in it gets the error and
// none of its rows is written; the batch before it is unaffected.
TEST_P(AuditWriterTest, AFailedCommitFailsEveryRecordInItAndWritesNone) {
  AuditWriter writer(db());
  RefuseAuditInserts(db(), "NEW.detail = 'poison'");
  auto lock = HoldAuditLock(db());
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  std::vector<std::thread> threads;
  std::vector<Status> results(7);
  auto record = [&](size_t slot, std::string detail) {
    threads.emplace_back([&, slot, detail] {
      results[slot] =
          writer.Record(reader_, 1580000000, "read", "resident", std::to_string(slot), detail);
    });
  };
  record(0, "");
  std::this_thread::sleep_for(milliseconds(200));
  for (size_t i = 1; i < 6; ++i) record(i, "");
  record(6, "poison");
  WaitQueued(writer, 6);
  ASSERT_TRUE(lock->Commit().ok());
  for (auto& t : threads) t.join();

  EXPECT_TRUE(results[0].ok()) << results[0].error().message;
  for (size_t i = 1; i < results.size(); ++i) {
    ASSERT_FALSE(results[i].ok()) << "record " << i;
    EXPECT_EQ(results[i].error().code, ErrorCode::kInternal);
    EXPECT_EQ(results[i].error().message.rfind("audit: the read was not recorded: ", 0), 0u)
        << results[i].error().message;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  EXPECT_EQ(writer.stats().failed_commits, 1);

  AllowAuditInserts(db());
  EXPECT_TRUE(writer.Record(reader_, 1580000000, "read", "resident", "after").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 2);
}

// Under a deferral Record returns while the commit is still held up, and
// the deferral says ok only once the rows are there.
TEST_P(AuditWriterTest, DeferredRecordsReturnAtOnceAndReportTheirCommit) {
  AuditWriter writer(db());
  auto lock = HoldAuditLock(db());
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  auto deferral = std::make_shared<AuditDeferral>();
  {
    ScopedAuditDeferral scope(deferral);
    EXPECT_TRUE(writer.Record(reader_, 1580000000, "read", "resident", "1").ok());
    EXPECT_TRUE(writer.Record(reader_, 1580000000, "search", "resident", "region 420102").ok());
  }
  EXPECT_EQ(ScopedAuditDeferral::Current(), nullptr);
  std::atomic<int> calls = 0;
  std::atomic<int64_t> rows_when_done = -1;
  std::atomic<bool> ok_when_done = false;
  deferral->WhenCommitted([&](const Status& s) {
    ok_when_done = s.ok();
    rows_when_done = Count("SELECT COUNT(*) FROM audit_log");
    ++calls;
  });
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(calls, 0);  // the commit is still held up
  ASSERT_TRUE(lock->Commit().ok());
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (calls == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(milliseconds(5));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(ok_when_done);
  EXPECT_EQ(rows_when_done, 2);
}

TEST_P(AuditWriterTest, ADeferralWithNothingPendingAnswersAtOnce) {
  auto deferral = std::make_shared<AuditDeferral>();
  int calls = 0;
  deferral->WhenCommitted([&](const Status& s) {
    EXPECT_TRUE(s.ok());
    ++calls;
  });
  EXPECT_EQ(calls, 1);
}

// A deferred record in a failed batch makes its deferral report the error.
TEST_P(AuditWriterTest, ADeferralReportsAFailedCommit) {
  AuditWriter writer(db());
  RefuseAuditInserts(db(), "NEW.detail = 'poison'");
  auto deferral = std::make_shared<AuditDeferral>();
  {
    ScopedAuditDeferral scope(deferral);
    EXPECT_TRUE(writer.Record(reader_, 1580000000, "read", "resident", "1", "poison").ok());
  }
  std::promise<Status> result;
  deferral->WhenCommitted([&](const Status& s) { result.set_value(s); });
  auto future = result.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const Status s = future.get();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.rfind("audit: the read was not recorded: ", 0), 0u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditWriterTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
