// One epidemic in one synthetic city, advanced a day at a time. A day is a
// script of named stages in a fixed order:
//
//   1. ImportInfections  seeds on day 0, imports every day
//   2. Progress          due state changes of infected agents
//   3. Transmit          every infectious agent proposes infections, layer
//                        by layer, in parallel
//   4. Infect            conflicts settled (smallest draw wins), winners
//                        become exposed
//   5. Record            the day's counts
//
// Determinism: every random number is a Philox draw keyed by what it is for
// (see common/rng.hpp); parallel stages write only per-thread buffers that
// are merged in an order that does not depend on the thread count; counters
// are integers. So a seed gives bit-identical results on any thread count.
//
// Work per day is proportional to the number of infected agents: only the
// active list (exposed to critical) is visited, never the whole population.
// One thread calls the methods; the class uses OpenMP inside.
#pragma once

#include <cstdint>
#include <vector>

#include "common/rng.hpp"
#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/engine/infection.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "sim/transmission/contact_layers.hpp"

namespace fk::sim {

struct EpidemicConfig {
  double transmission_scale = 0;  // multiplies every infectiousness (calibrated)
  int threads = 1;
  bool record_grids = false;
  bool record_transmissions = false;
  // Pilot mode (for calibration): seeds come from the calibration stream,
  // there are no imports, and the expected number of infections caused by
  // generations 1 and 2 is accumulated.
  bool pilot = false;
  int64_t pilot_seeds = 0;
};

class Epidemic {
 public:
  Epidemic(const Parameters& params, const Population& population, const NaturalHistory& history,
           const InfectiousnessProfile& profile, const ContactLayers& layers,
           EpidemicConfig config);

  // Runs day `day` (0, 1, 2, ... in order).
  void RunDay(int day);

  // Pilot mode: true while agents of generations 1 or 2 are still infected
  // (or none have appeared yet and the epidemic is alive).
  bool PilotNeedsMoreDays() const;
  // Pilot mode: infections per case of generations 1 and 2 (sampled in
  // households, expected in the other layers), and how many such cases
  // there were.
  double PilotReproductionNumber() const;
  int64_t PilotCases() const { return gen12_cases_; }

  // The records so far and a summary of them (machine facts left empty).
  RunResult TakeResult();

  int64_t cumulative_infections() const { return cumulative_infections_; }

 private:
  // Stages of the day, in order.
  void ImportInfections(int day);
  void Progress(int day);
  void Transmit(int day);
  void Infect(int day);
  void Record(int day);

  // Makes susceptible `agent` exposed on `day`.
  void InfectAgent(uint32_t agent, int day, Layer layer, uint8_t generation,
                   const Infection* infector);

  const Parameters& params_;
  const Population& pop_;
  const NaturalHistory& history_;
  const InfectiousnessProfile& profile_;
  const ContactLayers& layers_;
  const EpidemicConfig config_;
  const Rng rng_;

  std::vector<State> state_;       // per agent
  std::vector<Infection> active_;  // exposed .. critical
  std::vector<std::vector<Proposal>> thread_proposals_;
  std::vector<Proposal> proposals_;  // merged, then winners

  // Counters (integers, so sums do not depend on the order of addition).
  std::array<int64_t, kStateCount> in_state_{};
  std::array<int64_t, kLayerCount> new_by_layer_{};
  int64_t new_symptomatic_ = 0, new_deaths_ = 0;
  int64_t cumulative_infections_ = 0, cumulative_deaths_ = 0;
  std::array<int64_t, kAgeBands> infections_by_age_{}, deaths_by_age_{};
  // First generations: cases of generations 1-2, their secondary cases, and
  // the sum of their generation intervals.
  int64_t gen12_cases_ = 0, gen12_secondaries_ = 0, gen12_interval_days_ = 0;
  int64_t gen12_active_ = 0;
  // Pilot mode: household secondaries of generations 1-2, and the expected
  // infections they cause in the sampled layers (fixed point, 2^-32).
  int64_t gen12_household_secondaries_ = 0;
  uint64_t pilot_group_expected_fixed_ = 0;
  ContactLayers::SusceptibleSums pilot_susceptible_;

  // Per grid (only when recording grids).
  std::vector<int32_t> grid_new_, grid_cumulative_;

  RunResult result_;
};

}  // namespace fk::sim
