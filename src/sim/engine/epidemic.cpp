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

// Imports' lineage stays outside; the seeds' saturates at kLastGeneration.
uint8_t NextGeneration(uint8_t g) { return g >= kLastGeneration ? g : static_cast<uint8_t>(g + 1); }

bool InFirstGenerations(uint8_t g) { return g == 1 || g == 2; }

uint8_t DaysSince(int day, int since) {
  return static_cast<uint8_t>(std::clamp(day - since, 0, 255));
}

// Bytes a deque of proposals holds (libstdc++: 512-byte blocks, a map of
// block pointers), rounded up.
uint64_t DequeBytes(const std::deque<Proposal>& d) {
  uint64_t blocks = d.size() * sizeof(Proposal) / 512 + 2;
  return blocks * (512 + 16 + sizeof(void*)) + 128;
}

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
      rng_(config.seed),
      context_(population, config.seed),
      state_(population.size(), State::kSusceptible),
      thread_proposals_(std::max(1, config.threads)),
      thread_onsets_(config.policy ? std::max(1, config.threads) : 0) {
  in_state_[static_cast<int>(State::kSusceptible)] = population.size();
  if (config_.pilot) pilot_susceptible_ = layers_.InitialSusceptibleSums();
  if (config_.record_grids) {
    grid_new_.assign(pop_.grid_count(), 0);
    grid_cumulative_.assign(pop_.grid_count(), 0);
    grid_onsets_.assign(pop_.grid_count(), 0);
  }
}

void Epidemic::RunDay(int day) {
  new_by_layer_.fill(0);
  new_symptomatic_ = 0;
  new_deaths_ = 0;
  new_deaths_without_care_ = 0;
  if (config_.policy) {
    config_.policy->BeginDay(day, result_.daily, context_);
    context_.Refresh();
  }
  ImportInfections(day);
  Progress(day);
  if (context_.limits_care()) {
    care_limited_ = true;
    Admit(day);
  }
  if (config_.policy) {
    config_.policy->AfterProgress(day, onsets_, state_, context_);
    context_.Refresh();
  }
  Transmit(day);
  NoteMemory();
  Infect(day);
  NoteMemory();
  Record(day);
}

void Epidemic::NoteMemory() {
  uint64_t bytes = state_.capacity() * sizeof(State) + active_.MemoryBytes() +
                   context_.MemoryBytes() + onsets_.capacity() * sizeof(uint32_t);
  for (const auto& d : thread_proposals_) bytes += DequeBytes(d);
  for (const auto& v : thread_waiting_) bytes += v.capacity() * sizeof(uint32_t);
  bytes += waiting_.capacity() * sizeof(uint32_t);
  peak_engine_bytes_ = std::max(peak_engine_bytes_, bytes);
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
  if (static_cast<size_t>(day) >= cohort_infected_.size()) {
    cohort_infected_.resize(day + 1, 0);
    cohort_offspring_.resize(day + 1, 0);
  }
  ++cohort_infected_[day];
  if (infector) ++cohort_offspring_[infector->infected_day];
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
                                     static_cast<uint16_t>(day), layer,
                                     infector ? infector->state : State::kSusceptible, inf.grid});
  }
  active_.push_back(inf);
}

void Epidemic::SeedInitial() {
  for (const InitialInfection& seed : *config_.initial) {
    if (seed.agent >= pop_.size() || state_[seed.agent] != State::kSusceptible) continue;
    if (seed.state == State::kSusceptible || seed.state == State::kRecovered ||
        seed.state == State::kDead)
      continue;
    InfectAgent(seed.agent, 0, Layer::kSeed, 0, nullptr);
    Infection& inf = active_[active_.size() - 1];
    if (seed.isolated) inf.multiplier = 0;
    if (seed.state == State::kExposed) continue;
    Prognosis& p = inf.prognosis;
    switch (seed.state) {
      case State::kAsymptomatic:
        p = Prognosis{};
        break;
      case State::kCritical:
        p.critical = true;
        [[fallthrough]];
      case State::kSevere:
        p.severe = true;
        [[fallthrough]];
      default:  // presymptomatic, mild
        p.symptomatic = true;
        break;
    }
    if (!p.critical) p.dies = false;
    --in_state_[static_cast<int>(State::kExposed)];
    ++in_state_[static_cast<int>(seed.state)];
    inf.state = seed.state;
    state_[seed.agent] = seed.state;
    // Infectious from day 0; symptoms, if any, began on day 0 (seeds past
    // their onset) or come at the next step (presymptomatic).
    inf.infectious_after = 0;
    inf.onset_after = 0;
    auto step = history_.NextStep(rng_, seed.agent, seed.state, p);
    inf.next_state = step.next;
    inf.next_day = static_cast<uint16_t>(std::max(1, step.after_days));
  }
}

