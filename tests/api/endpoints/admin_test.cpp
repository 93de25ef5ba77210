// GET /api/v1/audit: every entry carries its region, a read of the log is
// itself recorded with its filters, ?term= finds the searches for a
// person's number without the log holding the number, and ?action= keeps
// one action.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class AdminApiTest : public ApiTest {};

TEST_P(AdminApiTest, ReadsOfTheLogAreRecordedAndSearchesFoundByTerm) {
  const std::string id = "11010519491231002X";
  ASSERT_EQ(Call("GET", std::string("/api/v1/residents?id_number=") + id, "", "grid").status, 200);
  auto by_term = Call("GET", "/api/v1/audit?term=11010519491231002x", "", "admin");
  ASSERT_EQ(by_term.status, 200) << by_term.body;
  const nlohmann::json found = by_term.Json()["items"];
  ASSERT_EQ(found.size(), 1u) << by_term.body;
  EXPECT_EQ(found[0]["action"], "search");
  EXPECT_EQ(found[0]["region"], kDemoGrid);
  EXPECT_EQ(found[0]["detail"].get<std::string>().find("1101051949"), std::string::npos);
  // Nor whether the search found the person: the administrator may not know.
  EXPECT_EQ(found[0]["detail"].get<std::string>().find("results"), std::string::npos);
  // That read is in the log now, with its filter as a hash too.
  auto reads = Call("GET", "/api/v1/audit?entity=audit_log", "", "admin");
  ASSERT_EQ(reads.status, 200) << reads.body;
  const nlohmann::json entries = reads.Json()["items"];
  ASSERT_FALSE(entries.empty());
  const nlohmann::json& first = entries[0];
  EXPECT_EQ(first["action"], "read");
  EXPECT_EQ(first["detail"].get<std::string>().rfind("term=hmac:", 0), 0u) << first.dump();
  EXPECT_EQ(reads.body.find("1101051949"), std::string::npos);
  // Only administrators read it.
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", "district").status, 403);
}

TEST_P(AdminApiTest, TheLogIsFilteredByAction) {
  ASSERT_EQ(Call("GET", "/api/v1/residents?name=%E5%BC%A0*", "", "grid").status, 200);
  ASSERT_EQ(
      Call("GET", std::string("/api/v1/residents/export?region=") + kDemoGrid, "", "grid").status,
      200);
  for (const std::string action : {"search", "export"}) {
    SCOPED_TRACE(action);
    auto page = Call("GET", "/api/v1/audit?action=" + action, "", "admin");
    ASSERT_EQ(page.status, 200) << page.body;
    const nlohmann::json items = page.Json()["items"];
    ASSERT_FALSE(items.empty()) << page.body;
    for (const auto& e : items) EXPECT_EQ(e["action"], action) << e.dump();
  }
  // With the other filters: the grid worker's export of their grid, and no one else's.
  auto mine = Call("GET", "/api/v1/audit?action=export&entity=resident", "", "admin");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json()["items"].size(), 1u) << mine.body;
  EXPECT_EQ(mine.Json()["items"][0]["region"], kDemoGrid);
  // The read of the log records the action it was filtered by.
  auto reads = Call("GET", "/api/v1/audit?entity=audit_log", "", "admin");
  ASSERT_EQ(reads.status, 200) << reads.body;
  EXPECT_NE(reads.body.find("action=export"), std::string::npos) << reads.body;
  // What cannot be an action is refused, and says why.
  auto bad = Call("GET", "/api/v1/audit?action=read%27%20OR%201%3D1", "", "admin");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["message"], "action: 1..32 characters a-z and _") << bad.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
