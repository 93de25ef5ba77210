#include "forecast/live/reporting_noise.hpp"

#include <algorithm>
#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>

namespace fk::forecast {
namespace {

// P(Y <= y) for mean `mu` and dispersion `inverse_k`.
double Cdf(double mu, double inverse_k, double y) {
  if (mu <= 1e-12) return 1.0;
  if (inverse_k <= 0) return boost::math::cdf(boost::math::poisson_distribution<double>(mu), y);
  const double k = 1.0 / inverse_k;
  return boost::math::cdf(boost::math::negative_binomial_distribution<double>(k, k / (k + mu)), y);
}

// The smallest whole y with the mixture's P(Y <= y) >= p.
double MixtureQuantile(std::span<const double> means, std::span<const double> inverse_k, double p) {
  auto mixture = [&](double y) {
    double sum = 0;
    for (size_t i = 0; i < means.size(); ++i) sum += Cdf(means[i], inverse_k[i], y);
    return sum / static_cast<double>(means.size());
  };
  double hi = 1;
  while (mixture(hi) < p) hi *= 2;
  double lo = -1;  // mixture(lo) < p
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (mixture(mid) >= p ? hi : lo) = mid;
  }
  return hi;
}

sim::Band Quantiles(std::span<const double> means, std::span<const double> inverse_k) {
  return {MixtureQuantile(means, inverse_k, 0.5), MixtureQuantile(means, inverse_k, 0.05),
          MixtureQuantile(means, inverse_k, 0.95)};
}

}  // namespace

double ReportingDispersion(std::span<const OnsetReport> cases, int cutoff, int days) {
  const int first = cutoff - days + 1;
  std::vector<double> y(days, 0);
  for (const OnsetReport& c : cases)
    if (c.report >= first && c.report <= cutoff) y[c.report - first] += c.count;
  double squares = 0, mean_sum = 0, mean_squares = 0;
  for (int d = 3; d + 3 < days; ++d) {
    double m = 0;
    for (int j = d - 3; j <= d + 3; ++j) m += y[j];
    m /= 7;
    squares += (y[d] - m) * (y[d] - m);
    mean_sum += m;
    mean_squares += m * m;
  }
  if (mean_squares <= 0) return 0;
  return std::max(0.0, (squares - mean_sum) / mean_squares);
}

sim::Band CountBand(std::span<const double> means, double inverse_k) {
  const std::vector<double> k(means.size(), inverse_k);
  return Quantiles(means, k);
}

sim::Band SumBand(const std::vector<std::vector<double>>& means, double inverse_k) {
  std::vector<double> sums, k;
  for (const std::vector<double>& m : means) {
    double sum = 0, squares = 0;
    for (double v : m) sum += v, squares += v * v;
    sums.push_back(sum);
    k.push_back(sum > 0 ? inverse_k * squares / (sum * sum) : 0);
  }
  return Quantiles(sums, k);
}

}  // namespace fk::forecast
