// Sample quantiles for ensemble bands. Pure; thread-safe.
#pragma once

#include <vector>

namespace fk::sim {

// The p-quantile (0 <= p <= 1) of `values` by linear interpolation between
// order statistics (Hyndman & Fan 1996 type 7, the default of R and NumPy):
// with the values sorted x[0] <= ... <= x[n-1] and h = (n - 1) p,
// Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
// For 1, 2, 3, 4, 5: Q(0.5) = 3, Q(0.05) = 1.2, Q(0.95) = 4.8.
// Precondition: `values` is not empty.
double Quantile(std::vector<double> values, double p);

// Median, 5 % and 95 % quantiles of one quantity across runs.
struct Band {
  double median = 0, p05 = 0, p95 = 0;
};
Band BandOf(const std::vector<double>& values);

}  // namespace fk::sim
