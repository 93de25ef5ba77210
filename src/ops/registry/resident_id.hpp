// Resident identity numbers (居民身份证号码, GB 11643-1999): 17 digits and a
// check character (ISO 7064 MOD 11-2). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace fk::ops {

enum class Sex { kMale, kFemale };
std::string_view SexName(Sex sex);  // "male", "female"

struct ResidentIdInfo {
  std::string birth_date;  // YYYY-MM-DD from digits 7-14
  Sex sex = Sex::kMale;    // digit 17: odd male, even female
};

// The check character for the first 17 digits: weights 7 9 10 5 8 4 2 1 6 3
// 7 9 10 5 8 4 2, sum mod 11 -> "10X98765432".
char ResidentIdCheckChar(std::string_view first17);

// The stored form of an ID number: a final lowercase 'x' becomes 'X', so that
// "...x" and "...X" are the same person (found by parsers_fuzz_test.cpp).
std::string CanonicalResidentId(std::string_view id);

// Validates format, check character and birth date. kInvalidArgument with a
// message naming the field: "id_number: must be 18 characters", "id_number:
// check digit is X, expected 7", "id_number: birth date 19900231 is not a date".
Result<ResidentIdInfo> ParseResidentId(std::string_view id);

// ParseResidentId plus cross-checks: "id_number: birth date 1990-01-02 does
// not match birth_date 1990-01-03", "id_number: sex digit says female, sex is male".
Status CheckResidentId(std::string_view id, std::string_view birth_date, Sex sex);

}  // namespace fk::ops
