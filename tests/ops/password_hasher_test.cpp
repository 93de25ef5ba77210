// The hashing pool: a wrong or missing account costs the same hash as a
// real one, the queue is bounded, and a job commits under the gate of the
// thread that queued it.
#include "ops/users/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <future>
#include <string>

#include "store/commit_gate.hpp"

namespace fk::ops {
namespace {

// An unknown or inactive user (no hash) is checked against a dummy hash made
// with the same cost as a real one, so that it costs the same Argon2id work
// (the time itself is measured by bench/ops/login_timing_bench.cpp, not
// asserted here).
TEST(PasswordHasher, NoAccountIsCheckedAgainstAHashOfTheSameCost) {
  const HashCost cost{crypto_pwhash_OPSLIMIT_MIN, 16u << 20};
  PasswordHasher hasher(cost, 1, 4);
  auto real = hasher.Hash("the-real-secret");
  ASSERT_TRUE(real.ok());
  EXPECT_TRUE(hasher.Verify(*real, "the-real-secret"));
  EXPECT_FALSE(hasher.Verify(*real, "a-wrong-guess"));
  EXPECT_FALSE(hasher.Verify("", "the-real-secret"));
  EXPECT_FALSE(hasher.Verify("", ""));
  const std::string& dummy = hasher.dummy_hash();
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(dummy.c_str(), cost.ops_limit, cost.mem_limit), 0);
  // "$argon2id$v=19$m=16384,t=1,p=1$": the same algorithm and parameters.
  const auto params = [](const std::string& h) {
    return h.substr(0, h.rfind('$', h.rfind('$') - 1));
  };
  EXPECT_EQ(params(dummy), params(*real));
  EXPECT_NE(dummy, *real);
}

TEST(PasswordHasher, TheQueueIsBounded) {
  // Declared before the hasher, so that the hasher joins its thread (which
  // still uses them) before they are destroyed.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}, 1, 2);
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
  std::promise<Status> asked;
  PasswordHasher hasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}, 1, 4);
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
