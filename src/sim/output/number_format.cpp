#include "sim/output/number_format.hpp"

#include <cmath>

#include <fmt/format.h>

namespace fk::sim {

std::string FormatDecimal(double value) {
  std::string text = fmt::format("{:.2f}", value);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text.erase(0, 1);  // (not `= "0"`: GCC 12 warns falsely under ASan)
  return text;
}

std::string FormatThousands(int64_t value) {
  std::string digits = std::to_string(value);
  size_t first = digits[0] == '-' ? 1 : 0;
  std::string grouped = digits.substr(0, first);
  for (size_t i = first; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string FormatCompact(double value) {
  double magnitude = std::fabs(value);
  if (magnitude >= 1e9) return FormatDecimal(value / 1e9) + "G";
  if (magnitude >= 1e6) return FormatDecimal(value / 1e6) + "M";
  if (magnitude >= 1e4) return FormatDecimal(value / 1e3) + "k";
  return FormatDecimal(value);
}

}  // namespace fk::sim
