// The demo's checkpoints (第一道防线), so that the checkpoints page has
// something to show: the gate of the first community of each of the first
// streets and a traffic checkpoint of the first district, each with a day of
// passages up to `now` (residents of the community, vehicles at the road),
// and a resident of the first grid under home quarantine who went out
// through the first gate two hours ago: one open alert for the grid and the
// gate. Passages go through PassageWriter with its clock set in the past, as
// the guards would have logged them. Deterministic for a city and a `now`.
// One thread at a time per Services.
#pragma once

#include <cstdint>
#include <vector>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "ops/users/users.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

// `users` are the demo's accounts (demo_data.cpp's kUsers): "command" sets
// the checkpoints up, "community" orders the quarantine and guards the road,
// "grid" guards the first gate; the other gates are guarded by their
// community's officer (the setup's id with that role and scope).
Status StoreCheckpoints(Services& s, const std::vector<ops::User>& users,
                        const sim::Population& pop, int64_t now);

}  // namespace fk::api
