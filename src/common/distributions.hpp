// Samples of standard distributions from given uniforms (so callers choose
// the Philox draws, keeping results deterministic). Pure functions.
#pragma once

#include <cstdint>

namespace fk {

// Poisson(lambda) from one uniform u in (0,1): exact inversion for
// lambda <= 500, the normal approximation with continuity correction above.
int64_t PoissonFromUniform(double lambda, double u);

}  // namespace fk
