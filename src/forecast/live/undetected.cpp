#include "forecast/live/undetected.hpp"

#include <algorithm>
#include <cmath>

#include "forecast/rt/growth.hpp"

namespace fk::forecast {

UndetectedEstimate EstimateUndetected(double onsets_per_day, double days_since_middle, double rt,
                                      double serial_mean, double serial_sd,
                                      const ReportingDelay& delay, double symptomatic_share,
                                      double latent_days, const UndetectedOptions& options) {
  UndetectedEstimate out;
  out.growth_rate = GrowthRate(rt, serial_mean, serial_sd);
  const double s = std::clamp(symptomatic_share, 1e-6, 1.0);
  const double q = std::clamp(options.ascertained, 1e-6, s);
  // The onsets of the window's middle day come from infections an
  // incubation period earlier, of which q were confirmed.
  out.infections_per_day =
      onsets_per_day / q * std::exp(out.growth_rate * (days_since_middle + options.incubation));
  auto add = [&](int age, sim::State state, double n) {
    if (n > 0) {
      out.classes.push_back({age, state, n});
      out.total += n;
    }
  };
  for (int a = 0; a < options.infection_days; ++a) {
    const double n = out.infections_per_day * std::exp(-out.growth_rate * a);
    if (a < latent_days) {
      add(a, sim::State::kExposed, n);
    } else if (a < options.incubation) {
      add(a, sim::State::kPresymptomatic, s * n);
      add(a, sim::State::kAsymptomatic, (1 - s) * n);
    } else {
      // Symptomatic for a - incubation days: q / s of them are confirmed
      // cases, reported by now with probability F(a - incubation).
      const int since_onset = static_cast<int>(a - options.incubation);
      add(a, sim::State::kMild, (s - q * delay.ReportedBy(since_onset)) * n);
      add(a, sim::State::kAsymptomatic, (1 - s) * n);
    }
  }
  return out;
}

}  // namespace fk::forecast
