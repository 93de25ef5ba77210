#include "api/endpoints/denial_log.hpp"

#include <gtest/gtest.h>

#include "common/utf8.hpp"

namespace fk::api {
namespace {

class DenialLogTest : public ::testing::Test {
 protected:
  DenialLogOptions Options() {
    DenialLogOptions o;
    o.per_address_burst = 3;
    o.per_address_refill_seconds = 10;
    o.unauthenticated_burst = 5;
    o.unauthenticated_refill_seconds = 10;
    o.max_addresses = 4;
    return o;
  }
  std::optional<DenialRecord> Deny(DenialLog& log, int status, std::string_view address,
                                   std::string_view path = "/api/v1/x",
                                   std::string_view reason = "no") {
    return log.Admit({.status = status,
                      .method = "GET",
                      .path = path,
                      .reason = reason,
                      .principal = nullptr,
                      .client_address = address});
  }

  std::int64_t now_ = 1000;
  ops::Clock clock_ = [this] { return now_; };
};

TEST_F(DenialLogTest, RecordsWhatWasDeniedWithThePathAsTheEntity) {
  DenialLog log(clock_, Options());
  auto r = Deny(log, 403, "192.0.2.1", "/api/v1/users", "role volunteer may not manage_users");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->entity_id, "/api/v1/users");
  EXPECT_EQ(r->detail, "GET /api/v1/users: 403 role volunteer may not manage_users");
}

// A flood from one address: a burst, then one a refill period, and the
// next record says how many were held back.
TEST_F(DenialLogTest, OneAddressGetsABurstThenOneAPeriodAndTheCountOfTheRest) {
  DenialLog log(clock_, Options());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Deny(log, 403, "192.0.2.1").has_value()) << i;
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(Deny(log, 403, "192.0.2.1").has_value()) << i;
  EXPECT_TRUE(Deny(log, 403, "192.0.2.2").has_value());  // another address is not held back
  now_ += 10;
  auto next = Deny(log, 403, "192.0.2.1");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->detail,
            "GET /api/v1/x: 403 no; 50 more denied requests from this address were not recorded");
  EXPECT_FALSE(Deny(log, 403, "192.0.2.1").has_value());
}

// 401s need only a made-up token, from any number of addresses: they share
// one more bucket.
TEST_F(DenialLogTest, UnauthenticatedDenialsShareOneBucketAcrossAddresses) {
  DenialLogOptions o = Options();
  o.max_addresses = 100;
  DenialLog log(clock_, o);
  int recorded = 0;
  for (int i = 0; i < 40; ++i)
    recorded += Deny(log, 401, "2001:db8::" + std::to_string(i)).has_value();
  EXPECT_EQ(recorded, 5);
  // A 403 still gets through, and tells of the held-back 401s.
  auto forbidden = Deny(log, 403, "192.0.2.9");
  ASSERT_TRUE(forbidden.has_value());
  EXPECT_EQ(forbidden->detail,
            "GET /api/v1/x: 403 no; 35 more denied requests from all addresses were not recorded");
}

TEST_F(DenialLogTest, TracksBoundedAddressesAndForgetsQuietOnes) {
  DenialLog log(clock_, Options());  // 4 addresses at most
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(Deny(log, 403, "192.0.2." + std::to_string(i)));
  EXPECT_FALSE(Deny(log, 403, "192.0.2.200").has_value());  // no room: held back
  now_ += 30;  // the buckets are full again: the addresses can be forgotten
  EXPECT_TRUE(Deny(log, 403, "192.0.2.200").has_value());
}

TEST_F(DenialLogTest, PathAndReasonAreWrittenAsSafeText) {
  DenialLog log(clock_, Options());
  auto r = Deny(log, 403, "192.0.2.1", "/api/v1/x y\xFF\n", "bad \xFE reason");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->entity_id, "/api/v1/x%20y%FF%0A");
  EXPECT_EQ(r->detail, "GET /api/v1/x%20y%FF%0A: 403 bad%20%FE%20reason");
  auto long_path =
      Deny(log, 403, "192.0.2.1", "/" + std::string(5000, 'a'), std::string(1000, 'b') + "网格");
  ASSERT_TRUE(long_path.has_value());
  EXPECT_EQ(long_path->entity_id.size(), 200u);
  EXPECT_EQ(long_path->entity_id.substr(197), "...");
  EXPECT_TRUE(IsValidUtf8(long_path->detail));
  EXPECT_LT(long_path->detail.size(), 600u);
}

}  // namespace
}  // namespace fk::api
