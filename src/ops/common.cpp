#include "ops/common.hpp"

#include <ctime>

namespace fk::ops {

Clock SystemClock() {
  return [] { return static_cast<int64_t>(std::time(nullptr)); };
}

}  // namespace fk::ops
