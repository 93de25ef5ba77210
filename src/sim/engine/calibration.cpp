#include "sim/engine/calibration.hpp"

#include <algorithm>

#include "sim/engine/epidemic.hpp"

namespace fk::sim {
namespace {

constexpr uint32_t kAnalyticIndexCases = 200000;
constexpr int kPilots = 2;
constexpr int kPilotMaxDays = 365;

// Expected infections of one random index case at transmission scale 1 when
// everyone around it is susceptible.
double IndexCaseReproduction(const Parameters& params, const Population& pop,
                             const NaturalHistory& history, const InfectiousnessProfile& profile,
                             const ContactLayers& layers, const Rng& rng, uint32_t agent) {
  const Infection inf = NewInfection(pop, history, rng, agent);
  double total = 0;
  State state = State::kExposed;
  auto step = history.NextStep(rng, agent, state, inf.prognosis);
  int change_day = step.after_days;
  for (int t = 1; t <= profile.LastDay(); ++t) {
    if (t == change_day) {  // durations are at least one day
      state = step.next;
      if (state == State::kRecovered || state == State::kDead) break;
      step = history.NextStep(rng, agent, state, inf.prognosis);
      change_day = t + step.after_days;
    }
    if (!TransmitsInCommunity(state)) continue;
    double w = profile.Weight(t) *
               (state == State::kAsymptomatic ? params.asymptomatic_infectiousness : 1.0);
    total += layers.ExpectedInfectionsInSusceptibleCity(inf, w);
  }
  return total;
}

}  // namespace

Calibration Calibrate(const Parameters& params, const Population& pop,
                      const NaturalHistory& history, const InfectiousnessProfile& profile,
                      const ContactLayers& layers, int threads) {
  Calibration c;
  if (params.r0 <= 0) return c;
  const Rng rng(params.seed);

  // Step 1: analytic, over random index cases (a fixed-order sum).
  const uint32_t n = std::min<uint32_t>(kAnalyticIndexCases, pop.size());
  double sum = 0;
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t agent = Rng::ToIndex(rng.Draw(Stream::kCalibration, 0, k, 0)[0], pop.size());
    sum += IndexCaseReproduction(params, pop, history, profile, layers, rng, agent);
  }
  double unit_r = sum / n;
  if (unit_r <= 0) return c;
  c.analytic_scale = params.r0 / unit_r;
  c.scale = c.analytic_scale;

  // Step 2: pilot epidemics.
  EpidemicConfig config;
  config.threads = threads;
  config.pilot = true;
  config.pilot_seeds = std::clamp<int64_t>(pop.size() / 500, 10, 2000);
  for (int i = 0; i < kPilots; ++i) {
    config.transmission_scale = c.scale;
    Epidemic pilot(params, pop, history, profile, layers, config);
    for (int day = 0; day < kPilotMaxDays; ++day) {
      pilot.RunDay(day);
      if (!pilot.PilotNeedsMoreDays()) break;
    }
    double r = pilot.PilotReproductionNumber();
    c.pilot_r.push_back(r);
    if (r <= 0) break;
    c.scale *= params.r0 / r;
  }
  return c;
}

}  // namespace fk::sim
