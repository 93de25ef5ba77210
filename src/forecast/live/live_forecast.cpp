#include "forecast/live/live_forecast.hpp"

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <cmath>
#include <map>

#include "common/dates.hpp"
#include "common/distributions.hpp"
#include "common/rng.hpp"
#include "forecast/live/live_state.hpp"
#include "forecast/live/registry_population.hpp"
#include "forecast/live/reporting_noise.hpp"
#include "forecast/regional/case_onsets.hpp"
#include "ops/users/access.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::forecast {
namespace {

// Share of the undetected infections placed by where the recent cases are;
// the rest by where people live (an assumption, docs/forecast.md).
constexpr double kNearCasesShare = 0.8;
// Fewer recent cases than this (Cori et al.'s 12 for a posterior CV below
// 0.3) and a region's projection is marked thin.
constexpr double kThinCases = 12;

std::string DayText(int day) { return AddDays(Date{1970, 1, 1}, day); }

// What one member projects for each output region, one value a day.
struct MemberSeries {
  std::vector<std::vector<double>> cases, beds, icu;  // [region][day]
};

std::vector<sim::Band> Bands(const std::vector<MemberSeries>& members,
                             std::vector<std::vector<double>> MemberSeries::*series, size_t region,
                             int days) {
  std::vector<sim::Band> out(days);
  std::vector<double> values(members.size());
  for (int d = 0; d < days; ++d) {
    for (size_t m = 0; m < members.size(); ++m) values[m] = (members[m].*series)[region][d];
    out[d] = sim::BandOf(values);
  }
  return out;
}

std::string ThinNote(double recent) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "数据不足（近期窗口 %.0f 例，少于 12 例）：区间很宽，仅供参考 / thin data "
                "(%.0f cases in the recent window, fewer than 12): wide bands, indicative only",
                recent, recent);
  return buf;
}

}  // namespace

