// The course of an infection: which states an infected agent passes through
// and how long each lasts, with age-dependent probabilities (see
// docs/model.md). Precomputed from Parameters once; immutable; share freely.
//
// Every draw is keyed by (seed, Stream::kProgression, agent, purpose), so an
// agent's course is a pure function of the seed and the agent: the same on
// any thread and in any order. Agents are infected at most once (no
// reinfection), so the agent id is a sufficient key.
#pragma once

#include <array>
#include <cstdint>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "sim/model/types.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

// A lognormal duration given by its own mean and SD in days.
struct Duration {
  double mu = 0, sigma = 0;  // of the underlying normal
  static Duration FromMeanSd(double mean, double sd);
  // Whole days, at least `min_days`, from a standard normal draw.
  int Sample(double standard_normal, int min_days) const;
};

class NaturalHistory {
 public:
  // Refuses age tables whose derived P(death | critical) exceeds 1.
  static Result<NaturalHistory> Create(const Parameters& params);

  Prognosis SamplePrognosis(const Rng& rng, uint32_t agent, int age) const;

  // The state that follows `state` for an agent with `prognosis`, and after
  // how many days it begins. Precondition: state is neither susceptible,
  // recovered nor dead.
  struct Step {
    State next;
    int after_days;
  };
  Step NextStep(const Rng& rng, uint32_t agent, State state, const Prognosis& prognosis) const;

  // A case that needs a bed and gets none, on the day it enters `state`:
  // a severe case without a hospital bed becomes critical with
  // P(critical | severe) x no_bed_critical_factor, a critical case without
  // an ICU bed dies with P(death | critical) x no_icu_death_factor (each at
  // most 1). Worsens `prognosis` accordingly (one draw keyed by the agent,
  // so that it only adds to what the prognosis already holds) and returns
  // whether it changed; the caller then redraws the next step.
  bool WorsenWithoutCare(const Rng& rng, uint32_t agent, int age, State state,
                         Prognosis& prognosis) const;

  // P(death | critical) for an age band, derived from the infection fatality
  // ratio and the chain of conditional probabilities.
  double DeathGivenCritical(int band) const { return death_given_critical_[band]; }

 private:
  NaturalHistory() = default;

  AgeTable symptomatic_prob_{}, severe_prob_{}, critical_prob_{};
  AgeTable death_given_critical_{};
  double no_bed_critical_factor_ = 1, no_icu_death_factor_ = 1;
  Duration latent_, presymptomatic_, asymptomatic_, mild_, onset_to_severe_, severe_to_critical_,
      severe_, critical_, critical_to_death_;
};

}  // namespace fk::sim
