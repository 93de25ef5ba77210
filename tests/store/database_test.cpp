#include "store/database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <utility>
#include <vector>

#include "backends.hpp"
#include "store/migrations.hpp"

namespace fk::store {
namespace {

constexpr Migration kTestSchema[] = {
    {1, "people",
     "CREATE TABLE teams (id {id}, name TEXT NOT NULL UNIQUE);"
     "CREATE TABLE people (id {id}, team_id BIGINT NOT NULL REFERENCES teams(id),"
     " name TEXT NOT NULL, code {code} NOT NULL UNIQUE, score {real})"},
};

// Plans (generic, custom) PostgreSQL made on `conn` for a statement written
// with `?` placeholders (prepared as $1..$n); (-1, -1) if it is not prepared.
std::pair<int64_t, int64_t> PostgresPlans(Connection& conn, const std::string& sql) {
  std::string numbered;
  int n = 0;
  for (char c : sql) {
    if (c != '?') {
      numbered += c;
    } else {
      numbered += '$';
      numbered += std::to_string(++n);
    }
  }
  auto row = conn.Query(
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = ?",
      {numbered});
  EXPECT_TRUE(row.ok() && row->size() == 1) << sql;
  if (!row.ok() || row->size() != 1) return {-1, -1};
  return {(*row)[0].Int(0), (*row)[0].Int(1)};
}

class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    t_ = std::make_unique<testing::TestDb>(GetParam());
    ASSERT_TRUE(t_->ok());
    auto v = Migrate(db(), kTestSchema);
    ASSERT_TRUE(v.ok()) << v.error().message;
    ASSERT_EQ(*v, 1);
  }
  Database& db() { return t_->db(); }
  int64_t AddTeam(const std::string& name) {
    auto tx = db().Begin();
    EXPECT_TRUE(tx.ok());
    auto row = tx->QueryOne("INSERT INTO teams (name) VALUES (?) RETURNING id", {name});
    EXPECT_TRUE(row.ok()) << row.error().message;
    EXPECT_TRUE(tx->Commit().ok());
    return row->Int(0);
  }
  std::unique_ptr<testing::TestDb> t_;
};

TEST_P(DatabaseTest, DialectMatchesUrl) { EXPECT_EQ(db().dialect(), GetParam()); }

TEST_P(DatabaseTest, TypedRowsRoundTrip) {
  int64_t team = AddTeam("a");
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto n = tx->Exec("INSERT INTO people (team_id, name, code, score) VALUES (?, ?, ?, ?)",
                    {team, std::string("张三"), std::string("420102"), 37.25});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  ASSERT_TRUE(tx->Exec("INSERT INTO people (team_id, name, code, score) VALUES (?, ?, ?, ?)",
                       {team, std::string("李四"), std::string("420103"), nullptr})
                  .ok());
  auto rows = tx->Query("SELECT id, name, code, score FROM people ORDER BY code");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_GT((*rows)[0].Int(0), 0);
  EXPECT_EQ((*rows)[0].Text(1), "张三");
  EXPECT_EQ((*rows)[0].Text(2), "420102");
  EXPECT_DOUBLE_EQ((*rows)[0].Real(3), 37.25);
  EXPECT_TRUE((*rows)[1].IsNull(3));
  EXPECT_FALSE((*rows)[0].IsNull(3));
  ASSERT_TRUE(tx->Commit().ok());
}

