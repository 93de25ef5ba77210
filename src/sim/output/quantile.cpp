#include "sim/output/quantile.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace fk::sim {

double Quantile(std::vector<double> values, double p) {
  assert(!values.empty() && p >= 0 && p <= 1);
  std::sort(values.begin(), values.end());
  double h = static_cast<double>(values.size() - 1) * p;
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

Band BandOf(const std::vector<double>& values) {
  return {Quantile(values, 0.5), Quantile(values, 0.05), Quantile(values, 0.95)};
}

}  // namespace fk::sim
