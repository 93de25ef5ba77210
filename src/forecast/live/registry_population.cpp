#include "forecast/live/registry_population.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>

#include "common/dates.hpp"
#include "common/rng.hpp"
#include "ops/regions/region_code.hpp"
#include "sim/population/complete_population.hpp"

namespace fk::forecast {
namespace {

struct Resident {
  int64_t household = 0, id = 0;
  uint8_t age = 0, sex = 0;
};

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Age in whole years at `on` of someone born on `birth` (YYYY-MM-DD),
// clamped to 0..100; -1 when `birth` is malformed.
int AgeAt(std::string_view birth, const Date& on) {
  int y, m, d;
  if (birth.size() != 10 || !ParseInt(birth.substr(0, 4), y) || !ParseInt(birth.substr(5, 2), m) ||
      !ParseInt(birth.substr(8, 2), d))
    return -1;
  int age = on.year - y - ((on.month < m || (on.month == m && on.day < d)) ? 1 : 0);
  return std::clamp(age, 0, 100);
}

// Appends region `code` at `level` (its children start at the next level's
// current size) unless it is the last one already.
void OpenRegion(std::vector<sim::Region>& level, sim::RegionLevel kind, const std::string& code,
                uint32_t parent, uint32_t first_child,
                const std::map<std::string, std::string>& names) {
  if (!level.empty() && level.back().code == code) return;
  auto it = names.find(code);
  level.push_back(
      {code, it != names.end() ? it->second : code, kind, parent, first_child, first_child});
}

}  // namespace

uint32_t AgentOf(const RegistryPopulation& city, int64_t id) {
  auto it =
      std::lower_bound(city.agents.begin(), city.agents.end(), std::pair<int64_t, uint32_t>{id, 0});
  return it != city.agents.end() && it->first == id ? it->second : sim::kNoGroup;
}

Result<RegistryPopulation> ReadRegistryPopulation(store::Database& db, const std::string& city_code,
                                                  int age_day, std::vector<int64_t> wanted,
                                                  const sim::Parameters& params, uint64_t seed,
                                                  int threads) {
  std::sort(wanted.begin(), wanted.end());
  const Date on = *ParseDate(AddDays(Date{1970, 1, 1}, age_day));
  const std::string prefix = ops::SubtreePrefix(city_code), end = ops::PrefixEnd(prefix);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  std::map<std::string, std::string> names;
  {
    auto rows = tx->Query(
        "SELECT code, name FROM regions WHERE code = ? OR (code >= ? AND code < ? AND level >= ?)",
        {city_code, prefix, end, static_cast<int64_t>(ops::RegionLevel::kDistrict)});
    if (!rows) return rows.error();
    for (const auto& r : *rows) names[r.Text(0)] = r.Text(1);
  }

  RegistryPopulation out;
  sim::Population& pop = out.population;
  pop.city_code = std::stoi(city_code);
  pop.city_name = names.count(city_code) ? names[city_code] : city_code;
  pop.household_start.push_back(0);
  pop.grid_household_start.push_back(0);
  pop.grid_agent_start.push_back(0);

  std::string grid;
  std::vector<Resident> buffer;  // one grid's residents
  Status bad = Status::Ok();
  // Writes the buffered grid: its households (registry order), then the
  // grid in the region tree.
  auto flush = [&]() {
    if (buffer.empty()) return;
    std::stable_sort(buffer.begin(), buffer.end(), [](const Resident& a, const Resident& b) {
      return a.household < b.household;
    });
    uint32_t in_household = 0;
    for (size_t i = 0; i < buffer.size(); ++i) {
      const Resident& r = buffer[i];
      const bool new_household = i == 0 || buffer[i - 1].household != r.household;
      if (!new_household && in_household == sim::kMaxHouseholdSize) {
        ++out.split_households;  // counted once per cut
        in_household = 0;
      }
      if (i > 0 && (new_household || in_household == 0)) pop.household_start.push_back(pop.size());
      if (new_household) in_household = 0;
      const auto it = std::lower_bound(wanted.begin(), wanted.end(), r.id);
      if (it != wanted.end() && *it == r.id) out.agents.push_back({r.id, pop.size()});
      pop.age.push_back(r.age);
      pop.sex.push_back(r.sex);
      ++in_household;
    }
    pop.household_start.push_back(pop.size());
    pop.grid_household_start.push_back(pop.households());
    pop.grid_agent_start.push_back(pop.size());
    // The tree: district > street > community > grid, by code.
    const std::string district = grid.substr(0, 6), street = grid.substr(0, 9),
                      community = grid.substr(0, 12);
    OpenRegion(pop.districts, sim::RegionLevel::kDistrict, district, sim::kNoGroup,
               static_cast<uint32_t>(pop.streets.size()), names);
    OpenRegion(pop.streets, sim::RegionLevel::kStreet, street,
               static_cast<uint32_t>(pop.districts.size() - 1),
               static_cast<uint32_t>(pop.communities.size()), names);
    OpenRegion(pop.communities, sim::RegionLevel::kCommunity, community,
               static_cast<uint32_t>(pop.streets.size() - 1),
               static_cast<uint32_t>(pop.grids.size()), names);
    OpenRegion(pop.grids, sim::RegionLevel::kGrid, grid,
               static_cast<uint32_t>(pop.communities.size() - 1),
               pop.grid_household_start[pop.grid_count() - 1], names);
    pop.grids.back().end_child = pop.households();
    pop.communities.back().end_child = static_cast<uint32_t>(pop.grids.size());
    pop.streets.back().end_child = static_cast<uint32_t>(pop.communities.size());
    pop.districts.back().end_child = static_cast<uint32_t>(pop.streets.size());
    buffer.clear();
  };
  Status read = tx->ForEachRow(
      "SELECT grid_code, household_id, id, sex, birth_date FROM residents "
      "WHERE grid_code >= ? AND grid_code < ? ORDER BY grid_code, id",
      {prefix, end}, [&](const store::RowView& row) {
        const std::string_view code = row.Text(0);
        if (code != grid) {
          flush();
          if (code.size() != 15) {
            bad = InvalidArgument("a resident's grid code is not 15 digits: " + std::string(code));
            return false;
          }
          grid.assign(code);
        }
        const int age = AgeAt(row.Text(4), on);
        if (age < 0) {
          bad = InvalidArgument("resident " + std::to_string(row.Int(2)) +
                                " has a malformed birth date");
          return false;
        }
        buffer.push_back({row.Int(1), row.Int(2), static_cast<uint8_t>(age),
                          static_cast<uint8_t>(row.Text(3) == "male" ? 1 : 0)});
        return true;
      });
  if (!read.ok()) return read.error();
  if (!bad.ok()) return bad.error();
  flush();
  if (pop.size() == 0) {
    return Error{ErrorCode::kNotFound, "城市 " + city_code +
                                           " 无登记居民 / no residents registered "
                                           "in city " +
                                           city_code};
  }
  std::sort(out.agents.begin(), out.agents.end());
  if (Status s = sim::CompletePopulation(params, Rng(seed), threads, pop); !s.ok())
    return s.error();
  return out;
}

}  // namespace fk::forecast
