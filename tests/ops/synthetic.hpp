// Synthetic residents for the crash test and the import benchmark: person n
// (0 <= n < 30,000,000) has a valid, unique GB 11643 ID number, a birth date
// in 1930..2012 matching it and a sex matching its sequence digit. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/dates.hpp"
#include "ops/registry/registry.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::ops::synthetic {

constexpr int kBirthDays = 30000;  // distinct birth dates from 1930-01-01 (82 years)

inline ResidentInput Person(int64_t n) {
  ResidentInput r;
  const int day = static_cast<int>(n % kBirthDays);
  const int seq = static_cast<int>(n / kBirthDays % 1000);
  r.birth_date = AddDays(Date{1930, 1, 1}, day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "420102%.4s%.2s%.2s%03d", r.birth_date.c_str(),
                r.birth_date.c_str() + 5, r.birth_date.c_str() + 8, seq);
  const std::string first17 = buf;
  r.id_number = first17 + ResidentIdCheckChar(first17);
  r.sex = seq % 2 ? Sex::kMale : Sex::kFemale;
  r.name = "居民" + std::to_string(n);
  std::snprintf(buf, sizeof buf, "139%08lld", static_cast<long long>(n % 100000000));
  r.phone = buf;
  return r;
}

constexpr const char* kCsvHeader = "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话\n";

// One CSV row of person n, three people to a household, households spread
// over `grids` round robin.
inline std::string CsvRow(int64_t n, const std::vector<std::string>& grids) {
  const ResidentInput r = Person(n);
  const int64_t household = n / 3;
  const std::string& grid = grids[household % grids.size()];
  const int64_t in_grid = household / static_cast<int64_t>(grids.size());
  return grid + "," + std::to_string(in_grid / 60 + 1) + "," +
         std::to_string(in_grid / 20 % 3 + 1) + "," + std::to_string(in_grid % 20 + 101) + "," +
         r.name + "," + (r.sex == Sex::kMale ? "男" : "女") + "," + r.birth_date + "," +
         r.id_number + "," + r.phone + "\n";
}

// A CSV file of people [first, first + count).
inline std::string Csv(int64_t first, int64_t count, const std::vector<std::string>& grids) {
  std::string out = kCsvHeader;
  out.reserve(static_cast<size_t>(count) * 110);
  for (int64_t n = first; n < first + count; ++n) out += CsvRow(n, grids);
  return out;
}

}  // namespace fk::ops::synthetic
