#include "common/version.hpp"

#include <string>

#include "fangkong_commit.hpp"  // generated at build time: cmake/write_commit.cmake

namespace fk {

std::string_view CodeVersion() {
  static const std::string version =
      std::string(FANGKONG_VERSION) + (std::string_view(FANGKONG_COMMIT).empty()
                                           ? std::string()
                                           : std::string("+g") + FANGKONG_COMMIT);
  return version;
}

}  // namespace fk
