// One epidemic in one synthetic city, advanced a day at a time. A day is a
// script of named stages in a fixed order:
//
//   0. Policy            (with measures) start and end measures, apply the
//                        events due, fill today's transmission context
//   1. ImportInfections  seeds on day 0, imports every day
//   2. Progress          due state changes of infected agents
//   2a. Admit            (with hospital measures) severe and critical cases
//                        get a bed or an ICU bed while any is free; those
//                        that find none on the day they need one fare worse
//   2b. Respond          (with measures) react to today's symptom onsets
//   3. Transmit          every infectious agent proposes infections, layer
//                        by layer, in parallel, as the context allows
//   4. Infect            conflicts settled (smallest draw wins), winners
//                        become exposed
//   5. Record            the day's counts (and the measures' columns)
//
// Measures join through a DayPolicy (day_policy.hpp); without one the
// context restricts nothing.
//
// Determinism: every random number is a Philox draw keyed by what it is for
// (see common/rng.hpp); parallel stages write only per-thread buffers that
// are merged in an order that does not depend on the thread count; counters
// are integers. So a seed gives bit-identical results on any thread count.
//
// Work per day is proportional to the number of infected agents: only the
// active list (exposed to critical) is visited, never the whole population.
// Memory: the active list never holds more than the population and is
// stored in chunks (chunked_list.hpp); each thread's proposals are settled
// whenever they grow by kProposalBatch, so they hold at most the distinct
// targets plus one batch (EstimateRunBytes in run_simulation.hpp adds it
// up). One thread calls the methods; the class uses OpenMP inside.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "common/rng.hpp"
#include "sim/disease/infectiousness.hpp"
#include "sim/disease/natural_history.hpp"
#include "sim/engine/chunked_list.hpp"
#include "sim/engine/day_policy.hpp"
#include "sim/engine/infection.hpp"
#include "sim/engine/initial_infection.hpp"
#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "sim/transmission/contact_layers.hpp"
#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {

// A thread's proposals are settled each time they grow by this many.
inline constexpr uint64_t kProposalBatch = 1 << 16;

struct EpidemicConfig {
  double transmission_scale = 0;  // multiplies every infectiousness (calibrated)
  int threads = 1;
  bool record_grids = false;
  bool record_transmissions = false;
  // The seed of every draw of this epidemic (the run's seed; calibration
  // pilots have seeds of their own).
  uint64_t seed = 0;
  // Measures; may be null. Not owned; outlives the epidemic.
  DayPolicy* policy = nullptr;
  // Pilot mode (for calibration): seeds come from the calibration stream,
  // there are no imports, and the expected number of infections caused by
  // generations 1 and 2 is accumulated.
  bool pilot = false;
  int64_t pilot_seeds = 0;
  // Infections present at the start, seeded on day 0 instead of
  // params.initial_infections random ones; may be null. Not owned.
  const std::vector<InitialInfection>* initial = nullptr;
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
  // The most bytes the engine's own arrays (state, active list, proposals,
  // context) have held at the end of any stage so far.
  uint64_t peak_engine_bytes() const { return peak_engine_bytes_; }

 private:
  // Stages of the day, in order.
  void ImportInfections(int day);
  void Progress(int day);
  void Admit(int day);
  void Transmit(int day);
  void Infect(int day);
  void Record(int day);

  // Makes susceptible `agent` exposed on `day`.
  void InfectAgent(uint32_t agent, int day, Layer layer, uint8_t generation,
                   const Infection* infector);
  // Seeds config_.initial on day 0: each agent infected, then moved to its
  // given state (prognosis made consistent with it) and, if isolated,
  // made non-infectious.
  void SeedInitial();
  // Infectiousness of `inf` on `day` before the scale and its multiplier.
  double BaseInfectiousness(const Infection& inf, int day) const;
  void NoteMemory();

  const Parameters& params_;
  const Population& pop_;
  const NaturalHistory& history_;
  const InfectiousnessProfile& profile_;
  const ContactLayers& layers_;
  const EpidemicConfig config_;
  const Rng rng_;
  TransmissionContext context_;

  std::vector<State> state_;                            // per agent
  ChunkedList<Infection> active_;                       // exposed .. critical
  std::vector<std::deque<Proposal>> thread_proposals_;  // settled, per thread
  std::vector<std::vector<uint32_t>> thread_onsets_;    // with a policy only
  std::vector<uint32_t> onsets_;
  std::vector<std::vector<uint32_t>> thread_waiting_;  // with limited beds only
  std::vector<uint32_t> waiting_;                      // merged, then sorted

  // Counters (integers, so sums do not depend on the order of addition).
  std::array<int64_t, kStateCount> in_state_{};
  std::array<int64_t, kLayerCount> new_by_layer_{};
  int64_t new_symptomatic_ = 0, new_deaths_ = 0;
  int64_t cumulative_infections_ = 0, cumulative_deaths_ = 0;
  // Hospital care, counted only while the context limits beds: beds and
  // ICU beds occupied, and today's deaths of critical cases without ICU.
  int64_t beds_used_ = 0, icu_used_ = 0, new_deaths_without_care_ = 0;
  bool care_limited_ = false;  // on some day so far
  std::array<int64_t, kAgeBands> infections_by_age_{}, deaths_by_age_{};
  // First generations of the seeds' lineage: cases of generations 1-2,
  // their secondary cases, the sum of squares of the offspring of those
  // that ended, and the sum of their generation intervals.
  int64_t gen12_cases_ = 0, gen12_secondaries_ = 0, gen12_interval_days_ = 0;
  int64_t gen12_active_ = 0, gen12_offspring_squares_ = 0;
  // Pilot mode: household secondaries of generations 1-2, and the expected
  // infections they cause in the sampled layers (fixed point, 2^-32).
  int64_t gen12_household_secondaries_ = 0;
  uint64_t pilot_group_expected_fixed_ = 0;
  ContactLayers::SusceptibleSums pilot_susceptible_;

  // Per day of infection: people infected, and the infections they caused.
  std::vector<int64_t> cohort_infected_, cohort_offspring_;

  // Per grid (only when recording grids).
  std::vector<int32_t> grid_new_, grid_cumulative_, grid_onsets_;

  uint64_t peak_engine_bytes_ = 0;
  RunResult result_;
};

}  // namespace fk::sim