Result<LiveForecast> RunLiveForecast(store::Database& db, const LiveForecastOptions& o) {
  if (o.days < 1 || o.days > 365) return InvalidArgument("days must be between 1 and 365");
  if (o.runs < 1 || o.runs > 1000) return InvalidArgument("runs must be between 1 and 1000");
  if (o.threads < 1) return InvalidArgument("threads must be at least 1");
  std::string region = o.region;
  if (region.empty()) {
    auto city = OnlyCity(db);
    if (!city) return city.error();
    region = *city;
  }
  auto level = ops::LevelOfCode(region);
  if (!level) return InvalidArgument("region: " + level.error().message);
  if (*level != ops::RegionLevel::kCity && *level != ops::RegionLevel::kDistrict)
    return InvalidArgument("region: " + region + " is not a city or a district");
  const std::string city = region.substr(0, 4) + "00";

  // Cases, the delay and Rt of the city and its districts.
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "cli"};
  auto onsets = ReadCaseOnsets(db, system, city);
  if (!onsets) return onsets.error();
  auto rt = EstimateRegionalRt(*onsets, o.rt);
  if (!rt) return rt.error();
  const RegionRt& city_rt = rt->regions.front();
  if (!city_rt.estimate) {
    return Error{ErrorCode::kNotFound,
                 "全市无 Rt 估计，不作预测 / no Rt for the city, no forecast: " + city_rt.note};
  }
  const int cutoff = *onsets->cutoff;

  LiveForecast out;
  out.cutoff = DayText(cutoff);
  out.first_day = DayText(cutoff + 1);
  out.days = o.days;
  out.runs = o.runs;
  out.seed = o.seed;
  out.city_rt = *city_rt.estimate;
  out.delay_mean_days = rt->delay.MeanDays();
  out.actions = o.actions;

  auto live = ReadLiveState(db, city, cutoff);
  if (!live) return live.error();
  out.open_cases = static_cast<int64_t>(live->open_cases.size());
  out.quarantined = live->quarantined;
  out.admitted = live->admitted;
  out.cases_ever = live->cases_ever;

  sim::Parameters params = sim::DefaultParameters();
  params.days = o.days;
  params.seed = o.seed;
  params.start_date = out.first_day;
  params.initial_infections = 0;
  params.imports_per_day = 0;
  params.measures.clear();  // the measures in force act through the fitted Rt
  std::vector<int64_t> wanted;
  wanted.reserve(live->open_cases.size());
  for (const OpenCase& c : live->open_cases) wanted.push_back(c.resident_id);
  auto registry = ReadRegistryPopulation(db, city, cutoff, wanted, params, o.seed, o.threads);
  if (!registry) return registry.error();
  const sim::Population& pop = registry->population;
  params.population = pop.size();
  // What-if: the candidate actions, on top of the measures in force.
  auto actions = WhatIfMeasures(o.actions, region, o.days, pop);
  if (!actions) return actions.error();
  params.measures = std::move(*actions);
  out.residents = pop.size();
  out.households = pop.households();
  out.split_households = registry->split_households;

  // The undetected infections.
  double symptomatic = 0;
  for (uint8_t age : pop.age) symptomatic += params.symptomatic_prob[sim::AgeBand(age)];
  out.symptomatic_share = symptomatic / pop.size();
  const double ascertained = std::min(o.undetected.ascertained, out.symptomatic_share);
  out.confirmed_share = ascertained / out.symptomatic_share;
  auto last = ParseDate(city_rt.last_day);
  if (!last) return last.error();
  const double middle = DaysFromCivil(*last) - (o.rt.cori.window - 1) / 2.0;
  // The undetected behind an Rt: the infections its growth implies.
  const SimulatorTiming timing{params.latent_mean, params.presymptomatic_mean, o.generation_mean,
                               o.generation_sd};
  auto undetected = [&](double rt_ref) {
    return EstimateUndetected(out.city_rt.cases / o.rt.cori.window, cutoff - middle, rt_ref,
                              o.rt.serial_mean, o.rt.serial_sd, rt->delay, out.symptomatic_share,
                              timing, o.undetected);
  };
  out.undetected = undetected(out.city_rt.mean);
  out.reporting_dispersion = ReportingDispersion(onsets->city_cases, cutoff);

  // Transmission: the growth the Rt implies (reference serial interval)
  // is the simulator's R with its own generation interval, and R0 such
  // that R0 x susceptible share = that R.
  auto simulator_r = [&](double rt_ref) {
    return ReproductionNumber(GrowthRate(rt_ref, o.rt.serial_mean, o.rt.serial_sd),
                              o.generation_mean, o.generation_sd);
  };
  out.growth_rate = out.undetected.growth_rate;
  out.simulator_r = simulator_r(out.city_rt.mean);
  const double infected = out.cases_ever / ascertained + out.undetected.total;
  out.susceptible_share = std::clamp(1.0 - infected / pop.size(), 0.05, 1.0);
  out.r0 = out.simulator_r / out.susceptible_share;
  params.r0 = out.r0;
  {
    sim::RunOptions sizing;
    sizing.threads = o.threads;
    sizing.record_grids = true;
    if (Status s = sim::CheckRunFitsInMemory(params, sizing); !s.ok()) return s.error();
  }
  auto calibration = sim::CalibrateRun(params, pop, o.threads);
  if (!calibration) return calibration.error();
  out.transmission_scale = calibration->scale;
  out.calibration_converged = calibration->converged;

  // Output regions: the one asked for, then its districts.
  std::map<std::string, const RegionRt*> rt_of;
  for (const RegionRt& r : rt->regions) rt_of[r.code] = &r;
  std::vector<int> district_out(pop.districts.size(), -1);  // district -> output index
  auto add_region = [&](const std::string& code, const std::string& name, ops::RegionLevel lvl) {
    RegionForecast r;
    r.code = code;
    r.name = name;
    r.level = lvl;
    if (auto it = rt_of.find(code); it != rt_of.end()) {
      r.rt = it->second->estimate;
      if (r.rt) r.recent_cases = r.rt->cases;
    }
    out.regions.push_back(std::move(r));
  };
  add_region(region, region == city ? pop.city_name : region, *level);
  for (size_t d = 0; d < pop.districts.size(); ++d) {
    const sim::Region& district = pop.districts[d];
    if (region != city && district.code != region) continue;
    if (region != city) {
      out.regions.front().name = district.name;
      district_out[d] = 0;
      continue;
    }
    district_out[d] = static_cast<int>(out.regions.size());
    add_region(district.code, district.name, ops::RegionLevel::kDistrict);
  }
  const bool whole_city = region == city;
  // Grid -> district, residents per output region (district_out is 0 only
  // for a district asked for, so the city row is never counted twice).
  std::vector<uint32_t> grid_district(pop.grid_count());
  for (uint32_t d = 0; d < pop.districts.size(); ++d) {
    const sim::Region& district = pop.districts[d];
    for (uint32_t s = district.first_child; s < district.end_child; ++s)
      for (uint32_t c = pop.streets[s].first_child; c < pop.streets[s].end_child; ++c)
        for (uint32_t g = pop.communities[c].first_child; g < pop.communities[c].end_child; ++g) {
          grid_district[g] = d;
          const int64_t people = pop.grid_agent_start[g + 1] - pop.grid_agent_start[g];
          if (whole_city) out.regions.front().residents += people;
          if (district_out[d] >= 0) out.regions[district_out[d]].residents += people;
        }
  }
  std::map<std::string, uint32_t> grid_index;
  for (uint32_t g = 0; g < pop.grid_count(); ++g) grid_index[pop.grids[g].code] = g;

  // Seeds from the open cases (the same in every member).
  std::vector<sim::InitialInfection> open_seeds;
  // Hospital patients now (severe and critical open cases) per output
  // region: what hospital supply use is scaled from.
  std::vector<double> beds_now(out.regions.size(), 0);
  for (const OpenCase& c : live->open_cases) {
    const uint32_t agent = AgentOf(*registry, c.resident_id);
    if (agent == sim::kNoGroup) continue;  // not (or no longer) in the registry
    open_seeds.push_back({agent, c.state, c.isolated});
    out.isolated_cases += c.isolated ? 1 : 0;
    const int d = district_out[grid_district[pop.GridOf(agent)]];
    const bool in_hospital = c.state == sim::State::kSevere || c.state == sim::State::kCritical;
    if (whole_city) ++out.regions.front().open_cases;
    if (whole_city && in_hospital) ++beds_now.front();
    if (d >= 0) ++out.regions[d].open_cases;
    if (d >= 0 && in_hospital) ++beds_now[d];
  }
  // Where the undetected are placed: by the grid's share of the recent
  // cases (near) and of the residents (people).
  std::vector<double> near(pop.grid_count(), 0), people(pop.grid_count());
  std::vector<double> district_recent(pop.districts.size(), 0);
  for (uint32_t g = 0; g < pop.grid_count(); ++g) {
    people[g] =
        static_cast<double>(pop.grid_agent_start[g + 1] - pop.grid_agent_start[g]) / pop.size();
    if (auto it = live->recent_by_grid.find(pop.grids[g].code); it != live->recent_by_grid.end()) {
      near[g] = static_cast<double>(it->second);
      district_recent[grid_district[g]] += near[g];
    }
  }
  // A member's cumulative placement weights, with each district's share of
  // the near part scaled by `factor` (its burden's uncertainty).
  auto placement = [&](const std::vector<double>& factor) {
    std::vector<double> place(pop.grid_count());
    double near_sum = 0, sum = 0;
    for (uint32_t g = 0; g < pop.grid_count(); ++g) near_sum += near[g] * factor[grid_district[g]];
    for (uint32_t g = 0; g < pop.grid_count(); ++g) {
      const double w = near_sum > 0
                           ? kNearCasesShare * near[g] * factor[grid_district[g]] / near_sum +
                                 (1 - kNearCasesShare) * people[g]
                           : people[g];
      sum += w;
      place[g] = sum;
    }
    for (double& p : place) p /= sum;
    return place;
  };

  // The ensemble.
  const Rng rng(o.seed);
  const double shape = 1.0 / (out.city_rt.cv * out.city_rt.cv);
  const boost::math::gamma_distribution<double> rt_posterior(shape, out.city_rt.mean / shape);
  std::vector<double> delay_pmf(o.days);
  for (int d = 0; d < o.days; ++d)
    delay_pmf[d] = rt->delay.ReportedBy(d) - (d > 0 ? rt->delay.ReportedBy(d - 1) : 0.0);
  const size_t regions = out.regions.size();
  // Cases with onset by the cutoff still to be reported (the nowcast's
  // missing part): onset day o's N(o) = observed / F(T - o) cases, of which
  // F(T + 1 + t - o) - F(T + t - o) are reported on projected day t. The
  // simulator does not make them: their onsets lie before day 0. Onset
  // days the nowcast does not trust (F(T - o) below min_reported: few or
  // none of their cases seen yet) take N(o) from the undetected estimate
  // instead, in each member (below).
  auto trusted = [&](int onset) {
    return rt->delay.ReportedBy(cutoff - onset) >= o.rt.min_reported;
  };
  auto reported_on = [&](int onset, int t) {
    return rt->delay.ReportedBy(cutoff + 1 + t - onset) - rt->delay.ReportedBy(cutoff + t - onset);
  };
  int untrusted_from = cutoff + 1;  // the first onset day not trusted
  while (untrusted_from > cutoff - o.rt.max_delay && !trusted(untrusted_from - 1)) --untrusted_from;
  // Each output region's share of the city's recent cases (for its part of
  // the estimated onsets).
  std::vector<double> region_share(regions, whole_city ? 1.0 : 0.0);
  {
    double all = 0;
    for (double v : district_recent) all += v;
    for (size_t d = 0; d < pop.districts.size(); ++d)
      if (district_out[d] >= 0 && all > 0) region_share[district_out[d]] = district_recent[d] / all;
  }
  std::vector<std::vector<double>> pending(regions, std::vector<double>(o.days, 0));
  for (size_t r = 0; r < regions; ++r) {
    std::map<int, double> observed;
    for (const RegionOnsets& ro : onsets->regions)
      if (ro.code == out.regions[r].code)
        for (const OnsetReport& c : ro.cases) observed[c.onset] += c.count;
    for (const auto& [onset, n] : observed) {
      if (onset >= untrusted_from) continue;
      const double seen = rt->delay.ReportedBy(cutoff - onset);
      if (seen <= 0) continue;
      for (int t = 0; t < o.days; ++t) pending[r][t] += n / seen * reported_on(onset, t);
    }
  }
  std::vector<MemberSeries> members(o.runs);
  std::vector<double> member_rt;
  for (int m = 0; m < o.runs; ++m) {
    const uint32_t mu = static_cast<uint32_t>(m);
    // Each district's recent count is one Poisson draw of its burden: with
    // a flat prior the burden is Gamma(n + 1) (CV 1 / sqrt(n + 1)), so a
    // district with three cases carries a wide uncertainty into its seeds.
    std::vector<double> factor(pop.districts.size());
    for (size_t d = 0; d < factor.size(); ++d) {
      const double n = district_recent[d] + 1;
      factor[d] = boost::math::quantile(boost::math::gamma_distribution<double>(n, 1.0),
                                        rng.Uniform(Stream::kSeeding, mu,
                                                    0x80000000u + static_cast<uint32_t>(d), 0)) /
                  n;
    }
    const std::vector<double> place = placement(factor);
    // This member's Rt: a draw from the posterior. Its growth sets both the
    // undetected infections seeded and (as the simulator's R) transmission.
    const double rt_member =
        boost::math::quantile(rt_posterior, rng.Uniform(Stream::kCalibration, mu, 0, 0));
    const UndetectedEstimate member_undetected = undetected(rt_member);
    std::vector<sim::InitialInfection> seeds = open_seeds;
    for (size_t ci = 0; ci < member_undetected.classes.size(); ++ci) {
      const SeedClass& sc = member_undetected.classes[ci];
      const uint32_t key = static_cast<uint32_t>(ci + 1);
      const int64_t count =
          PoissonFromUniform(sc.expected, rng.Uniform(Stream::kSeeding, mu, key, 0));
      for (int64_t k = 0; k < count; ++k) {
        const Bits bits = rng.Draw(Stream::kSeeding, mu, key, static_cast<uint32_t>(k + 1));
        const uint32_t g = static_cast<uint32_t>(
            std::upper_bound(place.begin(), place.end() - 1, Rng::ToUnit(bits[0])) - place.begin());
        const uint32_t first = pop.grid_agent_start[g], size = pop.grid_agent_start[g + 1] - first;
        seeds.push_back({first + Rng::ToIndex(bits[1], size), sc.state, false});
      }
    }
    // Its R applied by scaling transmission (the expected R is linear in
    // the scale).
    const double r_member = simulator_r(rt_member);
    sim::CalibrationReport member_calibration = *calibration;
    member_calibration.scale = calibration->scale * r_member / out.simulator_r;
    sim::Parameters member_params = params;
    member_params.seed = o.seed + static_cast<uint64_t>(m);
    sim::RunOptions ro;
    ro.threads = o.threads;
    ro.record_grids = true;
    ro.calibration = &member_calibration;
    ro.initial = &seeds;
    ro.stop = o.stop;
    auto run = sim::RunSimulation(member_params, pop, ro);
    if (!run) return run.error();
    if (run->stopped) return Error{ErrorCode::kConflict, "forecast stopped"};
    double offspring = 0, infected = 0;
    for (int d = 1; d <= 7 && d < static_cast<int>(run->daily.size()); ++d) {
      double n = 0;
      for (int64_t v : run->daily[d].new_infections) n += static_cast<double>(v);
      infected += n;
      offspring += run->daily[d].rt * n;
    }
    member_rt.push_back(infected > 0 ? offspring / infected : 0);
    std::vector<std::vector<double>> onsets(regions, std::vector<double>(o.days, 0));
    MemberSeries& series = members[m];
    series.beds.assign(regions, std::vector<double>(o.days, 0));
    series.icu.assign(regions, std::vector<double>(o.days, 0));
    for (const sim::GridDayRecord& g : run->grid_daily) {
      const int d = district_out[grid_district[g.grid]];
      // The city (row 0) when it was asked for, and the grid's district.
      for (int r : {whole_city ? 0 : -1, d}) {
        if (r < 0) continue;
        onsets[r][g.day] += g.new_symptomatic;
        series.beds[r][g.day] += g.severe + g.critical;
        series.icu[r][g.day] += g.critical;
      }
    }
    // Newly confirmed: the confirmed share of the onsets, reported after
    // the measured onset-to-confirmation delay, and the pending reports.
    series.cases = pending;
    // The untrusted onset days' confirmed onsets: q of the infections an
    // incubation period earlier, as this member's estimate has them.
    for (int onset = untrusted_from; onset <= cutoff; ++onset) {
      const double age = cutoff - onset + o.undetected.incubation;
      const double confirmed_onsets = ascertained * member_undetected.infections_per_day *
                                      std::exp(-member_undetected.growth_rate * age);
      for (size_t r = 0; r < regions; ++r)
        for (int t = 0; t < o.days; ++t)
          series.cases[r][t] += region_share[r] * confirmed_onsets * reported_on(onset, t);
    }
    for (size_t r = 0; r < regions; ++r)
      for (int t = 0; t < o.days; ++t)
        for (int d = 0; d <= t; ++d)
          series.cases[r][t] += out.confirmed_share * onsets[r][t - d] * delay_pmf[d];
    if (o.on_run) o.on_run(m + 1, o.runs);
  }

  out.simulated_rt = sim::BandOf(member_rt);
  for (size_t r = 0; r < regions; ++r) {
    RegionForecast& f = out.regions[r];
    // New cases: the members' expected reports with the reporting noise.
    std::vector<std::vector<double>> expected;
    for (const MemberSeries& m : members) expected.push_back(m.cases[r]);
    f.new_cases.resize(o.days);
    std::vector<double> day(members.size());
    for (int d = 0; d < o.days; ++d) {
      for (size_t m = 0; m < members.size(); ++m) day[m] = expected[m][d];
      f.new_cases[d] = CountBand(day, out.reporting_dispersion);
    }
    f.total_new_cases = SumBand(expected, out.reporting_dispersion);
    f.beds = Bands(members, &MemberSeries::beds, r, o.days);
    f.icu = Bands(members, &MemberSeries::icu, r, o.days);
    if (f.recent_cases < kThinCases || (f.rt && f.rt->thin)) f.note = ThinNote(f.recent_cases);
  }

  // Beds against the hospitals' staffed beds.
  auto capacity = ReadBedCapacity(db, city);
  if (!capacity) return capacity.error();
  for (RegionForecast& f : out.regions) {
    for (const auto& [district, c] : *capacity) {
      if (f.level == ops::RegionLevel::kDistrict && district != f.code) continue;
      f.capacity.hospitals += c.hospitals;
      f.capacity.beds += c.beds;
      f.capacity.icu += c.icu;
    }
    if (f.capacity.hospitals == 0) continue;
    f.beds_over = FirstDayOverCapacity(f.beds, f.capacity.beds);
    f.icu_over = FirstDayOverCapacity(f.icu, f.capacity.icu);
  }

  // Supplies: each member's run-out day from its own bed curve. Recent use
  // is that of the 7 days up to the end of the cutoff day.
  auto supplies = ReadSupplyUse(db, city, (int64_t{cutoff} + 1) * 86400);
  if (!supplies) return supplies.error();
  for (size_t r = 0; r < regions; ++r) {
    auto it = supplies->find(out.regions[r].code);
    if (it == supplies->end()) continue;
    for (const SupplyUse& use : it->second) {
      std::vector<std::optional<int>> days;
      for (const MemberSeries& m : members) days.push_back(RunOutDay(use, m.beds[r], beds_now[r]));
      out.regions[r].supplies.push_back({use, RunOutBand(days, o.days)});
    }
  }
  return out;
}

}  // namespace fk::forecast
