// AuditService::Query pages: every entry matching the filters exactly once,
// in (at, id) order, whatever the order of the ids, for each filter
// combination (each reads its own index, schema migrations 5 and 12); an
// action that cannot be one is refused; a reader sees
// only the entries of their scope, and every read of the log is itself
// recorded; searches are found by a term's keyed hash; the log refuses
// UPDATE, DELETE and (PostgreSQL) TRUNCATE.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "ops/audit/audit.hpp"
#include "ops/registry/registry.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

using Key = std::pair<int64_t, int64_t>;  // (at, id)

class AuditQueryTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    // (user, at, action, entity, entity id), appended in this order: times
    // are not in id order.
    const std::vector<std::tuple<int64_t, int64_t, std::string, std::string, std::string>> entries{
        {11, 300, "read", "resident", "7"},    {12, 100, "export", "resident", "8"},
        {11, 200, "update", "household", "3"}, {11, 100, "read", "resident", "7"},
        {12, 300, "export", "resident", "7"},  {11, 200, "read", "resident", "7"},
        {12, 400, "update", "user", "1"},      {11, 100, "read", "household", "3"},
        {11, 300, "export", "resident", "7"}};
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    for (const auto& [user, at, action, entity, id] : entries)
      ASSERT_TRUE(
          AppendAudit(*tx, Actor(Role::kAdministrator, "", user), at, action, entity, id).ok());
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
      {{.action = "export"}, "action = 'export'"},
      {{.action = "update", .from = 200}, "action = 'update' AND at >= 200"},
      {{.user_id = 11, .entity = "resident", .action = "read"},
       "user_id = 11 AND entity = 'resident' AND action = 'read'"},
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

TEST_P(AuditQueryTest, AnActionNoEntryCanHaveIsRefused) {
  AuditWriter writer(db());
  AuditService audit(db(), writer);
  for (const std::string& action : std::vector<std::string>{
           "read' OR '1'='1", "Read", "export unmasked", std::string(33, 'a')}) {
    SCOPED_TRACE(action);
    auto page = audit.Query(Actor(Role::kAdministrator, ""), {.action = action});
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().message, "action: 1..32 characters a-z and _");
  }
  // A well-formed action that no entry has is an empty page, not an error.
  auto none = audit.Query(Actor(Role::kAdministrator, ""), {.action = "no_such_action"});
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->items.empty());
}

TEST_P(AuditQueryTest, AnEntityIdNeedsItsEntity) {
  AuditWriter writer(db());
  AuditService audit(db(), writer);
  auto page = audit.Query(Actor(Role::kAdministrator, ""), {.entity_id = "3"});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(page.error().message, "entity: required with entity_id");
}

