#include "forecast/rt/cori.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

namespace fk::forecast {
namespace {

Status CheckCounts(std::span<const double> counts, const char* name) {
  for (size_t i = 0; i < counts.size(); ++i)
    if (!std::isfinite(counts[i]) || counts[i] < 0)
      return InvalidArgument(fmt::format("{}[{}]: must be a finite count >= 0", name, i));
  return {};
}

}  // namespace

Status ValidateCoriOptions(const CoriOptions& o, std::span<const double> serial) {
  if (o.window < 1) return InvalidArgument("window: must be at least 1 day");
  if (!(o.prior_mean > 0) || !(o.prior_sd > 0))
    return InvalidArgument("prior: mean and sd must be above 0");
  if (!(o.lower_quantile > 0 && o.lower_quantile < o.upper_quantile && o.upper_quantile < 1))
    return InvalidArgument("quantiles: need 0 < lower < upper < 1");
  if (serial.size() < 2 || serial[0] != 0)
    return InvalidArgument("serial interval: needs w[0] = 0 and at least one later day");
  const double total = std::accumulate(serial.begin(), serial.end(), 0.0);
  if (std::abs(total - 1) > 1e-6) return InvalidArgument("serial interval: must sum to 1");
  return {};
}

Result<std::vector<RtEstimate>> EstimateRt(std::span<const double> incidence,
                                           std::span<const double> imported,
                                           std::span<const double> serial, const CoriOptions& o) {
  if (Status s = ValidateCoriOptions(o, serial); !s) return s.error();
  if (!imported.empty() && imported.size() != incidence.size())
    return InvalidArgument("imported: must be empty or as long as incidence");
  if (Status s = CheckCounts(incidence, "incidence"); !s) return s.error();
  if (Status s = CheckCounts(imported, "imported"); !s) return s.error();
  const int n = static_cast<int>(incidence.size());
  const double all = std::accumulate(incidence.begin(), incidence.end(), 0.0) +
                     std::accumulate(imported.begin(), imported.end(), 0.0);
  if (all == 0) return Error{ErrorCode::kNotFound, "no cases: Rt cannot be estimated"};

  // Λ_t for the days a window can reach.
  const int first = std::max(o.first_end, o.window);
  const int from = first - o.window + 1;
  std::vector<double> lambda(n > from ? n - from : 0, 0.0);
  const int k_max = static_cast<int>(serial.size()) - 1;
  for (int t = from; t < n; ++t) {
    double sum = 0;
    for (int s = 1; s <= std::min(k_max, t); ++s) {
      const double c = incidence[t - s] + (imported.empty() ? 0.0 : imported[t - s]);
      sum += serial[s] * c;
    }
    lambda[t - from] = sum;
  }
  const double shape0 = (o.prior_mean / o.prior_sd) * (o.prior_mean / o.prior_sd);
  const double scale0 = o.prior_sd * o.prior_sd / o.prior_mean;
  std::vector<RtEstimate> out;
  for (int t = first; t < n; ++t) {
    double cases = 0, infectiousness = 0;  // Σ I and Σ Λ over the window
    for (int d = t - o.window + 1; d <= t; ++d) {
      cases += incidence[d];
      infectiousness += lambda[d - from];
    }
    if (infectiousness <= 0) continue;
    RtEstimate e;
    e.day = t;
    e.cases = cases;
    e.infectiousness = infectiousness;
    const double shape = shape0 + cases;
    const double scale = 1.0 / (1.0 / scale0 + infectiousness);
    boost::math::gamma_distribution<double> posterior(shape, scale);
    e.mean = shape * scale;
    e.median = boost::math::median(posterior);
    e.lower = boost::math::quantile(posterior, o.lower_quantile);
    e.upper = boost::math::quantile(posterior, o.upper_quantile);
    e.cv = 1.0 / std::sqrt(shape);
    e.thin = cases < o.min_cases || e.cv >= o.max_cv;
    out.push_back(e);
  }
  if (out.empty())
    return Error{ErrorCode::kNotFound,
                 fmt::format("too few days: no {}-day window has a case before it", o.window)};
  return out;
}

std::string ThinDataNote(const RtEstimate& e, const CoriOptions& o) {
  if (!e.thin) return "";
  if (e.cases < o.min_cases)
    return fmt::format(
        "数据不足（窗口内 {:.3g} 例，少于 {:g} 例）：区间很宽 / thin data: {:.3g} cases in the "
        "window "
        "(fewer than {:g}), wide interval",
        e.cases, o.min_cases, e.cases, o.min_cases);
  return fmt::format(
      "数据不足（后验变异系数 {:.2f}，不低于 {:g}）：区间很宽 / thin data: posterior CV {:.2f} "
      "(at least {:g}), wide interval",
      e.cv, o.max_cv, e.cv, o.max_cv);
}

}  // namespace fk::forecast
