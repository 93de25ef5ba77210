// What one simulation run produces: a daily time series for the whole city,
// optional per-grid series and transmission log, and a summary. Plain value
// types; the output writers (sim/output) turn them into files.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/params/parameters.hpp"

namespace fk::sim {

// Disease states of the natural history, in order of progression.
enum class State : uint8_t {
  kSusceptible = 0,
  kExposed,         // infected, not yet infectious
  kPresymptomatic,  // infectious, symptoms to come
  kAsymptomatic,    // infectious, never symptomatic
  kMild,            // symptomatic, no bed needed
  kSevere,          // needs a hospital bed
  kCritical,        // needs an ICU bed
  kRecovered,
  kDead,
};
inline constexpr int kStateCount = 9;
const char* StateName(State s);  // "susceptible", "exposed", ...

// Where an infection happened.
enum class Layer : uint8_t {
  kHousehold = 0,
  kGrid,       // neighbours within the residential grid
  kWorkplace,  // includes hospitals for health-care workers
  kSchool,
  kCity,      // city-wide: public places and transport
  kSeed,      // initial infections
  kImported,  // infections from outside the city
};
inline constexpr int kLayerCount = 7;
const char* LayerName(Layer l);  // "household", "grid", ...

inline constexpr uint32_t kNoAgent = 0xFFFFFFFFu;

struct DayRecord {
  int day = 0;                                        // 0-based simulated day
  std::array<int64_t, kStateCount> in_state{};        // agents in each state at the end of the day
  std::array<int64_t, kLayerCount> new_infections{};  // by layer, this day
  int64_t new_symptomatic = 0;                        // symptom onsets this day
  int64_t new_deaths = 0;
  int64_t cumulative_infections = 0;  // including seeds and imports
  int64_t cumulative_deaths = 0;
};

// One row of grids.csv: a grid on a day.
struct GridDayRecord {
  int day = 0;
  uint32_t grid = 0;  // index into Population::grids
  int32_t new_infections = 0;
  int32_t infectious = 0;  // presymptomatic, asymptomatic, mild, severe, critical
  int32_t cumulative_infections = 0;
};

// One row of transmissions.csv.
struct TransmissionRecord {
  uint32_t infector = kNoAgent;  // kNoAgent for seeds and imports
  uint32_t infectee = 0;
  uint16_t day = 0;
  Layer layer = Layer::kSeed;
  uint32_t grid = 0;  // grid of the infectee
};

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
  std::array<int64_t, kAgeBands> infections_by_age{};  // 10-year bands
  std::array<int64_t, kAgeBands> deaths_by_age{};
  double empirical_r0 = 0;              // secondaries per case of generations 1 and 2
  int64_t r0_cases = 0;                 // cases the estimate is based on
  double mean_generation_interval = 0;  // days, infector generations 1 and 2
  double transmission_scale = 0;        // calibrated per-contact scale (see docs/model.md)
  double wall_seconds = 0;
  uint64_t peak_memory_bytes = 0;  // peak resident set of the process
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