TEST_P(DatabaseTest, ForEachRowReadsCellsInPlaceAndCanStop) {
  int64_t team = AddTeam("a");
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  for (auto [name, code] : {std::pair{"张三", "420102"}, {"李四", "420103"}, {"王五", "420104"}}) {
    ASSERT_TRUE(tx->Exec("INSERT INTO people (team_id, name, code) VALUES (?, ?, ?)",
                         {team, std::string(name), std::string(code)})
                    .ok());
  }
  std::vector<std::string> seen;
  Status read = tx->ForEachRow(
      "SELECT id, name, code, score, team_id FROM people ORDER BY code", {}, [&](const RowView& r) {
        EXPECT_GT(r.Int(0), 0);
        EXPECT_TRUE(r.IsNull(3));
        EXPECT_EQ(r.Text(3), "");
        EXPECT_EQ(r.Int(3), 0);
        EXPECT_EQ(r.Int(4), team);
        EXPECT_EQ(r.Text(4), std::to_string(team));
        seen.push_back(std::string(r.Text(1)) + "/" + std::string(r.Text(2)));
        return seen.size() < 2;  // stop after the second row
      });
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{"张三/420102", "李四/420103"}));
  // The statement is usable again after stopping early.
  int rows = 0;
  ASSERT_TRUE(tx->ForEachRow("SELECT id FROM people", {}, [&](const RowView&) {
                  ++rows;
                  return true;
                }).ok());
  EXPECT_EQ(rows, 3);
  EXPECT_FALSE(
      tx->ForEachRow("SELECT nope FROM people", {}, [](const RowView&) { return true; }).ok());
}

TEST_P(DatabaseTest, PlanChoiceDecidesWhetherPostgresPlansEveryCall) {
  int64_t team = AddTeam("a");
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    for (const char* code : {"c0", "c1", "c2", "c3", "c4"}) {
      ASSERT_TRUE(tx->Exec("INSERT INTO people (team_id, name, code) VALUES (?, ?, ?)",
                           {team, std::string("someone"), std::string(code)})
                      .ok());
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  const std::string reused = "SELECT id FROM people WHERE team_id = ? ORDER BY id LIMIT ?";
  const std::string per_call = "SELECT id FROM people WHERE team_id >= ? ORDER BY id LIMIT ?";
  auto rows_of = [&](const std::string& sql, PlanChoice plan) {
    int rows = 0;
    Status s = (*lease)->ForEachRow(
        sql, {team, int64_t{3}},
        [&](const RowView&) {
          ++rows;
          return true;
        },
        plan);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return rows;
  };
  auto plans = [&](const std::string& sql) { return PostgresPlans(**lease, sql); };
  // Alternating, so that the connection switches its mode every call.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rows_of(reused, PlanChoice::kReused), 3);
    EXPECT_EQ(rows_of(per_call, PlanChoice::kPerCall), 3);
  }
  if (GetParam() != Dialect::kPostgres) return;  // SQLite plans when it prepares
  EXPECT_EQ(plans(reused), std::pair(int64_t{3}, int64_t{0}));
  EXPECT_EQ(plans(per_call), std::pair(int64_t{0}, int64_t{3}));

  // A mode set inside a block that rolls back is undone; the connection
  // must not go on believing it.
  ASSERT_TRUE((*lease)->ExecScript("BEGIN").ok());
  EXPECT_EQ(rows_of(reused, PlanChoice::kReused), 3);
  ASSERT_TRUE((*lease)->ExecScript("ROLLBACK").ok());
  EXPECT_EQ(rows_of(reused, PlanChoice::kReused), 3);
  EXPECT_EQ(plans(reused), std::pair(int64_t{5}, int64_t{0}));
}

TEST_P(DatabaseTest, PostgresConnectionComesBackWithItsSessionSettingsAfterItsBackendDies) {
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL sessions";
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  auto pid = (*lease)->Query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok()) << pid.error().message;
  const std::string reused = "SELECT id FROM teams WHERE id > ? ORDER BY id LIMIT 1";
  auto read_reused = [&] {
    return (*lease)->ForEachRow(
        reused, {int64_t{0}}, [](const RowView&) { return true; }, PlanChoice::kReused);
  };
  ASSERT_TRUE(read_reused().ok());  // the session now reuses plans
  {
    auto other = db().Acquire();
    ASSERT_TRUE(other.ok());
    auto killed = (*other)->Query("SELECT pg_terminate_backend(?)", {(*pid)[0].Int(0)});
    ASSERT_TRUE(killed.ok()) << killed.error().message;
  }
  // The statement that meets the dead backend fails as unavailable (retry
  // later); the connection then opens a new session with the settings
  // every session gets.
  auto lost = (*lease)->Query("SELECT 1");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().message;
  auto setting = [&](const char* name) {
    auto rows = (*lease)->Query(std::string("SHOW ") + name);
    EXPECT_TRUE(rows.ok() && rows->size() == 1) << name;
    return rows.ok() && rows->size() == 1 ? (*rows)[0].Text(0) : std::string();
  };
  EXPECT_EQ(setting("TimeZone"), "UTC");
  EXPECT_EQ(setting("client_min_messages"), "warning");
  EXPECT_EQ(setting("plan_cache_mode"), "auto");
  // A statement asking for a reused plan gets one in the new session too.
  ASSERT_TRUE(read_reused().ok());
  EXPECT_EQ(PostgresPlans(**lease, reused), std::pair(int64_t{1}, int64_t{0}));
}

