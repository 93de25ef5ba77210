// The synthetic city: residents as a structure of arrays, plus the region
// tree they live in and the groups (workplaces, classes, hospitals) they
// belong to.
//
// Layout promises (the engine relies on them):
//  - agents are stored in household order and households in grid order, so a
//    household and a grid are each a contiguous range of agent indices;
//  - grids are stored in community order, communities in street order and
//    streets in district order, so every region is a contiguous range too;
//  - group members are listed contiguously in `group_members`, sorted by
//    group, and `agent_group[a]` names the one group of agent a (or kNoGroup).
// Immutable after Build; share freely between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fk::sim {

inline constexpr uint32_t kNoGroup = 0xFFFFFFFFu;

enum class GroupKind : uint8_t {
  kWorkplace = 0,
  kSchoolClass = 1,  // pupils of one age in one school
  kHospital = 2,     // health-care workers of one hospital
};

enum class RegionLevel : uint8_t { kDistrict = 0, kStreet = 1, kCommunity = 2, kGrid = 3 };

// One node of the region tree below the city.
struct Region {
  std::string code;  // district: 6 digits (GB/T 2260); street: 9; community: 12; grid: 15
  std::string name;  // e.g. "江岸区", "第3街道", "第12社区", "第2网格"
  RegionLevel level;
  uint32_t parent;       // index into the parent level's vector; kNoGroup for districts
  uint32_t first_child;  // children are [first_child, end_child) of the next level
  uint32_t end_child;
};

struct Population {
  // --- per agent (indexed by agent id, 0 .. size()-1) ---
  std::vector<uint8_t> age;           // years, 0..100 (100 = 100 or older)
  std::vector<uint8_t> sex;           // 0 = female, 1 = male
  std::vector<uint32_t> agent_group;  // workplace, class or hospital; kNoGroup if none

  // --- households: agents [household_start[h], household_start[h+1]) ---
  std::vector<uint32_t> household_start;  // size households + 1

  // --- grids: households [grid_household_start[g], ...[g+1]) and
  //     agents [grid_agent_start[g], grid_agent_start[g+1]) ---
  std::vector<uint32_t> grid_household_start;  // size grids + 1
  std::vector<uint32_t> grid_agent_start;      // size grids + 1

  // --- region tree: city > districts > streets > communities > grids ---
  int city_code = 0;                // GB/T 2260, e.g. 420100
  std::string city_name;            // e.g. "武汉市"
  std::vector<Region> districts;    // children are streets
  std::vector<Region> streets;      // children are communities
  std::vector<Region> communities;  // children are grids
  std::vector<Region> grids;        // children are households

  // --- groups: members [group_start[k], group_start[k+1]) of group_members ---
  std::vector<GroupKind> group_kind;
  std::vector<uint32_t> group_school;   // for classes: the school index; else kNoGroup
  std::vector<uint32_t> group_start;    // size groups + 1
  std::vector<uint32_t> group_members;  // agent ids, sorted by group
  // Schools: classes [school_class_start[s], school_class_start[s+1]) are
  // consecutive groups.
  std::vector<uint32_t> school_class_start;  // size schools + 1

  uint32_t size() const { return static_cast<uint32_t>(age.size()); }
  uint32_t households() const { return static_cast<uint32_t>(household_start.size() - 1); }
  uint32_t grid_count() const { return static_cast<uint32_t>(grid_agent_start.size() - 1); }
  uint32_t group_count() const { return static_cast<uint32_t>(group_kind.size()); }

  // Index of the household / grid holding `agent` (binary search, O(log n)).
  uint32_t HouseholdOf(uint32_t agent) const;
  uint32_t GridOf(uint32_t agent) const;

  // Bytes held by the arrays above (capacity, not size).
  uint64_t MemoryBytes() const;
};

}  // namespace fk::sim
