#include "forecast/live/undetected.hpp"

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <cmath>

#include "forecast/rt/growth.hpp"

namespace fk::forecast {

UndetectedEstimate EstimateUndetected(double onsets_per_day, double days_since_middle, double rt,
                                      double serial_mean, double serial_sd,
                                      const ReportingDelay& delay, double symptomatic_share,
                                      const SimulatorTiming& timing,
                                      const UndetectedOptions& options) {
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
  const double gi_shape = timing.generation_mean * timing.generation_mean /
                          (timing.generation_sd * timing.generation_sd);
  const boost::math::gamma_distribution<double> generation(gi_shape,
                                                           timing.generation_mean / gi_shape);
  // Ages below this are seeded exposed: their onset is further than
  // halfway between the two seeds' waits.
  const double exposed_below = options.incubation - (timing.latent + 2 * timing.presymptomatic) / 2;
  for (int a = 0; a < options.infection_days; ++a) {
    const double n = out.infections_per_day * std::exp(-out.growth_rate * a);
    const double to_come = 1 - boost::math::cdf(generation, a + 0.5);
    if (a < exposed_below) {
      add(a, sim::State::kExposed, n);  // its prognosis drawn by the simulator
    } else if (a < options.incubation) {
      add(a, sim::State::kPresymptomatic, s * n);
      add(a, sim::State::kAsymptomatic, (1 - s) * n * to_come);
    } else {
      // Symptomatic for a - incubation days: q / s of them are confirmed
      // cases, reported by now with probability F(a - incubation).
      const int since_onset = static_cast<int>(a - options.incubation);
      add(a, sim::State::kMild, (s - q * delay.ReportedBy(since_onset)) * n * to_come);
      add(a, sim::State::kAsymptomatic, (1 - s) * n * to_come);
    }
  }
  return out;
}

}  // namespace fk::forecast
