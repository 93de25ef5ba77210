// The server's own failures, provoked through real code paths of the
// assembled server on both backends (issue 11): a database locked by
// someone else answers 503, a damaged schema answers 500; each answer is
// generic (never the database's own text), conforms to the OpenAPI
// document (ApiTest::Call checks it) and leaves nothing half-written; the
// real cause goes to the server's log. PostgreSQL going down under a
// running server: database_down_test.cpp; the login throttle's 429:
// accounts_test.cpp and the conformance test.
#include <gtest/gtest.h>

#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

// A short wait for SQLite's write lock (and for a pooled connection) and a
// short handler time limit, so that a lock held elsewhere answers fast.
class ServerErrorsTest : public ApiTest {
 protected:
  void Configure(ApiServerOptions& options) override {
    options.db_timeout_ms = 300;
    options.http.handler_timeout = std::chrono::seconds(3);
  }

  // A household in the grid worker's grid, as the grid worker adds it.
  ClientResponse AddHousehold(const std::string& building) {
    return Call(
        "POST", "/api/v1/households",
        nlohmann::json{{"grid_code", kDemoGrid}, {"building", building}, {"room", "101"}}.dump(),
        "grid", {{"Content-Type", "application/json"}});
  }

  std::int64_t Households(const std::string& building) {
    auto tx = test_db_->db().Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto n = tx->QueryOne("SELECT COUNT(*) FROM households WHERE building = ?", {building});
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? n->Int(0) : -1;
  }
};

// Another program holds the database's write lock (SQLite: a writer that
// does not let go; PostgreSQL: a table lock): a change waits, then answers
// 503 without a word of the database's, and is not saved once the lock
// goes. SQLite gives up after the busy timeout (503 busy); PostgreSQL waits
// for locks without a limit, so the handler's time limit answers (503
// timeout) and refuses the handler's commit when it comes.
TEST_P(ServerErrorsTest, ADatabaseLockedByAnotherProgramAnswers503AndSavesNothing) {
  const bool sqlite = GetParam() == store::Dialect::kSqlite;
  ASSERT_EQ(AddHousehold("before-lock").status, 201);
  auto lease = test_db_->db().Acquire();
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)
                  ->ExecScript(sqlite ? "BEGIN IMMEDIATE"
                                      : "BEGIN; LOCK TABLE households IN ACCESS EXCLUSIVE MODE")
                  .ok());
  auto locked = AddHousehold("during-lock");
  ASSERT_TRUE((*lease)->ExecScript("ROLLBACK").ok());
  EXPECT_EQ(locked.status, 503) << locked.body;
  const auto error = locked.Json()["error"];
  if (sqlite) {
    EXPECT_EQ(error["code"], "busy");
    EXPECT_EQ(error["message"], "the database is busy; retry later");
  } else {
    EXPECT_EQ(error["code"], "timeout");
    EXPECT_EQ(error["message"], "the request took too long to handle");
  }
  for (const char* word : {"lock", "SQLITE", "households", "database: "})
    EXPECT_EQ(locked.body.find(word), std::string::npos) << word << " in " << locked.body;
  // The lock is gone: the server answers again at once.
  EXPECT_EQ(AddHousehold("after-lock").status, 201);
  server_->Stop();  // waits for the refused handler to end
  EXPECT_EQ(Households("during-lock"), 0);
  EXPECT_EQ(Households("after-lock"), 1);
}

// The schema was damaged behind the server's back (a table renamed): the
// read fails inside its handler with the database's own error, which the
// log gets and the client does not (500 internal error).
TEST_P(ServerErrorsTest, ADamagedSchemaAnswers500GenericallyAndLogsTheCause) {
  auto residents =
      Call("GET", std::string("/api/v1/residents?limit=1&region=") + kDemoGrid, "", "grid");
  ASSERT_EQ(residents.status, 200) << residents.body;
  const std::string household =
      "/api/v1/households/" +
      std::to_string(residents.Json()["items"][0]["household_id"].get<std::int64_t>());
  ASSERT_EQ(Call("GET", household, "", "grid").status, 200);
  auto lease = test_db_->db().Acquire();
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)->ExecScript("ALTER TABLE households RENAME TO households_moved").ok());
  ::testing::internal::CaptureStderr();
  auto failed = Call("GET", household, "", "grid");
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE((*lease)->ExecScript("ALTER TABLE households_moved RENAME TO households").ok());
  EXPECT_EQ(failed.status, 500) << failed.body;
  EXPECT_EQ(failed.Json()["error"]["code"], "internal");
  EXPECT_EQ(failed.Json()["error"]["message"], "internal error");
  for (const char* word : {"households", "table", "relation", "database: "})
    EXPECT_EQ(failed.body.find(word), std::string::npos) << word << " in " << failed.body;
  EXPECT_NE(log.find("database error answered as \"internal error\""), std::string::npos) << log;
  EXPECT_NE(log.find("households"), std::string::npos) << log;
  // Repaired: the same request is answered again.
  EXPECT_EQ(Call("GET", household, "", "grid").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerErrorsTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
