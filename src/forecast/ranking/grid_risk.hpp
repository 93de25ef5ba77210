// Precise measures (精准施策, issue 17): the grids of a region ranked by the
// risk that the virus is spreading in them now, from the live operations
// data alone, each with the parts of its score and a suggested measure, so
// that an officer sees why a grid is on the list:
//   - cases living in the grid reported in the last 7 days, and in the 7
//     days before (confirmed, clinically diagnosed, asymptomatic);
//   - close contacts living in the grid still within 14 days of their last
//     exposure (the follow-up period) and not lost;
//   - quarantine breaches: checkpoint alerts of the last 14 days for people
//     of the grid under a quarantine order or in isolation who passed a gate;
//   - cases of the last 14 days in the neighbouring grids: grids whose
//     centroids lie within `neighbour_km` on the map, or, for a grid without
//     a shape, the other grids of its community.
// Score = 3 x cases of the last 7 days + 1 x cases of the 7 days before
// + 0.5 x contacts under follow-up + 2 x breaches + 0.25 x neighbours'
// cases (docs/forecast.md, "Precise measures", says why these weights).
// Suggested measure: closed management (封闭管理) for a grid with a case
// of its own in the last 7 days or a breach; door-to-door screening
// (上门筛查) for the others on the list.
// Reads through store/; needs run_simulations with the region in scope;
// aggregates only (no person is named). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::forecast {

struct GridRiskOptions {
  std::string region;         // a region code in scope (default: the caller's scope)
  std::string day;            // YYYY-MM-DD the data stand at (default: today, UTC)
  int limit = 50;             // grids listed, 1..1000
  double neighbour_km = 1.0;  // 0.1..20
};

struct GridRisk {
  std::string code, name, community;  // the grid, its name, its community's name
  int64_t cases_7d = 0;               // the grid's cases reported in the last 7 days
  int64_t cases_8_14d = 0;            // ... in the 7 days before
  int64_t contacts = 0;               // contacts living here under follow-up
  int64_t breaches = 0;               // checkpoint alerts, last 14 days
  int64_t neighbour_cases = 0;        // neighbours' cases, last 14 days
  double score = 0;
  std::string measure;  // "closed_management" or "door_to_door_screening"
};

struct GridRiskRanking {
  std::string region, day;
  int64_t grids = 0;             // grids in the region
  int64_t at_risk = 0;           // of which with a score above 0 (the list is their top `limit`)
  std::vector<GridRisk> ranked;  // highest score first, ties by code
};

// kInvalidArgument for a bad region code, day or option (the field named);
// kPermissionDenied without run_simulations or outside the caller's scope.
Result<GridRiskRanking> RankGrids(store::Database& db, const ops::AccessContext& ctx,
                                  const GridRiskOptions& options, int64_t now);

}  // namespace fk::forecast
