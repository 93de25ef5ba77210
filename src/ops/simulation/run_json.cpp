#include "ops/simulation/run_json.hpp"

#include <variant>

namespace fk::ops {

nlohmann::ordered_json ParamValueJson(const sim::ParamValue& value) {
  return std::visit([](const auto& v) { return nlohmann::ordered_json(v); }, value);
}

nlohmann::ordered_json CurveJson(const sim::RunResult& result, const std::string& start_date) {
  using sim::State;
  auto at = [](const sim::DayRecord& r, State s) { return r.in_state[static_cast<int>(s)]; };
  std::vector<int64_t> day, susceptible, exposed, infectious, severe, critical, recovered, dead,
      fresh, cumulative;
  for (const sim::DayRecord& r : result.daily) {
    day.push_back(r.day);
    susceptible.push_back(at(r, State::kSusceptible));
    exposed.push_back(at(r, State::kExposed));
    infectious.push_back(at(r, State::kPresymptomatic) + at(r, State::kAsymptomatic) +
                         at(r, State::kMild) + at(r, State::kSevere) + at(r, State::kCritical));
    severe.push_back(at(r, State::kSevere));
    critical.push_back(at(r, State::kCritical));
    recovered.push_back(at(r, State::kRecovered));
    dead.push_back(at(r, State::kDead));
    int64_t n = 0;
    for (int64_t v : r.new_infections) n += v;
    fresh.push_back(n);
    cumulative.push_back(r.cumulative_infections);
  }
  return {{"start_date", start_date},
          {"day", day},
          {"susceptible", susceptible},
          {"exposed", exposed},
          {"infectious", infectious},
          {"severe", severe},
          {"critical", critical},
          {"recovered", recovered},
          {"dead", dead},
          {"new_infections", fresh},
          {"cumulative_infections", cumulative}};
}

}  // namespace fk::ops
