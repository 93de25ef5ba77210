// AuditService::Query pages: every entry matching the filters exactly once,
// in (at, id) order, whatever the order of the ids, for each filter
// combination (each reads its own index, schema migration 5).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "ops/audit/audit.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

using Key = std::pair<int64_t, int64_t>;  // (at, id)

class AuditQueryTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    // (user, at, entity, entity id), appended in this order: times are not
    // in id order.
    const std::vector<std::tuple<int64_t, int64_t, std::string, std::string>> entries{
        {11, 300, "resident", "7"}, {12, 100, "resident", "8"},  {11, 200, "household", "3"},
        {11, 100, "resident", "7"}, {12, 300, "resident", "7"},  {11, 200, "resident", "7"},
        {12, 400, "user", "1"},     {11, 100, "household", "3"}, {11, 300, "resident", "7"}};
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    for (const auto& [user, at, entity, id] : entries)
      ASSERT_TRUE(
          AppendAudit(*tx, Actor(Role::kAdministrator, "", user), at, "read", entity, id).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  // The ids of the entries matching `where`, in (at, id) order, read directly.
  std::vector<Key> Expected(const std::string& where) {
    auto lease = db().Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query("SELECT at, id FROM audit_log WHERE " + where);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    std::vector<Key> out;
    for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Int(1));
    std::sort(out.begin(), out.end());
    return out;
  }

  // Every page of `filter`, two entries a page.
  std::vector<Key> Paged(AuditFilter filter) {
    // Each read of the log is itself recorded: at time 0, before every
    // entry here, so that no page of a test meets the records of its reads.
    AuditWriter writer(db());
    AuditService audit(db(), writer, [] { return int64_t{0}; });
    filter.limit = 2;
    std::vector<Key> out;
    while (true) {
      auto page = audit.Query(Actor(Role::kAdministrator, ""), filter);
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok()) break;
      EXPECT_LE(page->items.size(), 2u);
      for (const auto& e : page->items) out.emplace_back(e.at, e.id);
      if (!page->next_cursor) break;
      filter.after_id = *page->next_cursor;
    }
    return out;
  }
};

TEST_P(AuditQueryTest, PagesInTimeOrderForEveryFilter) {
  const std::vector<std::pair<AuditFilter, std::string>> cases{
      {{}, "1 = 1"},
      {{.user_id = 11}, "user_id = 11"},
      {{.entity = "resident"}, "entity = 'resident'"},
      {{.entity = "resident", .entity_id = "7"}, "entity = 'resident' AND entity_id = '7'"},
      {{.entity = "household", .entity_id = "3"}, "entity = 'household' AND entity_id = '3'"},
      {{.from = 200, .to = 400}, "at >= 200 AND at < 400"},
      {{.user_id = 11, .entity = "resident", .from = 150, .to = 301},
       "user_id = 11 AND entity = 'resident' AND at >= 150 AND at < 301"},
  };
  for (const auto& [filter, where] : cases) {
    SCOPED_TRACE(where);
    const std::vector<Key> expected = Expected(where);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(Paged(filter), expected);
  }
  // Times out of id order really were appended (else the test shows nothing).
  const std::vector<Key> mine = Expected("user_id = 11");
  EXPECT_FALSE(std::is_sorted(mine.begin(), mine.end(),
                              [](const Key& a, const Key& b) { return a.second < b.second; }));
}

TEST_P(AuditQueryTest, AnEntityIdNeedsItsEntity) {
  AuditWriter writer(db());
  AuditService audit(db(), writer);
  auto page = audit.Query(Actor(Role::kAdministrator, ""), {.entity_id = "3"});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(page.error().message, "entity: required with entity_id");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditQueryTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
