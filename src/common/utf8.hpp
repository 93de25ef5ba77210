// UTF-8 validation for every entrance of text (CSV imports, HTTP paths and
// queries): stored text must read back as UTF-8, or every view above it
// fails. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace fk {

// True when `text` is well-formed UTF-8 (RFC 3629, Unicode Table 3-7): no
// stray continuation bytes, no truncated sequences, no overlong forms, no
// surrogates (U+D800..U+DFFF) and nothing above U+10FFFF. The empty string
// and NUL bytes are valid.
bool IsValidUtf8(std::string_view text);

// The offset of the first byte that is not part of a well-formed sequence,
// or text.size() when the whole text is valid.
std::size_t FirstInvalidUtf8(std::string_view text);

}  // namespace fk
