// The demo's supplies (物资): a warehouse and a hospital in each district, a
// depot in each community, and `days` days of movements ending at `now`
// (production and donations into the warehouses, weekly transfers out to
// hospitals and communities, daily consumption), so that the supplies pages
// show stock, days left and a few warnings. Deterministic for a city and a
// `now`. One thread at a time per Services.
#pragma once

#include <cstdint>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

// `ctx` must have manage_supplies over the whole city. The movements go in
// one transaction (SupplyService::RecordHistory).
Status StoreSupplies(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                     int days, int64_t now);

}  // namespace fk::api
