#include "ops/cases/case_counts.hpp"

#include <array>
#include <map>

#include "common/dates.hpp"

namespace fk::ops {
namespace {

// The flows the counts are sums of: cases entering or leaving a count on a day.
enum Flow {
  kConfirmedIn,
  kConfirmedOut,
  kSuspectedIn,
  kSuspectedOut,
  kAsymptomatic,
  kDied,
  kRecovered,
  kFlows
};

struct FlowQuery {
  Flow flow;
  const char* date_column;
  const char* condition;  // more of the WHERE clause, or ""
};

constexpr FlowQuery kFlowQueries[] = {
    {kConfirmedIn, "confirmation_date", ""},
    {kConfirmedOut, "excluded_date", " AND confirmation_date IS NOT NULL"},
    {kSuspectedIn, "suspected_date", ""},
    {kSuspectedOut, "suspected_end", ""},
    {kAsymptomatic, "asymptomatic_date", ""},
    {kDied, "outcome_date", " AND outcome = 'died'"},
    {kRecovered, "outcome_date", " AND outcome = 'recovered'"},
};

// A region's flows: those before the first day, then one a day.
struct Series {
  std::array<int64_t, kFlows> before{};
  std::array<std::vector<int64_t>, kFlows> daily;
};

// The code of the region one level below `level` that holds `grid`, or ""
// below a grid.
std::string ChildOf(RegionLevel level, const std::string& grid) {
  switch (level) {
    case RegionLevel::kProvince:
      return grid.substr(0, 4) + "00";
    case RegionLevel::kCity:
      return grid.substr(0, 6);
    case RegionLevel::kDistrict:
      return grid.substr(0, 9);
    case RegionLevel::kStreet:
      return grid.substr(0, 12);
    case RegionLevel::kCommunity:
      return grid.substr(0, 15);
    case RegionLevel::kGrid:
      return "";
  }
  return "";
}

}  // namespace

Result<std::vector<CaseCounts>> CaseCountsService::Daily(const AccessContext& ctx,
                                                         const std::string& region_code,
                                                         const std::string& from,
                                                         const std::string& to, bool children) {
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  auto level = LevelOfCode(region_code);
  if (!level) return Error{ErrorCode::kInvalidArgument, "region: " + level.error().message};
  auto d0 = ParseDate(from);
  if (!d0) return InvalidArgument("from: " + from + " is not a YYYY-MM-DD date");
  auto d1 = ParseDate(to);
  if (!d1) return InvalidArgument("to: " + to + " is not a YYYY-MM-DD date");
  const int days = DaysFromCivil(*d1) - DaysFromCivil(*d0) + 1;
  if (days < 1 || days > 366) return InvalidArgument("to: must be 0 to 365 days after from");
  const std::string prefix = SubtreePrefix(region_code), end = PrefixEnd(prefix);
  std::vector<std::string> dates(days);
  std::map<std::string, int> index;
  for (int i = 0; i < days; ++i) index[dates[i] = AddDays(*d0, i)] = i;
  std::map<std::string, Series> by_region;
  auto series = [&](const std::string& code) -> Series& {
    auto [it, added] = by_region.try_emplace(code);
    if (added)
      for (auto& d : it->second.daily) d.assign(days, 0);
    return it->second;
  };
  series(region_code);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  for (const auto& q : kFlowQueries) {
    const std::string column = q.date_column;
    auto rows = tx->Query("SELECT grid_code, " + column + ", COUNT(*) FROM cases " +
                              "WHERE grid_code >= ? AND grid_code < ? AND " + column + " <= ?" +
                              q.condition + " GROUP BY grid_code, " + column,
                          {prefix, end, to});
    if (!rows) return rows.error();
    for (const auto& r : *rows) {
      const std::string grid = r.Text(0), day = r.Text(1);
      const int64_t n = r.Int(2);
      auto add = [&](Series& s) {
        if (auto it = index.find(day); it != index.end()) {
          s.daily[q.flow][it->second] += n;
        } else if (day < from) {
          s.before[q.flow] += n;
        }
      };
      add(series(region_code));
      if (children && *level != RegionLevel::kGrid) add(series(ChildOf(*level, grid)));
    }
  }
  std::vector<CaseCounts> out;
  auto emit = [&](const std::string& code, const Series& s) {
    std::array<int64_t, kFlows> total = s.before;
    for (int i = 0; i < days; ++i) {
      for (int f = 0; f < kFlows; ++f) total[f] += s.daily[f][i];
      CaseCounts c;
      c.region_code = code;
      c.date = dates[i];
      c.new_confirmed = s.daily[kConfirmedIn][i];
      c.cumulative_confirmed = total[kConfirmedIn] - total[kConfirmedOut];
      c.new_suspected = s.daily[kSuspectedIn][i];
      c.cumulative_suspected = total[kSuspectedIn];
      c.current_suspected = total[kSuspectedIn] - total[kSuspectedOut];
      c.new_asymptomatic = s.daily[kAsymptomatic][i];
      c.cumulative_asymptomatic = total[kAsymptomatic];
      c.new_deaths = s.daily[kDied][i];
      c.cumulative_deaths = total[kDied];
      c.new_recovered = s.daily[kRecovered][i];
      c.cumulative_recovered = total[kRecovered];
      out.push_back(std::move(c));
    }
  };
  emit(region_code, by_region.at(region_code));
  for (const auto& [code, s] : by_region)
    if (code != region_code) emit(code, s);
  return out;
}

}  // namespace fk::ops