TEST_P(DatabaseTest, CheckpointWalEmptiesTheSqliteLog) {
  for (int i = 0; i < 50; ++i) AddTeam("team" + std::to_string(i));
  if (GetParam() != Dialect::kSqlite) {
    EXPECT_TRUE(db().CheckpointWal().ok());  // nothing to do
    return;
  }
  const std::string wal = db().url() + "-wal";
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);
  Status s = db().CheckpointWal();
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);
  auto rows = db().Begin(TxMode::kRead)->Query("SELECT COUNT(*) FROM teams");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), 50);
}

TEST_P(DatabaseTest, SqliteConnectionsUseTheDocumentedSettings) {
  if (GetParam() != Dialect::kSqlite) GTEST_SKIP() << "SQLite settings";
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  auto setting = [&](const char* pragma) {
    auto rows = (*lease)->Query(std::string("PRAGMA ") + pragma);
    EXPECT_TRUE(rows.ok() && rows->size() == 1) << pragma;
    return rows.ok() && !rows->empty() ? (*rows)[0].Text(0) : std::string();
  };
  EXPECT_EQ(setting("journal_mode"), "wal");
  EXPECT_EQ(setting("synchronous"), "2");  // FULL
  EXPECT_EQ(setting("foreign_keys"), "1");
  EXPECT_EQ(setting("wal_autocheckpoint"), "0");
  EXPECT_EQ(setting("mmap_size"), "1073741824");
}

TEST_P(DatabaseTest, RefreshStatisticsSamplesABulkLoadForPostgresPlanner) {
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    Params values;
    for (int i = 0; i < 300; ++i) values.emplace_back("team " + std::to_string(i));
    ASSERT_TRUE(tx->BulkInsert("teams", {"name"}, values).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  ASSERT_TRUE(db().RefreshStatistics({"teams", "people"}).ok());
  auto tx = db().Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  if (GetParam() == Dialect::kPostgres) {
    // The planner's row count: -1 (never sampled) before, exact after ANALYZE.
    auto rows = tx->QueryOne("SELECT reltuples FROM pg_class WHERE relname = 'teams'", {});
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ(rows->Int(0), 300);
  } else {
    // Nothing to do on SQLite: no statistics table appears.
    auto rows = tx->Query("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'");
    ASSERT_TRUE(rows.ok());
    EXPECT_TRUE(rows->empty());
  }
}

TEST_P(DatabaseTest, MetacharactersAreStoredVerbatim) {
  int64_t team = AddTeam("x");
  const std::string evil = "'; DROP TABLE people; -- ? $1 \"q\"";
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(tx->Exec("INSERT INTO people (team_id, name, code) VALUES (?, ?, ?)",
                       {team, evil, std::string("1")})
                  .ok());
  auto row = tx->QueryOne("SELECT name FROM people WHERE name = ?", {evil});
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->Text(0), evil);
  ASSERT_TRUE(tx->Commit().ok());
}

