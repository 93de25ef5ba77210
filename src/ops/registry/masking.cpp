#include "ops/registry/masking.hpp"

namespace fk::ops {

std::string MaskName(std::string_view name) {
  if (name.empty()) return "";
  // Length of the first UTF-8 code point from its lead byte.
  const unsigned char lead = static_cast<unsigned char>(name[0]);
  size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (n > name.size()) n = name.size();
  return std::string(name.substr(0, n)) + "*";
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

}  // namespace fk::ops
