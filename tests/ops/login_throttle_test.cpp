// The throttle's counting on both backends, with its own clock: the window
// slides, a success forgets the pair's failures but not the address's, and
// IPv6 addresses count by their /64.
#include "ops/users/login_throttle.hpp"

#include <gtest/gtest.h>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

TEST(LoginThrottle, KeysIpv6ByItsSlash64) {
  EXPECT_EQ(ThrottleKey("203.0.113.5"), "203.0.113.5");
  EXPECT_EQ(ThrottleKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKey("2001:db8:1:2::9"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKey("2001:db8::5:6:7:8:9"), "2001:db8:0:5::/64");
  EXPECT_EQ(ThrottleKey("::1"), "::/64");
  EXPECT_EQ(ThrottleKey(""), "");
}

class LoginThrottleTest : public OpsTest {
 protected:
  int64_t Wait(const std::string& user, const std::string& address, int64_t now) {
    auto tx = db().Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto wait = ThrottleWait(*tx, options_, user, address, now);
    EXPECT_TRUE(wait.ok()) << wait.error().message;
    return wait.ok() ? *wait : -1;
  }
  void Fail(const std::string& user, const std::string& address, int64_t now) {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(RecordFailure(*tx, options_, user, address, now).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  ThrottleOptions options_{.window_seconds = 100, .per_pair = 3, .per_address = 5};
};

TEST_P(LoginThrottleTest, TheWindowSlidesAndSuccessForgetsOnlyThePair) {
  Fail("li", "192.0.2.1", 1000);
  Fail("li", "192.0.2.1", 1010);
  EXPECT_EQ(Wait("li", "192.0.2.1", 1020), 0);
  Fail("li", "192.0.2.1", 1020);
  EXPECT_EQ(Wait("li", "192.0.2.1", 1030), 70);  // until the failure at 1000 is 100 s old
  EXPECT_EQ(Wait("li", "192.0.2.2", 1030), 0);   // the owner elsewhere
  EXPECT_EQ(Wait("li", "192.0.2.1", 1100), 0);
  Fail("wu", "192.0.2.1", 1101);
  Fail("wu", "192.0.2.1", 1102);
  Fail("xu", "192.0.2.1", 1103);
  EXPECT_EQ(Wait("zhao", "192.0.2.1", 1104), 6);  // five from the address: 1010 leaves at 1110
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(ForgetPairFailures(*tx, "li", "192.0.2.1").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Wait("zhao", "192.0.2.1", 1104), 0);  // li's are gone
  // Old failures are deleted as new ones are counted.
  Fail("wu", "192.0.2.9", 5000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM login_failures"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginThrottleTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
