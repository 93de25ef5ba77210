#include "api/server/request_reader.hpp"

#include <gtest/gtest.h>

namespace fk::api {
namespace {

const TrustedProxies kNone;

TEST(RequestReader, ReadsMethodTargetHeadersAndBody) {
  auto r = ReadHttpRequest(
      "POST /api/v1/x?y=%FF HTTP/1.1\r\nHost: a\r\nX-Custom: One\r\nx-custom: two\r\n"
      "Content-Length: 5\r\n\r\nhello",
      1024, 100, {"192.0.2.1", false, kNone});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/api/v1/x?y=%FF");
  EXPECT_EQ(r->Header("x-custom"), "One");
  EXPECT_EQ(r->headers.size(), 4u);
  EXPECT_EQ(r->headers[2].first, "x-custom");
  EXPECT_EQ(r->headers[2].second, "two");
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->client_address, "192.0.2.1");
  EXPECT_FALSE(r->secure);
}

TEST(RequestReader, ReadsAChunkedBody) {
  auto r = ReadHttpRequest(
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
      1024, 100, {"192.0.2.1", true, kNone});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "abcde");
  EXPECT_TRUE(r->secure);
}

TEST(RequestReader, ForwardedHeadersCountOnlyFromATrustedPeer) {
  const std::string text =
      "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\n"
      "X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: https\r\n\r\n";
  auto untrusted = ReadHttpRequest(text, 1024, 0, {"192.0.2.1", false, kNone});
  ASSERT_TRUE(untrusted.ok());
  EXPECT_EQ(untrusted->client_address, "192.0.2.1");
  EXPECT_FALSE(untrusted->secure);
  const auto proxies = *TrustedProxies::Parse({"192.0.2.1"});
  auto trusted = ReadHttpRequest(text, 1024, 0, {"192.0.2.1", false, proxies});
  ASSERT_TRUE(trusted.ok());
  // Two X-Forwarded-For headers are one list: the second one's entry is nearest.
  EXPECT_EQ(trusted->client_address, "198.51.100.7");
  EXPECT_TRUE(trusted->secure);
}

TEST(RequestReader, RefusesWhatIsNotOneCompleteRequestWithinTheLimits) {
  const ConnectionFacts facts{"192.0.2.1", false, kNone};
  for (const std::string bad : {
           std::string(""),
           std::string("GET / HTTP/1.1\r\nHost: a\r\n"),                     // header cut short
           std::string("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"),  // body cut short
           std::string("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") + std::string(101, 'x'),
           std::string("GET / HTTP/1.1\r\nX: ") + std::string(2000, 'y') + "\r\n\r\n",
           std::string("GET / HTTP/9\r\n\r\n"),
           std::string("\xFF\xFE / HTTP/1.1\r\n\r\n"),
       }) {
    auto r = ReadHttpRequest(bad, 1024, 100, facts);
    ASSERT_FALSE(r.ok()) << bad.substr(0, 40);
    EXPECT_EQ(r.error().message.rfind("http: ", 0), 0u) << r.error().message;
  }
}

}  // namespace
}  // namespace fk::api
