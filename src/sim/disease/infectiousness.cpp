#include "sim/disease/infectiousness.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>

namespace fk::sim {
namespace {

constexpr int kQuantiles = 4096;
constexpr double kTailCut = 1e-6;  // profile days beyond this tail mass are dropped

}  // namespace

InfectiousnessProfile::InfectiousnessProfile(const Parameters& p)
    : presymptomatic_share_(p.presymptomatic_share) {
  // Gamma with mean m and SD s: shape = (m/s)^2, scale = s^2/m.
  double shape = (p.generation_interval_mean / p.generation_interval_sd) *
                 (p.generation_interval_mean / p.generation_interval_sd);
  double scale = p.generation_interval_sd * p.generation_interval_sd / p.generation_interval_mean;
  auto cdf = [&](double x) { return x <= 0 ? 0.0 : boost::math::gamma_p(shape, x / scale); };
  for (int t = 0;; ++t) {
    kernel_.push_back(cdf(t + 0.5) - cdf(t - 0.5));
    if (1.0 - cdf(t + 0.5) < kTailCut) break;
  }
  cumulative_.assign(kernel_.size() + 1, 0.0);
  for (size_t t = 0; t < kernel_.size(); ++t) cumulative_[t + 1] = cumulative_[t] + kernel_[t];

  double k = p.infectiousness_dispersion;
  if (k > 0) {
    multiplier_quantiles_.resize(kQuantiles + 1);
    for (int i = 0; i <= kQuantiles; ++i) {
      // Quantiles at the midpoints of kQuantiles equal-probability cells, with
      // the end points clamped inside (0, 1).
      double q = std::clamp((i + 0.0) / kQuantiles, 0.5 / kQuantiles, 1 - 0.5 / kQuantiles);
      multiplier_quantiles_[i] = boost::math::gamma_p_inv(k, q) / k;
    }
    // Renormalise so that the table's mean is exactly 1.
    double sum = 0;
    for (int i = 0; i < kQuantiles; ++i)
      sum += 0.5 * (multiplier_quantiles_[i] + multiplier_quantiles_[i + 1]);
    for (double& v : multiplier_quantiles_) v *= kQuantiles / sum;
  }
}

double InfectiousnessProfile::Weight(int t, int start, int onset) const {
  if (t < start) return 0;
  const double w = Kernel(t);
  if (w <= 0) return 0;
  const double total = cumulative_.back();
  if (onset == kNoOnset) {
    double rest = total - Cumulative(start);
    return rest > 0 ? w / rest : 0;
  }
  if (t < onset) {
    double before = Cumulative(onset) - Cumulative(start);
    return before > 0 ? presymptomatic_share_ * w / before : 0;
  }
  double after = total - Cumulative(onset);
  return after > 0 ? (1 - presymptomatic_share_) * w / after : 0;
}

double InfectiousnessProfile::Multiplier(double u) const {
  if (multiplier_quantiles_.empty()) return 1.0;
  double x = u * kQuantiles;
  int i = std::min(static_cast<int>(x), kQuantiles - 1);
  double f = x - i;
  return multiplier_quantiles_[i] * (1 - f) + multiplier_quantiles_[i + 1] * f;
}

}  // namespace fk::sim
