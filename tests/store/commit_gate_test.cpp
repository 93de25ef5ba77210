#include "store/commit_gate.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "backends.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace fk::store {
namespace {

constexpr Migration kSchema[] = {{1, "notes", "CREATE TABLE notes (id {id}, text TEXT NOT NULL)"}};

Status Refuse() { return Error{ErrorCode::kResourceExhausted, "too late: the caller gave up"}; }

class CommitGateTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    t_ = std::make_unique<testing::TestDb>(GetParam());
    ASSERT_TRUE(t_->ok());
    auto v = Migrate(t_->db(), kSchema);
    ASSERT_TRUE(v.ok()) << v.error().message;
  }
  // Inserts one note in a write transaction and returns what Commit said.
  Status InsertNote(const std::string& text) {
    auto tx = t_->db().Begin();
    EXPECT_TRUE(tx.ok());
    EXPECT_TRUE(tx->Exec("INSERT INTO notes (text) VALUES (?)", {text}).ok());
    return tx->Commit();
  }
  int64_t CountNotes() {
    auto tx = t_->db().Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = tx->QueryOne("SELECT COUNT(*) FROM notes", {});
    EXPECT_TRUE(row.ok());
    return row->Int(0);
  }
  std::unique_ptr<testing::TestDb> t_;
};

TEST_P(CommitGateTest, NoGateCommits) {
  EXPECT_TRUE(InsertNote("a").ok());
  EXPECT_EQ(CountNotes(), 1);
}

TEST_P(CommitGateTest, GateThatAllowsCommits) {
  int asked = 0;
  ScopedCommitGate gate([&] {
    ++asked;
    return Status::Ok();
  });
  EXPECT_TRUE(InsertNote("a").ok());
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(CountNotes(), 1);
  EXPECT_EQ(asked, 1);  // a read-only transaction does not ask
}

TEST_P(CommitGateTest, GateThatRefusesRollsBackAndReturnsItsError) {
  {
    ScopedCommitGate gate(Refuse);
    Status s = InsertNote("a");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(s.error().message, "too late: the caller gave up");
  }
  EXPECT_EQ(CountNotes(), 0);
  // The refused transaction let go of its connection and locks: writes go on.
  EXPECT_TRUE(InsertNote("b").ok());
  EXPECT_EQ(CountNotes(), 1);
}

TEST_P(CommitGateTest, GateEndsWithItsScopeAndRestoresTheOuterOne) {
  ScopedCommitGate outer(Refuse);
  {
    ScopedCommitGate inner([] { return Status::Ok(); });
    EXPECT_TRUE(InsertNote("a").ok());
  }
  EXPECT_FALSE(InsertNote("b").ok());
  EXPECT_EQ(CountNotes(), 1);
}

TEST_P(CommitGateTest, GateCoversOnlyItsOwnThread) {
  ScopedCommitGate gate(Refuse);
  Status other;
  std::thread writer([&] { other = InsertNote("from another thread"); });
  writer.join();
  EXPECT_TRUE(other.ok());
  EXPECT_FALSE(InsertNote("from the gated thread").ok());
  EXPECT_EQ(CountNotes(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommitGateTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::store
