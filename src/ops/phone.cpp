#include "ops/phone.hpp"

namespace fk::ops {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

std::optional<std::string> CanonicalPhone(std::string_view phone) {
  std::string digits(phone);
  // One separator after a fixed line's area code (3 or 4 characters with the 0).
  if (const size_t sep = digits.find_first_of("- "); sep != std::string::npos) {
    if (digits[0] != '0' || (sep != 3 && sep != 4)) return std::nullopt;
    digits.erase(sep, 1);
  }
  if (!AllDigits(digits)) return std::nullopt;
  if (digits[0] == '1') {
    if (digits.size() == 11 && digits[1] >= '3') return digits;
    return std::nullopt;
  }
  if (digits[0] == '0' && digits.size() >= 10 && digits.size() <= 12) return digits;
  return std::nullopt;
}

}  // namespace fk::ops
