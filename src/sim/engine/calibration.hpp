// Calibration of transmission to the configured basic reproduction number.
//
// R0 here means: the mean number of people infected by a case of the first
// generations (1 and 2, i.e. excluding the randomly placed seeds) of an
// epidemic in a fully susceptible city without measures; it is what
// summary.json reports as empirical_r0. All per-contact probabilities are
// multiplied by one transmission scale s, found in two steps (see
// docs/model.md):
//  1. analytic: the expected infections of 200,000 random index cases (or
//     the whole city, if smaller) whose contacts are all susceptible,
//     linear in s, gives s0 = r0 / R(1);
//  2. pilot epidemics with seeds of their own (one per 500 agents, 10 to
//     2,000) in which generations 1 and 2 transmit: each measures the
//     infections per generation-1/2 case and rescales s by r0 / measured.
//     Household infections are counted as they happen (they depend on
//     competition and depletion within the household); in the other layers,
//     where early groups are still almost wholly susceptible, the expected
//     number is counted instead, which removes most of the sampling noise.
//     Two pilots run; a third when the second still needed a correction
//     above kCalibrationTolerance. The report says how large the last
//     correction was and whether it was within the tolerance.
// Every draw of calibration comes from streams of its own: the analytic
// step's from a seed derived from the run seed, each pilot's from another,
// so no draw is shared with the run it calibrates. Measures are off.
// Deterministic for a seed at any thread count. An ensemble calibrates once
// (with its first seed) and every member uses the result.
#pragma once

#include <cstdint>

#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "sim/transmission/contact_layers.hpp"

namespace fk::sim {

// The seed of calibration's draws for a run seed: step 1 uses `stage` 0,
// pilot i uses stage i + 1. A different Philox key from the run's.
uint64_t CalibrationSeed(uint64_t run_seed, int stage);

CalibrationReport Calibrate(const Parameters& params, const Population& population,
                            const NaturalHistory& history, const InfectiousnessProfile& profile,
                            const ContactLayers& layers, int threads);

}  // namespace fk::sim
