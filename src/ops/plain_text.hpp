// The rule of free text that residents and staff type and others read
// (notices, declarations): valid UTF-8, counted in characters (code points),
// without control characters that could change how it is shown (C0 except
// line breaks and tabs where allowed, DEL, C1, bidirectional overrides and
// isolates). Markup is not refused: it is text, and the pages show it as
// text. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace fk::ops {

// Code points of valid UTF-8 text.
std::size_t CharCount(std::string_view text);

// Ok, or kInvalidArgument "<field>: ..." ("not valid UTF-8", "must not be
// empty" unless `optional`, "at most N characters", "control characters are
// not allowed"). `multiline` allows line breaks and tabs.
Status CheckPlainText(std::string_view field, std::string_view text, std::size_t max_chars,
                      bool multiline, bool optional = false);

}  // namespace fk::ops
