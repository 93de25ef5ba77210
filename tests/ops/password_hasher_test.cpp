// The hashing pool: a wrong or missing account costs the same hash as a
// real one, the queue is bounded, and a job commits under the gate of the
// thread that queued it.
#include "ops/users/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <vector>

#include "store/commit_gate.hpp"

namespace fk::ops {
namespace {

using Clock = std::chrono::steady_clock;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The median time of `n` runs of `f`.
template <typename F>
double Median(int n, F f) {
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    f();
    times.push_back(Millis(Clock::now() - start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// An unknown or inactive user (no hash) takes as long as a wrong password
// for a real one: the dummy hash has the same cost.
TEST(PasswordHasher, NoAccountTakesAsLongAsAWrongPassword) {
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, 16u << 20}, 1, 4);
  auto real = hasher.Hash("the-real-secret");
  ASSERT_TRUE(real.ok());
  EXPECT_TRUE(hasher.Verify(*real, "the-real-secret"));
  EXPECT_FALSE(hasher.Verify("", "the-real-secret"));
  const double wrong = Median(7, [&] { EXPECT_FALSE(hasher.Verify(*real, "a-wrong-guess")); });
  const double missing = Median(7, [&] { EXPECT_FALSE(hasher.Verify("", "a-wrong-guess")); });
  EXPECT_GT(missing, wrong * 0.6) << "missing " << missing << " ms, wrong " << wrong << " ms";
  EXPECT_LT(missing, wrong * 1.6) << "missing " << missing << " ms, wrong " << wrong << " ms";
}

TEST(PasswordHasher, TheQueueIsBounded) {
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}, 1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(hasher
                  .Submit([&] {
                    started.set_value();
                    released.wait();
                  })
                  .ok());
  started.get_future().wait();  // the thread is busy; two more may wait
  ASSERT_TRUE(hasher.Submit([] {}).ok());
  ASSERT_TRUE(hasher.Submit([] {}).ok());
  Status full = hasher.Submit([] {});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(full.error().message,
            "password: too many logins and password changes at once; retry in a moment");
  release.set_value();
}

TEST(PasswordHasher, AJobCommitsUnderTheGateOfItsSubmitter) {
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}, 1, 4);
  std::promise<Status> asked;
  {
    store::ScopedCommitGate gate([] {
      return Status(Error{ErrorCode::kResourceExhausted, "too late"});
    });
    ASSERT_TRUE(hasher.Submit([&] { asked.set_value(store::AskCommitGate()); }).ok());
  }
  const Status answer = asked.get_future().get();
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().message, "too late");
}

TEST(PasswordHasher, OneTimePasswordsAreRandomAndReadable) {
  const std::string a = OneTimePassword(), b = OneTimePassword();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 19u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(a[i], '-');
    } else {
      EXPECT_EQ(std::string("0O1lI-").find(a[i]), std::string::npos) << a;
    }
  }
}

}  // namespace
}  // namespace fk::ops
