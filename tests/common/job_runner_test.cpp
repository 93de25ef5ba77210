#include "common/job_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <memory>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

namespace fk {
namespace {

using std::chrono::milliseconds;

// Long enough never to be reached when the runner keeps its promises; a
// broken runner fails the test instead of hanging it.
constexpr milliseconds kLong{30'000};

// A gate that jobs wait at until the test opens it.
class Gate {
 public:
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// What the jobs saw, in the order they ran.
struct Record {
  std::mutex mu;
  std::vector<int64_t> order;
  std::vector<bool> cancelled_at_start;
  void Add(int64_t id, bool cancelled) {
    std::lock_guard lock(mu);
    order.push_back(id);
    cancelled_at_start.push_back(cancelled);
  }
};

TEST(JobRunner, RunsJobsOneAtATimeInTheOrderSubmitted) {
  JobRunner runner;
  Gate gate;
  Record record;
  std::atomic<int> running{0}, most_at_once{0};
  for (int64_t id : {5, 3, 9, 1, 7}) {
    ASSERT_TRUE(runner.Submit(id, [&, id](const std::atomic<bool>& cancelled) {
      const int now = ++running;
      most_at_once = std::max(most_at_once.load(), now);
      if (id == 5) gate.Wait();  // the rest queue up behind the first
      record.Add(id, cancelled.load());
      --running;
    }));
  }
  EXPECT_EQ(runner.Live(), (std::vector<int64_t>{1, 3, 5, 7, 9}));
  gate.Open();
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_EQ(record.order, (std::vector<int64_t>{5, 3, 9, 1, 7}));
  EXPECT_EQ(most_at_once.load(), 1);
  EXPECT_TRUE(runner.Live().empty());
}

TEST(JobRunner, SeveralWorkersRunJobsAtTheSameTime) {
  JobRunner runner(2);
  std::latch both_running(2);
  std::atomic<int> finished{0};
  for (int64_t id : {1, 2}) {
    ASSERT_TRUE(runner.Submit(id, [&](const std::atomic<bool>&) {
      both_running.arrive_and_wait();  // returns only when the other job runs too
      ++finished;
    }));
  }
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_EQ(finished.load(), 2);
}

TEST(JobRunner, RefusesAnIdAlreadyLiveAndCancelOfAnUnknownId) {
  JobRunner runner;
  Gate gate;
  std::atomic<int> runs{0};
  ASSERT_TRUE(runner.Submit(1, [&](const std::atomic<bool>&) {
    gate.Wait();
    ++runs;
  }));
  EXPECT_FALSE(runner.Submit(1, [&](const std::atomic<bool>&) { runs += 100; }));
  EXPECT_FALSE(runner.Cancel(2));
  gate.Open();
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_EQ(runs.load(), 1);
  EXPECT_FALSE(runner.Cancel(1));  // ended
  // An id can be used again once its job has ended.
  EXPECT_TRUE(runner.Submit(1, [&](const std::atomic<bool>&) { ++runs; }));
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_EQ(runs.load(), 2);
}

TEST(JobRunner, CancelOfAQueuedJobIsSeenWhenItStarts) {
  JobRunner runner;
  Gate gate;
  Record record;
  ASSERT_TRUE(runner.Submit(1, [&](const std::atomic<bool>& cancelled) {
    gate.Wait();
    record.Add(1, cancelled.load());
  }));
  ASSERT_TRUE(runner.Submit(2, [&](const std::atomic<bool>& c) { record.Add(2, c.load()); }));
  EXPECT_TRUE(runner.Cancel(2));
  gate.Open();
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_EQ(record.order, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(record.cancelled_at_start, (std::vector<bool>{false, true}));
}

TEST(JobRunner, CancelOfARunningJobSetsItsFlagWhileItRuns) {
  JobRunner runner;
  std::latch started(1);
  std::atomic<bool> saw_cancel{false};
  ASSERT_TRUE(runner.Submit(7, [&](const std::atomic<bool>& cancelled) {
    started.count_down();
    cancelled.wait(false);  // until Cancel sets the flag
    saw_cancel = cancelled.load();
  }));
  started.wait();
  EXPECT_FALSE(runner.stopping());
  EXPECT_TRUE(runner.Cancel(7));
  ASSERT_TRUE(runner.WaitIdle(kLong));
  EXPECT_TRUE(saw_cancel.load());
  EXPECT_FALSE(runner.stopping());  // a cancellation is not a stop
}

TEST(JobRunner, WaitIdleIsFalseWhileAJobRunsAndTrueOnceItEnded) {
  JobRunner runner;
  EXPECT_TRUE(runner.WaitIdle(milliseconds(0)));  // nothing submitted
  Gate gate;
  ASSERT_TRUE(runner.Submit(1, [&](const std::atomic<bool>&) { gate.Wait(); }));
  EXPECT_FALSE(runner.WaitIdle(milliseconds(10)));  // the job cannot end before the gate opens
  gate.Open();
  EXPECT_TRUE(runner.WaitIdle(kLong));
}

TEST(JobRunner, StopDropsQueuedJobsAndStopsTheRunningOne) {
  JobRunner runner;
  std::latch started(1);
  std::atomic<bool> first_cancelled{false}, first_saw_stopping{false};
  std::atomic<int> queued_runs{0};
  ASSERT_TRUE(runner.Submit(1, [&](const std::atomic<bool>& cancelled) {
    started.count_down();
    cancelled.wait(false);
    first_cancelled = cancelled.load();
    first_saw_stopping = runner.stopping();
  }));
  for (int64_t id : {2, 3})
    ASSERT_TRUE(runner.Submit(id, [&](const std::atomic<bool>&) { ++queued_runs; }));
  started.wait();
  EXPECT_EQ(runner.Stop(), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_TRUE(first_cancelled.load());
  EXPECT_TRUE(first_saw_stopping.load());
  EXPECT_EQ(queued_runs.load(), 0);
  EXPECT_TRUE(runner.Live().empty());
  EXPECT_TRUE(runner.WaitIdle(milliseconds(0)));
  EXPECT_FALSE(runner.Submit(4, [&](const std::atomic<bool>&) { ++queued_runs; }));
  EXPECT_TRUE(runner.Stop().empty());  // a second stop has nothing left
}

TEST(JobRunner, DestructionWithQueuedJobsNeverRunsThem) {
  std::latch started(1);
  std::atomic<bool> first_cancelled{false};
  std::atomic<int> queued_runs{0};
  {
    JobRunner runner;
    ASSERT_TRUE(runner.Submit(1, [&](const std::atomic<bool>& cancelled) {
      started.count_down();
      cancelled.wait(false);
      first_cancelled = cancelled.load();
    }));
    for (int64_t id : {2, 3, 4})
      ASSERT_TRUE(runner.Submit(id, [&](const std::atomic<bool>&) { ++queued_runs; }));
    started.wait();
  }  // the destructor returns only once job 1 has returned
  EXPECT_TRUE(first_cancelled.load());
  EXPECT_EQ(queued_runs.load(), 0);
}

}  // namespace
}  // namespace fk
