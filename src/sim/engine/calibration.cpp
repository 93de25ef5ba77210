#include "sim/engine/calibration.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/epidemic.hpp"

namespace fk::sim {
namespace {

constexpr uint32_t kAnalyticIndexCases = 200000;
constexpr int kPilots = 2;
constexpr int kMaxPilots = 3;
constexpr int kPilotMaxDays = 365;

// Expected infections of one random index case at transmission scale 1 when
// everyone around it is susceptible, with the engine's infectiousness.
double IndexCaseReproduction(const Parameters& params, const Population& pop,
                             const NaturalHistory& history, const InfectiousnessProfile& profile,
                             const ContactLayers& layers, const Rng& rng, uint32_t agent) {
  const Infection inf = NewInfection(pop, history, rng, agent);
  // The whole course first: when infectiousness starts, when symptoms do,
  // and the state on each day.
  State states[512];
  const int last = std::min(profile.LastDay(), 511);
  State state = State::kExposed;
  int start = 0, onset = InfectiousnessProfile::kNoOnset;
  auto step = history.NextStep(rng, agent, state, inf.prognosis);
  int change_day = step.after_days;
  for (int t = 0; t <= last; ++t) {
    if (t == change_day && state != State::kRecovered && state != State::kDead) {
      if (state == State::kExposed) start = t;
      state = step.next;
      if (state == State::kMild) onset = t;
      if (state != State::kRecovered && state != State::kDead) {
        step = history.NextStep(rng, agent, state, inf.prognosis);
        change_day = t + step.after_days;
        // A presymptomatic agent's onset is known when it becomes infectious.
        if (state == State::kPresymptomatic) onset = change_day;
      }
    }
    states[t] = state;
  }
  double total = 0;
  for (int t = 0; t <= last; ++t) {
    if (!TransmitsInCommunity(states[t])) continue;
    double w = profile.Weight(t, start,
                              inf.prognosis.symptomatic ? onset : InfectiousnessProfile::kNoOnset);
    if (states[t] == State::kAsymptomatic) w *= params.asymptomatic_infectiousness;
    total += layers.ExpectedInfectionsInSusceptibleCity(inf, w);
  }
  return total;
}

}  // namespace

uint64_t CalibrationSeed(uint64_t run_seed, int stage) {
  // SplitMix64 of the seed and the stage: a key unrelated to the run's.
  uint64_t z =
      run_seed + 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(stage + 1) + 0xC0FFEE1234567ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

CalibrationReport Calibrate(const Parameters& params, const Population& pop,
                            const NaturalHistory& history, const InfectiousnessProfile& profile,
                            const ContactLayers& layers, int threads) {
  CalibrationReport c;
  c.seed = params.seed;
  if (params.r0 <= 0) return c;
  const Rng rng(CalibrationSeed(params.seed, 0));

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

  // Step 2: pilot epidemics, each with streams of its own.
  EpidemicConfig config;
  config.threads = threads;
  config.pilot = true;
  config.pilot_seeds = std::clamp<int64_t>(pop.size() / 500, 10, 2000);
  for (int i = 0; i < kMaxPilots; ++i) {
    config.transmission_scale = c.scale;
    config.seed = CalibrationSeed(params.seed, i + 1);
    Epidemic pilot(params, pop, history, profile, layers, config);
    for (int day = 0; day < kPilotMaxDays; ++day) {
      pilot.RunDay(day);
      if (!pilot.PilotNeedsMoreDays()) break;
    }
    double r = pilot.PilotReproductionNumber();
    c.pilot_r.push_back(r);
    c.pilot_cases.push_back(pilot.PilotCases());
    if (r <= 0) break;
    c.scale *= params.r0 / r;
    c.last_error = r / params.r0 - 1;
    c.converged = std::abs(c.last_error) <= kCalibrationTolerance;
    if (i + 1 >= kPilots && c.converged) break;
  }
  return c;
}

}  // namespace fk::sim
