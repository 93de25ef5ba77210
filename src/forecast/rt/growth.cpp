#include "forecast/rt/growth.hpp"

#include <algorithm>
#include <cmath>

namespace fk::forecast {

double GrowthRate(double r, double mean, double sd) {
  const double shape = mean * mean / (sd * sd), scale = sd * sd / mean;
  return (std::pow(std::max(r, 1e-9), 1.0 / shape) - 1.0) / scale;
}

double ReproductionNumber(double growth, double mean, double sd) {
  const double shape = mean * mean / (sd * sd), scale = sd * sd / mean;
  return std::pow(std::max(1.0 + growth * scale, 1e-9), shape);
}

}  // namespace fk::forecast
