// Who an infectious agent can infect on a day, layer by layer: household,
// grid (neighbours), workplace (hospitals included), school class, and the
// whole city.
//
// The household is a contiguous range of agents: every member is a contact
// every day, and member j is infected with probability
// 1 - exp(-I * w_household * s_j), where I is the infector's infectiousness
// that day and s_j the member's relative susceptibility. The other layers are
// groups (a grid range, a workplace's or class's member list, the whole
// city) from which an infector meets c' = min(c, n - 1) of the n - 1 others a
// day: each other member is infected with probability
// 1 - exp(-c' * w_layer * I * s_j / (n - 1)). They are sampled, not listed:
// the number of infectious hits is Poisson, each hit lands on a uniform
// member and is thinned by s_j / s_max, which gives exactly that probability
// with work proportional to the infections, not the contacts.
//
// Every draw is keyed by (seed, Stream::kTransmission, day, infector, layer
// and hit number). Immutable after construction; share freely.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/rng.hpp"
#include "sim/model/infection.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"
#include "sim/transmission/proposal.hpp"
#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {

class ContactLayers {
 public:
  ContactLayers(const Parameters& params, const Population& population);

  // Relative susceptibility of an agent.
  double Susceptibility(uint32_t agent) const { return susceptibility_by_age_[pop_.age[agent]]; }

  // Appends to `out` the infections that `infector` (at index `entry` of the
  // active list, with infectiousness `infectiousness` today) proposes on
  // `day`. `state` is every agent's current state; `context` says what the
  // measures in force allow: it scales the infector's household
  // transmission and its rate in each sampled layer, and each hit is kept
  // with the target's own factor (the hit's fourth Philox word). With
  // nothing restricted the draws are exactly those of an unrestricted day.
  template <class Out>
  void Propose(const Rng& rng, int day, const Infection& infector, uint32_t entry,
               double infectiousness, const std::vector<State>& state,
               const TransmissionContext& context, Out& out) const;

  // Expected number of agents `infector` would infect today with
  // infectiousness `infectiousness` if everyone were susceptible, to first
  // order (linear in infectiousness; used for the analytic first step of
  // calibration, see engine/calibration.hpp).
  double ExpectedInfectionsInSusceptibleCity(const Infection& infector,
                                             double infectiousness) const;

  // Susceptibility summed over the still-susceptible agents of each grid and
  // group, kept by the caller as agents are infected (calibration pilots).
  struct SusceptibleSums {
    std::vector<double> grid;
    std::vector<double> group;
  };
  SusceptibleSums InitialSusceptibleSums() const;
  // Takes newly infected `agent` out of `sums`.
  void RemoveSusceptible(SusceptibleSums& sums, uint32_t agent) const;

  // Expected number of agents `infector` infects today through the sampled
  // layers (grid, workplace or school, city) with infectiousness
  // `infectiousness`: the sum over the susceptible others j of
  // 1 - exp(-c' w I s_j / (n - 1)). Groups of up to 64 are summed member by
  // member; in larger ones (where c' w I / (n - 1) is tiny) the sum is taken
  // to first order from `sums`; the city is treated as wholly susceptible.
  // Used by calibration pilots.
  double ExpectedGroupInfections(const Infection& infector, double infectiousness,
                                 const std::vector<State>& state,
                                 const SusceptibleSums& sums) const;

 private:
  struct SampledGroup {
    Layer layer;
    double contacts;          // c
    double weight;            // w_layer
    uint32_t size;            // n
    const uint32_t* members;  // member list, or nullptr for a range
    uint32_t range_begin;     // first agent when members == nullptr
    uint32_t index;           // grid or group index (unused for the city)
  };
  // The groups an agent belongs to besides its household (at most 3). Reads
  // only the infection entry and the group's own arrays: this runs for every
  // infectious agent every day.
  int GroupsOf(const Infection& infector, std::array<SampledGroup, 3>& groups) const;
  // Susceptibility summed over all members of a group (static).
  double SusceptibilitySum(const SampledGroup& group) const;

  const Population& pop_;
  double household_weight_;
  double grid_contacts_, grid_weight_, work_contacts_, work_weight_, school_contacts_,
      school_weight_, city_contacts_, city_weight_;
  std::array<double, 101> susceptibility_by_age_{};
  double max_susceptibility_ = 0;
  std::vector<double> grid_susceptibility_;   // sum over the grid's agents
  std::vector<double> group_susceptibility_;  // sum over the group's members
  double city_susceptibility_ = 0;
};

}  // namespace fk::sim
