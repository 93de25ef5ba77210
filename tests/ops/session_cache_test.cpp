#include "ops/users/session_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace fk::ops {
namespace {

using std::chrono::milliseconds;

SessionCache::Entry EntryOf(int64_t user) {
  return {user, Role::kGridWorker, "420102001001001", 9, false};
}

TEST(SessionCacheTest, FindsWhatWasInserted) {
  SessionCache cache(milliseconds(60'000), 10);
  EXPECT_FALSE(cache.Find("a").has_value());
  cache.Insert("a", EntryOf(7), cache.Generation());
  auto hit = cache.Find("a");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->user_id, 7);
  EXPECT_EQ(hit->scope, "420102001001001");
  EXPECT_EQ(hit->expires_at, 9);
}

// A lookup that read the database before a logout must not cache its
// (now stale) answer after the logout.
TEST(SessionCacheTest, RefusesAnAnswerReadBeforeAForget) {
  SessionCache cache(milliseconds(60'000), 10);
  const uint64_t before = cache.Generation();
  cache.ForgetToken("a");
  cache.Insert("a", EntryOf(7), before);
  EXPECT_FALSE(cache.Find("a").has_value());
  const uint64_t before_user = cache.Generation();
  cache.ForgetUser(8);
  cache.Insert("b", EntryOf(8), before_user);
  EXPECT_FALSE(cache.Find("b").has_value());
}

TEST(SessionCacheTest, ForgetsOneTokenOrAllOfAUser) {
  SessionCache cache(milliseconds(60'000), 10);
  cache.Insert("a1", EntryOf(1), cache.Generation());
  cache.Insert("a2", EntryOf(1), cache.Generation());
  cache.Insert("b1", EntryOf(2), cache.Generation());
  cache.ForgetToken("a1");
  EXPECT_FALSE(cache.Find("a1").has_value());
  EXPECT_TRUE(cache.Find("a2").has_value());
  cache.ForgetUser(1);
  EXPECT_FALSE(cache.Find("a2").has_value());
  EXPECT_TRUE(cache.Find("b1").has_value());
}

TEST(SessionCacheTest, EntriesLiveAtMostTheTtl) {
  SessionCache cache(milliseconds(20), 10);
  cache.Insert("a", EntryOf(1), cache.Generation());
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(cache.Find("a").has_value());
}

TEST(SessionCacheTest, ZeroTtlCachesNothing) {
  SessionCache cache(milliseconds(0), 10);
  cache.Insert("a", EntryOf(1), cache.Generation());
  EXPECT_FALSE(cache.Find("a").has_value());
}

TEST(SessionCacheTest, HoldsAtMostItsCapacity) {
  SessionCache cache(milliseconds(60'000), 3);
  for (int i = 0; i < 10; ++i) cache.Insert(std::to_string(i), EntryOf(i), cache.Generation());
  int present = 0;
  for (int i = 0; i < 10; ++i) present += cache.Find(std::to_string(i)).has_value();
  EXPECT_EQ(present, 3);
  EXPECT_TRUE(cache.Find("9").has_value());  // the newest is always kept
}

// A listener that reconnected may have missed changes: everything goes,
// and an answer read before cannot come back.
TEST(SessionCacheTest, ClearDropsEverythingAndRefusesOlderAnswers) {
  SessionCache cache(milliseconds(60'000), 10);
  cache.Insert("a", EntryOf(1), cache.Generation());
  const uint64_t before = cache.Generation();
  cache.Clear();
  EXPECT_FALSE(cache.Find("a").has_value());
  cache.Insert("b", EntryOf(2), before);
  EXPECT_FALSE(cache.Find("b").has_value());
}

}  // namespace
}  // namespace fk::ops
