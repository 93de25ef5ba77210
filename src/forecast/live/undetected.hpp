// The infections behind the detected cases, estimated from the recent
// confirmed onsets (nowcast-corrected), the growth they imply and the share
// of infections that end up confirmed (docs/forecast.md, "Undetected
// infections"). What the forecast seeds besides the open cases: infections
// of the last days that are still exposed or presymptomatic (none of them
// can be confirmed yet), asymptomatic ones, and symptomatic ones not (yet)
// confirmed. Pure; thread-safe.
#pragma once

#include <vector>

#include "forecast/nowcast/reporting_delay.hpp"
#include "forecast/rt/growth.hpp"
#include "sim/model/types.hpp"

namespace fk::forecast {

struct UndetectedOptions {
  // Share of all infections that become confirmed cases: at most 0.41, as
  // Wang C et al. (medRxiv 2020.03.03.20030593) found at least 59 % of
  // Wuhan's infections unascertained (reference/wuhan-2020.md).
  double ascertained = 0.41;
  // Mean incubation period, days: Li Q et al., NEJM 2020;382:1199
  // (reference/epi-parameters.md §1.1).
  double incubation = 5.2;
  // Infections of the last this many days are seeded (older ones have
  // mostly stopped transmitting).
  int infection_days = 14;
};

// The simulator's natural history as the seeding needs it: a seed starts
// its state afresh on day 0 (an exposed seed waits a whole latent and
// presymptomatic period for its onset, a presymptomatic one a whole
// presymptomatic period), and its generation interval.
struct SimulatorTiming {
  double latent = 2.9, presymptomatic = 2.3;  // means, days (sim::Parameters)
  double generation_mean = kSimulatorGenerationMean, generation_sd = kSimulatorGenerationSd;
};

// Expected undetected infections infected `age_days` days before the
// cutoff, in `state` at the cutoff.
struct SeedClass {
  int age_days = 0;
  sim::State state = sim::State::kExposed;
  double expected = 0;
};

struct UndetectedEstimate {
  double growth_rate = 0;         // per day, from Rt and the serial interval
  double infections_per_day = 0;  // all infections on the cutoff day
  double total = 0;               // Σ expected over the classes
  std::vector<SeedClass> classes;
};

// `onsets_per_day`: confirmed onsets a day (nowcast) over the Rt window,
// whose middle lies `days_since_middle` days before the cutoff; `rt` and the
// serial interval give the growth; `delay` says which symptomatic cases are
// already confirmed; `symptomatic_share` is the simulator's share of
// infections with symptoms.
// Seeded as the simulator starts them: an infection of age a whose onset
// is 5.2 - a days away is exposed when that is nearer the exposed seed's
// wait (latent + presymptomatic) than the presymptomatic seed's, else
// presymptomatic; infections past their onset (and asymptomatic ones)
// count by the share of their transmission still to come, 1 - W(a + 1/2),
// W the generation interval's distribution (the renewal equation), since
// the simulator gives a seed its whole infectious period from day 0.
UndetectedEstimate EstimateUndetected(double onsets_per_day, double days_since_middle, double rt,
                                      double serial_mean, double serial_sd,
                                      const ReportingDelay& delay, double symptomatic_share,
                                      const SimulatorTiming& timing,
                                      const UndetectedOptions& options = {});

}  // namespace fk::forecast
