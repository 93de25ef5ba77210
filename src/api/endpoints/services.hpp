// The operations services the endpoints call, built over one Database.
// Each service is thread-safe; the Database must outlive Services.
#pragma once

#include "ops/audit/audit.hpp"
#include "ops/regions/regions.hpp"
#include "ops/registry/registry.hpp"
#include "ops/screening/screening.hpp"
#include "ops/stats/stats.hpp"
#include "ops/users/users.hpp"
#include "store/database.hpp"

namespace fk::api {

struct Services {
  Services(store::Database& database, ops::UserOptions user_options = {})
      : db(database),
        regions(database),
        registry(database),
        users(database, ops::SystemClock(), user_options),
        audit(database),
        screening(database),
        stats(database) {}

  store::Database& db;
  ops::RegionService regions;
  ops::RegistryService registry;
  ops::UserService users;
  ops::AuditService audit;
  ops::ScreeningService screening;
  ops::StatsService stats;
};

}  // namespace fk::api
