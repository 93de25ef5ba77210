// Calibration of transmission to the configured basic reproduction number.
//
// R0 here means: the mean number of people infected by a case of the first
// generations (1 and 2, i.e. excluding the randomly placed seeds) of an
// epidemic in a fully susceptible city; it is what summary.json reports as
// empirical_r0. All per-contact probabilities are multiplied by one
// transmission scale s, found in two steps (see docs/model.md):
//  1. analytic: the expected infections of 20,000 random index cases whose
//     contacts are all susceptible, linear in s, gives s0 = r0 / R(1);
//  2. two pilot epidemics with seeds of their own (one per 500 agents, 10 to
//     2,000) in which generations 1 and 2 transmit: each measures the
//     infections per generation-1/2 case and rescales s by r0 / measured.
//     Household infections are counted as they happen (they depend on
//     competition and depletion within the household); in the other layers,
//     where early groups are still almost wholly susceptible, the expected
//     number is counted instead, which removes most of the sampling noise.
//     This corrects for who the early cases are (infection favours the
//     susceptible and well-connected) and for households, neither of which
//     step 1 sees.
// Deterministic for a seed at any thread count.
#pragma once

#include <vector>

#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "sim/transmission/contact_layers.hpp"

namespace fk::sim {

struct Calibration {
  double scale = 0;             // the transmission scale to use
  double analytic_scale = 0;    // step 1
  std::vector<double> pilot_r;  // R measured by each pilot, before rescaling
};

Calibration Calibrate(const Parameters& params, const Population& population,
                      const NaturalHistory& history, const InfectiousnessProfile& profile,
                      const ContactLayers& layers, int threads);

}  // namespace fk::sim
