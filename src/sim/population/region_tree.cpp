#include "sim/population/region_tree.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace fk::sim {
namespace {

constexpr int kWuhanCode = 420100;

// Wuhan's 13 county-level districts in GB/T 2260 order (demography-china.md §5,
// NBS 2023 codes, modood/Administrative-divisions-of-China dist/areas.csv).
constexpr std::array<std::pair<int, const char*>, 13> kWuhanDistricts = {{
    {2, "江岸区"},
    {3, "江汉区"},
    {4, "硚口区"},
    {5, "汉阳区"},
    {6, "武昌区"},
    {7, "青山区"},
    {11, "洪山区"},
    {12, "东西湖区"},
    {13, "汉南区"},
    {14, "蔡甸区"},
    {15, "江夏区"},
    {16, "黄陂区"},
    {17, "新洲区"},
}};

uint32_t CeilDiv(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

// Two-digit district suffixes and names: Wuhan's real districts first, then
// the unused suffixes 02..99 in ascending order, named "第N区".
std::vector<std::pair<int, std::string>> DistrictSuffixes(int city_code) {
  std::vector<std::pair<int, std::string>> out;
  std::array<bool, 100> used{};
  if (city_code == kWuhanCode) {
    for (auto [suffix, name] : kWuhanDistricts) {
      out.emplace_back(suffix, name);
      used[suffix] = true;
    }
  }
  for (int suffix = 2; suffix <= 99; ++suffix) {
    if (!used[suffix]) out.emplace_back(suffix, fmt::format("第{}区", out.size() + 1));
  }
  return out;
}

// Appends `count` regions of `level` below the parents' [first, end) child
// ranges, `per_parent` each (the last parent takes the rest).
void AddLevel(std::vector<Region>& parents, std::vector<Region>& children, RegionLevel level,
              uint32_t count, uint32_t per_parent, const char* unit) {
  children.reserve(count);
  for (uint32_t p = 0; p < parents.size(); ++p) {
    Region& parent = parents[p];
    parent.first_child = p * per_parent;
    parent.end_child = std::min(count, (p + 1) * per_parent);
    for (uint32_t c = parent.first_child; c < parent.end_child; ++c) {
      uint32_t n = c - parent.first_child + 1;
      children.push_back(Region{fmt::format("{}{:03d}", parent.code, n),
                                fmt::format("第{}{}", n, unit), level, p, 0, 0});
    }
  }
}

}  // namespace

Status BuildRegionTree(const Parameters& params, Population& pop) {
  if (params.city_code < 110000 || params.city_code > 999999 || params.city_code % 100 != 0) {
    return InvalidArgument(fmt::format(
        "city_code must be a six-digit GB/T 2260 city code ending in 00, e.g. 420100 (got {})",
        params.city_code));
  }
  for (auto [name, value] : {std::pair{"grids_per_community", params.grids_per_community},
                             {"communities_per_street", params.communities_per_street},
                             {"streets_per_district", params.streets_per_district}}) {
    if (value < 1 || value > static_cast<int>(kMaxChildren)) {
      return InvalidArgument(
          fmt::format("{} must be between 1 and {} (got {})", name, kMaxChildren, value));
    }
  }
  const uint32_t grids = pop.grid_count();
  const uint32_t communities = CeilDiv(grids, params.grids_per_community);
  const uint32_t streets = CeilDiv(communities, params.communities_per_street);
  uint32_t per_district = params.streets_per_district;
  if (CeilDiv(streets, per_district) > kMaxDistricts)
    per_district = CeilDiv(streets, kMaxDistricts);
  if (per_district > kMaxChildren) {
    return InvalidArgument(fmt::format(
        "the city needs {} streets, more than {} districts of {} streets can hold; raise "
        "households_per_grid, grids_per_community or communities_per_street",
        streets, kMaxDistricts, kMaxChildren));
  }
  const uint32_t districts = CeilDiv(streets, per_district);

  pop.city_code = params.city_code;
  pop.city_name =
      params.city_code == kWuhanCode ? "武汉市" : fmt::format("城市{}", params.city_code);
  auto suffixes = DistrictSuffixes(params.city_code);
  pop.districts.clear();
  pop.districts.reserve(districts);
  for (uint32_t d = 0; d < districts; ++d) {
    pop.districts.push_back(Region{std::to_string(params.city_code + suffixes[d].first),
                                   suffixes[d].second, RegionLevel::kDistrict, kNoGroup, 0, 0});
  }
  pop.streets.clear();
  pop.communities.clear();
  pop.grids.clear();
  AddLevel(pop.districts, pop.streets, RegionLevel::kStreet, streets, per_district, "街道");
  AddLevel(pop.streets, pop.communities, RegionLevel::kCommunity, communities,
           params.communities_per_street, "社区");
  AddLevel(pop.communities, pop.grids, RegionLevel::kGrid, grids, params.grids_per_community,
           "网格");
  for (uint32_t g = 0; g < grids; ++g) {
    pop.grids[g].first_child = pop.grid_household_start[g];
    pop.grids[g].end_child = pop.grid_household_start[g + 1];
  }
  return Status::Ok();
}

}  // namespace fk::sim
