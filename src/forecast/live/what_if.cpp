#include "forecast/live/what_if.hpp"

#include <set>

#include <fmt/format.h>

#include "ops/regions/region_code.hpp"

namespace fk::forecast {
namespace {

// Share of residents who keep to a closure, or who are found at the door
// and isolated: scenarios/wuhan-2020.toml's community_closure (an
// assumption there too).
constexpr double kCompliance = 0.9;

}  // namespace

std::string_view WhatIfKindName(WhatIfAction::Kind kind) {
  return kind == WhatIfAction::Kind::kClosedManagement ? "closed_management" : "screening";
}

std::optional<WhatIfAction::Kind> ParseWhatIfKind(std::string_view name) {
  if (name == "closed_management") return WhatIfAction::Kind::kClosedManagement;
  if (name == "screening") return WhatIfAction::Kind::kScreening;
  return std::nullopt;
}

Status CheckWhatIfActions(const std::vector<WhatIfAction>& actions, const std::string& region,
                          int days) {
  if (actions.size() > 10) return InvalidArgument("actions: at most 10");
  const std::string prefix = ops::SubtreePrefix(region);
  for (size_t i = 0; i < actions.size(); ++i) {
    const WhatIfAction& a = actions[i];
    const std::string field = fmt::format("actions[{}]", i);
    if (a.grids.empty() || a.grids.size() > 1000)
      return InvalidArgument(field + ".grids: from 1 to 1000 grid codes");
    for (const std::string& code : a.grids) {
      auto level = ops::LevelOfCode(code);
      if (!level || *level != ops::RegionLevel::kGrid || code.compare(0, prefix.size(), prefix))
        return InvalidArgument(field + ".grids: " + code + " is not a grid of " + region);
    }
    if (a.start < 0 || a.start >= days)
      return InvalidArgument(
          fmt::format("{}.start: {} is not a projected day (0..{})", field, a.start, days - 1));
    if (a.days < 1 || a.days > 365)
      return InvalidArgument(fmt::format("{}.days: {} is not 1..365", field, a.days));
  }
  return Status::Ok();
}

Result<std::vector<sim::MeasureSpec>> WhatIfMeasures(const std::vector<WhatIfAction>& actions,
                                                     const std::string& region, int days,
                                                     const sim::Population& population) {
  if (Status s = CheckWhatIfActions(actions, region, days); !s) return s.error();
  std::set<std::string, std::less<>> grids;
  for (const sim::Region& g : population.grids) grids.insert(g.code);
  std::vector<sim::MeasureSpec> out;
  for (size_t i = 0; i < actions.size(); ++i) {
    const WhatIfAction& a = actions[i];
    for (const std::string& code : a.grids)
      if (!grids.contains(code))
        return InvalidArgument(
            fmt::format("actions[{}].grids: {} is not a grid of {}", i, code, region));
    sim::MeasureSpec m;
    m.start.kind = sim::MeasureTime::Kind::kDay;
    m.start.day = a.start;
    m.duration_days = a.days;
    m.scope = a.grids;
    m.compliance = kCompliance;
    if (a.kind == WhatIfAction::Kind::kClosedManagement) {
      m.kind = sim::MeasureKind::kCommunityClosure;
    } else {
      m.kind = sim::MeasureKind::kIsolation;
      m.facility = true;
      m.delay_days = 1;  // found at the next day's round
      m.isolation_days = 14;
      m.after_confirmation = false;
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace fk::forecast
