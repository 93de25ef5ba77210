// What-if forecasts (precise measures, issue 17): candidate actions on grids
// turned into the simulator's measures for a live forecast. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "sim/params/measures.hpp"
#include "sim/population/population.hpp"

namespace fk::forecast {

// A candidate action of a what-if forecast (精准施策), on grids of the
// region, from projected day `start` (0 = the first) for `days` days:
//  - closed management (封闭管理): the simulator's community_closure on
//    those grids, compliance 0.9 as in scenarios/wuhan-2020.toml: contacts
//    in the grid layer cut for complying residents;
//  - door-to-door screening (上门筛查): fever found at the door, modelled as
//    the simulator's isolation in a facility the day after symptom onset
//    (delay_days 1, 14 days) for the residents of those grids, compliance
//    0.9 (the share found and isolated; an assumption).
// A forecast with actions, against one without and the same seed, is the
// comparison the command centre asks for: the members share their random
// numbers, so the difference is the actions'. docs/forecast.md, "What-if".
struct WhatIfAction {
  enum class Kind { kClosedManagement, kScreening };
  Kind kind = Kind::kClosedManagement;
  std::vector<std::string> grids;  // grid codes of the forecast's region, 1..1000
  int start = 0;                   // 0..days-1
  int days = 14;                   // 1..365
};
std::string_view WhatIfKindName(WhatIfAction::Kind kind);  // "closed_management", "screening"
std::optional<WhatIfAction::Kind> ParseWhatIfKind(std::string_view name);

// The checks that need no city: at most 10 actions, each with 1..1000
// codes of grids under `region`, start in 0..days-1, days 1..365;
// kInvalidArgument naming the field otherwise.
Status CheckWhatIfActions(const std::vector<WhatIfAction>& actions, const std::string& region,
                          int days);

// The simulator's measures for `actions` of a forecast of `days` days of
// `region` over `population`; kInvalidArgument naming the field
// (actions[i].grids, .start, .days) for a code that is not a grid of the
// region in the population, or a value out of range.
Result<std::vector<sim::MeasureSpec>> WhatIfMeasures(const std::vector<WhatIfAction>& actions,
                                                     const std::string& region, int days,
                                                     const sim::Population& population);

}  // namespace fk::forecast
