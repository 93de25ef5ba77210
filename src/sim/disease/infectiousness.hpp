// How infectious an infected agent is on each day since infection.
//
// Infectiousness follows the generation-interval distribution: a gamma
// density with the configured mean and SD, discretised to whole days
// (weight of day t = F(t + 0.5) - F(t - 0.5)), so that in a fully susceptible
// city the mean generation interval is the configured one. An agent only
// transmits while in an infectious state (presymptomatic, asymptomatic or
// mild; severe and critical cases are in hospital). Individuals differ by a
// gamma-distributed multiplier with mean 1 and shape k (overdispersion).
// Immutable after construction; share freely.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/params/parameters.hpp"

namespace fk::sim {

class InfectiousnessProfile {
 public:
  explicit InfectiousnessProfile(const Parameters& params);

  // Relative infectiousness on day `t` since infection (weights sum to ~1).
  double Weight(int t) const {
    return t >= 0 && t < static_cast<int>(weights_.size()) ? weights_[t] : 0.0;
  }
  int LastDay() const { return static_cast<int>(weights_.size()) - 1; }

  // Individual multiplier from a uniform draw in [0,1): the gamma(k, 1/k)
  // quantile, from a table of 4096 quantiles interpolated linearly; exactly
  // 1 when k = 0 (no individual variation).
  double Multiplier(double uniform) const;

 private:
  std::vector<double> weights_;
  std::vector<double> multiplier_quantiles_;  // empty when k = 0
};

}  // namespace fk::sim
