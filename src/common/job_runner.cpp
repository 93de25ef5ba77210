#include "common/job_runner.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

namespace fk {
namespace {

// Lowers the calling thread's priority (Linux: per thread, inherited by the
// threads it starts, e.g. OpenMP's), so that request threads come first.
void LowerThreadPriority() { (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10); }

}  // namespace

JobRunner::JobRunner(int workers) {
  for (int i = 0; i < std::max(1, workers); ++i) workers_.emplace_back([this] { Loop(); });
}

JobRunner::~JobRunner() { Stop(); }

bool JobRunner::Submit(int64_t id, Work work) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || live_.contains(id)) return false;
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    live_[id] = cancelled;
    queue_.push_back({id, std::move(work), std::move(cancelled)});
  }
  queued_cv_.notify_one();
  return true;
}

bool JobRunner::Cancel(int64_t id) {
  std::lock_guard lock(mu_);
  auto it = live_.find(id);
  if (it == live_.end()) return false;
  *it->second = true;
  it->second->notify_all();
  return true;
}

std::vector<int64_t> JobRunner::Live() const {
  std::lock_guard lock(mu_);
  std::vector<int64_t> ids;
  for (const auto& [id, cancelled] : live_) ids.push_back(id);
  return ids;
}

bool JobRunner::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

bool JobRunner::WaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [this] { return live_.empty(); });
}

std::vector<int64_t> JobRunner::Stop() {
  std::vector<int64_t> left;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return left;
    stopping_ = true;
    for (auto& [id, cancelled] : live_) {
      *cancelled = true;
      cancelled->notify_all();
      left.push_back(id);
    }
    for (const Job& job : queue_) live_.erase(job.id);
    queue_.clear();
  }
  queued_cv_.notify_all();
  for (auto& t : workers_) t.join();
  idle_cv_.notify_all();
  return left;
}

void JobRunner::Loop() {
  LowerThreadPriority();
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      queued_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.work(*job.cancelled);
    {
      std::lock_guard lock(mu_);
      live_.erase(job.id);
    }
    idle_cv_.notify_all();
  }
}

}  // namespace fk
