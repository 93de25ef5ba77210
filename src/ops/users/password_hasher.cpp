#include "ops/users/password_hasher.hpp"

#include <sodium.h>

#include <cstdlib>
#include <utility>

#include "store/commit_gate.hpp"

namespace fk::ops {

PasswordHasher::PasswordHasher(HashCost cost, int threads, std::size_t max_queued)
    : cost_(cost), max_queued_(max_queued) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run: a broken installation
  if (cost_.ops_limit == 0) cost_.ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (cost_.mem_limit == 0) cost_.mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  auto dummy = Hash(std::string_view(reinterpret_cast<const char*>(secret), sizeof secret));
  if (!dummy) std::abort();  // no memory for one hash at start: nothing would work
  dummy_hash_ = std::move(*dummy);
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Run(); });
}

PasswordHasher::~PasswordHasher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Status PasswordHasher::Submit(std::function<void()> job) {
  // The job commits under the gate of the thread that queued it.
  std::function<void()> gated = [gate = store::CurrentCommitGate(), job = std::move(job)] {
    store::ScopedCommitGate scope(gate);
    job();
  };
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queued_)
      return Error{ErrorCode::kResourceExhausted,
                   "password: too many logins and password changes at once; retry in a moment"};
    queue_.push_back(std::move(gated));
  }
  cv_.notify_one();
  return Status::Ok();
}

void PasswordHasher::Run() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost_.ops_limit, cost_.mem_limit) !=
      0)
    return Error{ErrorCode::kResourceExhausted, "password: out of memory while hashing"};
  return std::string(out);
}

bool PasswordHasher::Verify(const std::string& hash, std::string_view password) const {
  const std::string& against = hash.empty() ? dummy_hash_ : hash;
  const bool match =
      crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  return match && !hash.empty();
}

std::string OneTimePassword() {
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

}  // namespace fk::ops
