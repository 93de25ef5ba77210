// Test helpers that make audit_log misbehave on either backend: a trigger that
// refuses the INSERT of chosen rows (a failed commit), and a transaction that
// holds the table's write lock (a commit that waits). Used by
// audit_writer_test.cpp and registry_test.cpp.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "store/database.hpp"

namespace fk::ops {

// From now on, an INSERT into audit_log of a row for which `condition` (SQL
// over NEW, e.g. "NEW.detail = 'poison'") holds fails, and with it its
// transaction.
inline void RefuseAuditInserts(store::Database& db, const std::string& condition) {
  auto lease = db.Acquire();
  ASSERT_TRUE(lease.ok());
  Status s = db.dialect() == store::Dialect::kSqlite
                 ? (*lease)->ExecScript(
                       "CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log "
                       "WHEN " +
                       condition + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;")
                 : (*lease)->ExecScript(
                       "CREATE FUNCTION audit_log_fail() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "BEGIN IF " +
                       condition +
                       " THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$; "
                       "CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log FOR EACH ROW "
                       "EXECUTE FUNCTION audit_log_fail();");
  ASSERT_TRUE(s.ok()) << s.error().message;
}

inline void AllowAuditInserts(store::Database& db) {
  auto lease = db.Acquire();
  ASSERT_TRUE(lease.ok());
  Status s = db.dialect() == store::Dialect::kSqlite
                 ? (*lease)->ExecScript("DROP TRIGGER audit_log_fail;")
                 : (*lease)->ExecScript(
                       "DROP TRIGGER audit_log_fail ON audit_log; DROP FUNCTION audit_log_fail();");
  ASSERT_TRUE(s.ok()) << s.error().message;
}

// A write transaction that keeps every other INSERT into audit_log waiting
// until it ends (SQLite: the database write lock; PostgreSQL: an EXCLUSIVE
// table lock).
inline Result<store::Transaction> HoldAuditLock(store::Database& db) {
  auto tx = db.Begin(store::TxMode::kWrite);
  if (!tx) return tx.error();
  if (db.dialect() == store::Dialect::kPostgres) {
    auto locked = tx->Exec("LOCK TABLE audit_log IN EXCLUSIVE MODE");
    if (!locked) return locked.error();
  }
  return tx;
}

}  // namespace fk::ops
