// Notices through the API: an officer publishes, residents read their
// community's notices without logging in; the open route is tried like an
// attacker would (markup, odd codes, enumeration, a flood).
#include <ctime>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

using NoticesApiTest = ApiTest;

std::int64_t InDays(int days) {
  return static_cast<std::int64_t>(std::time(nullptr)) + days * 86400;
}

TEST_P(NoticesApiTest, PublishedNoticesReachTheCommunityPageWithoutLogin) {
  const std::string markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  auto made = Call("POST", "/api/v1/notices",
                   nlohmann::json{{"region_code", "420102001"},
                                  {"title", "关于加强小区封闭管理的通告"},
                                  {"body", "一、全体居民…\n" + markup},
                                  {"pinned", true},
                                  {"expires_at", InDays(7)}}
                       .dump(),
                   "street");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["published_by"].is_number(), true);
  auto page = Call("GET", "/api/v1/notices/community/420102001001");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto body = page.Json();
  EXPECT_EQ(body["community_code"], "420102001001");
  ASSERT_EQ(body["notices"].size(), 1u);
  // The text comes back exactly as written, as a JSON string: the page shows it as text.
  EXPECT_EQ(body["notices"][0]["body"], "一、全体居民…\n" + markup);
  EXPECT_EQ(body["notices"][0].count("published_by"), 0u);  // no staff ids for the public
  EXPECT_EQ(page.headers["content-type"].rfind("application/json", 0), 0u);
  // Another street's community does not see it.
  auto other = Call("GET", "/api/v1/notices/community/420102002002");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(other.Json()["notices"].empty());
  // Withdrawn: gone from the page.
  auto withdrawn =
      Call("POST", "/api/v1/notices/" + made.Json()["id"].dump() + "/withdraw", "", "street");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_TRUE(Call("GET", "/api/v1/notices/community/420102001001").Json()["notices"].empty());
}

TEST_P(NoticesApiTest, TheOpenRouteRefusesOddCodesAndFloods) {
  for (const char* code :
       {"420102001", "4201020010010", "%27%20OR%201%3D1--", "..%2F..%2Fetc", "%3Cscript%3E"}) {
    auto r = Call("GET", std::string("/api/v1/notices/community/") + code);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << code << " " << r.status << " " << r.body;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  }
  EXPECT_EQ(Call("GET", "/api/v1/notices/community/420102009009").status, 404);
  // 120 a minute per address, then 429 with Retry-After.
  int refused = 0;
  for (int i = 0; i < 130; ++i) {
    auto r = Call("GET", "/api/v1/notices/community/420102001001");
    if (r.status == 429) {
      ++refused;
      EXPECT_FALSE(r.headers["retry-after"].empty());
    }
  }
  EXPECT_GE(refused, 1);
  EXPECT_LE(refused, 6 + 130 - 120);  // the 6 earlier calls of this test count too
}

TEST_P(NoticesApiTest, OnlyOfficersPublishAndOnlyInTheirArea) {
  const nlohmann::json notice{
      {"region_code", "420102001001"}, {"title", "t"}, {"body", "b"}, {"expires_at", InDays(1)}};
  for (const char* user : {"grid", "medical", "supply", "volunteer", "admin"})
    EXPECT_EQ(Call("POST", "/api/v1/notices", notice.dump(), user).status, 403) << user;
  nlohmann::json elsewhere = notice;
  elsewhere["region_code"] = "420102002";
  EXPECT_EQ(Call("POST", "/api/v1/notices", elsewhere.dump(), "community").status, 403);
  nlohmann::json bad = notice;
  bad["expires_at"] = "tomorrow";
  auto r = Call("POST", "/api/v1/notices", bad.dump(), "community");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "expires_at");
  EXPECT_TRUE(Call("GET", "/api/v1/notices", "", "community").Json()["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
