#include "ops/regions/region_code.hpp"

#include <algorithm>
#include <string>

namespace fk::ops {
namespace {

constexpr std::string_view kLevelNames[] = {"province", "city",      "district",
                                            "street",   "community", "grid"};
constexpr std::string_view kLevelNamesZh[] = {"省", "市", "区", "街道", "社区", "网格"};

}  // namespace

std::string_view LevelName(RegionLevel level) { return kLevelNames[static_cast<int>(level) - 1]; }

std::optional<RegionLevel> ParseLevel(std::string_view name) {
  for (int i = 0; i < 6; ++i) {
    if (name == kLevelNames[i] || name == kLevelNamesZh[i]) return static_cast<RegionLevel>(i + 1);
  }
  if (name == "县") return RegionLevel::kDistrict;
  if (name == "乡镇" || name == "镇" || name == "乡") return RegionLevel::kStreet;
  if (name == "村") return RegionLevel::kCommunity;
  return std::nullopt;
}

Result<RegionLevel> LevelOfCode(std::string_view code) {
  const bool digits = !code.empty() && std::all_of(code.begin(), code.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return InvalidArgument("code: " + std::string(code) + " must be digits only");
  switch (code.size()) {
    case 6:
      if (code.substr(2) == "0000") return RegionLevel::kProvince;
      if (code.substr(4) == "00") return RegionLevel::kCity;
      return RegionLevel::kDistrict;
    case 9:
      return RegionLevel::kStreet;
    case 12:
      return RegionLevel::kCommunity;
    case 15:
      return RegionLevel::kGrid;
    default:
      return InvalidArgument("code: " + std::string(code) +
                             " must have 6 (province, city, district), 9 (street), 12 "
                             "(community) or 15 (grid) digits");
  }
}

std::string SubtreePrefix(std::string_view code) {
  if (code.size() == 6) {
    if (code.substr(2) == "0000") return std::string(code.substr(0, 2));
    if (code.substr(4) == "00") return std::string(code.substr(0, 4));
  }
  return std::string(code);
}

std::string ParentCode(std::string_view code) {
  switch (code.size()) {
    case 15:
      return std::string(code.substr(0, 12));
    case 12:
      return std::string(code.substr(0, 9));
    case 9:
      return std::string(code.substr(0, 6));
    case 6:
      if (code.substr(2) == "0000") return "";
      if (code.substr(4) == "00") return std::string(code.substr(0, 2)) + "0000";
      return std::string(code.substr(0, 4)) + "00";
    default:
      return "";
  }
}

std::string CommonAncestor(std::string_view a, std::string_view b) {
  std::string code(a);
  while (!code.empty() && !b.starts_with(SubtreePrefix(code))) code = ParentCode(code);
  return code;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  end.push_back('\x7f');  // above every digit, in byte order
  return end;
}

}  // namespace fk::ops
