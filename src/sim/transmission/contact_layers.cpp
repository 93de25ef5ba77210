#include "sim/transmission/contact_layers.hpp"

#include <algorithm>
#include <cmath>

#include "common/distributions.hpp"

namespace fk::sim {
namespace {

// Index of the Philox counter for a layer's draws: layer in the top byte,
// hit number below.
uint32_t DrawIndex(Layer layer, uint32_t hit) { return (static_cast<uint32_t>(layer) << 24) | hit; }

// Index of the draw that gives the hit counts of all sampled layers.
constexpr uint32_t kHitCountIndex = 0xFF000000u;

}  // namespace

ContactLayers::ContactLayers(const Parameters& params, const Population& population)
    : pop_(population),
      household_weight_(params.household_weight),
      grid_contacts_(params.grid_contacts),
      grid_weight_(params.grid_weight),
      work_contacts_(params.work_contacts),
      work_weight_(params.work_weight),
      school_contacts_(params.school_contacts),
      school_weight_(params.school_weight),
      city_contacts_(params.city_contacts),
      city_weight_(params.city_weight) {
  for (int a = 0; a <= 100; ++a) {
    susceptibility_by_age_[a] = params.relative_susceptibility[AgeBand(a)];
    max_susceptibility_ = std::max(max_susceptibility_, susceptibility_by_age_[a]);
  }
  grid_susceptibility_.assign(pop_.grid_count(), 0.0);
  for (uint32_t g = 0; g < pop_.grid_count(); ++g) {
    double sum = 0;
    for (uint32_t a = pop_.grid_agent_start[g]; a < pop_.grid_agent_start[g + 1]; ++a)
      sum += Susceptibility(a);
    grid_susceptibility_[g] = sum;
  }
  group_susceptibility_.assign(pop_.group_count(), 0.0);
  for (uint32_t k = 0; k < pop_.group_count(); ++k) {
    double sum = 0;
    for (uint32_t m = pop_.group_start[k]; m < pop_.group_start[k + 1]; ++m)
      sum += Susceptibility(pop_.group_members[m]);
    group_susceptibility_[k] = sum;
  }
  for (double s : grid_susceptibility_) city_susceptibility_ += s;
}

int ContactLayers::GroupsOf(const Infection& inf, std::array<SampledGroup, 3>& groups) const {
  int n = 0;
  uint32_t g = inf.grid;
  groups[n++] = {Layer::kGrid,
                 grid_contacts_,
                 grid_weight_,
                 pop_.grid_agent_start[g + 1] - pop_.grid_agent_start[g],
                 nullptr,
                 pop_.grid_agent_start[g],
                 g};
  uint32_t k = inf.group;
  if (k != kNoGroup) {
    bool school = pop_.group_kind[k] == GroupKind::kSchoolClass;
    groups[n++] = {school ? Layer::kSchool : Layer::kWorkplace,
                   school ? school_contacts_ : work_contacts_,
                   school ? school_weight_ : work_weight_,
                   pop_.group_start[k + 1] - pop_.group_start[k],
                   pop_.group_members.data() + pop_.group_start[k],
                   0,
                   k};
  }
  groups[n++] = {Layer::kCity, city_contacts_, city_weight_, pop_.size(), nullptr, 0, 0};
  return n;
}

double ContactLayers::SusceptibilitySum(const SampledGroup& g) const {
  switch (g.layer) {
    case Layer::kGrid:
      return grid_susceptibility_[g.index];
    case Layer::kCity:
      return city_susceptibility_;
    default:
      return group_susceptibility_[g.index];
  }
}

template <class Out>
void ContactLayers::Propose(const Rng& rng, int day, const Infection& inf, uint32_t entry,
                            double infectiousness, const std::vector<State>& state,
                            const TransmissionContext& context, Out& out) const {
  const uint32_t self = inf.agent;
  const uint32_t d = static_cast<uint32_t>(day);
  const bool restricts = context.restricts();

  const double household =
      restricts ? household_weight_ * context.HouseholdFactor(self) : household_weight_;
  if (household > 0) {
    for (uint32_t j = inf.household_begin; j < inf.household_end(); ++j) {
      if (j == self || state[j] != State::kSusceptible) continue;
      if (restricts && context.HouseholdFactor(j) == 0) continue;  // away from home
      double x = infectiousness * household * Susceptibility(j);
      Bits u = rng.Draw(Stream::kTransmission, d, self,
                        DrawIndex(Layer::kHousehold, j - inf.household_begin));
      double v = Rng::ToUnit(u[0]);
      // p = 1 - exp(-x) < x, so most draws are settled without exp().
      if (v < x && v < -std::expm1(-x)) out.push_back({j, u[1], entry, Layer::kHousehold});
    }
  }

  std::array<SampledGroup, 3> groups;
  int n_groups = GroupsOf(inf, groups);
  // One draw gives the number of hits in each of the (at most 3) groups.
  Bits counts = rng.Draw(Stream::kTransmission, d, self, kHitCountIndex);
  for (int gi = 0; gi < n_groups; ++gi) {
    const SampledGroup& g = groups[gi];
    if (g.size < 2 || g.contacts <= 0 || g.weight <= 0) continue;
    double contacts = std::min(g.contacts, static_cast<double>(g.size - 1));
    // Hits land on any of the n members; a hit on oneself is dropped, so the
    // rate is scaled by n / (n - 1) to give each other member its share.
    double lambda = contacts * g.weight * infectiousness * max_susceptibility_ *
                    (static_cast<double>(g.size) / (g.size - 1));
    if (restricts) {
      lambda *= context.ContactFactor(self, inf.grid, inf.group, g.layer, true);
      if (lambda <= 0) continue;
    }
    double v = Rng::ToUnit(counts[gi]);
    if (v <= 1.0 - lambda) continue;  // P(0 hits) = exp(-lambda) >= 1 - lambda
    int64_t hits = PoissonFromUniform(lambda, v);
    for (uint32_t h = 1; h <= static_cast<uint64_t>(hits); ++h) {
      Bits u = rng.Draw(Stream::kTransmission, d, self, DrawIndex(g.layer, h));
      uint32_t pos = Rng::ToIndex(u[0], g.size);
      uint32_t j = g.members ? g.members[pos] : g.range_begin + pos;
      if (j == self || state[j] != State::kSusceptible) continue;
      if (Rng::ToUnit(u[1]) * max_susceptibility_ >= Susceptibility(j)) continue;
      if (restricts && Rng::ToUnit(u[3]) >= context.TargetFactor(j, g.layer)) continue;
      out.push_back({j, u[2], entry, g.layer});
    }
  }
}

template void ContactLayers::Propose(const Rng&, int, const Infection&, uint32_t, double,
                                     const std::vector<State>&, const TransmissionContext&,
                                     std::vector<Proposal>&) const;
template void ContactLayers::Propose(const Rng&, int, const Infection&, uint32_t, double,
                                     const std::vector<State>&, const TransmissionContext&,
                                     std::deque<Proposal>&) const;

double ContactLayers::ExpectedInfectionsInSusceptibleCity(const Infection& inf,
                                                          double infectiousness) const {
  double expected = 0;
  for (uint32_t j = inf.household_begin; j < inf.household_end(); ++j) {
    if (j != inf.agent) expected += infectiousness * household_weight_ * Susceptibility(j);
  }
  std::array<SampledGroup, 3> groups;
  int n_groups = GroupsOf(inf, groups);
  double own = Susceptibility(inf.agent);
  for (int gi = 0; gi < n_groups; ++gi) {
    const SampledGroup& g = groups[gi];
    if (g.size < 2 || g.contacts <= 0 || g.weight <= 0) continue;
    double contacts = std::min(g.contacts, static_cast<double>(g.size - 1));
    double mean_susceptibility = (SusceptibilitySum(g) - own) / (g.size - 1);
    expected += contacts * g.weight * infectiousness * mean_susceptibility;
  }
  return expected;
}

ContactLayers::SusceptibleSums ContactLayers::InitialSusceptibleSums() const {
  return {grid_susceptibility_, group_susceptibility_};
}

void ContactLayers::RemoveSusceptible(SusceptibleSums& sums, uint32_t agent) const {
  sums.grid[pop_.GridOf(agent)] -= Susceptibility(agent);
  uint32_t k = pop_.agent_group[agent];
  if (k != kNoGroup) sums.group[k] -= Susceptibility(agent);
}

double ContactLayers::ExpectedGroupInfections(const Infection& inf, double infectiousness,
                                              const std::vector<State>& state,
                                              const SusceptibleSums& sums) const {
  constexpr uint32_t kMemberByMember = 64;
  double expected = 0;
  std::array<SampledGroup, 3> groups;
  int n_groups = GroupsOf(inf, groups);
  for (int gi = 0; gi < n_groups; ++gi) {
    const SampledGroup& g = groups[gi];
    if (g.size < 2 || g.contacts <= 0 || g.weight <= 0) continue;
    double others = g.size - 1.0;
    double x = std::min(g.contacts, others) * g.weight * infectiousness / others;
    if (g.layer == Layer::kCity) {
      double own = Susceptibility(inf.agent);
      expected -= others * std::expm1(-x * (SusceptibilitySum(g) - own) / others);
    } else if (g.size <= kMemberByMember) {
      for (uint32_t m = 0; m < g.size; ++m) {
        uint32_t j = g.members ? g.members[m] : g.range_begin + m;
        if (j != inf.agent && state[j] == State::kSusceptible) {
          expected -= std::expm1(-x * Susceptibility(j));
        }
      }
    } else {
      // The infector itself is no longer susceptible, so not in the sum.
      double susceptible =
          g.layer == Layer::kGrid ? sums.grid[inf.grid] : sums.group[pop_.agent_group[inf.agent]];
      expected += x * susceptible;
    }
  }
  return expected;
}

}  // namespace fk::sim
