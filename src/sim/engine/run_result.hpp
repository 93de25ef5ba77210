// What one simulation run produces: a daily time series for the whole city,
// optional per-grid series and transmission log, and a summary. Plain value
// types; the output writers (sim/output) turn them into files.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/types.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

struct DayRecord {
  int day = 0;                                        // 0-based simulated day
  std::array<int64_t, kStateCount> in_state{};        // agents in each state at the end of the day
  std::array<int64_t, kLayerCount> new_infections{};  // by layer, this day
  int64_t new_symptomatic = 0;                        // symptom onsets this day
  int64_t new_deaths = 0;
  int64_t cumulative_infections = 0;  // including seeds and imports
  int64_t cumulative_deaths = 0;
  // Measures (0 without them): people isolated at the end of the day, masks
  // left in the stocks of mask measures that have one.
  int64_t isolated_home = 0;
  int64_t isolated_facility = 0;
  int64_t masks_in_stock = 0;
  // Testing (0 without a testing measure): tests done this day, people
  // waiting for a test at the end of the day, cases reported confirmed this
  // day (by report date) and so far.
  int64_t tests_done = 0;
  int64_t tests_queued = 0;
  int64_t new_confirmed = 0;
  int64_t cumulative_confirmed = 0;
  // Contact tracing (0 without it): people in quarantine at the end of the
  // day, the traced contacts flagged by name plus the counted uninfected
  // contacts.
  int64_t quarantined = 0;
  // Hospitals (0 without `hospital` measures, which make beds limited):
  // beds and ICU beds staffed today and occupied at the end of the day,
  // severe and critical cases without one (unmet demand), and deaths this
  // day of critical cases without an ICU bed.
  int64_t beds_capacity = 0;
  int64_t beds_used = 0;
  int64_t beds_unmet = 0;
  int64_t icu_capacity = 0;
  int64_t icu_used = 0;
  int64_t icu_unmet = 0;
  int64_t deaths_without_care = 0;
  // Screening (0 without it): households visited this day and the people
  // they found (symptomatic, or with a fever from another cause) and
  // isolated.
  int64_t screened_households = 0;
  int64_t found_by_screening = 0;
  // Whether a mask measure in force with a stock could not cover its
  // wearers today (not a column of daily.csv; summary's run-out day).
  bool masks_short = false;
  // Reproduction number of the people infected this day: the infections
  // they caused (over the whole run, from who infected whom) per person.
  // The last days' cohorts are still infecting when the run ends, so their
  // rt is cut short (see summary r0_incomplete_cases for the first ones).
  double rt = 0;
};

// One row of grids.csv: a grid on a day.
struct GridDayRecord {
  int day = 0;
  uint32_t grid = 0;  // index into Population::grids
  int32_t new_infections = 0;
  int32_t infectious = 0;  // presymptomatic, asymptomatic, mild, severe, critical
  int32_t cumulative_infections = 0;
  int32_t new_symptomatic = 0;  // symptom onsets this day
  int32_t severe = 0;           // in a hospital bed (severe) at the end of the day
  int32_t critical = 0;         // in an ICU bed (critical) at the end of the day
};

// One row of transmissions.csv.
struct TransmissionRecord {
  uint32_t infector = kNoAgent;  // kNoAgent for seeds and imports
  uint32_t infectee = 0;
  uint16_t day = 0;
  Layer layer = Layer::kSeed;
  State infector_state = State::kSusceptible;  // the infector's state that day (seeds: susceptible)
  uint32_t grid = 0;                           // grid of the infectee
};

// How the transmission scale was found (engine/calibration.hpp).
struct CalibrationReport {
  double analytic_scale = 0;         // step 1
  double scale = 0;                  // the scale used
  std::vector<double> pilot_r;       // R each pilot measured, before it rescaled
  std::vector<int64_t> pilot_cases;  // generation-1/2 cases each pilot measured
  double last_error = 0;             // last pilot's R / r0 - 1 (the last correction)
  bool converged = false;            // |last_error| <= kCalibrationTolerance
  uint64_t seed = 0;                 // the run seed the pilots' streams derive from
};
inline constexpr double kCalibrationTolerance = 0.05;

struct RunSummary {
  uint64_t seed = 0;
  int64_t agents = 0;
  int days = 0;
  int64_t total_infections = 0;
  double attack_rate = 0;  // total infections / agents
  int peak_day = 0;        // day with the most new infections
  int64_t peak_new_infections = 0;
  int peak_infectious_day = 0;  // day with the most infectious agents
  int64_t peak_infectious = 0;
  int64_t total_deaths = 0;
  // Cases reported confirmed by `testing` measures (0 without them): in all,
  // and the first day with the most reported (by report date).
  int64_t total_confirmed = 0;
  int peak_confirmed_day = 0;
  int64_t peak_new_confirmed = 0;
  // Hospitals (with `hospital` measures only, else care_limited is false):
  // the first day with the most beds (ICU beds) occupied and the capacity
  // that day, the first day demand exceeded capacity (-1: never) and on
  // how many days it did, and deaths of critical cases without an ICU bed.
  bool care_limited = false;
  int peak_beds_day = 0;
  int64_t peak_beds_used = 0, peak_beds_capacity = 0;
  int peak_icu_day = 0;
  int64_t peak_icu_used = 0, peak_icu_capacity = 0;
  int first_day_beds_short = -1, days_beds_short = 0;
  int first_day_icu_short = -1, days_icu_short = 0;
  int64_t deaths_without_care = 0;
  // Supplies: the first day a mask measure's stock could not cover its
  // wearers (-1: never, or no stock).
  int masks_run_out_day = -1;
  std::array<int64_t, kAgeBands> infections_by_age{};  // 10-year bands
  std::array<int64_t, kAgeBands> deaths_by_age{};
  // Secondaries per case of generations 1 and 2 of the day-0 seeds' lineage
  // (imports and their descendants are outside it), with a 95 % normal
  // confidence interval from the cases' offspring counts. Cases still
  // infected at the end (their offspring may be cut short) are counted.
  double empirical_r0 = 0;
  double r0_ci_low = 0, r0_ci_high = 0;
  int64_t r0_cases = 0;                 // cases the estimate is based on
  int64_t r0_incomplete_cases = 0;      // of which still infected at the end of the run
  double mean_generation_interval = 0;  // days, infector generations 1 and 2
  double transmission_scale = 0;        // calibrated per-contact scale (see docs/model.md)
  CalibrationReport calibration;
  double wall_seconds = 0;
  uint64_t peak_memory_bytes = 0;  // peak resident set of the process
  uint64_t peak_engine_bytes = 0;  // most the engine's own arrays held (Epidemic)
  int threads = 1;
};

struct RunResult {
  std::vector<DayRecord> daily;
  std::vector<GridDayRecord> grid_daily;          // empty unless requested
  std::vector<TransmissionRecord> transmissions;  // empty unless requested
  RunSummary summary;
  bool stopped = false;  // ended early by RunOptions::stop (daily is shorter than run.days)
};

}  // namespace fk::sim
