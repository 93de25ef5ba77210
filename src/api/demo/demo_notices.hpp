// The demo's notices (宣传): a pinned notice of the city, one per district and
// one per community, running for a few weeks from `now`, so that the notices
// page and every community's open page (/notices/{code}) have something to
// show. Deterministic for a city and a `now`. One thread at a time per Services.
#pragma once

#include <cstdint>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

// `ctx` must have publish_notices over the whole city (`city_code`).
Status StoreNotices(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                    const std::string& city_code, int64_t now);

}  // namespace fk::api