TEST_P(DatabaseTest, UniqueViolationIsConflict) {
  AddTeam("dup");
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto r = tx->Exec("INSERT INTO teams (name) VALUES (?)", {std::string("dup")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

TEST_P(DatabaseTest, ForeignKeyViolationIsInvalidArgument) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto r = tx->Exec("INSERT INTO people (team_id, name, code) VALUES (?, ?, ?)",
                    {int64_t{999}, std::string("n"), std::string("c")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, SyntaxErrorIsInternal) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  auto r = tx->Query("SELEC nothing");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

TEST_P(DatabaseTest, QueryOneNotFound) {
  auto tx = db().Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto r = tx->QueryOne("SELECT id FROM teams WHERE name = ?", {std::string("none")}, "no team");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "no team");
}

TEST_P(DatabaseTest, DestroyedTransactionRollsBack) {
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("INSERT INTO teams (name) VALUES (?)", {std::string("gone")}).ok());
  }
  auto tx = db().Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto rows = tx->Query("SELECT COUNT(*) FROM teams");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).Int(0), 0);
}

TEST_P(DatabaseTest, UncommittedWritesAreInvisibleToOthers) {
  auto writer = db().Begin();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Exec("INSERT INTO teams (name) VALUES (?)", {std::string("w")}).ok());
  auto other = Database::Open(t_->url());
  ASSERT_TRUE(other.ok());
  auto count = [&] {
    auto lease = (*other)->Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query("SELECT COUNT(*) FROM teams");
    EXPECT_TRUE(rows.ok());
    return rows->at(0).Int(0);
  };
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, ReadTransactionReadsAndRefusesWrites) {
  AddTeam("北区");
  auto tx = db().Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok()) << tx.error().message;
  auto rows = tx->Query("SELECT name FROM teams");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "北区");
  auto write = tx->Exec("INSERT INTO teams (name) VALUES (?)", {std::string("南区")});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(tx->ExecScript("DELETE FROM teams").ok());
  EXPECT_TRUE(tx->Commit().ok());
  auto check = db().Begin(TxMode::kRead);
  ASSERT_TRUE(check.ok());
  auto count = check->QueryOne("SELECT COUNT(*) FROM teams", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0), 1);
}

TEST_P(DatabaseTest, MigrationsRunOnce) {
  auto again = Migrate(db(), kTestSchema);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 1);
  auto v = SchemaVersion(db());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 1);
}

TEST_P(DatabaseTest, FailedMigrationRollsBackAndReports) {
  constexpr Migration bad[] = {
      kTestSchema[0],
      {2, "broken", "CREATE TABLE half (id {id}); CREATE TABLE oops ("},
  };
  auto v = Migrate(db(), bad);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("migration 2 failed"), std::string::npos);
  EXPECT_EQ(*SchemaVersion(db()), 1);
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->Query("SELECT COUNT(*) FROM half").ok());  // rolled back
}

TEST_P(DatabaseTest, PoolServesConcurrentWriters) {
  int64_t team = AddTeam("t");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto tx = db().Begin();
        if (!tx) {
          ++failures;
          continue;
        }
        std::string code = std::to_string(t * 1000 + i);
        if (!tx->Exec("INSERT INTO people (team_id, name, code) VALUES (?, ?, ?)",
                      {team, std::string("p"), code})
                 .ok() ||
            !tx->Commit().ok())
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ((*lease)->Query("SELECT COUNT(*) FROM people")->at(0).Int(0), 100);
}

TEST(DatabaseOpen, UnreachablePostgresIsUnavailable) {
  auto db = Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(db.error().internal_text);
}

TEST(DatabaseOpen, SqliteInMissingFolderIsIo) {
  auto db = Database::Open("/nonexistent-folder/x.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kIo);
}

TEST(ExpandDialect, Tokens) {
  EXPECT_EQ(ExpandDialect("a {id}, b {code}, c {real}", Dialect::kSqlite),
            "a INTEGER PRIMARY KEY, b TEXT, c REAL");
  EXPECT_EQ(ExpandDialect("a {id}, b {code}, c {real}", Dialect::kPostgres),
            "a BIGSERIAL PRIMARY KEY, b TEXT COLLATE \"C\", c DOUBLE PRECISION");
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::store
