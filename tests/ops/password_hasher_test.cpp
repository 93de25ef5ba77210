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

// The median times of `n` runs of `a` and of `b`, run in turns so that a
// change in the machine's load falls on both.
template <typename A, typename B>
std::pair<double, double> Medians(int n, A a, B b) {
  std::vector<double> ta, tb;
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    a();
    ta.push_back(Millis(Clock::now() - start));
    start = Clock::now();
    b();
    tb.push_back(Millis(Clock::now() - start));
  }
  std::sort(ta.begin(), ta.end());
  std::sort(tb.begin(), tb.end());
  return {ta[ta.size() / 2], tb[tb.size() / 2]};
}

// An unknown or inactive user (no hash) takes as long as a wrong password
// for a real one: the dummy hash has the same cost.
TEST(PasswordHasher, NoAccountTakesAsLongAsAWrongPassword) {
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, 16u << 20}, 1, 4);
  auto real = hasher.Hash("the-real-secret");
  ASSERT_TRUE(real.ok());
  EXPECT_TRUE(hasher.Verify(*real, "the-real-secret"));
  EXPECT_FALSE(hasher.Verify("", "the-real-secret"));
  const auto [wrong, missing] = Medians(
      9, [&] { EXPECT_FALSE(hasher.Verify(*real, "a-wrong-guess")); },
      [&] { EXPECT_FALSE(hasher.Verify("", "a-wrong-guess")); });
  // Without the dummy hash a missing account answers in microseconds, a
  // hundred times sooner: the bounds are wide for a machine shared with
  // other work.
  EXPECT_GT(missing, wrong * 0.4) << "missing " << missing << " ms, wrong " << wrong << " ms";
  EXPECT_LT(missing, wrong * 2.5) << "missing " << missing << " ms, wrong " << wrong << " ms";
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
