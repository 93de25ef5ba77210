#include "sim/output/summary_json.hpp"

namespace fk::sim {

using nlohmann::ordered_json;

std::string AgeBandName(int band) {
  if (band == kAgeBands - 1) return std::to_string(band * 10) + "+";
  return std::to_string(band * 10) + "-" + std::to_string(band * 10 + 9);
}

ordered_json SummaryJson(const RunSummary& s, const Parameters& params, const Date& start) {
  ordered_json by_age_infections = ordered_json::object();
  ordered_json by_age_deaths = ordered_json::object();
  ordered_json by_age_ifr = ordered_json::object();
  for (int b = 0; b < kAgeBands; ++b) {
    std::string band = AgeBandName(b);
    by_age_infections[band] = s.infections_by_age[b];
    by_age_deaths[band] = s.deaths_by_age[b];
    by_age_ifr[band] = s.infections_by_age[b] > 0
                           ? ordered_json(static_cast<double>(s.deaths_by_age[b]) /
                                          static_cast<double>(s.infections_by_age[b]))
                           : ordered_json(nullptr);
  }
  ordered_json j;
  j["scenario"] = {
      {"population", params.population},
      {"days", params.days},
      {"seed", s.seed},
      {"start_date", AddDays(start, 0)},
      {"r0_target", params.r0},
      {"initial_infections", params.initial_infections},
      {"imports_per_day", params.imports_per_day},
  };
  j["agents"] = s.agents;
  j["days_simulated"] = s.days;
  j["infections"] = {
      {"total", s.total_infections},
      {"attack_rate", s.attack_rate},
      {"peak_day", s.peak_day},
      {"peak_date", AddDays(start, s.peak_day)},
      {"peak_new_infections_per_day", s.peak_new_infections},
  };
  j["infectious"] = {
      {"peak_day", s.peak_infectious_day},
      {"peak_date", AddDays(start, s.peak_infectious_day)},
      {"peak_count", s.peak_infectious},
  };
  j["deaths"] = {
      {"total", s.total_deaths},
      {"infection_fatality_ratio", s.total_infections > 0
                                       ? ordered_json(static_cast<double>(s.total_deaths) /
                                                      static_cast<double>(s.total_infections))
                                       : ordered_json(nullptr)},
  };
  j["confirmed"] = {
      {"total", s.total_confirmed},
      {"share_of_infections", s.total_infections > 0
                                  ? ordered_json(static_cast<double>(s.total_confirmed) /
                                                 static_cast<double>(s.total_infections))
                                  : ordered_json(nullptr)},
      {"peak_day", s.peak_confirmed_day},
      {"peak_date", AddDays(start, s.peak_confirmed_day)},
      {"peak_new_confirmed_per_day", s.peak_new_confirmed},
  };
  auto day_or_null = [&](int day) { return day < 0 ? ordered_json(nullptr) : ordered_json(day); };
  auto date_or_null = [&](int day) {
    return day < 0 ? ordered_json(nullptr) : ordered_json(AddDays(start, day));
  };
  if (s.care_limited) {
    j["hospital"] = {
        {"peak_beds_used", s.peak_beds_used},
        {"peak_beds_day", s.peak_beds_day},
        {"peak_beds_date", AddDays(start, s.peak_beds_day)},
        {"beds_capacity_at_peak", s.peak_beds_capacity},
        {"first_day_beds_short", day_or_null(s.first_day_beds_short)},
        {"first_date_beds_short", date_or_null(s.first_day_beds_short)},
        {"days_beds_short", s.days_beds_short},
        {"peak_icu_used", s.peak_icu_used},
        {"peak_icu_day", s.peak_icu_day},
        {"peak_icu_date", AddDays(start, s.peak_icu_day)},
        {"icu_capacity_at_peak", s.peak_icu_capacity},
        {"first_day_icu_short", day_or_null(s.first_day_icu_short)},
        {"first_date_icu_short", date_or_null(s.first_day_icu_short)},
        {"days_icu_short", s.days_icu_short},
        {"deaths_without_care", s.deaths_without_care},
    };
  } else {
    j["hospital"] = nullptr;  // beds not limited: no hospital measure
  }
  j["supplies"] = {
      {"masks_run_out_day", day_or_null(s.masks_run_out_day)},
      {"masks_run_out_date", date_or_null(s.masks_run_out_day)},
  };
  j["by_age"] = {
      {"infections", by_age_infections},
      {"deaths", by_age_deaths},
      {"infection_fatality_ratio", by_age_ifr},
  };
  j["transmission"] = {
      {"empirical_r0", s.empirical_r0},
      {"empirical_r0_ci95", {s.r0_ci_low, s.r0_ci_high}},
      {"r0_cases", s.r0_cases},
      {"r0_incomplete_cases", s.r0_incomplete_cases},
      {"mean_generation_interval_days", s.mean_generation_interval},
      {"transmission_scale", s.transmission_scale},
  };
  j["calibration"] = CalibrationJson(s.calibration);
  return j;
}

ordered_json CalibrationJson(const CalibrationReport& c) {
  ordered_json pilots = ordered_json::array();
  for (size_t i = 0; i < c.pilot_r.size(); ++i) {
    pilots.push_back({{"r", c.pilot_r[i]}, {"cases", c.pilot_cases[i]}});
  }
  return {
      {"seed", c.seed},   {"analytic_scale", c.analytic_scale}, {"scale", c.scale},
      {"pilots", pilots}, {"last_pilot_error", c.last_error},   {"converged", c.converged},
  };
}

ordered_json RunInfoJson(const RunSummary& s) {
  ordered_json j;
  j["wall_seconds"] = s.wall_seconds;
  j["peak_memory_bytes"] = s.peak_memory_bytes;
  j["peak_engine_bytes"] = s.peak_engine_bytes;
  j["threads"] = s.threads;
  return j;
}

}  // namespace fk::sim
