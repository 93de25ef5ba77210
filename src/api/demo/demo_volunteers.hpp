// The demo's volunteers (志愿者) and duty rosters: in each community (the
// first kDemoVolunteerCommunities of them), six adult residents sign a
// pledge and form the community's 党员突击队 with a leader; two duty posts
// (a 先锋岗 and a 责任岗) stand at its first grids, each with three 8-hour
// shifts a day from yesterday to tomorrow, so that someone is on duty at
// every post now and the volunteers have hours worked. The shifts keep the
// rest rules (8 hours on, 16 off). Deterministic for a database and a `now`.
// One thread at a time per Services.
#pragma once

#include <cstdint>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

inline constexpr int kDemoVolunteerCommunities = 200;

// `ctx` must have manage_volunteers over the whole city.
Status StoreVolunteers(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                       int64_t now);

}  // namespace fk::api