void Epidemic::ImportInfections(int day) {
  const uint32_t n = pop_.size();
  auto infect_random = [&](Stream stream, int64_t count, Layer layer, uint8_t generation) {
    // Distinct susceptible agents; a bounded number of tries so a nearly
    // infected city cannot loop forever.
    int64_t done = 0;
    for (uint32_t k = 0; done < count && k < 100 * count + 100; ++k) {
      uint32_t a = Rng::ToIndex(rng_.Draw(stream, static_cast<uint32_t>(day), k, 1)[0], n);
      if (state_[a] != State::kSusceptible) continue;
      InfectAgent(a, day, layer, generation, nullptr);
      ++done;
    }
  };
  if (day == 0) {
    if (config_.initial) {
      SeedInitial();
    } else if (config_.pilot) {
      infect_random(Stream::kCalibration, config_.pilot_seeds, Layer::kSeed, 0);
    } else {
      infect_random(Stream::kSeeding, params_.initial_infections, Layer::kSeed, 0);
    }
  }
  if (!config_.pilot && params_.imports_per_day > 0) {
    double u = rng_.Uniform(Stream::kImports, static_cast<uint32_t>(day), 0, 0);
    double mean = params_.imports_per_day * context_.import_factor();
    if (mean > 0) {
      infect_random(Stream::kImports, PoissonFromUniform(mean, u), Layer::kImported,
                    kOutsideLineage);
    }
  }
}

