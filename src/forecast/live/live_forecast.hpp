// The forecast from the live operations data (issue 17): the simulator's
// city built from the registry, seeded with the open cases (isolated when
// admitted or in quarantine) and the estimated undetected infections behind
// them, transmission fitted to the growth the city's recent Rt implies, and an ensemble that
// projects, for the city and each district, the new confirmed cases, the
// hospital and ICU beds needed each day and the day each supply held in
// its depots runs out, with 5-95 % bands.
// Method and limits: docs/forecast.md. Reads through store/ops; drives the
// simulator with database-free inputs only.
//
// Deterministic: the same database, options and seed give the same
// forecast at any thread count. One thread calls; OpenMP inside.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "forecast/live/bed_capacity.hpp"
#include "forecast/live/supply_outlook.hpp"
#include "forecast/live/undetected.hpp"
#include "forecast/live/what_if.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "forecast/rt/growth.hpp"
#include "ops/regions/region_code.hpp"
#include "sim/output/quantile.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct LiveForecastOptions {
  std::string region;  // the city or a district of it; empty: the database's only city
  int days = 28;       // days projected after the cutoff, 1..365
  int runs = 20;       // ensemble members, 1..1000
  uint64_t seed = 1;
  int threads = 1;
  UndetectedOptions undetected;
  RegionalRtOptions rt;  // Rt as users see it (the reference serial interval)
  // The simulator's generation interval: the growth the cases show is
  // turned into the simulator's R with it (rt/growth.hpp).
  double generation_mean = kSimulatorGenerationMean;
  double generation_sd = kSimulatorGenerationSd;
  std::vector<WhatIfAction> actions;  // none: the forecast of doing nothing new
  // Called after each member (for progress); may be empty.
  std::function<void(int done, int runs)> on_run;
  // When it becomes true the forecast stops within a simulated day and
  // returns kConflict "forecast stopped"; may be null.
  const std::atomic<bool>* stop = nullptr;
};

struct RegionForecast {
  std::string code, name;
  ops::RegionLevel level = ops::RegionLevel::kCity;
  int64_t residents = 0;
  int64_t open_cases = 0;        // open cases seeded here
  double recent_cases = 0;       // cases in the last Rt window (nowcast), from the Rt estimate
  std::optional<RtEstimate> rt;  // the region's own Rt now (not used for its transmission)
  // One band a projected day (day 0 = the day after the cutoff).
  std::vector<sim::Band> new_cases;  // newly confirmed, with the reporting noise
  std::vector<sim::Band> beds;       // hospital beds needed (severe + critical)
  std::vector<sim::Band> icu;        // of which ICU (critical)
  sim::Band total_new_cases;         // over the horizon
  std::string note;                  // Chinese / English: thin data, wide bands
  // The staffed hospital beds here (bed_capacity.hpp) and the first day the
  // bed and ICU demand exceed them; the days are left empty for a region
  // without a hospital (its patients go to another district's).
  BedCapacity capacity;
  FirstDayOver beds_over, icu_over;
  // Each item held in the region's depots and the day it runs out
  // (supply_outlook.hpp); empty for a region without depots.
  std::vector<SupplyOutlook> supplies;
};

struct LiveForecast {
  std::string cutoff;     // YYYY-MM-DD the data stand at
  std::string first_day;  // first projected day
  int days = 0, runs = 0;
  uint64_t seed = 0;
  // Inputs as seeded and fitted.
  int64_t residents = 0, households = 0, split_households = 0;
  int64_t open_cases = 0, isolated_cases = 0, quarantined = 0, admitted = 0, cases_ever = 0;
  UndetectedEstimate undetected;
  double symptomatic_share = 0;  // of infections, the simulator's for this city's ages
  double confirmed_share = 0;    // of symptomatic infections (ascertained / symptomatic_share)
  double susceptible_share = 0;  // at the cutoff, estimated
  RtEstimate city_rt;            // the Rt now (reference serial interval)
  double growth_rate = 0;        // per day, the growth that Rt implies
  double simulator_r = 0;        // the simulator's R with that growth (its own interval)
  double r0 = 0;                 // the simulator's R0 that gives that R
  double transmission_scale = 0;
  bool calibration_converged = false;
  double delay_mean_days = 0;
  // 1/k of the reports' negative binomial scatter (0: Poisson), measured
  // on the city's daily reports (reporting_noise.hpp); in every new-case band.
  double reporting_dispersion = 0;
  // The check of the fit: the simulator's own reproduction number of the
  // infections of projected days 1-7 (their offspring counted to the end of
  // the run; 0 with fewer than 8 days), across members.
  sim::Band simulated_rt;
  std::vector<RegionForecast> regions;  // the region asked for first, then its districts
  std::vector<WhatIfAction> actions;    // as asked
};

// kNotFound with the reason (no confirmed cases with an onset date; no Rt
// for the city: too few days of cases; no residents registered) when there
// is nothing to forecast from (no hospital beds recorded is not one: the
// capacity is then 0 and no day is over it); kInvalidArgument for options out of range or
// a region that is not a city or district, or an action out of range or on
// a code that is not a grid of the region (the field named: actions[i].grids).
Result<LiveForecast> RunLiveForecast(store::Database& db, const LiveForecastOptions& options);

}  // namespace fk::forecast
