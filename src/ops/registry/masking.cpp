#include "ops/registry/masking.hpp"

#include <algorithm>

namespace fk::ops {
namespace {

// `s` with every byte but the first `keep_front` and last `keep_back` starred,
// built in one string (a page masks three fields of 50 residents).
std::string StarMiddle(std::string_view s, size_t keep_front, size_t keep_back) {
  std::string out(s);
  std::fill(out.begin() + keep_front, out.end() - keep_back, '*');
  return out;
}

}  // namespace

std::string MaskName(std::string_view name) {
  if (name.empty()) return "";
  // Length of the first UTF-8 code point from its lead byte.
  const unsigned char lead = static_cast<unsigned char>(name[0]);
  size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (n > name.size()) n = name.size();
  std::string out;
  out.reserve(n + 1);
  out.append(name.substr(0, n)).push_back('*');
  return out;
}

std::string MaskBirthDate(std::string_view date) {
  if (date.size() < 4) return std::string(date.size(), '*');
  std::string out(date.substr(0, 4));
  if (date.size() > 4) out += "-**-**";
  return out;
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 8) return std::string(id.size(), '*');
  return StarMiddle(id, 4, 1);
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return StarMiddle(phone, 3, 4);
}

}  // namespace fk::ops