void Epidemic::Progress(int day) {
  const int threads = std::max(1, config_.threads);
  struct Tally {
    std::array<int64_t, kStateCount> delta{};
    std::array<int64_t, kAgeBands> deaths_by_age{};
    int64_t symptomatic = 0, deaths = 0, gen12_done = 0, gen12_squares = 0;
    int64_t beds_freed = 0, icu_freed = 0, deaths_without_care = 0;
  };
  std::vector<Tally> tallies(threads);
  const bool collect_onsets = config_.policy != nullptr;
  const bool limited_care = context_.limits_care();
  const int64_t size = static_cast<int64_t>(active_.size());
#pragma omp parallel num_threads(threads)
  {
    const int tid = omp_get_thread_num();
    Tally& t = tallies[tid];
    if (collect_onsets) thread_onsets_[tid].clear();
#pragma omp for schedule(static)
    for (int64_t i = 0; i < size; ++i) {
      Infection& inf = active_[i];
      if (inf.next_day != day) continue;
      --t.delta[static_cast<int>(inf.state)];
      ++t.delta[static_cast<int>(inf.next_state)];
      if (inf.state == State::kExposed) inf.infectious_after = DaysSince(day, inf.infected_day);
      if (limited_care && inf.next_state == State::kDead && !(inf.care & kInIcu))
        ++t.deaths_without_care;
      // Leaving a bed frees it; a case entering severe or critical needs one.
      if (inf.care & kInBed) ++t.beds_freed;
      if (inf.care & kInIcu) ++t.icu_freed;
      inf.care = 0;
      if (inf.next_state == State::kSevere || inf.next_state == State::kCritical)
        inf.care = kNeedsCareToday;
      inf.state = inf.next_state;
      state_[inf.agent] = inf.state;
      if (inf.state == State::kMild) {
        ++t.symptomatic;
        inf.onset_after = DaysSince(day, inf.infected_day);
        if (collect_onsets) thread_onsets_[tid].push_back(inf.agent);
        if (config_.record_grids) {
#pragma omp atomic
          ++grid_onsets_[inf.grid];
        }
      }
      if (inf.state == State::kDead) {
        ++t.deaths;
        ++t.deaths_by_age[AgeBand(inf.age)];
      }
      if (IsTerminal(inf.state)) {
        if (InFirstGenerations(inf.generation)) {
          ++t.gen12_done;
          t.gen12_squares += static_cast<int64_t>(inf.offspring) * inf.offspring;
        }
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
    beds_used_ -= t.beds_freed;
    icu_used_ -= t.icu_freed;
    new_deaths_without_care_ += t.deaths_without_care;
    gen12_active_ -= t.gen12_done;
    gen12_offspring_squares_ += t.gen12_squares;
  }
  cumulative_deaths_ += new_deaths_;
  if (collect_onsets) {
    onsets_.clear();
    for (const auto& v : thread_onsets_) onsets_.insert(onsets_.end(), v.begin(), v.end());
    std::sort(onsets_.begin(), onsets_.end());
  }
  active_.RemoveIf([](const Infection& inf) { return IsTerminal(inf.state); });
}

void Epidemic::Admit(int day) {
  // Severe and critical cases without a bed, in active-list order (each
  // thread scans a contiguous block), then first infected, first served.
  const int threads = std::max(1, config_.threads);
  thread_waiting_.resize(threads);
  const int64_t size = static_cast<int64_t>(active_.size());
#pragma omp parallel num_threads(threads)
  {
    std::vector<uint32_t>& out = thread_waiting_[omp_get_thread_num()];
    out.clear();
#pragma omp for schedule(static)
    for (int64_t i = 0; i < size; ++i) {
      const Infection& inf = active_[i];
      if ((inf.state == State::kSevere && !(inf.care & kInBed)) ||
          (inf.state == State::kCritical && !(inf.care & kInIcu)))
        out.push_back(static_cast<uint32_t>(i));
    }
  }
  std::vector<uint32_t>& waiting = waiting_;
  waiting.clear();
  for (const auto& v : thread_waiting_) waiting.insert(waiting.end(), v.begin(), v.end());
  std::sort(waiting.begin(), waiting.end(), [&](uint32_t a, uint32_t b) {
    const Infection& x = active_[a];
    const Infection& y = active_[b];
    return x.infected_day != y.infected_day ? x.infected_day < y.infected_day : x.agent < y.agent;
  });
  for (uint32_t i : waiting) {
    Infection& inf = active_[i];
    const bool severe = inf.state == State::kSevere;
    int64_t& used = severe ? beds_used_ : icu_used_;
    if (used < (severe ? context_.beds() : context_.icu_beds())) {
      ++used;
      inf.care = severe ? kInBed : kInIcu;
      continue;
    }
    if ((inf.care & kNeedsCareToday) &&
        history_.WorsenWithoutCare(rng_, inf.agent, inf.age, inf.state, inf.prognosis)) {
      auto step = history_.NextStep(rng_, inf.agent, inf.state, inf.prognosis);
      inf.next_state = step.next;
      inf.next_day = static_cast<uint16_t>(day + step.after_days);
    }
    inf.care = 0;
  }
}

double Epidemic::BaseInfectiousness(const Infection& inf, int day) const {
  int onset = InfectiousnessProfile::kNoOnset;
  if (inf.prognosis.symptomatic) {
    onset = inf.state == State::kPresymptomatic ? inf.next_day - inf.infected_day : inf.onset_after;
  }
  double w = profile_.Weight(day - inf.infected_day, inf.infectious_after, onset);
  return inf.state == State::kAsymptomatic ? w * params_.asymptomatic_infectiousness : w;
}

void Epidemic::Transmit(int day) {
  const int threads = static_cast<int>(thread_proposals_.size());
  std::vector<uint64_t> expected_fixed(threads, 0);
  const int64_t size = static_cast<int64_t>(active_.size());
  const double scale = config_.transmission_scale;
#pragma omp parallel num_threads(threads)
  {
    const int tid = omp_get_thread_num();
    std::deque<Proposal>& out = thread_proposals_[tid];
    out.clear();
    size_t settle_at = kProposalBatch;
#pragma omp for schedule(dynamic, 256)
    for (int64_t i = 0; i < size; ++i) {
      const Infection& inf = active_[i];
      if (!TransmitsInCommunity(inf.state)) continue;
      if (config_.pilot && inf.generation > 2) continue;
      double base = scale * BaseInfectiousness(inf, day);
      if (base <= 0) continue;
      const double infectiousness = base * inf.multiplier;
      layers_.Propose(rng_, day, inf, static_cast<uint32_t>(i), infectiousness, state_, context_,
                      out);
      if (out.size() >= settle_at) {
        // The winner is a minimum, so settling early changes no winner;
        // it keeps the buffer within its distinct targets plus one batch.
        SettleConflicts(out);
        settle_at = out.size() + kProposalBatch;
      }
      if (config_.pilot && InFirstGenerations(inf.generation)) {
        double e = layers_.ExpectedGroupInfections(inf, infectiousness, state_, pilot_susceptible_);
        expected_fixed[tid] += static_cast<uint64_t>(std::llround(e * kFixedPointOne));
      }
    }
    SettleConflicts(out);
  }
  for (uint64_t e : expected_fixed) pilot_group_expected_fixed_ += e;
}

void Epidemic::Infect(int day) {
  // Winners in target order. New infections are appended to the active
  // list; the infectors they refer to keep their indices until the next
  // Progress stage.
  MergeWinners(thread_proposals_, [&](const Proposal& p) {
    Infection& source = active_[p.infector_entry];
    if (source.offspring < UINT16_MAX) ++source.offspring;
    const Infection infector = source;
    InfectAgent(p.target, day, p.layer, NextGeneration(infector.generation), &infector);
    if (config_.policy) config_.policy->OnInfection(day, infector.agent, p.target, p.layer);
  });
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
  if (context_.limits_care()) {
    r.beds_capacity = context_.beds();
    r.icu_capacity = context_.icu_beds();
    r.beds_used = beds_used_;
    r.icu_used = icu_used_;
    r.beds_unmet = in_state_[static_cast<int>(State::kSevere)] - beds_used_;
    r.icu_unmet = in_state_[static_cast<int>(State::kCritical)] - icu_used_;
    r.deaths_without_care = new_deaths_without_care_;
  }
  if (config_.policy) config_.policy->RecordDay(day, r);
  result_.daily.push_back(r);

  if (config_.record_grids) {
    std::vector<int32_t> infectious(pop_.grid_count(), 0), severe(pop_.grid_count(), 0),
        critical(pop_.grid_count(), 0);
    for (size_t i = 0; i < active_.size(); ++i) {
      const Infection& inf = active_[i];
      if (inf.state != State::kExposed) ++infectious[inf.grid];
      if (inf.state == State::kSevere) ++severe[inf.grid];
      if (inf.state == State::kCritical) ++critical[inf.grid];
    }
    for (uint32_t g = 0; g < pop_.grid_count(); ++g) {
      if (grid_cumulative_[g] == 0) continue;
      result_.grid_daily.push_back({day, g, grid_new_[g], infectious[g], grid_cumulative_[g],
                                    grid_onsets_[g], severe[g], critical[g]});
      grid_new_[g] = 0;
      grid_onsets_[g] = 0;
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
  for (DayRecord& r : result_.daily) {
    const size_t d = static_cast<size_t>(r.day);
    if (d < cohort_infected_.size() && cohort_infected_[d] > 0) {
      r.rt = static_cast<double>(cohort_offspring_[d]) / cohort_infected_[d];
    }
  }
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
    if (r.new_confirmed > s.peak_new_confirmed) {
      s.peak_new_confirmed = r.new_confirmed;
      s.peak_confirmed_day = r.day;
    }
    s.total_confirmed = r.cumulative_confirmed;
    if (r.masks_short && s.masks_run_out_day < 0) s.masks_run_out_day = r.day;
    if (r.beds_used > s.peak_beds_used) {
      s.peak_beds_used = r.beds_used;
      s.peak_beds_day = r.day;
      s.peak_beds_capacity = r.beds_capacity;
    }
    if (r.icu_used > s.peak_icu_used) {
      s.peak_icu_used = r.icu_used;
      s.peak_icu_day = r.day;
      s.peak_icu_capacity = r.icu_capacity;
    }
    if (r.beds_unmet > 0) {
      if (s.first_day_beds_short < 0) s.first_day_beds_short = r.day;
      ++s.days_beds_short;
    }
    if (r.icu_unmet > 0) {
      if (s.first_day_icu_short < 0) s.first_day_icu_short = r.day;
      ++s.days_icu_short;
    }
    s.deaths_without_care += r.deaths_without_care;
  }
  // Generation-1/2 cases still infected: their offspring so far.
  int64_t squares = gen12_offspring_squares_, incomplete = 0;
  for (size_t i = 0; i < active_.size(); ++i) {
    const Infection& inf = active_[i];
    if (!InFirstGenerations(inf.generation)) continue;
    ++incomplete;
    squares += static_cast<int64_t>(inf.offspring) * inf.offspring;
  }
  s.r0_cases = gen12_cases_;
  s.r0_incomplete_cases = incomplete;
  if (gen12_cases_ > 0) {
    const double n = static_cast<double>(gen12_cases_);
    const double mean = gen12_secondaries_ / n;
    s.empirical_r0 = mean;
    double variance = gen12_cases_ > 1 ? std::max(0.0, (squares - n * mean * mean) / (n - 1)) : 0;
    double half = 1.959964 * std::sqrt(variance / n);
    s.r0_ci_low = std::max(0.0, mean - half);
    s.r0_ci_high = mean + half;
  }
  s.mean_generation_interval =
      gen12_secondaries_ ? static_cast<double>(gen12_interval_days_) / gen12_secondaries_ : 0;
  s.care_limited = care_limited_;
  s.transmission_scale = config_.transmission_scale;
  s.threads = config_.threads;
  return std::move(result_);
}

}  // namespace fk::sim
