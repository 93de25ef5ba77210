// The operations database schema, as versioned migrations for both dialects
// (store/migrations.hpp). Call MigrateOps once at start; it is idempotent.
#pragma once

#include <span>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace fk::ops {

std::span<const store::Migration> OpsMigrations();

// Brings `db` to the newest schema; returns the version reached.
Result<int> MigrateOps(store::Database& db);

}  // namespace fk::ops
