#include "ops/users/password_policy.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

namespace fk::ops {

// data/common-passwords.txt, one password a line (generated at build time,
// src/ops/CMakeLists.txt).
extern const std::string_view kCommonPasswordsText;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    std::string_view text = kCommonPasswordsText;
    while (!text.empty()) {
      const std::size_t end = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, end);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty()) out.insert(Lower(line));
      text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
  }();
  return set;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  return CommonPasswords().contains(Lower(password));
}

Status CheckPasswordChoice(std::string_view field, std::string_view password,
                           std::string_view username) {
  const std::string name(field);
  if (password.size() < kMinPasswordLength)
    return InvalidArgument(name + ": at least 8 characters");
  if (IsCommonPassword(password))
    return InvalidArgument(
        name + ": too common; choose one that is not on the list of the most used passwords");
  if (!username.empty() && Lower(password).find(Lower(username)) != std::string::npos)
    return InvalidArgument(name + ": must not contain the username");
  return Status::Ok();
}

}  // namespace fk::ops
