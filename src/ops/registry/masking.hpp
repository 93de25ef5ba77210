// Masking of personal data in lists and exports. Pure; thread-safe.
// name "张三丰" -> "张*" (first character, UTF-8 aware), ID "420102199001011234"
// -> "4201**********1234", phone "13812345678" -> "138****5678".
#pragma once

#include <string>
#include <string_view>

namespace fk::ops {

std::string MaskName(std::string_view name);
std::string MaskIdNumber(std::string_view id);
std::string MaskPhone(std::string_view phone);

}  // namespace fk::ops
