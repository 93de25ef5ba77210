// The simulator's parameters: one plain struct, filled from the parameter
// table (parameter_table.hpp), which is the single truth for every name,
// default, unit, allowed range and source. Value type; copy freely.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/params/measures.hpp"

namespace fk::sim {

// Ten-year age bands used by every age-dependent table: 0-9, 10-19, ...,
// 70-79, 80+.
inline constexpr int kAgeBands = 9;
using AgeTable = std::array<double, kAgeBands>;
inline int AgeBand(int age) { return age >= 80 ? 8 : age / 10; }

// Five-year age bands 0-4, ..., 95-99, 100+ for the population pyramid.
inline constexpr int kFiveYearBands = 21;
// Household sizes 1..10 (10 stands for 10 or more).
inline constexpr int kMaxHouseholdSize = 10;

struct Parameters {
  // --- run ---
  int64_t population;          // agents
  int days;                    // simulated days
  uint64_t seed;               // random seed
  std::string start_date;      // first simulated day, YYYY-MM-DD
  int64_t initial_infections;  // agents infected on day 0
  double imports_per_day;      // mean infections imported a day (Poisson)

  // --- city ---
  int city_code;  // GB/T 2260 six-digit code of the city, e.g. 420100
  std::array<double, kFiveYearBands> age_shares;  // share of residents by 5-year band
  std::array<double, kMaxHouseholdSize>
      household_size_shares;  // share of households of size 1..10+
  int households_per_grid;
  int grids_per_community;
  int communities_per_street;
  int streets_per_district;
  double employment_rate;      // share of 20-59-year-olds in work
  double workplace_mean_size;  // employees
  int workplace_max_size;      // employees
  int class_size;              // pupils per class
  int classes_per_grade;       // classes of one age in one school
  double health_worker_share;  // share of workers who are health-care workers
  int hospital_staff_size;     // health-care workers per hospital

  // --- natural history (durations are lognormal: mean and SD in days) ---
  double latent_mean, latent_sd;                  // exposed -> infectious
  double presymptomatic_mean, presymptomatic_sd;  // infectious -> symptom onset
  double asymptomatic_mean, asymptomatic_sd;      // asymptomatic -> recovered
  double mild_mean, mild_sd;                      // mild -> recovered
  double onset_to_severe_mean, onset_to_severe_sd;
  double severe_to_critical_mean, severe_to_critical_sd;
  double severe_mean, severe_sd;      // severe -> recovered
  double critical_mean, critical_sd;  // critical -> recovered
  double critical_to_death_mean, critical_to_death_sd;
  AgeTable symptomatic_prob;         // P(symptoms | infected)
  AgeTable severe_prob;              // P(severe | symptomatic)
  AgeTable critical_prob;            // P(critical | severe)
  AgeTable infection_fatality;       // P(death | infected); P(death | critical) is derived
  AgeTable relative_susceptibility;  // per contact, relative
  // Without care (only with `hospital` measures, which limit the beds):
  // P(critical | severe) of a severe case that gets no hospital bed, and
  // P(death | critical) of a critical case that gets no ICU bed, are
  // multiplied by these (capped at 1).
  double no_bed_critical_factor, no_icu_death_factor;
  // Fever from other causes (only with testing, isolation or screening
  // measures): people of 100,000 falling ill a day, by calendar month, and
  // how long the fever lasts.
  std::array<double, 12> other_fever_per_100k;
  int other_fever_days;

  // --- transmission ---
  double r0;                           // target basic reproduction number
  double generation_interval_mean;     // days (gamma infectiousness profile)
  double generation_interval_sd;       // days
  double presymptomatic_share;         // of a symptomatic case's infectiousness, before onset
  double asymptomatic_infectiousness;  // relative to symptomatic
  double infectiousness_dispersion;    // gamma shape k of individual infectiousness; 0 = none
  double household_weight;             // relative per-contact transmissibility by layer
  double grid_contacts, grid_weight;   // contacts a day within the grid
  double work_contacts, work_weight;
  double school_contacts, school_weight;
  double city_contacts, city_weight;  // contacts a day with anyone in the city

  // --- [[measures]] (not in the parameter table: see measures.hpp) ---
  std::vector<MeasureSpec> measures;
};

}  // namespace fk::sim
