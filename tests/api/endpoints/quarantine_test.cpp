// Quarantine through the API: the community orders a resident of the demo
// grid into home quarantine, the grid worker records checks (a repeated send
// once), every other role finds nothing to read or change, the notice is a
// printable Chinese page that runs nothing.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class QuarantineApiTest : public ApiTest {
 protected:
  std::int64_t Resident(const std::string& grid) {
    auto r = Call("GET", "/api/v1/residents?region=" + grid + "&limit=1", "", "district");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"][0]["id"].get<std::int64_t>();
  }
  // Today, as the server sees it (the order starts from a recent exposure).
  static std::string Today(int offset = 0) {
    std::time_t t = std::time(nullptr) + offset * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }
};

TEST_P(QuarantineApiTest, GridWorkerChecksTheirGridAndOthersSeeNothing) {
  const std::int64_t person = Resident(kDemoGrid);
  auto ordered =
      Call("POST", "/api/v1/quarantine-orders",
           nlohmann::json{{"resident_id", person}, {"place", "home"}, {"last_exposure", Today(-2)}}
               .dump(),
           "community");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  EXPECT_EQ(ordered.Json()["days"], 14);
  const std::string order =
      "/api/v1/quarantine-orders/" + std::to_string(ordered.Json()["id"].get<std::int64_t>());
  auto bad =
      Call("POST", "/api/v1/quarantine-orders",
           nlohmann::json{{"resident_id", person}, {"place", "hotel"}, {"last_exposure", Today()}}
               .dump(),
           "community");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "place");
  EXPECT_EQ(
      Call("POST", "/api/v1/quarantine-orders",
           nlohmann::json{{"resident_id", person}, {"place", "home"}, {"last_exposure", Today()}}
               .dump(),
           "community")
          .status,
      409);
  nlohmann::json check{{"temperature", 36.7}, {"client_id", "phone-0001-check"}};
  auto first = Call("POST", order + "/checks", check.dump(), "grid");
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = Call("POST", order + "/checks", check.dump(), "grid");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), first.Json());
  check["temperature"] = 38.0;
  auto other = Call("POST", order + "/checks", check.dump(), "grid");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.Json()["error"]["field"], "client_id");
  auto checks = Call("GET", order + "/checks", "", "grid");
  ASSERT_EQ(checks.status, 200) << checks.body;
  EXPECT_EQ(checks.Json()["items"].size(), 1u);
  auto list = Call("GET", "/api/v1/quarantine-orders", "", "grid");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json()["items"].size(), 1u);
  // Roles with no part in it: nothing to read, nothing to change.
  for (const std::string user : {"volunteer", "supply", "medical", "admin"}) {
    auto read = Call("GET", order, "", user);
    EXPECT_EQ(read.status, 404) << user << " " << read.body;
    EXPECT_EQ(Call("GET", order + "/checks", "", user).status, 404) << user;
    EXPECT_EQ(Call("GET", order + "/notice", "", user).status, 404) << user;
  }
  EXPECT_EQ(Call("POST", order + "/checks", R"({"temperature": 36.5})", "volunteer").status, 403);
  EXPECT_EQ(Call("POST", order + "/checks", R"({"temperature": 36.5})", "medical").status, 404);
  EXPECT_EQ(Call("PATCH", order, R"({"days": 7, "reason": "x"})", "grid").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/quarantine-orders", "", "admin").status, 403);
  EXPECT_EQ(Call("GET", order + "/checks", "", "community").Json()["items"].size(), 1u);
  auto notice = Call("GET", order + "/notice", "", "grid");
  ASSERT_EQ(notice.status, 200);
  EXPECT_EQ(notice.headers["content-type"].rfind("text/html", 0), 0u);
  EXPECT_NE(notice.headers["content-security-policy"].find("default-src 'none'"),
            std::string::npos);
  EXPECT_NE(notice.body.find("隔离医学观察告知书"), std::string::npos);
  auto changed = Call("PATCH", order, R"({"days": 21, "reason": "同住人转为确诊"})", "community");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json()["days"], 21);
  auto history = Call("GET", order + "/history", "", "street");
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.Json()["items"][0]["new_days"], 21);
  auto early =
      Call("POST", order + "/release",
           nlohmann::json{{"test_date", Today()}, {"test_result", "negative"}}.dump(), "community");
  EXPECT_EQ(early.status, 409);
  auto converted = Call("POST", order + "/convert", "{}", "community");
  ASSERT_EQ(converted.status, 200) << converted.body;
  EXPECT_EQ(converted.Json()["status"], "converted");
}

INSTANTIATE_TEST_SUITE_P(Backends, QuarantineApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
