#include "common/dates.hpp"

#include <cstdio>

namespace fk {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int DaysFromCivil(const Date& d) {
  int y = d.year - (d.month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

static Date CivilFromDays(int z) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (month <= 2), month, day};
}

Result<Date> ParseDate(const std::string& text) {
  Date d;
  char tail = 0;
  if (text.size() != 10 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3) {
    return InvalidArgument("'" + text + "' is not a date of the form YYYY-MM-DD");
  }
  Date back = CivilFromDays(DaysFromCivil(d));
  if (d.month < 1 || d.month > 12 || back.day != d.day || back.month != d.month) {
    return InvalidArgument("'" + text + "' is not a valid calendar date");
  }
  return d;
}

std::string AddDays(const Date& date, int days) {
  Date d = CivilFromDays(DaysFromCivil(date) + days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace fk
