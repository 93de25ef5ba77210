#include "forecast/rt/serial_interval.hpp"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <string>

namespace fk::forecast {

Result<std::vector<double>> DiscretiseSerialInterval(double mean, double sd) {
  if (!(mean > 1 && mean <= 60))
    return InvalidArgument("serial interval mean: must be above 1 and at most 60 days");
  if (!(sd > 0 && sd <= 60))
    return InvalidArgument("serial interval sd: must be above 0 and at most 60 days");
  // Cori et al. 2013, Web Appendix 11: with a, b the shape and scale of the
  // gamma for (interval - 1) and F_a its CDF,
  // w_k = k F_a(k) + (k-2) F_a(k-2) - 2 (k-1) F_a(k-1)
  //       + a b (2 F_{a+1}(k-1) - F_{a+1}(k-2) - F_{a+1}(k)),
  // the integral of the triangle 1 - |x - k| against the shifted density.
  const double a = (mean - 1) * (mean - 1) / (sd * sd), b = sd * sd / (mean - 1);
  auto f = [b](double shape, double x) {
    return x <= 0 ? 0.0 : boost::math::gamma_p(shape, x / b);
  };
  std::vector<double> w{0.0};
  double total = 0;
  for (int k = 1; k <= 1000; ++k) {
    const double wk = k * f(a, k) + (k - 2) * f(a, k - 2) - 2.0 * (k - 1) * f(a, k - 1) +
                      a * b * (2 * f(a + 1, k - 1) - f(a + 1, k - 2) - f(a + 1, k));
    w.push_back(std::max(wk, 0.0));
    total += w.back();
    if (k > mean && 1.0 - total < 1e-6) break;
  }
  for (double& x : w) x /= total;
  return w;
}

}  // namespace fk::forecast
