#include "sim/measures/measure_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

void KeepOut(GridRule& rule, Layer layer, double share) {
  float& v = rule.kept_out[SampledLayerIndex(layer)];
  v = std::max(v, static_cast<float>(share));
}

}  // namespace

Result<std::unique_ptr<MeasurePolicy>> MeasurePolicy::Create(const Parameters& params,
                                                             const Population& pop) {
  std::unique_ptr<MeasurePolicy> policy(new MeasurePolicy(pop, params.seed));
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
    m.waiting = m.spec.start.kind == MeasureTime::Kind::kTrigger;
    if (!m.waiting) {
      m.start_day = MeasureDay(m.spec.start, params.start_date);
      if (m.spec.duration_days > 0) m.end_day = m.start_day + m.spec.duration_days;
    }
    if (m.spec.end.kind != MeasureTime::Kind::kNone) {
      m.end_day = MeasureDay(m.spec.end, params.start_date);
    }
    if (m.spec.kind == MeasureKind::kMasks) m.stock = m.spec.stock;
    policy->measures_.push_back(std::move(m));
  }
  return policy;
}

void MeasurePolicy::Apply(const Event& e, TransmissionContext& context) {
  uint8_t before = context.Flags(e.agent);
  uint8_t after = static_cast<uint8_t>((before & ~e.clear) | e.set);
  isolated_home_ += ((after & kIsolatedHome) != 0) - ((before & kIsolatedHome) != 0);
  isolated_facility_ += ((after & kIsolatedFacility) != 0) - ((before & kIsolatedFacility) != 0);
  context.SetFlags(e.agent, after);
}

void MeasurePolicy::BeginDay(int day, const std::vector<DayRecord>& records,
                             TransmissionContext& context) {
  context.ClearRules();
  tests_done_ = 0;
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
        if (InScope(m, g)) fn(rules[g]);
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
      case MeasureKind::kIsolation:
        break;  // acts on onsets (AfterProgress)
      case MeasureKind::kTesting: {
        // Today's reports, then the day's seekers join the queue and the
        // day's tests are done (capacity: the largest of the measures in force).
        for (uint32_t agent : seekers_.TakeDue(day)) test_queue_.push_back(agent);
        double capacity = s.tests_per_day < 0 ? 1e18 : s.tests_per_day;
        int64_t tests = static_cast<int64_t>(
            std::min<double>(capacity, static_cast<double>(test_queue_.size())));
        const Rng rng(seed_);
        for (int64_t k = 0; k < tests; ++k) {
          uint32_t agent = test_queue_.front();
          test_queue_.pop_front();
          if (rng.Uniform(Stream::kIntervention, static_cast<uint32_t>(day), agent, 7) <
              s.sensitivity) {
            reports_.Schedule(day + s.report_delay_days, agent);
          }
        }
        tests_done_ += tests;
        break;
      }
      case MeasureKind::kMasks: {
        double coverage = s.coverage * s.compliance;
        if (m.stock >= 0) {
          double wanted = coverage * static_cast<double>(m.residents) * s.use_per_wearer_per_day;
          double used = std::min(m.stock, wanted);
          coverage = wanted > 0 ? coverage * used / wanted : coverage;
          m.stock -= used;
        }
        each_grid([&](GridRule& r) {
          r.mask_coverage = static_cast<float>(coverage);
          r.mask_protects_wearer = static_cast<float>(s.efficacy_wearer);
          r.mask_protects_others = static_cast<float>(s.efficacy_others);
        });
        break;
      }
    }
  }
  for (const Event& e : events_.TakeDue(day)) Apply(e, context);
  // Reports due today, including today's positives when the delay is 0.
  new_confirmed_ = static_cast<int64_t>(reports_.TakeDue(day).size());
  cumulative_confirmed_ += new_confirmed_;
}

void MeasurePolicy::AfterProgress(int day, const std::vector<uint32_t>& onsets,
                                  TransmissionContext& context) {
  for (const Measure& m : measures_) {
    if (!m.in_force || m.spec.kind != MeasureKind::kTesting) continue;
    for (uint32_t agent : onsets) {
      if (!m.grid_in_scope.empty() && !m.grid_in_scope[pop_.GridOf(agent)]) continue;
      if (context.ComplianceRank(agent) >= m.spec.compliance) continue;
      // With no delay the seeker joins the queue now and is tested from
      // tomorrow (today's tests are done).
      if (m.spec.seek_delay_days == 0) {
        test_queue_.push_back(agent);
      } else {
        seekers_.Schedule(day + m.spec.seek_delay_days, agent);
      }
    }
    break;  // one testing measure takes the onsets
  }
  for (const Measure& m : measures_) {
    if (!m.in_force || m.spec.kind != MeasureKind::kIsolation) continue;
    const uint8_t flag = m.spec.facility ? kIsolatedFacility : kIsolatedHome;
    for (uint32_t agent : onsets) {
      if (!m.grid_in_scope.empty() && !m.grid_in_scope[pop_.GridOf(agent)]) continue;
      if (context.ComplianceRank(agent) >= m.spec.compliance) continue;
      const int from = day + m.spec.delay_days;
      const Event isolate{agent, flag, 0};
      if (from == day) {
        Apply(isolate, context);
      } else {
        events_.Schedule(from, isolate);
      }
      events_.Schedule(from + m.spec.isolation_days, Event{agent, 0, flag});
    }
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
}

}  // namespace fk::sim
