// A background-job runner: the server's long jobs (simulation runs,
// forecasts) run here, never on a request's thread. It promises:
// - `workers` threads (one by default), started by the constructor, each at
//   a lowered scheduling priority (nice 10, inherited by the threads a job
//   starts, e.g. OpenMP's) so that request threads come first;
// - jobs start in the order they were submitted (FIFO); with one worker
//   they also run one at a time in that order;
// - each job has a cancel flag, visible to the job while it runs (it gets a
//   reference; setting it notifies, so a job may block in its wait());
//   Cancel sets it whether the job is queued or running. A job
//   cancelled while queued still starts (its flag set) so that it can record
//   that it never ran; the runner never ends a job early by itself;
// - WaitIdle returns once nothing is queued or running;
// - Stop (and the destructor) stops cleanly: no further submission is
//   accepted, queued jobs are dropped without running, the running jobs'
//   flags are set, and it returns once they have returned.
// Internally synchronized: every member may be called from any thread except
// that Stop must not be called from a job. A job must not throw (an exception
// leaving it ends the process): it reports its own failures.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace fk {

class JobRunner {
 public:
  // A job's work; `cancelled` is its cancel flag (true: stop soon).
  using Work = std::function<void(const std::atomic<bool>& cancelled)>;

  explicit JobRunner(int workers = 1);
  ~JobRunner();  // Stop()
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues `work` under `id`, a key the caller chooses (e.g. a database
  // row's id). False, and `work` dropped, when stopping or when `id` is
  // already queued or running.
  bool Submit(int64_t id, Work work);

  // Sets the cancel flag of job `id`. False when it is neither queued nor
  // running here.
  bool Cancel(int64_t id);

  // The ids of the jobs queued or running, ascending.
  std::vector<int64_t> Live() const;

  // True once Stop has begun (a job may read it to tell a stop from a
  // cancellation).
  bool stopping() const;

  // True once no job is queued or running, false if `timeout` passed first.
  bool WaitIdle(std::chrono::milliseconds timeout);

  // Stops as described above. Returns the ids of the jobs that were queued
  // or running when it began (ascending); empty on a second call.
  std::vector<int64_t> Stop();

 private:
  struct Job {
    int64_t id = 0;
    Work work;
    std::shared_ptr<std::atomic<bool>> cancelled;
  };
  void Loop();

  mutable std::mutex mu_;
  std::condition_variable queued_cv_;                           // a job queued, or stopping_
  std::condition_variable idle_cv_;                             // a job ended
  std::deque<Job> queue_;                                       // guarded by mu_
  std::map<int64_t, std::shared_ptr<std::atomic<bool>>> live_;  // queued or running; mu_
  bool stopping_ = false;                                       // guarded by mu_
  std::vector<std::thread> workers_;  // started by the constructor, joined by Stop
};

}  // namespace fk