// The attack of issue 11: a street administrator read the whole city's
// log. Entries of the city, of two streets and of the whole tree: each
// reader sees those of their scope, however they filter or page.
class AuditScopeTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    writer_ = std::make_unique<AuditWriter>(db());
    audit_ = std::make_unique<AuditService>(db(), *writer_, [] { return int64_t{5000}; });
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    const AccessContext officer = Actor(Role::kDistrictOfficer, "420102", 21);
    for (const auto& [at, region] : std::vector<std::pair<int64_t, std::string>>{
             {100, kGridA},          // street 420102001
             {200, "420102002"},     // another street
             {300, "420102"},        // the district
             {400, kGridC},          // street 420102001
             {500, "420102002001"},  // a community of the other street
         }) {
      ASSERT_TRUE(
          AppendAudit(*tx, officer, at, "read", "resident", std::to_string(at), "", region).ok());
    }
    // With no region given, the actor's scope.
    ASSERT_TRUE(
        AppendAudit(*tx, Actor(Role::kGridWorker, kGridB, 22), 600, "read", "household", "1").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  // The times of every entry `reader` pages through, two a page, of the
  // entity "resident" or "household" (not the records of the reads).
  std::vector<int64_t> Seen(const AccessContext& reader) {
    std::vector<int64_t> out;
    for (const char* entity : {"resident", "household"}) {
      AuditFilter f{.entity = entity, .limit = 2};
      while (true) {
        auto page = audit_->Query(reader, f);
        EXPECT_TRUE(page.ok()) << page.error().message;
        if (!page.ok()) return out;
        for (const auto& e : page->items) out.push_back(e.at);
        if (!page->next_cursor) break;
        f.after_id = *page->next_cursor;
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::unique_ptr<AuditWriter> writer_;
  std::unique_ptr<AuditService> audit_;
};

TEST_P(AuditScopeTest, AStreetAdministratorReadsOnlyTheirStreet) {
  EXPECT_EQ(Seen(Actor(Role::kAdministrator, "420102001", 30)),
            (std::vector<int64_t>{100, 400, 600}));
  EXPECT_EQ(Seen(Actor(Role::kAdministrator, "420102002", 31)), (std::vector<int64_t>{200, 500}));
  EXPECT_EQ(Seen(Actor(Role::kAdministrator, "420102", 32)),
            (std::vector<int64_t>{100, 200, 300, 400, 500, 600}));
  EXPECT_EQ(Seen(Actor(Role::kAdministrator, kCity, 33)),
            (std::vector<int64_t>{100, 200, 300, 400, 500, 600}));
  // A grid's administrator does not even see the district's records.
  EXPECT_EQ(Seen(Actor(Role::kAdministrator, kGridB, 34)), (std::vector<int64_t>{600}));
  // Filters do not widen the scope.
  auto by_user = audit_->Query(Actor(Role::kAdministrator, "420102001", 30), {.user_id = 21});
  ASSERT_TRUE(by_user.ok());
  ASSERT_EQ(by_user->items.size(), 2u);
  for (const auto& e : by_user->items) EXPECT_TRUE(InScope("420102001", e.region)) << e.region;
}

// A cursor naming an entry of another street answers as a missing one: the
// first page, not the entries after it.
TEST_P(AuditScopeTest, ACursorOutsideTheScopeAnswersAsAMissingOne) {
  const AccessContext street = Actor(Role::kAdministrator, "420102001", 30);
  auto other = audit_->Query(Actor(Role::kAdministrator, "420102002", 31), {.entity = "resident"});
  ASSERT_TRUE(other.ok());
  ASSERT_FALSE(other->items.empty());
  auto first = audit_->Query(street, {.entity = "resident", .after_id = 999999});
  auto foreign = audit_->Query(street, {.entity = "resident", .after_id = other->items.front().id});
  ASSERT_TRUE(first.ok() && foreign.ok());
  auto ids = [](const Page<AuditEntry>& p) {
    std::vector<int64_t> out;
    for (const auto& e : p.items) out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(ids(*foreign), ids(*first));
  EXPECT_EQ(foreign->next_cursor, first->next_cursor);
  EXPECT_EQ(ids(*first).size(), 2u);  // 100 and 400, from the start
}

TEST_P(AuditScopeTest, EveryReadOfTheLogIsRecordedWithItsFilters) {
  const AccessContext street = Actor(Role::kAdministrator, "420102001", 30);
  auto page = audit_->Query(street, {.user_id = 21, .entity = "resident", .from = 50, .limit = 7});
  ASSERT_TRUE(page.ok()) << page.error().message;
  auto reads = audit_->Query(Actor(Role::kAdministrator, "", 1), {.entity = "audit_log"});
  ASSERT_TRUE(reads.ok());
  ASSERT_EQ(reads->items.size(), 1u);  // the read above; this one is recorded after its answer
  const AuditEntry& e = reads->items[0];
  EXPECT_EQ(e.user_id, 30);
  EXPECT_EQ(e.action, "read");
  EXPECT_EQ(e.at, 5000);
  EXPECT_EQ(e.region, "420102001");
  EXPECT_EQ(e.detail, "user_id=21 entity=resident from=50 limit=7; 2 entries");
  EXPECT_EQ(e.client_address, "127.0.0.1:5000");
}

TEST_P(AuditScopeTest, TheLogRefusesUpdateDeleteAndTruncate) {
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  const int64_t before = Count("SELECT COUNT(*) FROM audit_log");
  EXPECT_FALSE((*lease)->Exec("UPDATE audit_log SET region = '420102001'").ok());
  EXPECT_FALSE((*lease)->Exec("DELETE FROM audit_log WHERE at = 200").ok());
  EXPECT_FALSE((*lease)->Exec("DELETE FROM audit_log").ok());
  if (db().dialect() == store::Dialect::kPostgres) {
    auto truncated = (*lease)->Exec("TRUNCATE audit_log");
    ASSERT_FALSE(truncated.ok());
    EXPECT_NE(truncated.error().message.find("audit log is append-only"), std::string::npos)
        << truncated.error().message;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), before);
  // The search-term key, once made, is kept the same way.
  SearchTermKey key(db());
  auto hash = key.Hash("42010219900101111X");
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_FALSE((*lease)->Exec("UPDATE audit_keys SET secret = 'x'").ok());
  EXPECT_FALSE((*lease)->Exec("DELETE FROM audit_keys").ok());
  if (db().dialect() == store::Dialect::kPostgres) {
    EXPECT_FALSE((*lease)->Exec("TRUNCATE audit_keys").ok());
  }
  EXPECT_EQ(SearchTermKey(db()).Hash("42010219900101111X").value(), *hash);
}

// An auditor asks whether a person's ID number was searched, and finds the
// search, though neither the log nor the read of it holds the number.
TEST_P(AuditScopeTest, ASearchIsFoundByItsTermWhichTheLogNeverHolds) {
  AuditWriter writer(db());
  RegistryService registry(db(), writer, [] { return int64_t{7000}; });
  const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001001", 40);
  const std::string id = MakeId("19900101", 11);
  std::string lower = id;
  if (lower.back() == 'X') lower.back() = 'x';
  ASSERT_TRUE(registry.Search(officer, {.id_number = id}).ok());
  ASSERT_TRUE(registry.Search(officer, {.phone = "027-87654321"}).ok());
  ASSERT_TRUE(registry.Search(officer, {.name = "张三丰"}).ok());
  ASSERT_TRUE(registry.Search(officer, {.name = "张*", .address = "3-1"}).ok());
  const AccessContext auditor = Actor(Role::kAdministrator, "420102001", 30);
  auto searches = [&](const std::string& term) {
    auto page = audit_->Query(auditor, {.term = term});
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<std::string> out;
    for (const auto& e : page->items) out.push_back(e.action + " " + e.detail);
    return out;
  };
  const std::vector<std::string> by_id = searches(id);
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(searches(lower), by_id);  // however the auditor writes it
  EXPECT_EQ(by_id[0].find(id.substr(0, 17)), std::string::npos) << by_id[0];
  EXPECT_EQ(by_id[0].rfind("search id_number=hmac:", 0), 0u) << by_id[0];
  EXPECT_EQ(searches("02787654321").size(), 1u);
  EXPECT_EQ(searches("027-87654321").size(), 1u);
  EXPECT_EQ(searches("张三丰").size(), 1u);
  EXPECT_TRUE(searches(MakeId("19900101", 13)).empty());
  // What one letter of a name and an address fragment say, the log says in clear.
  auto plain = audit_->Query(auditor, {.entity = "resident"});
  ASSERT_TRUE(plain.ok());
  bool found = false;
  for (const auto& e : plain->items)
    found = found || e.detail == "name=张* address=\"3-1\"; 0 results";
  EXPECT_TRUE(found);
  // No record anywhere holds the number or the phone, the reads of the log included.
  for (const std::string& secret : {id.substr(0, 17), std::string("87654321"), std::string("三丰")})
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%" + secret + "%'"), 0)
        << secret;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditScopeTest, testing::AllDialects(), testing::DialectName);

INSTANTIATE_TEST_SUITE_P(Backends, AuditQueryTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
