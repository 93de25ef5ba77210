#include "ops/client_id.hpp"

#include <algorithm>
#include <cctype>

namespace fk::ops {

bool ValidClientId(std::string_view id) {
  return id.size() >= 8 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

}  // namespace fk::ops
