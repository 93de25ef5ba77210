#include "common/version.hpp"

#include <string>

namespace fk {

std::string_view CodeVersion() {
  static const std::string version =
      std::string(FANGKONG_VERSION) + (std::string_view(FANGKONG_COMMIT).empty()
                                           ? std::string()
                                           : std::string("+g") + FANGKONG_COMMIT);
  return version;
}

}  // namespace fk
