// Who may meet whom today, and with what weight: what the measures in force
// allow, consulted by the contact layers for every infector and every hit.
// The day policy (engine/day_policy.hpp) fills it at the start of each day
// and when it responds to the day's events; by default it restricts nothing
// and the layers pay one branch per infector for it.
//
// What it holds:
//  - per grid (by where an agent lives), for each sampled layer (grid,
//    workplace, school, city), the share of residents kept out of it; an
//    agent is kept out when its compliance rank (a fixed uniform draw) is
//    below that share, so the same people comply with every measure and a
//    share of 1 keeps everyone out. In the workplace layer health-care
//    workers and workplaces whose rank is below the grid's essential share
//    stay open;
//  - per grid, mask coverage (an agent wears one when its mask rank is below
//    it) and the masks' efficacy for the wearer and for others; masks are
//    worn outside the household only;
//  - per agent, flags of measures that follow a person: isolated at home
//    (household contacts only), in a facility (no contacts), quarantined at
//    home (household contacts only) or in a quarantine site (no contacts);
//  - a factor on imported infections;
//  - the hospital beds and ICU beds staffed today, when `hospital` measures
//    limit them (unlimited otherwise); the engine gives them out.
// Ranks are Philox draws keyed by (seed, Stream::kIntervention, agent or
// group), so they are the same on any thread. Reads are thread-safe; the
// policy writes between the engine's parallel stages.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/rng.hpp"
#include "sim/model/infection.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Flags of measures that follow a person.
enum AgentFlag : uint8_t {
  kIsolatedHome = 1,
  kIsolatedFacility = 2,
  kQuarantined = 4,
  kQuarantinedSite = 8,
};
// Flags that take a person out of the household too.
inline constexpr uint8_t kAwayFromHome = kIsolatedFacility | kQuarantinedSite;

// Index of a sampled layer in GridRule::kept_out (grid, workplace, school,
// city), or -1.
inline int SampledLayerIndex(Layer layer) {
  switch (layer) {
    case Layer::kGrid:
      return 0;
    case Layer::kWorkplace:
      return 1;
    case Layer::kSchool:
      return 2;
    case Layer::kCity:
      return 3;
    default:
      return -1;
  }
}

struct GridRule {
  std::array<float, 4> kept_out{};  // share of residents kept out of each sampled layer
  float essential_share = 0;        // share of workplaces exempt from being kept out
  float mask_coverage = 0;          // share of residents wearing a mask outside home
  float mask_protects_wearer = 0;   // efficacy for the wearer (susceptible side)
  float mask_protects_others = 0;   // efficacy for others (infectious side)
};

class TransmissionContext {
 public:
  TransmissionContext(const Population& population, uint64_t seed);

  // False while nothing is restricted: the layers then skip every check.
  bool restricts() const { return restricts_; }
  double import_factor() const { return import_factor_; }

  // Factor on household transmission from or to `agent`: 0 when isolated
  // in a facility or quarantined in a site, else 1.
  double HouseholdFactor(uint32_t agent) const {
    return !flags_.empty() && (flags_[agent] & kAwayFromHome) ? 0.0 : 1.0;
  }
  // Factor on the contacts of `agent` (who lives in `grid` and belongs to
  // `group`) in the sampled layer `layer`: 0 when a measure keeps it out,
  // else 1 - the mask's efficacy when it wears one (for others when
  // `infector`, for itself otherwise), else 1.
  double ContactFactor(uint32_t agent, uint32_t grid, uint32_t group, Layer layer,
                       bool infector) const;
  // The same for an agent known by id only (a contact hit).
  double TargetFactor(uint32_t agent, Layer layer) const {
    return ContactFactor(agent, pop_.GridOf(agent), pop_.agent_group[agent], layer, false);
  }

  // The fixed uniform draws behind compliance, mask wearing and essential
  // workplaces.
  double ComplianceRank(uint32_t agent) const;
  double MaskRank(uint32_t agent) const;
  double EssentialRank(uint32_t group) const;

  // --- written by the day policy ---
  // Restricts nothing again (grid rules zero, imports at factor 1, beds
  // unlimited); flags are kept.
  void ClearRules();
  std::vector<GridRule>& grid_rules() { return grid_rules_; }
  const std::vector<GridRule>& grid_rules() const { return grid_rules_; }
  void set_import_factor(double f) { import_factor_ = f; }
  // Hospital beds (for severe cases) and ICU beds (for critical cases)
  // staffed today; < 0: unlimited (the default).
  void set_care_capacity(int64_t beds, int64_t icu_beds) {
    beds_ = beds;
    icu_beds_ = icu_beds;
  }
  bool limits_care() const { return beds_ >= 0; }
  int64_t beds() const { return beds_; }
  int64_t icu_beds() const { return icu_beds_; }
  // Per-agent flags, allocated (one byte an agent) on first use.
  uint8_t Flags(uint32_t agent) const { return flags_.empty() ? 0 : flags_[agent]; }
  void SetFlags(uint32_t agent, uint8_t flags);
  // Call after changing rules or flags: recomputes restricts().
  void Refresh();
  uint64_t MemoryBytes() const;

 private:
  const Population& pop_;
  const Rng rng_;
  bool restricts_ = false;
  double import_factor_ = 1;
  int64_t beds_ = -1, icu_beds_ = -1;
  std::vector<GridRule> grid_rules_;  // per grid
  std::vector<uint8_t> flags_;        // per agent, or empty
  int64_t flagged_ = 0;               // agents with a flag set
};

}  // namespace fk::sim
