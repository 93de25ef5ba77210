// Masking of personal data in lists and exports. Pure; thread-safe.
// name "张三丰" -> "张*" (first character, UTF-8 aware), birth date
// "1990-01-01" -> "1990-**-**", ID "420102199001011234" ->
// "4201*************4", phone "13812345678" -> "138****5678".
//
// What a masked reader sees of one person, all fields together (with the
// district, which the grid code gives, and the sex), must not give the ID
// number back: it leaves the day of birth in the year (365 or 366), the two
// sequence digits before the sex digit (100) and the sex digit (5 of the
// right parity) open, about 182,500 numbers, of which the shown check
// character keeps about one in eleven: some 16,600 candidates (counted by
// brute force in tests/ops/masking_test.cpp). The phone's hidden digits do
// not touch the ID. Exact search by ID number, phone or full name, which
// would test candidates, is for roles that see data unmasked only
// (RegistryService::Search).
#pragma once

#include <string>
#include <string_view>

namespace fk::ops {

std::string MaskName(std::string_view name);
// "YYYY-**-**": the year only.
std::string MaskBirthDate(std::string_view date);
// The first 4 characters (the province and city of the area code) and the
// check character; every other character a '*'.
std::string MaskIdNumber(std::string_view id);
std::string MaskPhone(std::string_view phone);

}  // namespace fk::ops
