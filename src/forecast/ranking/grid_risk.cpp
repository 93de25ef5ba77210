#include "forecast/ranking/grid_risk.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <optional>
#include <string>

#include "common/dates.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::forecast {
namespace {

// The weights of the score (grid_risk.hpp; docs/forecast.md).
constexpr double kCase7d = 3, kCase8to14d = 1, kContact = 0.5, kBreach = 2, kNeighbourCase = 0.25;

struct GridRow {
  GridRisk risk;
  std::optional<std::pair<double, double>> centroid;  // lon, lat
};

// Great-circle distance in km, equirectangular (grids are a few km apart).
double DistanceKm(std::pair<double, double> a, std::pair<double, double> b) {
  constexpr double kRad = std::numbers::pi / 180, kEarthKm = 6371.0;
  const double x = (b.first - a.first) * kRad * std::cos((a.second + b.second) / 2 * kRad);
  const double y = (b.second - a.second) * kRad;
  return kEarthKm * std::sqrt(x * x + y * y);
}

}  // namespace

Result<GridRiskRanking> RankGrids(store::Database& db, const ops::AccessContext& ctx,
                                  const GridRiskOptions& options, int64_t now) {
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations); !s) return s.error();
  const std::string region = options.region.empty() ? ctx.scope : options.region;
  if (region.empty()) return InvalidArgument("region: required for a user without a scope");
  if (auto level = ops::LevelOfCode(region); !level)
    return InvalidArgument("region: " + level.error().message);
  if (Status s = ops::Require(ctx, ops::Permission::kRunSimulations, region); !s) return s.error();
  if (options.limit < 1 || options.limit > 1000)
    return InvalidArgument("limit: must be between 1 and 1000");
  if (!(options.neighbour_km >= 0.1 && options.neighbour_km <= 20))
    return InvalidArgument("neighbour_km: must be between 0.1 and 20");
  int day = static_cast<int>(now / 86400);
  if (!options.day.empty()) {
    auto date = ParseDate(options.day);
    if (!date) return InvalidArgument("day: " + date.error().message);
    day = DaysFromCivil(*date);
  }
  const auto text = [](int d) { return AddDays(Date{1970, 1, 1}, d); };
  const std::string today = text(day), week_ago = text(day - 6), fortnight_ago = text(day - 13);
  const int64_t since = (int64_t{day} - 13) * 86400, until = (int64_t{day} + 1) * 86400;
  const std::string prefix = ops::SubtreePrefix(region), end = ops::PrefixEnd(prefix);

  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // The grids, with their community's name and their centroid if mapped.
  std::vector<GridRow> grids;
  std::map<std::string, size_t, std::less<>> index;
  Status read = tx->ForEachRow(
      "SELECT g.code, g.name, COALESCE(c.name, ''), s.centroid_lon, s.centroid_lat "
      "FROM regions g LEFT JOIN regions c ON c.code = g.parent_code "
      "LEFT JOIN region_shapes s ON s.code = g.code "
      "WHERE g.code >= ? AND g.code < ? AND g.level = ? ORDER BY g.code",
      {prefix, end, static_cast<int64_t>(ops::RegionLevel::kGrid)}, [&](const store::RowView& r) {
        GridRow row;
        row.risk.code = std::string(r.Text(0));
        row.risk.name = std::string(r.Text(1));
        row.risk.community = std::string(r.Text(2));
        if (!r.IsNull(3))
          row.centroid =
              std::make_pair(std::stod(std::string(r.Text(3))), std::stod(std::string(r.Text(4))));
        index.emplace(row.risk.code, grids.size());
        grids.push_back(std::move(row));
        return true;
      });
  if (!read) return read.error();
  auto at = [&](std::string_view code) -> GridRisk* {
    auto it = index.find(code);
    return it == index.end() ? nullptr : &grids[it->second].risk;
  };
  read = tx->ForEachRow(
      "SELECT grid_code, CASE WHEN report_date >= ? THEN 1 ELSE 0 END FROM cases WHERE grid_code "
      ">= ? AND grid_code < ? AND "
      "status IN ('confirmed', 'clinically_diagnosed', 'asymptomatic') AND report_date >= ? AND "
      "report_date <= ?",
      {week_ago, prefix, end, fortnight_ago, today}, [&](const store::RowView& r) {
        if (GridRisk* g = at(r.Text(0))) ++(r.Int(1) ? g->cases_7d : g->cases_8_14d);
        return true;
      });
  if (!read) return read.error();
  read = tx->ForEachRow(
      "SELECT grid_code FROM contacts WHERE grid_code >= ? AND grid_code < ? AND lost = 0 AND "
      "last_exposure_date >= ? AND last_exposure_date <= ?",
      {prefix, end, fortnight_ago, today}, [&](const store::RowView& r) {
        if (GridRisk* g = at(r.Text(0))) ++g->contacts;
        return true;
      });
  if (!read) return read.error();
  read = tx->ForEachRow(
      "SELECT grid_code FROM checkpoint_alerts WHERE grid_code >= ? AND grid_code < ? AND "
      "at >= ? AND at < ?",
      {prefix, end, since, until}, [&](const store::RowView& r) {
        if (GridRisk* g = at(r.Text(0))) ++g->breaches;
        return true;
      });
  if (!read) return read.error();

  // Neighbours' cases: each grid with cases adds them to the grids near it.
  // Grids outside the region are not read: a grid at the region's edge
  // counts only its neighbours inside (said in docs/forecast.md).
  for (size_t i = 0; i < grids.size(); ++i) {
    const int64_t cases = grids[i].risk.cases_7d + grids[i].risk.cases_8_14d;
    if (cases == 0) continue;
    const std::string community = ops::ParentCode(grids[i].risk.code);
    for (size_t j = 0; j < grids.size(); ++j) {
      if (j == i) continue;
      const bool near =
          grids[i].centroid && grids[j].centroid
              ? DistanceKm(*grids[i].centroid, *grids[j].centroid) <= options.neighbour_km
              : ops::ParentCode(grids[j].risk.code) == community;
      if (near) grids[j].risk.neighbour_cases += cases;
    }
  }

  GridRiskRanking out{region, today, static_cast<int64_t>(grids.size()), 0, {}};
  for (GridRow& row : grids) {
    GridRisk& g = row.risk;
    g.score = kCase7d * g.cases_7d + kCase8to14d * g.cases_8_14d + kContact * g.contacts +
              kBreach * g.breaches + kNeighbourCase * g.neighbour_cases;
    if (g.score <= 0) continue;
    g.measure = g.cases_7d > 0 || g.breaches > 0 ? "closed_management" : "door_to_door_screening";
    out.ranked.push_back(std::move(g));
  }
  out.at_risk = static_cast<int64_t>(out.ranked.size());
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const GridRisk& a, const GridRisk& b) { return a.score > b.score; });
  if (out.ranked.size() > static_cast<size_t>(options.limit)) out.ranked.resize(options.limit);
  return out;
}

}  // namespace fk::forecast
