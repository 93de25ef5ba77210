#include "sim/measures/measure_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/dates.hpp"
#include "common/distributions.hpp"
#include "sim/params/measures_toml.hpp"

namespace fk::sim {
namespace {

// Grids [begin, end) of the region with `code`, or {0, 0} if none.
std::pair<uint32_t, uint32_t> GridsOfRegion(const Population& pop, const std::string& code) {
  if (code == std::to_string(pop.city_code)) return {0, pop.grid_count()};
  auto find = [&](const std::vector<Region>& level) -> const Region* {
    for (const Region& r : level) {
      if (r.code == code) return &r;
    }
    return nullptr;
  };
  if (const Region* g = find(pop.grids)) {
    uint32_t index = static_cast<uint32_t>(g - pop.grids.data());
    return {index, index + 1};
  }
  auto communities = [&](uint32_t begin, uint32_t end) -> std::pair<uint32_t, uint32_t> {
    if (begin >= end) return {0, 0};
    return {pop.communities[begin].first_child, pop.communities[end - 1].end_child};
  };
  auto streets = [&](uint32_t begin, uint32_t end) -> std::pair<uint32_t, uint32_t> {
    if (begin >= end) return {0, 0};
    return communities(pop.streets[begin].first_child, pop.streets[end - 1].end_child);
  };
  if (const Region* c = find(pop.communities)) return {c->first_child, c->end_child};
  if (const Region* s = find(pop.streets)) return communities(s->first_child, s->end_child);
  if (const Region* d = find(pop.districts)) return streets(d->first_child, d->end_child);
  return {0, 0};
}

double Metric(const DayRecord& r, const std::string& metric) {
  if (metric == "symptomatic_daily") return static_cast<double>(r.new_symptomatic);
  if (metric == "confirmed_daily") return static_cast<double>(r.new_confirmed);
  if (metric == "deaths_cumulative") return static_cast<double>(r.cumulative_deaths);
  return 0;
}

// Draw indices within Stream::kIntervention (the day slot holds a traced
// case's id for recall and load draws).
constexpr uint32_t kTestDraw = 7;
constexpr uint32_t kRecallDraw = 8;
constexpr uint32_t kLoadDraw = 9;
// Fever from other causes: the day's count (agent slot kNone) and the k-th
// resident drawn (agent slot k).
constexpr uint32_t kFeverCountDraw = 10;
constexpr uint32_t kFeverPickDraw = 11;
constexpr uint8_t kQuarantineFlags = kQuarantined | kQuarantinedSite;
constexpr uint32_t kNone = UINT32_MAX;

void KeepOut(GridRule& rule, Layer layer, double share) {
  float& v = rule.kept_out[SampledLayerIndex(layer)];
  v = std::max(v, static_cast<float>(share));
}

}  // namespace

Result<std::unique_ptr<MeasurePolicy>> MeasurePolicy::Create(const Parameters& params,
                                                             const Population& pop) {
  std::unique_ptr<MeasurePolicy> policy(new MeasurePolicy(pop, params.seed));
  policy->other_fever_per_100k_ = params.other_fever_per_100k;
  policy->other_fever_days_ = params.other_fever_days;
  policy->start_date_ = params.start_date;
  for (size_t i = 0; i < params.measures.size(); ++i) {
    Measure m;
    m.spec = params.measures[i];
    if (!m.spec.scope.empty()) {
      m.grid_in_scope.assign(pop.grid_count(), 0);
      for (const std::string& code : m.spec.scope) {
        auto [begin, end] = GridsOfRegion(pop, code);
        if (begin >= end) {
          return InvalidArgument(fmt::format(
              "measures[{}].scope: {} is not a region of the city {} ({}); allowed: the city's "
              "code or the code of one of its {} districts, {} streets, {} communities or {} "
              "grids",
              i + 1, code, pop.city_name, pop.city_code, pop.districts.size(), pop.streets.size(),
              pop.communities.size(), pop.grids.size()));
        }
        std::fill(m.grid_in_scope.begin() + begin, m.grid_in_scope.begin() + end, 1);
      }
    }
    for (uint32_t g = 0; g < pop.grid_count(); ++g) {
      if (policy->InScope(m, g))
        m.residents += pop.grid_agent_start[g + 1] - pop.grid_agent_start[g];
    }
    const bool screening = m.spec.kind == MeasureKind::kScreening;
    if (screening || (m.spec.kind == MeasureKind::kMasks && m.spec.household_ration >= 0)) {
      for (uint32_t g = 0; g < pop.grid_count(); ++g) {
        if (!policy->InScope(m, g)) continue;
        const uint32_t n = pop.grid_household_start[g + 1] - pop.grid_household_start[g];
        m.households += n;
        if (screening && n > 0) m.grids.push_back(g);
      }
      if (screening && !m.grids.empty()) m.next_household = pop.grid_household_start[m.grids[0]];
    }
    if (screening || m.spec.kind == MeasureKind::kTesting ||
        m.spec.kind == MeasureKind::kIsolation) {
      policy->other_fever_ = true;
    }
    if (m.spec.each_grid) m.grid_until.assign(pop.grid_count(), 0);
    m.waiting = m.spec.start.kind == MeasureTime::Kind::kTrigger && !m.spec.each_grid;
    if (!m.waiting && !m.spec.each_grid) {
      m.start_day = MeasureDay(m.spec.start, params.start_date);
      if (m.spec.duration_days > 0) m.end_day = m.start_day + m.spec.duration_days;
    }
    if (m.spec.end.kind != MeasureTime::Kind::kNone) {
      m.end_day = MeasureDay(m.spec.end, params.start_date);
    }
    if (m.spec.kind == MeasureKind::kMasks) m.stock = m.spec.stock;
    if (m.spec.kind == MeasureKind::kContactTracing) {
      // Tracing on day d follows links of days from d - lookback_days: none
      // before start - lookback_days is ever used (a trigger: any day).
      policy->keep_links_ = true;
      const int from = m.waiting ? 0 : m.start_day - m.spec.lookback_days;
      policy->links_from_ = std::min(policy->links_from_, from);
    }
    if (m.spec.kind == MeasureKind::kHospital) policy->has_hospitals_ = true;
    policy->measures_.push_back(std::move(m));
  }
  return policy;
}

void MeasurePolicy::Apply(const Event& e, TransmissionContext& context) {
  uint8_t before = context.Flags(e.agent);
  uint8_t after = static_cast<uint8_t>((before & ~e.clear) | e.set);
  isolated_home_ += ((after & kIsolatedHome) != 0) - ((before & kIsolatedHome) != 0);
  isolated_facility_ += ((after & kIsolatedFacility) != 0) - ((before & kIsolatedFacility) != 0);
  quarantined_agents_ += ((after & kQuarantineFlags) != 0) - ((before & kQuarantineFlags) != 0);
  context.SetFlags(e.agent, after);
}

void MeasurePolicy::ApplyFrom(int day, int from, const Event& e, TransmissionContext& context) {
  if (from <= day) {
    Apply(e, context);
  } else {
    events_.Schedule(from, e);
  }
}

const MeasurePolicy::Measure* MeasurePolicy::FirstInForce(MeasureKind kind) const {
  for (const Measure& m : measures_) {
    if (m.in_force && m.spec.kind == kind) return &m;
  }
  return nullptr;
}

void MeasurePolicy::OnInfection(int day, uint32_t infector, uint32_t infectee, Layer layer) {
  if (!keep_links_ || day < links_from_) return;
  Node& child = nodes_[infectee];
  child.infector = infector;
  child.day = static_cast<uint16_t>(day);
  child.layer = layer;
  Node& parent = nodes_[infector];  // references into the map survive a rehash
  children_.push_back({infectee, parent.first_child});
  parent.first_child = static_cast<uint32_t>(children_.size() - 1);
}

void MeasurePolicy::Quarantine(int day, const Measure& m, uint32_t agent,
                               TransmissionContext& context) {
  if (context.ComplianceRank(agent) >= m.spec.compliance) return;
  const int end = day + m.spec.quarantine_days;
  auto [it, fresh] = quarantine_end_.try_emplace(agent, end);
  if (!fresh) {
    if (it->second >= end) return;
    it->second = end;
  }
  Apply(Event{agent, m.spec.facility ? uint8_t{kQuarantinedSite} : uint8_t{kQuarantined}, 0},
        context);
  releases_.Schedule(end, agent);
}

void MeasurePolicy::Trace(int day, const Measure& m, uint32_t c, TransmissionContext& context) {
  const MeasureSpec& s = m.spec;
  const Rng rng(seed_);
  auto recalled = [&](uint32_t contact, double recall) {
    return rng.Uniform(Stream::kIntervention, c, contact, kRecallDraw) < recall;
  };
  const uint32_t h = pop_.HouseholdOf(c);
  for (uint32_t j = pop_.household_start[h]; j < pop_.household_start[h + 1]; ++j) {
    if (j != c && recalled(j, s.recall_household)) Quarantine(day, m, j, context);
  }
  // Infected contacts outside the household, from who infected whom.
  const int since = day - s.lookback_days;
  auto infected_contact = [&](uint32_t agent, const Node& link) {
    const int li = SampledLayerIndex(link.layer);
    if (li < 0 || link.day < since) return;  // household (done above), seed, import
    if (recalled(agent, s.recall[li])) Quarantine(day, m, agent, context);
  };
  if (auto it = nodes_.find(c); it != nodes_.end()) {
    const Node& self = it->second;
    if (self.infector != kNone) infected_contact(self.infector, self);
    for (uint32_t k = self.first_child; k != kNone; k = children_[k].next) {
      const uint32_t agent = children_[k].agent;
      infected_contact(agent, nodes_.at(agent));
    }
  }
  // Uninfected close contacts outside the household: counted, not listed.
  const uint32_t group = pop_.agent_group[c];
  const int group_layer =
      group == kNoGroup ? -1 : (pop_.group_kind[group] == GroupKind::kSchoolClass ? 2 : 1);
  int64_t load = 0;
  for (int li = 0; li < 4; ++li) {
    if ((li == 1 || li == 2) && li != group_layer) continue;
    const double mean = s.contacts[li] * s.recall[li] * s.compliance;
    if (mean <= 0) continue;
    load += PoissonFromUniform(
        mean, rng.Uniform(Stream::kIntervention, c, kNone - static_cast<uint32_t>(li), kLoadDraw));
  }
  if (load > 0) {
    quarantine_load_ += load;
    load_releases_.Schedule(day + s.quarantine_days, load);
  }
}

void MeasurePolicy::RespondToConfirmed(int day, const std::vector<uint32_t>& confirmed,
                                       TransmissionContext& context) {
  for (const Measure& m : measures_) {
    if (!m.in_force || m.spec.kind != MeasureKind::kIsolation || !m.spec.after_confirmation)
      continue;
    const uint8_t flag = m.spec.facility ? kIsolatedFacility : kIsolatedHome;
    for (uint32_t agent : confirmed) {
      if (!InScope(m, pop_.GridOf(agent))) continue;
      if (context.ComplianceRank(agent) >= m.spec.compliance) continue;
      const int from = day + m.spec.delay_days;
      ApplyFrom(day, from, Event{agent, flag, 0}, context);
      events_.Schedule(from + m.spec.isolation_days, Event{agent, 0, flag});
    }
  }
  for (Measure& m : measures_) {
    if (!m.spec.each_grid) continue;
    for (uint32_t agent : confirmed) {
      int32_t& until = m.grid_until[pop_.GridOf(agent)];
      until = std::max(until, day + 1 + m.spec.duration_days);
    }
  }
  const Measure* tracing = FirstInForce(MeasureKind::kContactTracing);
  if (tracing != nullptr) {
    for (uint32_t agent : confirmed) {
      if (!InScope(*tracing, pop_.GridOf(agent))) continue;
      if (tracing->spec.delay_days == 0) {
        trace_queue_.push_back(agent);
      } else {
        trace_due_.Schedule(day + tracing->spec.delay_days, agent);
      }
    }
  }
  for (uint32_t agent : trace_due_.TakeDue(day)) trace_queue_.push_back(agent);
  if (tracing == nullptr) return;
  const double capacity = tracing->spec.cases_per_day < 0 ? 1e18 : tracing->spec.cases_per_day;
  const int64_t n =
      static_cast<int64_t>(std::min<double>(capacity, static_cast<double>(trace_queue_.size())));
  for (int64_t k = 0; k < n; ++k) {
    const uint32_t agent = trace_queue_.front();
    trace_queue_.pop_front();
    Trace(day, *tracing, agent, context);
  }
}

void MeasurePolicy::BeginDay(int day, const std::vector<DayRecord>& records,
                             TransmissionContext& context) {
  context.ClearRules();
  tests_done_ = 0;
  screened_households_ = 0;
  found_by_screening_ = 0;
  masks_short_ = false;
  int64_t beds = 0, icu_beds = 0;
  std::vector<GridRule>& rules = context.grid_rules();
  for (Measure& m : measures_) {
    const MeasureSpec& s = m.spec;
    if (m.waiting && !records.empty() &&
        Metric(records.back(), s.start.metric) > s.start.threshold) {
      m.waiting = false;
      m.start_day = day;
      if (s.duration_days > 0) m.end_day = day + s.duration_days;
    }
    if (s.kind == MeasureKind::kMasks && m.stock >= 0) m.stock += s.production_per_day;
    m.in_force = !m.waiting && day >= m.start_day && day < m.end_day;
    if (!m.in_force) continue;
    auto each_grid = [&](auto fn) {
      for (uint32_t g = 0; g < rules.size(); ++g) {
        if (m.spec.each_grid ? m.grid_until[g] > day : InScope(m, g)) fn(rules[g]);
      }
    };
    switch (s.kind) {
      case MeasureKind::kCordon:
        context.set_import_factor(std::min(context.import_factor(), s.imports_remaining));
        break;
      case MeasureKind::kSchoolClosure:
        each_grid([&](GridRule& r) { KeepOut(r, Layer::kSchool, s.compliance); });
        break;
      case MeasureKind::kWorkplaceClosure:
        each_grid([&](GridRule& r) {
          KeepOut(r, Layer::kWorkplace, s.compliance);
          r.essential_share = std::max(r.essential_share, static_cast<float>(s.essential_share));
        });
        break;
      case MeasureKind::kStayAtHome:
        each_grid([&](GridRule& r) {
          for (Layer l : {Layer::kGrid, Layer::kWorkplace, Layer::kSchool, Layer::kCity}) {
            KeepOut(r, l, s.compliance);
          }
          r.essential_share = std::max(r.essential_share, static_cast<float>(s.essential_share));
        });
        break;
      case MeasureKind::kGatheringBan:
        each_grid([&](GridRule& r) { KeepOut(r, Layer::kCity, s.compliance); });
        break;
      case MeasureKind::kCommunityClosure:
        each_grid([&](GridRule& r) { KeepOut(r, Layer::kGrid, s.compliance); });
        break;
      case MeasureKind::kHospital:
        beds += s.beds;
        icu_beds += s.icu_beds;
        break;
      case MeasureKind::kIsolation:
      case MeasureKind::kContactTracing:
      case MeasureKind::kScreening:
        break;  // act on onsets and visits (AfterProgress) and confirmed cases (below)
      case MeasureKind::kTesting: {
        // Today's reports, then the day's seekers join the queue and the
        // day's tests are done (capacity: the largest of the measures in force).
        for (const Seeker& seeker : seekers_.TakeDue(day)) test_queue_.push_back(seeker);
        double capacity = s.tests_per_day < 0 ? 1e18 : s.tests_per_day;
        int64_t tests = static_cast<int64_t>(
            std::min<double>(capacity, static_cast<double>(test_queue_.size())));
        const Rng rng(seed_);
        for (int64_t k = 0; k < tests; ++k) {
          const Seeker seeker = test_queue_.front();
          test_queue_.pop_front();
          if (seeker.other_fever) continue;  // negative
          if (rng.Uniform(Stream::kIntervention, static_cast<uint32_t>(day), seeker.agent,
                          kTestDraw) < s.sensitivity) {
            reports_.Schedule(day + s.report_delay_days, seeker.agent);
          }
        }
        tests_done_ += tests;
        break;
      }
      case MeasureKind::kMasks: {
        // Wearers are cut, in proportion, to what the ration allows and
        // what the stock holds.
        double coverage = s.coverage * s.compliance;
        const double wanted =
            coverage * static_cast<double>(m.residents) * s.use_per_wearer_per_day;
        double used = wanted;
        if (s.household_ration >= 0) {
          used = std::min(used,
                          static_cast<double>(m.households) * s.household_ration / s.ration_days);
        }
        if (m.stock >= 0) {  // m.stock: after today's production
          if (m.stock < used) masks_short_ = true;
          used = std::min(m.stock, used);
          m.stock -= used;
        }
        const bool limited = m.stock >= 0 || s.household_ration >= 0;
        if (limited && wanted > 0) coverage = coverage * used / wanted;
        each_grid([&](GridRule& r) {
          r.mask_coverage = static_cast<float>(coverage);
          r.mask_protects_wearer = static_cast<float>(s.efficacy_wearer);
          r.mask_protects_others = static_cast<float>(s.efficacy_others);
        });
        break;
      }
    }
  }
  if (has_hospitals_) context.set_care_capacity(beds, icu_beds);
  for (const Event& e : events_.TakeDue(day)) Apply(e, context);
  for (uint32_t agent : releases_.TakeDue(day)) {
    auto it = quarantine_end_.find(agent);
    if (it == quarantine_end_.end() || it->second != day) continue;  // extended since
    quarantine_end_.erase(it);
    Apply(Event{agent, 0, kQuarantineFlags}, context);
  }
  for (int64_t n : load_releases_.TakeDue(day)) quarantine_load_ -= n;
  // Reports due today, including today's positives when the delay is 0.
  const std::vector<uint32_t> confirmed = reports_.TakeDue(day);
  new_confirmed_ = static_cast<int64_t>(confirmed.size());
  cumulative_confirmed_ += new_confirmed_;
  RespondToConfirmed(day, confirmed, context);
}

std::vector<uint32_t> MeasurePolicy::OtherFevers(int day, std::span<const State> states) {
  for (uint32_t agent : fever_ends_.TakeDue(day)) {
    auto it = febrile_until_.find(agent);
    if (it != febrile_until_.end() && it->second == day) febrile_until_.erase(it);
  }
  std::vector<uint32_t> fevers;
  auto date = ParseDate(start_date_);
  if (!date) return fevers;
  const int month = std::stoi(AddDays(*date, day).substr(5, 2));
  const double mean =
      other_fever_per_100k_[month - 1] * static_cast<double>(states.size()) / 100000.0;
  if (mean <= 0) return fevers;
  const Rng rng(seed_);
  const uint32_t d = static_cast<uint32_t>(day);
  const int64_t n =
      PoissonFromUniform(mean, rng.Uniform(Stream::kIntervention, d, kNone, kFeverCountDraw));
  for (int64_t k = 0; k < n; ++k) {
    const double u =
        rng.Uniform(Stream::kIntervention, d, static_cast<uint32_t>(k), kFeverPickDraw);
    const uint32_t agent = std::min(static_cast<uint32_t>(u * static_cast<double>(states.size())),
                                    static_cast<uint32_t>(states.size() - 1));
    if (states[agent] != State::kSusceptible && states[agent] != State::kRecovered) continue;
    auto [it, fresh] = febrile_until_.try_emplace(agent, day + other_fever_days_);
    if (!fresh) continue;  // already febrile
    fever_ends_.Schedule(day + other_fever_days_, agent);
    fevers.push_back(agent);
  }
  std::sort(fevers.begin(), fevers.end());
  return fevers;
}

void MeasurePolicy::SeekTests(int day, const std::vector<Seeker>& onsets,
                              TransmissionContext& context) {
  for (const Measure& m : measures_) {
    if (!m.in_force || m.spec.kind != MeasureKind::kTesting) continue;
    // People in quarantine are tested on the day their symptoms begin,
    // before anyone already waiting.
    std::vector<Seeker> quarantined;
    for (const Seeker& seeker : onsets) {
      const uint32_t agent = seeker.agent;
      if (context.Flags(agent) & kQuarantineFlags) {
        quarantined.push_back(seeker);
        continue;
      }
      if (!m.grid_in_scope.empty() && !m.grid_in_scope[pop_.GridOf(agent)]) continue;
      if (context.ComplianceRank(agent) >= m.spec.compliance) continue;
      // With no delay the seeker joins the queue now and is tested from
      // tomorrow (today's tests are done).
      if (m.spec.seek_delay_days == 0) {
        test_queue_.push_back(seeker);
      } else {
        seekers_.Schedule(day + m.spec.seek_delay_days, seeker);
      }
    }
    test_queue_.insert(test_queue_.begin(), quarantined.begin(), quarantined.end());
    return;  // one testing measure takes the onsets
  }
}

void MeasurePolicy::IsolateOnset(int day, const std::vector<Seeker>& onsets,
                                 TransmissionContext& context) {
  for (const Measure& m : measures_) {
    if (!m.in_force || m.spec.kind != MeasureKind::kIsolation || m.spec.after_confirmation)
      continue;
    const uint8_t flag = m.spec.facility ? kIsolatedFacility : kIsolatedHome;
    for (const Seeker& seeker : onsets) {
      const uint32_t agent = seeker.agent;
      if (!m.grid_in_scope.empty() && !m.grid_in_scope[pop_.GridOf(agent)]) continue;
      if (context.ComplianceRank(agent) >= m.spec.compliance) continue;
      const int from = day + m.spec.delay_days;
      ApplyFrom(day, from, Event{agent, flag, 0}, context);
      events_.Schedule(from + m.spec.isolation_days, Event{agent, 0, flag});
    }
  }
}

void MeasurePolicy::Screen(int day, Measure& m, std::span<const State> states,
                           TransmissionContext& context) {
  if (m.grids.empty()) return;
  const MeasureSpec& s = m.spec;
  const int64_t per_day = s.households_per_day < 0
                              ? (m.households + s.round_days - 1) / s.round_days
                              : static_cast<int64_t>(s.households_per_day);
  const uint8_t flag = s.facility ? kIsolatedFacility : kIsolatedHome;
  std::vector<Seeker> found;
  int64_t visited = 0;
  while (visited < per_day) {
    const uint32_t h = m.next_household++;
    ++visited;
    for (uint32_t a = pop_.household_start[h]; a < pop_.household_start[h + 1]; ++a) {
      const bool mild = states[a] == State::kMild;
      if (!mild && (febrile_until_.empty() || !febrile_until_.contains(a))) continue;
      if (context.Flags(a) != 0) continue;  // already isolated or quarantined
      if (context.ComplianceRank(a) >= s.compliance) continue;
      found.push_back({a, !mild});
    }
    if (m.next_household == pop_.grid_household_start[m.grids[m.next_grid] + 1]) {
      const bool round_over = ++m.next_grid == m.grids.size();
      if (round_over) m.next_grid = 0;
      m.next_household = pop_.grid_household_start[m.grids[m.next_grid]];
      if (round_over) break;  // the next round starts tomorrow
    }
  }
  screened_households_ += visited;
  found_by_screening_ += static_cast<int64_t>(found.size());
  for (const Seeker& seeker : found) {
    Apply(Event{seeker.agent, flag, 0}, context);
    events_.Schedule(day + s.isolation_days, Event{seeker.agent, 0, flag});
  }
  // Tested first, like people in quarantine.
  if (FirstInForce(MeasureKind::kTesting) != nullptr) {
    test_queue_.insert(test_queue_.begin(), found.begin(), found.end());
  }
}

void MeasurePolicy::AfterProgress(int day, const std::vector<uint32_t>& onsets,
                                  std::span<const State> states, TransmissionContext& context) {
  std::vector<Seeker> seekers;
  seekers.reserve(onsets.size());
  for (uint32_t agent : onsets) seekers.push_back({agent, false});
  if (other_fever_) {
    for (uint32_t agent : OtherFevers(day, states)) seekers.push_back({agent, true});
  }
  SeekTests(day, seekers, context);
  IsolateOnset(day, seekers, context);
  for (Measure& m : measures_) {
    if (m.in_force && m.spec.kind == MeasureKind::kScreening) Screen(day, m, states, context);
  }
}

void MeasurePolicy::RecordDay(int, DayRecord& record) {
  record.isolated_home = isolated_home_;
  record.isolated_facility = isolated_facility_;
  double stock = 0;
  for (const Measure& m : measures_) {
    if (m.stock > 0) stock += m.stock;
  }
  record.masks_in_stock = static_cast<int64_t>(std::floor(stock));
  record.tests_done = tests_done_;
  record.tests_queued = static_cast<int64_t>(test_queue_.size());
  record.new_confirmed = new_confirmed_;
  record.cumulative_confirmed = cumulative_confirmed_;
  record.quarantined = quarantined_agents_ + quarantine_load_;
  record.masks_short = masks_short_;
  record.screened_households = screened_households_;
  record.found_by_screening = found_by_screening_;
}

}  // namespace fk::sim
