#include "sim/disease/natural_history.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace fk::sim {
namespace {

// Purposes of progression draws (the `index` of the Philox counter).
enum Purpose : uint32_t {
  kPrognosis = 0,      // words: symptomatic, severe, critical, dies
  kFirstDuration = 1,  // + state: one draw per state left
  kWithoutCare = 16,   // words: critical without a bed, then death; death without ICU
};

const char* const kBandNames[kAgeBands] = {"0-9",   "10-19", "20-29", "30-39", "40-49",
                                           "50-59", "60-69", "70-79", "80+"};

}  // namespace

Duration Duration::FromMeanSd(double mean, double sd) {
  // Moments of a lognormal: mean = exp(mu + sigma^2/2), var = (exp(sigma^2)-1) mean^2.
  double sigma2 = std::log(1.0 + (sd * sd) / (mean * mean));
  return {std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)};
}

int Duration::Sample(double standard_normal, int min_days) const {
  double days = std::exp(mu + sigma * standard_normal);
  return std::max(min_days, static_cast<int>(std::lround(days)));
}

Result<NaturalHistory> NaturalHistory::Create(const Parameters& p) {
  NaturalHistory h;
  h.symptomatic_prob_ = p.symptomatic_prob;
  h.severe_prob_ = p.severe_prob;
  h.critical_prob_ = p.critical_prob;
  for (int b = 0; b < kAgeBands; ++b) {
    double p_critical = p.symptomatic_prob[b] * p.severe_prob[b] * p.critical_prob[b];
    double ifr = p.infection_fatality[b];
    if (ifr == 0) {
      h.death_given_critical_[b] = 0;
      continue;
    }
    if (p_critical <= 0 || ifr > p_critical * (1 + 1e-9)) {
      return InvalidArgument("disease.infection_fatality: in age band " +
                             std::string(kBandNames[b]) +
                             " it exceeds the share of infections that become critical, so "
                             "P(death | critical) would be above 1");
    }
    h.death_given_critical_[b] = std::min(1.0, ifr / p_critical);
  }
  h.no_bed_critical_factor_ = p.no_bed_critical_factor;
  h.no_icu_death_factor_ = p.no_icu_death_factor;
  h.latent_ = Duration::FromMeanSd(p.latent_mean, p.latent_sd);
  h.presymptomatic_ = Duration::FromMeanSd(p.presymptomatic_mean, p.presymptomatic_sd);
  h.asymptomatic_ = Duration::FromMeanSd(p.asymptomatic_mean, p.asymptomatic_sd);
  h.mild_ = Duration::FromMeanSd(p.mild_mean, p.mild_sd);
  h.onset_to_severe_ = Duration::FromMeanSd(p.onset_to_severe_mean, p.onset_to_severe_sd);
  h.severe_to_critical_ = Duration::FromMeanSd(p.severe_to_critical_mean, p.severe_to_critical_sd);
  h.severe_ = Duration::FromMeanSd(p.severe_mean, p.severe_sd);
  h.critical_ = Duration::FromMeanSd(p.critical_mean, p.critical_sd);
  h.critical_to_death_ = Duration::FromMeanSd(p.critical_to_death_mean, p.critical_to_death_sd);
  return h;
}

Prognosis NaturalHistory::SamplePrognosis(const Rng& rng, uint32_t agent, int age) const {
  Bits u = rng.Draw(Stream::kProgression, 0, agent, kPrognosis);
  int b = AgeBand(age);
  Prognosis out;
  out.symptomatic = Rng::ToUnit(u[0]) < symptomatic_prob_[b];
  out.severe = out.symptomatic && Rng::ToUnit(u[1]) < severe_prob_[b];
  out.critical = out.severe && Rng::ToUnit(u[2]) < critical_prob_[b];
  out.dies = out.critical && Rng::ToUnit(u[3]) < death_given_critical_[b];
  return out;
}

namespace {

// P(an event of probability p becomes one of probability min(1, f p) | it
// did not happen): what an extra draw must add to keep the first outcome.
double ExtraChance(double p, double factor) {
  if (p >= 1) return 0;
  return (std::min(1.0, factor * p) - p) / (1 - p);
}

}  // namespace

bool NaturalHistory::WorsenWithoutCare(const Rng& rng, uint32_t agent, int age, State state,
                                       Prognosis& g) const {
  const int b = AgeBand(age);
  Bits u = rng.Draw(Stream::kProgression, 0, agent, kWithoutCare);
  if (state == State::kSevere && !g.critical) {
    if (Rng::ToUnit(u[0]) >= ExtraChance(critical_prob_[b], no_bed_critical_factor_)) return false;
    g.critical = true;
    g.dies = Rng::ToUnit(u[1]) < death_given_critical_[b];
    return true;
  }
  if (state == State::kCritical && !g.dies) {
    if (Rng::ToUnit(u[2]) >= ExtraChance(death_given_critical_[b], no_icu_death_factor_))
      return false;
    g.dies = true;
    return true;
  }
  return false;
}

NaturalHistory::Step NaturalHistory::NextStep(const Rng& rng, uint32_t agent, State state,
                                              const Prognosis& g) const {
  Bits u = rng.Draw(Stream::kProgression, 0, agent, kFirstDuration + static_cast<uint32_t>(state));
  double z = Rng::ToNormal(u[0], u[1]);
  switch (state) {
    case State::kExposed:
      return {g.symptomatic ? State::kPresymptomatic : State::kAsymptomatic, latent_.Sample(z, 1)};
    case State::kPresymptomatic:
      // Symptom onset: every symptomatic case starts mild.
      return {State::kMild, presymptomatic_.Sample(z, 1)};
    case State::kAsymptomatic:
      return {State::kRecovered, asymptomatic_.Sample(z, 1)};
    case State::kMild:
      if (g.severe) return {State::kSevere, onset_to_severe_.Sample(z, 1)};
      return {State::kRecovered, mild_.Sample(z, 1)};
    case State::kSevere:
      if (g.critical) return {State::kCritical, severe_to_critical_.Sample(z, 1)};
      return {State::kRecovered, severe_.Sample(z, 1)};
    case State::kCritical:
      if (g.dies) return {State::kDead, critical_to_death_.Sample(z, 1)};
      return {State::kRecovered, critical_.Sample(z, 1)};
    default:
      return {state, 0};
  }
}

}  // namespace fk::sim
