#include "common/distributions.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>

namespace fk {

int64_t PoissonFromUniform(double lambda, double u) {
  if (lambda <= 0) return 0;
  if (lambda > 500) {
    double z = std::sqrt(2.0) * boost::math::erf_inv(2.0 * u - 1.0);
    return std::max<int64_t>(0, std::llround(lambda + std::sqrt(lambda) * z));
  }
  double p = std::exp(-lambda), cdf = p;
  int64_t k = 0;
  while (u > cdf && p > 0) {
    ++k;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

}  // namespace fk
