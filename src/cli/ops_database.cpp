#include "cli/ops_database.hpp"

#include <cstdio>

#include "ops/schema.hpp"

namespace fk::cli {

std::unique_ptr<store::Database> OpenOpsDatabase(const std::string& url) {
  auto db = store::Database::Open(url, {.pool_size = 1});
  if (!db.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", db.error().message.c_str());
    return nullptr;
  }
  if (auto migrated = ops::MigrateOps(**db); !migrated.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", migrated.error().message.c_str());
    return nullptr;
  }
  return std::move(*db);
}

}  // namespace fk::cli
