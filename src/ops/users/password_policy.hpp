// What a password chosen by its user must not be: shorter than 8 characters,
// one of the most used passwords (data/common-passwords.txt, compiled in;
// compared without regard to case), or a password that contains the
// username (without regard to case). Pure functions over constant data;
// thread-safe.
#pragma once

#include <string_view>

#include "common/result.hpp"

namespace fk::ops {

inline constexpr std::size_t kMinPasswordLength = 8;

// True when `password`, in lower case, is on the list of common passwords.
bool IsCommonPassword(std::string_view password);

// Ok, or kInvalidArgument naming `field`, word for word:
//   "<field>: at least 8 characters"
//   "<field>: too common; choose one that is not on the list of the most used passwords"
//   "<field>: must not contain the username"
Status CheckPasswordChoice(std::string_view field, std::string_view password,
                           std::string_view username);

}  // namespace fk::ops
