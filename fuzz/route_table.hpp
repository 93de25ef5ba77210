// The server's real route table for the fuzz targets that need it (the JSON
// body schemas, the router's header stage): BuildRoutes over services on an
// empty in-memory SQLite database, built once on first use and never torn
// down. Building the table reads nothing from the database; the targets run
// no handler. Thread-safe (a function-local static).
#pragma once

#include <vector>

#include "api/routing/route.hpp"

namespace fk::fuzz {

const std::vector<api::Route>& RouteTable();

}  // namespace fk::fuzz
