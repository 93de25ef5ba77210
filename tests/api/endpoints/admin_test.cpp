// GET /api/v1/audit: every entry carries its region, a read of the log is
// itself recorded with its filters, and ?term= finds the searches for a
// person's number without the log holding the number.
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

INSTANTIATE_TEST_SUITE_P(Backends, AdminApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
