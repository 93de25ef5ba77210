// Calendar dates as YYYY-MM-DD strings and day offsets (proleptic
// Gregorian). Pure functions; thread-safe.
#pragma once

#include <string>

#include "common/result.hpp"

namespace fk {

struct Date {
  int year = 2020, month = 1, day = 1;
};

// Parses "YYYY-MM-DD"; refuses anything else with a message.
Result<Date> ParseDate(const std::string& text);

// The date `days` after `date`, as YYYY-MM-DD.
std::string AddDays(const Date& date, int days);

// Days since 1970-01-01.
int DaysFromCivil(const Date& date);

}  // namespace fk
