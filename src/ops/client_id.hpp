// The id a device makes for something it sends (a visit, a quarantine
// check, a checkpoint passage), so that a send repeated after a lost answer
// is recorded once: services keep it unique per (user, id) and answer a
// repeat as the first. Pure function; thread-safe.
#pragma once

#include <string_view>

namespace fk::ops {

// 8..64 letters, digits, '-' or '_' (a UUID's 36 characters fit).
bool ValidClientId(std::string_view id);

// The message of kInvalidArgument for an id that is not valid.
inline constexpr const char* kClientIdRule =
    "client_id: must be 8 to 64 letters, digits, '-' or '_' (a UUID, for example)";

}  // namespace fk::ops
