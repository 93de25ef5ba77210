// How infectious an infected agent is on each day since infection.
//
// The shape is the generation-interval distribution: a gamma density with
// the configured mean and SD, discretised to whole days (weight of day t =
// F(t + 0.5) - F(t - 0.5)). It is tied to each person's course:
//  - nothing is transmitted before the agent becomes infectious (the end of
//    its latent period, day `start` since infection);
//  - a symptomatic agent transmits the share `transmission.presymptomatic_share`
//    of its infectiousness on the days from `start` to the day before its
//    symptom onset and the rest from onset on: on each side the gamma
//    weights are scaled so that the side sums to its share;
//  - an asymptomatic agent's weights from `start` on are scaled to sum to 1.
// So no mass is lost to the latent period, and the presymptomatic share is
// a parameter (He et al. 2020), not an outcome; what is lost is what falls
// after recovery, hospital admission or death, or beyond the profile's
// last day. The agent transmits only while presymptomatic, asymptomatic or
// mild. Individuals differ by a gamma-distributed multiplier with mean 1 and
// shape k (overdispersion). Immutable after construction; share freely.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/params/parameters.hpp"

namespace fk::sim {

class InfectiousnessProfile {
 public:
  static constexpr int kNoOnset = -1;  // `onset` of an asymptomatic agent

  explicit InfectiousnessProfile(const Parameters& params);

  // The gamma shape: weight of day `t` since infection (sums to ~1).
  double Kernel(int t) const {
    return t >= 0 && t < static_cast<int>(kernel_.size()) ? kernel_[t] : 0.0;
  }
  int LastDay() const { return static_cast<int>(kernel_.size()) - 1; }

  // Relative infectiousness on day `t` since infection of an agent that
  // became infectious on day `start` and has its symptom onset on day
  // `onset` (kNoOnset if asymptomatic), both counted since infection, with
  // start < onset. Over t = start, start + 1, ... the weights sum to 1 (to
  // the profile's tail cut of 1e-6) when the days up to the profile's end
  // are covered.
  double Weight(int t, int start, int onset) const;

  // Individual multiplier from a uniform draw in [0,1): the gamma(k, 1/k)
  // quantile, from a table of 4096 quantiles interpolated linearly; exactly
  // 1 when k = 0 (no individual variation).
  double Multiplier(double uniform) const;

 private:
  // Sum of the kernel over days [0, t).
  double Cumulative(int t) const {
    return cumulative_[t < 0 ? 0
                       : t < static_cast<int>(cumulative_.size())
                           ? t
                           : static_cast<int>(cumulative_.size()) - 1];
  }

  double presymptomatic_share_;
  std::vector<double> kernel_;
  std::vector<double> cumulative_;            // size kernel_.size() + 1
  std::vector<double> multiplier_quantiles_;  // empty when k = 0
};

}  // namespace fk::sim
