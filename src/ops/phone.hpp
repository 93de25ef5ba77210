// The phone rule of residents and grid staff (mainland China numbers), in one
// place. A number is either
// - a mobile number: 11 digits, 1 then 3-9 (the 13x-19x ranges), or
// - a fixed line with its area code: 0, a 2- or 3-digit area code and a 7- or
//   8-digit local number (10 to 12 digits, e.g. 027-87654321), which many
//   elderly residents living alone have instead of a mobile.
// One hyphen or space may follow the area code; the stored form is digits
// only, so that a search finds the number however it was written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fk::ops {

// The digits-only form of a valid number; nullopt for anything else.
std::optional<std::string> CanonicalPhone(std::string_view phone);

// The message for a number CanonicalPhone refuses, after "phone: ".
inline constexpr std::string_view kPhoneRule =
    "must be a mobile number (11 digits, 13x-19x) or a fixed line with its area code "
    "(0 + 9 to 11 digits, e.g. 027-87654321)";

}  // namespace fk::ops
