// The demo's chain of command (issue 16), so that its pages have content:
// directives in every state (completed on time, completed late, overdue and
// escalated, open), a week of daily reports with some grids missing, and a
// supervision round over a screening campaign of the first grid with
// re-visits recorded, disagreements found and corrections issued. Written
// through the services with clocks set in the past, as the people would
// have acted. Deterministic for a city and a `now`. One thread at a time.
#pragma once

#include <cstdint>
#include <vector>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "ops/users/users.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

// `users` are the demo's accounts (demo_data.cpp's kUsers, in that order
// of roles: their usernames are looked up).
Status StoreCommand(Services& s, const std::vector<ops::User>& users, const sim::Population& pop,
                    int64_t now);

}  // namespace fk::api
