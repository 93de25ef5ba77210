#include "sim/output/daily_table.hpp"

namespace fk::sim {

const std::vector<std::string>& DailyColumns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> columns = {"day"};
    for (int s = 0; s < kStateCount; ++s) columns.push_back(StateName(static_cast<State>(s)));
    for (int l = 0; l < kLayerCount; ++l) {
      columns.push_back(std::string("new_") + LayerName(static_cast<Layer>(l)));
    }
    for (const char* name : {"new_infections",
                             "new_symptomatic",
                             "new_deaths",
                             "cumulative_infections",
                             "cumulative_deaths",
                             "isolated_home",
                             "isolated_facility",
                             "masks_in_stock",
                             "tests_done",
                             "tests_queued",
                             "new_confirmed",
                             "cumulative_confirmed",
                             "quarantined",
                             "rt",
                             "beds_capacity",
                             "beds_used",
                             "beds_unmet",
                             "icu_capacity",
                             "icu_used",
                             "icu_unmet",
                             "deaths_without_care",
                             "screened_households",
                             "found_by_screening"}) {
      columns.push_back(name);
    }
    return columns;
  }();
  return kColumns;
}

std::vector<double> DailyValues(const DayRecord& day) {
  std::vector<double> values = {static_cast<double>(day.day)};
  values.insert(values.end(), day.in_state.begin(), day.in_state.end());
  values.insert(values.end(), day.new_infections.begin(), day.new_infections.end());
  values.push_back(NewInfections(day));
  values.push_back(day.new_symptomatic);
  values.push_back(day.new_deaths);
  values.push_back(day.cumulative_infections);
  values.push_back(day.cumulative_deaths);
  values.push_back(day.isolated_home);
  values.push_back(day.isolated_facility);
  values.push_back(day.masks_in_stock);
  for (int64_t v : {day.tests_done, day.tests_queued, day.new_confirmed, day.cumulative_confirmed,
                    day.quarantined})
    values.push_back(static_cast<double>(v));
  values.push_back(day.rt);
  for (int64_t v :
       {day.beds_capacity, day.beds_used, day.beds_unmet, day.icu_capacity, day.icu_used,
        day.icu_unmet, day.deaths_without_care, day.screened_households, day.found_by_screening})
    values.push_back(static_cast<double>(v));
  return values;
}

int64_t NewInfections(const DayRecord& day) {
  int64_t total = 0;
  for (int64_t n : day.new_infections) total += n;
  return total;
}

int64_t Infectious(const DayRecord& day) {
  auto in = [&](State s) { return day.in_state[static_cast<int>(s)]; };
  return in(State::kPresymptomatic) + in(State::kAsymptomatic) + in(State::kMild) +
         in(State::kSevere) + in(State::kCritical);
}

int64_t BedsNeeded(const DayRecord& day) {
  return day.in_state[static_cast<int>(State::kSevere)] +
         day.in_state[static_cast<int>(State::kCritical)];
}

}  // namespace fk::sim
