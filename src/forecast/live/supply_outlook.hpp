// Supplies against a forecast (issue 17, "the day each supply runs out"):
// the stock of each item held in a region's depots and its recent daily use
// (ops/supplies days left: the last 7 days before the cutoff), split into
// hospital depots and the others. A hospital depot's use grows and falls
// with the hospital beds the forecast projects (its use per occupied bed
// held at the recent value); the others' use is held at its recent rate.
// The run-out day is the first projected day whose use the stock left no
// longer covers. Method and limits: docs/forecast.md, "Supplies".
// Reads through ops/supplies; pure otherwise; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "forecast/live/bed_capacity.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct SupplyUse {
  std::string item;         // ops/supplies item code ("mask", "n95", ...)
  int64_t stock = 0;        // held in the region's depots now
  double hospital_use = 0;  // a day, hospital depots, over the recent window
  double other_use = 0;     // a day, warehouses and community depots
};

// The items of each region of city `city_code` that holds depots, by code:
// the city (every depot) and each district (the depots whose region lies in
// it; a depot at the city level counts for the city only). `now` is unix
// seconds: the recent use is that of the 7 days before it.
Result<std::map<std::string, std::vector<SupplyUse>>> ReadSupplyUse(store::Database& db,
                                                                    const std::string& city_code,
                                                                    int64_t now);

// The first projected day (0 = the first) on which the stock left does not
// cover the day's use, when hospital use scales with beds[t] / beds_now
// (held at its recent rate when beds_now <= 0: no patients to scale from);
// empty when the stock lasts all beds.size() days.
std::optional<int> RunOutDay(const SupplyUse& use, const std::vector<double>& beds,
                             double beds_now);

// An item's outlook in a region: its use now and the run-out day across the
// ensemble's members (`member_days`, one a member, empty: lasts the
// horizon) as the 5 %, median and 95 % quantiles of the day; the 5 % day is
// the earliest (the pessimistic end). A quantile past the last of `days`
// projected days is empty.
struct SupplyOutlook {
  SupplyUse use;
  FirstDayOver run_out;
};
FirstDayOver RunOutBand(const std::vector<std::optional<int>>& member_days, int days);

}  // namespace fk::forecast
