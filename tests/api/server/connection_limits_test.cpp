#include "api/server/connection_limits.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fk::api {
namespace {

using Ticket = ConnectionLimits::Ticket;
using Refusal = ConnectionLimits::Refusal;

TrustedProxies Proxy(const std::string& address) { return *TrustedProxies::Parse({address}); }

TEST(ConnectionLimits, OneAddressCannotHoldEverySlot) {
  ConnectionLimits limits(10, 3, TrustedProxies());
  std::vector<Ticket> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::get<Ticket>(limits.TryOpen("198.51.100.1")));
  auto refused = limits.TryOpen("198.51.100.1");
  ASSERT_TRUE(std::holds_alternative<Refusal>(refused));
  EXPECT_EQ(std::get<Refusal>(refused), Refusal::kAddressFull);
  EXPECT_EQ(limits.open_from("198.51.100.1"), 3u);
  // Another address still gets in.
  EXPECT_TRUE(std::holds_alternative<Ticket>(limits.TryOpen("198.51.100.2")));
  held.pop_back();
  EXPECT_EQ(limits.open_from("198.51.100.1"), 2u);
  EXPECT_TRUE(std::holds_alternative<Ticket>(limits.TryOpen("198.51.100.1")));
}

TEST(ConnectionLimits, TheTotalCapHoldsAcrossAddresses) {
  ConnectionLimits limits(2, 5, TrustedProxies());
  auto a = limits.TryOpen("198.51.100.1");
  auto b = limits.TryOpen("198.51.100.2");
  auto c = limits.TryOpen("198.51.100.3");
  ASSERT_TRUE(std::holds_alternative<Refusal>(c));
  EXPECT_EQ(std::get<Refusal>(c), Refusal::kServerFull);
  EXPECT_EQ(limits.open(), 2u);
  EXPECT_EQ(limits.open_from("198.51.100.3"), 0u);
}

TEST(ConnectionLimits, TrustedProxiesAreExemptFromThePerAddressCapOnly) {
  ConnectionLimits limits(5, 1, Proxy("10.0.0.5"));
  std::vector<Ticket> held;
  for (int i = 0; i < 5; ++i) held.push_back(std::get<Ticket>(limits.TryOpen("10.0.0.5")));
  auto over = limits.TryOpen("10.0.0.5");
  ASSERT_TRUE(std::holds_alternative<Refusal>(over));
  EXPECT_EQ(std::get<Refusal>(over), Refusal::kServerFull);
  held.clear();
  EXPECT_EQ(limits.open(), 0u);
}

TEST(ConnectionLimits, ARefusedAddressLeavesNoCount) {
  ConnectionLimits limits(5, 0, TrustedProxies());
  EXPECT_TRUE(std::holds_alternative<Refusal>(limits.TryOpen("198.51.100.1")));
  EXPECT_EQ(limits.open(), 0u);
  EXPECT_EQ(limits.open_from("198.51.100.1"), 0u);
}

}  // namespace
}  // namespace fk::api
