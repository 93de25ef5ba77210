// Argon2id hashing (libsodium crypto_pwhash_str) on a small pool of threads
// of its own, so that the tenth of a second (and 64 MiB) that one hash costs
// never runs inside a database transaction, nor on the HTTP server's
// workers: a caller queues a job and returns; the job hashes or verifies on
// a hashing thread and goes on there (its short write transaction, its
// answer). With 8 logins at once, /healthz stays as fast as when idle
// (bench/README.md, Logins and /healthz).
//
// A job keeps the commit gate (store/commit_gate.hpp) of the thread that
// queued it: a handler's time limit still decides whether the job's commit
// may happen. Internally synchronized. The destructor runs the jobs still
// queued, then joins the threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.hpp"

namespace fk::ops {

struct HashCost {
  unsigned long long ops_limit = 0;  // 0: crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t mem_limit = 0;         // 0: crypto_pwhash_MEMLIMIT_INTERACTIVE
};

class PasswordHasher {
 public:
  // `threads` hashing threads (at least 1); at most `max_queued` jobs wait.
  PasswordHasher(HashCost cost, int threads, std::size_t max_queued);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Queues `job` for a hashing thread. kResourceExhausted "password: too many
  // logins and password changes at once; retry in a moment" when max_queued
  // jobs already wait (the job is then not run).
  Status Submit(std::function<void()> job);

  // On the calling thread (a job, the CLI, the demo): the Argon2id string of
  // `password`; kResourceExhausted when memory runs out.
  Result<std::string> Hash(std::string_view password) const;
  // True when `password` matches `hash`. An empty `hash` (no such user, an
  // inactive one) is checked against a dummy hash of the same cost, so that
  // the answer takes the same time, and is false.
  bool Verify(const std::string& hash, std::string_view password) const;
  // The hash that Verify checks an empty `hash` against: random, made by
  // Hash at construction with the same cost.
  const std::string& dummy_hash() const { return dummy_hash_; }

 private:
  void Run();

  // Constant after construction.
  HashCost cost_;
  std::size_t max_queued_;
  std::string dummy_hash_;

  // Guarded by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;

  std::vector<std::thread> threads_;  // started last
};

// A one-time password for a new account or a reset: 16 characters from
// libsodium's randombytes over an alphabet without look-alikes (no 0 O 1 l
// I), in groups of four: "k7Qm-xT3e-..." (about 89 bits).
std::string OneTimePassword();

}  // namespace fk::ops
