#include "route_table.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "api/endpoints/routes.hpp"
#include "api/endpoints/services.hpp"
#include "store/database.hpp"

namespace fk::fuzz {

const std::vector<api::Route>& RouteTable() {
  static const std::vector<api::Route>* routes = [] {
    auto db = store::Database::Open(":memory:", {.pool_size = 1});
    if (!db) {
      std::cerr << "route table: " << db.error().message << "\n";
      std::abort();
    }
    // Kept for the life of the process: the routes hold references to them.
    auto* services = new api::Services(**db, {.hash_threads = 1});
    db->release();
    return new std::vector<api::Route>(api::BuildRoutes(*services));
  }();
  return *routes;
}

}  // namespace fk::fuzz
