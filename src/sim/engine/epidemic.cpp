#include "sim/engine/epidemic.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "common/distributions.hpp"

namespace fk::sim {
namespace {

// Expected infections are summed as fixed-point integers (units of 2^-32)
// so that the sum does not depend on the order of addition.
constexpr double kFixedPointOne = 4294967296.0;

bool IsTerminal(State s) { return s == State::kRecovered || s == State::kDead; }

uint8_t NextGeneration(uint8_t g) { return g == 255 ? 255 : static_cast<uint8_t>(g + 1); }

bool InFirstGenerations(uint8_t g) { return g == 1 || g == 2; }

}  // namespace

Epidemic::Epidemic(const Parameters& params, const Population& population,
                   const NaturalHistory& history, const InfectiousnessProfile& profile,
                   const ContactLayers& layers, EpidemicConfig config)
    : params_(params),
      pop_(population),
      history_(history),
      profile_(profile),
      layers_(layers),
      config_(config),
      rng_(params.seed),
      state_(population.size(), State::kSusceptible),
      thread_proposals_(std::max(1, config.threads)) {
  in_state_[static_cast<int>(State::kSusceptible)] = population.size();
  if (config_.pilot) pilot_susceptible_ = layers_.InitialSusceptibleSums();
  if (config_.record_grids) {
    grid_new_.assign(pop_.grid_count(), 0);
    grid_cumulative_.assign(pop_.grid_count(), 0);
  }
}

void Epidemic::RunDay(int day) {
  new_by_layer_.fill(0);
  new_symptomatic_ = 0;
  new_deaths_ = 0;
  ImportInfections(day);
  Progress(day);
  Transmit(day);
  Infect(day);
  Record(day);
}

void Epidemic::InfectAgent(uint32_t agent, int day, Layer layer, uint8_t generation,
                           const Infection* infector) {
  Infection inf = NewInfection(pop_, history_, rng_, agent);
  inf.multiplier =
      static_cast<float>(profile_.Multiplier(rng_.Uniform(Stream::kInfectiousness, 0, agent, 0)));
  inf.infected_day = static_cast<uint16_t>(day);
  inf.generation = generation;
  auto step = history_.NextStep(rng_, agent, State::kExposed, inf.prognosis);
  inf.next_state = step.next;
  inf.next_day = static_cast<uint16_t>(day + step.after_days);

  state_[agent] = State::kExposed;
  if (config_.pilot) layers_.RemoveSusceptible(pilot_susceptible_, agent);
  --in_state_[static_cast<int>(State::kSusceptible)];
  ++in_state_[static_cast<int>(State::kExposed)];
  ++new_by_layer_[static_cast<int>(layer)];
  ++cumulative_infections_;
  ++infections_by_age_[AgeBand(inf.age)];
  if (InFirstGenerations(generation)) {
    ++gen12_cases_;
    ++gen12_active_;
  }
  if (infector && InFirstGenerations(infector->generation)) {
    ++gen12_secondaries_;
    if (layer == Layer::kHousehold) ++gen12_household_secondaries_;
    gen12_interval_days_ += day - infector->infected_day;
  }
  if (config_.record_grids) {
    ++grid_new_[inf.grid];
    ++grid_cumulative_[inf.grid];
  }
  if (config_.record_transmissions) {
    result_.transmissions.push_back({infector ? infector->agent : kNoAgent, agent,
                                     static_cast<uint16_t>(day), layer, inf.grid});
  }
  active_.push_back(inf);
}

void Epidemic::ImportInfections(int day) {
  const uint32_t n = pop_.size();
  auto infect_random = [&](Stream stream, int64_t count, Layer layer) {
    // Distinct susceptible agents; a bounded number of tries so a nearly
    // infected city cannot loop forever.
    int64_t done = 0;
    for (uint32_t k = 0; done < count && k < 100 * count + 100; ++k) {
      uint32_t a = Rng::ToIndex(rng_.Draw(stream, static_cast<uint32_t>(day), k, 1)[0], n);
      if (state_[a] != State::kSusceptible) continue;
      InfectAgent(a, day, layer, 0, nullptr);
      ++done;
    }
  };
  if (day == 0) {
    if (config_.pilot) {
      infect_random(Stream::kCalibration, config_.pilot_seeds, Layer::kSeed);
    } else {
      infect_random(Stream::kSeeding, params_.initial_infections, Layer::kSeed);
    }
  }
  if (!config_.pilot && params_.imports_per_day > 0) {
    double u = rng_.Uniform(Stream::kImports, static_cast<uint32_t>(day), 0, 0);
    infect_random(Stream::kImports, PoissonFromUniform(params_.imports_per_day, u),
                  Layer::kImported);
  }
}

void Epidemic::Progress(int day) {
  const int threads = std::max(1, config_.threads);
  struct Tally {
    std::array<int64_t, kStateCount> delta{};
    std::array<int64_t, kAgeBands> deaths_by_age{};
    int64_t symptomatic = 0, deaths = 0, gen12_done = 0;
  };
  std::vector<Tally> tallies(threads);
  const int64_t size = static_cast<int64_t>(active_.size());
#pragma omp parallel num_threads(threads)
  {
    Tally& t = tallies[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (int64_t i = 0; i < size; ++i) {
      Infection& inf = active_[i];
      if (inf.next_day != day) continue;
      --t.delta[static_cast<int>(inf.state)];
      ++t.delta[static_cast<int>(inf.next_state)];
      inf.state = inf.next_state;
      state_[inf.agent] = inf.state;
      if (inf.state == State::kMild) ++t.symptomatic;
      if (inf.state == State::kDead) {
        ++t.deaths;
        ++t.deaths_by_age[AgeBand(inf.age)];
      }
      if (IsTerminal(inf.state)) {
        if (InFirstGenerations(inf.generation)) ++t.gen12_done;
        continue;
      }
      auto step = history_.NextStep(rng_, inf.agent, inf.state, inf.prognosis);
      inf.next_state = step.next;
      inf.next_day = static_cast<uint16_t>(day + step.after_days);
    }
  }
  for (const Tally& t : tallies) {
    for (int s = 0; s < kStateCount; ++s) in_state_[s] += t.delta[s];
    for (int b = 0; b < kAgeBands; ++b) deaths_by_age_[b] += t.deaths_by_age[b];
    new_symptomatic_ += t.symptomatic;
    new_deaths_ += t.deaths;
    gen12_active_ -= t.gen12_done;
  }
  cumulative_deaths_ += new_deaths_;
  active_.erase(std::remove_if(active_.begin(), active_.end(),
                               [](const Infection& inf) { return IsTerminal(inf.state); }),
                active_.end());
}

void Epidemic::Transmit(int day) {
  const int threads = static_cast<int>(thread_proposals_.size());
  std::vector<uint64_t> expected_fixed(threads, 0);
  const int64_t size = static_cast<int64_t>(active_.size());
  const double scale = config_.transmission_scale;
  const double asymptomatic_factor = params_.asymptomatic_infectiousness;
#pragma omp parallel num_threads(threads)
  {
    std::vector<Proposal>& out = thread_proposals_[omp_get_thread_num()];
    out.clear();
#pragma omp for schedule(dynamic, 256)
    for (int64_t i = 0; i < size; ++i) {
      const Infection& inf = active_[i];
      if (!TransmitsInCommunity(inf.state)) continue;
      if (config_.pilot && inf.generation > 2) continue;
      double w = profile_.Weight(day - inf.infected_day);
      if (w <= 0) continue;
      double base = scale * w * (inf.state == State::kAsymptomatic ? asymptomatic_factor : 1.0);
      if (base <= 0) continue;
      const double infectiousness = base * inf.multiplier;
      layers_.Propose(rng_, day, inf, static_cast<uint32_t>(i), infectiousness, state_, out);
      if (config_.pilot && InFirstGenerations(inf.generation)) {
        double e = layers_.ExpectedGroupInfections(inf, infectiousness, state_, pilot_susceptible_);
        expected_fixed[omp_get_thread_num()] +=
            static_cast<uint64_t>(std::llround(e * kFixedPointOne));
      }
    }
  }
  for (uint64_t e : expected_fixed) pilot_group_expected_fixed_ += e;
  proposals_.clear();
  for (auto& v : thread_proposals_) proposals_.insert(proposals_.end(), v.begin(), v.end());
}

void Epidemic::Infect(int day) {
  SettleConflicts(proposals_);
  // New infections are appended to the active list; the infectors they
  // refer to keep their indices until the next Progress stage.
  for (const Proposal& p : proposals_) {
    const Infection infector = active_[p.infector_entry];
    InfectAgent(p.target, day, p.layer, NextGeneration(infector.generation), &infector);
  }
}

void Epidemic::Record(int day) {
  DayRecord r;
  r.day = day;
  r.in_state = in_state_;
  r.new_infections = new_by_layer_;
  r.new_symptomatic = new_symptomatic_;
  r.new_deaths = new_deaths_;
  r.cumulative_infections = cumulative_infections_;
  r.cumulative_deaths = cumulative_deaths_;
  result_.daily.push_back(r);

  if (config_.record_grids) {
    std::vector<int32_t> infectious(pop_.grid_count(), 0);
    for (const Infection& inf : active_) {
      if (inf.state != State::kExposed) ++infectious[inf.grid];
    }
    for (uint32_t g = 0; g < pop_.grid_count(); ++g) {
      if (grid_cumulative_[g] == 0) continue;
      result_.grid_daily.push_back({day, g, grid_new_[g], infectious[g], grid_cumulative_[g]});
      grid_new_[g] = 0;
    }
  }
}

bool Epidemic::PilotNeedsMoreDays() const {
  if (active_.empty()) return false;
  return gen12_active_ > 0 || gen12_cases_ == 0;
}

double Epidemic::PilotReproductionNumber() const {
  if (gen12_cases_ == 0) return 0;
  double group_expected = pilot_group_expected_fixed_ / kFixedPointOne;
  return (gen12_household_secondaries_ + group_expected) / gen12_cases_;
}

RunResult Epidemic::TakeResult() {
  RunSummary& s = result_.summary;
  s.seed = params_.seed;
  s.agents = pop_.size();
  s.days = static_cast<int>(result_.daily.size());
  s.total_infections = cumulative_infections_;
  s.attack_rate = pop_.size() ? static_cast<double>(cumulative_infections_) / pop_.size() : 0;
  s.total_deaths = cumulative_deaths_;
  s.infections_by_age = infections_by_age_;
  s.deaths_by_age = deaths_by_age_;
  for (const DayRecord& r : result_.daily) {
    int64_t fresh = 0;
    for (int64_t v : r.new_infections) fresh += v;
    if (fresh > s.peak_new_infections) {
      s.peak_new_infections = fresh;
      s.peak_day = r.day;
    }
    int64_t infectious = 0;
    for (State st : {State::kPresymptomatic, State::kAsymptomatic, State::kMild, State::kSevere,
                     State::kCritical})
      infectious += r.in_state[static_cast<int>(st)];
    if (infectious > s.peak_infectious) {
      s.peak_infectious = infectious;
      s.peak_infectious_day = r.day;
    }
  }
  s.r0_cases = gen12_cases_;
  s.empirical_r0 = gen12_cases_ ? static_cast<double>(gen12_secondaries_) / gen12_cases_ : 0;
  s.mean_generation_interval =
      gen12_secondaries_ ? static_cast<double>(gen12_interval_days_) / gen12_secondaries_ : 0;
  s.transmission_scale = config_.transmission_scale;
  s.threads = config_.threads;
  return std::move(result_);
}

}  // namespace fk::sim
