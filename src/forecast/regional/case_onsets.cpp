#include "forecast/regional/case_onsets.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <utility>

#include "common/dates.hpp"

namespace fk::forecast {
namespace {

Result<int> DayNumber(const std::string& text, const char* what) {
  auto d = ParseDate(text);
  if (!d) return InvalidArgument(std::string(what) + ": " + text + " is not a YYYY-MM-DD date");
  return DaysFromCivil(*d);
}

// The codes of the grid's ancestors at city, district and street level.
std::array<std::string, 3> Ancestors(const std::string& grid) {
  return {grid.substr(0, 4) + "00", grid.substr(0, 6), grid.substr(0, 9)};
}

}  // namespace

Result<CaseOnsets> ReadCaseOnsets(store::Database& db, const ops::AccessContext& ctx,
                                  const std::string& region_code,
                                  const std::optional<std::string>& as_of) {
  if (Status s = ops::Require(ctx, ops::Permission::kReadStats, region_code); !s) return s.error();
  auto level = ops::LevelOfCode(region_code);
  if (!level) return InvalidArgument("region: " + level.error().message);
  std::optional<int> cutoff;
  if (as_of) {
    auto day = DayNumber(*as_of, "as_of");
    if (!day) return day.error();
    cutoff = *day;
  }
  const std::string prefix = ops::SubtreePrefix(region_code), end = ops::PrefixEnd(prefix);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // The region and the regions below it down to the streets.
  auto names = tx->Query(
      "SELECT code, name, level FROM regions WHERE (code = ?) OR (code >= ? AND code < ? AND "
      "level > ? AND level <= ?) ORDER BY code",
      {region_code, prefix, end, static_cast<int64_t>(*level),
       static_cast<int64_t>(ops::RegionLevel::kStreet)});
  if (!names) return names.error();
  CaseOnsets out;
  std::map<std::string, size_t> index;
  for (const auto& r : *names) {
    RegionOnsets region{r.Text(0), r.Text(1), static_cast<ops::RegionLevel>(r.Int(2)), {}};
    if (region.code == region_code) {
      out.regions.insert(out.regions.begin(), std::move(region));
    } else {
      out.regions.push_back(std::move(region));
    }
  }
  if (out.regions.empty() || out.regions.front().code != region_code)
    return Error{ErrorCode::kNotFound, "region " + region_code + " not found"};
  for (size_t i = 0; i < out.regions.size(); ++i) index[out.regions[i].code] = i;

  // The whole city's cases (the province's, for a province).
  const std::string city =
      *level <= ops::RegionLevel::kCity ? region_code : region_code.substr(0, 4) + "00";
  const std::string city_prefix = ops::SubtreePrefix(city);
  auto rows = tx->Query(
      "SELECT grid_code, onset_date, COALESCE(confirmation_date, report_date), COUNT(*) "
      "FROM cases WHERE grid_code >= ? AND grid_code < ? AND onset_date IS NOT NULL AND "
      "status IN ('confirmed', 'clinically_diagnosed') "
      "GROUP BY grid_code, onset_date, COALESCE(confirmation_date, report_date)",
      {city_prefix, ops::PrefixEnd(city_prefix)});
  if (!rows) return rows.error();
  // (region index, onset, report) -> count, so each region gets one entry a
  // pair; the city's under index regions.size().
  std::map<std::tuple<size_t, int, int>, double> counts;
  std::optional<int> latest;
  for (const auto& r : *rows) {
    auto onset = DayNumber(r.Text(1), "onset_date");
    auto report = DayNumber(r.Text(2), "confirmation_date");
    if (!onset || !report) return Error{ErrorCode::kInternal, "a case has a malformed date"};
    if (cutoff && *report > *cutoff) continue;
    latest = latest ? std::max(*latest, *report) : *report;
    const std::string grid = r.Text(0);
    const double n = static_cast<double>(r.Int(3));
    counts[{out.regions.size(), *onset, *report}] += n;
    if (grid.compare(0, prefix.size(), prefix) != 0) continue;
    auto add = [&](const std::string& code) {
      if (auto it = index.find(code); it != index.end()) counts[{it->second, *onset, *report}] += n;
    };
    add(region_code);
    for (const auto& code : Ancestors(grid))
      if (code != region_code) add(code);  // those outside the subtree are not indexed
  }
  for (const auto& [key, n] : counts) {
    const auto& [i, onset, report] = key;
    (i < out.regions.size() ? out.regions[i].cases : out.city_cases).push_back({onset, report, n});
  }
  out.cutoff = cutoff ? cutoff : latest;
  return out;
}

Result<std::string> OnlyCity(store::Database& db) {
  auto lease = db.Acquire();
  if (!lease) return lease.error();
  auto rows = (*lease)->Query("SELECT code FROM regions WHERE level = ? ORDER BY code LIMIT 2",
                              {static_cast<int64_t>(ops::RegionLevel::kCity)});
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::kNotFound, "no city in the database"};
  if (rows->size() > 1) return InvalidArgument("several cities in the database: name one");
  return rows->front().Text(0);
}

}  // namespace fk::forecast
