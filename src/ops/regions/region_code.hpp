// Region codes: GB/T 2260 six digits for province, city and district, then
// the statistical codes: 9 digits street, 12 community, and 15 for a grid
// (community code + 3 digits). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace fk::ops {

enum class RegionLevel { kProvince = 1, kCity, kDistrict, kStreet, kCommunity, kGrid };

std::string_view LevelName(RegionLevel level);                 // "province", ... "grid"
std::optional<RegionLevel> ParseLevel(std::string_view name);  // English or 省/市/区/街道/社区/网格

// The level a well-formed code has: 6 digits ending 0000 province, ending 00
// city, else district; 9 street; 12 community; 15 grid. Error names the code.
Result<RegionLevel> LevelOfCode(std::string_view code);

// Every code in the subtree of `code` starts with this prefix:
// "420000" -> "42", "420100" -> "4201", "420102" -> "420102", longer codes -> themselves.
std::string SubtreePrefix(std::string_view code);

// The code of the parent region: grid -> community (12 digits), community ->
// street, street -> district, district -> city ("420102" -> "420100"), city ->
// province; "" for a province. Precondition: LevelOfCode(code) is ok.
std::string ParentCode(std::string_view code);

// The smallest region whose subtree holds both codes (a code itself when
// the other lies in its subtree); "" when they lie in different provinces.
// Precondition: LevelOfCode(a) is ok.
std::string CommonAncestor(std::string_view a, std::string_view b);

// The smallest string above every string starting with `prefix` (digits only):
// a subtree is the range [prefix, PrefixEnd(prefix)).
std::string PrefixEnd(std::string_view prefix);

}  // namespace fk::ops
