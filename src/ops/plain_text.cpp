#include "ops/plain_text.hpp"

#include "common/utf8.hpp"

namespace fk::ops {
namespace {

// Whether text[i..] starts a bidirectional embedding, override or isolate
// (U+202A..U+202E, U+2066..U+2069), which can make shown text read other
// than it is stored.
bool BidiControl(std::string_view text, std::size_t i) {
  if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xE2) return false;
  const unsigned char b = text[i + 1], c = text[i + 2];
  return (b == 0x80 && c >= 0xAA && c <= 0xAE) || (b == 0x81 && c >= 0xA6 && c <= 0xA9);
}

// Whether text[i..] is a C1 control (U+0080..U+009F: C2 80..C2 9F).
bool C1Control(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

std::size_t CharCount(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

Status CheckPlainText(std::string_view field, std::string_view text, std::size_t max_chars,
                      bool multiline, bool optional) {
  const std::string name(field);
  if (!IsValidUtf8(text)) return InvalidArgument(name + ": not valid UTF-8");
  if (!optional && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument(name + ": must not be empty");
  if (CharCount(text) > max_chars)
    return InvalidArgument(name + ": at most " + std::to_string(max_chars) + " characters");
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    const bool allowed = multiline && (c == '\n' || c == '\t' || c == '\r');
    if (((c < 0x20 || c == 0x7F) && !allowed) || C1Control(text, i) || BidiControl(text, i))
      return InvalidArgument(name + ": control characters are not allowed");
  }
  return Status::Ok();
}

}  // namespace fk::ops
