// The demo's outbreak (issue 13, the response chain), so that the dashboard,
// the cases, contacts, quarantine and beds pages, `fangkong rt` and
// `fangkong forecast` have data: confirmed cases with onsets over the
// kOutbreakDays days before `now`, from a renewal process that grows and
// turns down after measures; reported a few days after onset; spread over
// the districts (more in some) and their grids; mild, severe and critical;
// some recovered, a few died. Each case's household members and a few other
// contacts are listed and quarantined (at home, or at their district's
// quarantine site), with daily checks, released once their 14 days are over.
// Every district gets a designated hospital (general and ICU beds) and a
// quarantine site; severe and critical cases are admitted there. Written
// through the operations services with clocks set to the day each thing
// happened, so every invariant and the audit hold. Deterministic for a seed,
// a city and the day of `now`. One thread at a time per Services.
#pragma once

#include <cstdint>
#include <vector>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "ops/users/users.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

inline constexpr int kOutbreakDays = 42;  // onset days before today

struct OutbreakSummary {
  int64_t cases = 0, contacts = 0, quarantine_orders = 0, admissions = 0;
  int64_t recovered = 0, died = 0;
};

// `users` are the demo's accounts (demo_data.cpp's kUsers; the first is the
// administrator, whose id records what the setup writes; "medical" is
// attached to the first district's hospital). The residents must be stored.
Result<OutbreakSummary> StoreOutbreak(Services& s, const std::vector<ops::User>& users,
                                      const sim::Population& pop, uint64_t seed, int64_t now);

}  // namespace fk::api
