#include "api/server/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace fk::api {
namespace {

TrustedProxies Trust(std::vector<std::string> entries) {
  auto parsed = TrustedProxies::Parse(entries);
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? *parsed : TrustedProxies();
}

TEST(TrustedProxies, ParsesAddressesAndBlocksAndRefusesTheRest) {
  EXPECT_TRUE(TrustedProxies::Parse({"10.0.0.5", "10.1.0.0/16", "::1", "fd00::/8"}).ok());
  for (const std::string bad :
       {"10.0.0", "10.0.0.0/33", "10.0.0.0/", "::1/129", "host.example", "10.0.0.0/8x", ""}) {
    auto parsed = TrustedProxies::Parse({bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().message, "trusted_proxy: not an IP address or CIDR block: " + bad);
  }
}

TEST(TrustedProxies, ContainsMatchesAddressesAndBlocks) {
  auto trusted = Trust({"10.0.0.5", "192.168.0.0/16", "fd00::/8", "::1"});
  EXPECT_TRUE(trusted.Contains("10.0.0.5"));
  EXPECT_FALSE(trusted.Contains("10.0.0.6"));
  EXPECT_TRUE(trusted.Contains("192.168.200.1"));
  EXPECT_FALSE(trusted.Contains("192.169.0.1"));
  EXPECT_TRUE(trusted.Contains("::ffff:10.0.0.5"));  // IPv4-mapped, as a dual-stack socket says
  EXPECT_TRUE(trusted.Contains("fd12::1"));
  EXPECT_FALSE(trusted.Contains("fe80::1"));
  EXPECT_TRUE(trusted.Contains("::1"));
  EXPECT_FALSE(trusted.Contains("not an address"));
  EXPECT_FALSE(TrustedProxies().Contains("127.0.0.1"));
}

TEST(TrustedProxies, ForwardedForIsIgnoredFromAnUntrustedPeer) {
  auto trusted = Trust({"10.0.0.5"});
  EXPECT_EQ(trusted.ClientAddress("203.0.113.9", "198.51.100.1"), "203.0.113.9");
  EXPECT_EQ(TrustedProxies().ClientAddress("127.0.0.1", "198.51.100.1"), "127.0.0.1");
}

TEST(TrustedProxies, TheRightmostUntrustedAddressIsTheClient) {
  auto trusted = Trust({"10.0.0.0/8"});
  // The client forged the first entry; our proxies appended the rest.
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "1.1.1.1, 198.51.100.7, 10.0.0.9"), "198.51.100.7");
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "198.51.100.7"), "198.51.100.7");
  // Every hop trusted: the leftmost.
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "10.1.1.1, 10.0.0.9"), "10.1.1.1");
  // No header: the proxy itself.
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", ""), "10.0.0.5");
  // Ports, brackets and spacing as proxies write them.
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", " 198.51.100.7:4711 ,10.0.0.9"), "198.51.100.7");
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "[2001:db8::7]:4711"), "2001:db8::7");
  // Canonical text, never the header's own.
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "2001:DB8:0:0::7"), "2001:db8::7");
}

TEST(TrustedProxies, AnEntryThatIsNotAnAddressIsNeverTheClient) {
  auto trusted = Trust({"10.0.0.0/8"});
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "<script>, 10.0.0.9"), "10.0.0.9");
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "198.51.100.7, unknown"), "10.0.0.5");
  EXPECT_EQ(trusted.ClientAddress("10.0.0.5", "\xff\xfe"), "10.0.0.5");
}

TEST(TrustedProxies, ForwardedProtoIsBelievedOnlyFromATrustedPeer) {
  auto trusted = Trust({"10.0.0.5"});
  EXPECT_TRUE(trusted.ClientUsedHttps(false, "10.0.0.5", "https"));
  EXPECT_TRUE(trusted.ClientUsedHttps(false, "10.0.0.5", "http, HTTPS"));
  EXPECT_FALSE(trusted.ClientUsedHttps(false, "10.0.0.5", "http"));
  EXPECT_FALSE(trusted.ClientUsedHttps(false, "10.0.0.5", ""));
  EXPECT_FALSE(trusted.ClientUsedHttps(false, "203.0.113.9", "https"));
  EXPECT_TRUE(trusted.ClientUsedHttps(true, "203.0.113.9", ""));
}

}  // namespace
}  // namespace fk::api
