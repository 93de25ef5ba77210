#include "forecast/nowcast/reporting_delay.hpp"

#include <algorithm>
#include <cmath>

namespace fk::forecast {

double ReportingDelay::ReportedBy(int d) const {
  if (d < 0) return 0;
  return d < static_cast<int>(reported_by.size()) ? reported_by[d] : 1.0;
}

double ReportingDelay::MeanDays() const {
  double mean = 0, before = 0;
  for (size_t d = 0; d < reported_by.size(); ++d) {
    mean += static_cast<double>(d) * (reported_by[d] - before);
    before = reported_by[d];
  }
  return mean;
}

Result<ReportingDelay> EstimateReportingDelay(std::span<const OnsetReport> cases, int cutoff,
                                              int max_delay) {
  if (max_delay < 0) return InvalidArgument("max_delay: must be at least 0");
  int longest = 0, earliest = cutoff;
  double total = 0;
  for (const auto& c : cases) {
    if (c.report < c.onset) return InvalidArgument("a case is reported before its onset");
    if (!(c.count >= 0) || !std::isfinite(c.count))
      return InvalidArgument("a count must be finite and >= 0");
    if (c.report > cutoff || c.count == 0) continue;
    longest = std::max(longest, std::min(c.report - c.onset, max_delay));
    earliest = std::min(earliest, c.onset);
    total += c.count;
  }
  if (total == 0)
    return Error{ErrorCode::kNotFound,
                 "no reported cases with an onset: the reporting delay cannot be estimated"};
  // at_delay[d][i]: cases of delay d with onset cutoff - i (i >= d always).
  const int span = cutoff - earliest + 1;
  std::vector<std::vector<double>> at_delay(longest + 1, std::vector<double>(span, 0.0));
  for (const auto& c : cases) {
    if (c.report > cutoff || c.count == 0) continue;
    at_delay[std::min(c.report - c.onset, max_delay)][cutoff - c.onset] += c.count;
  }
  // For g(d): onsets o <= cutoff - d, i.e. i >= d, and delays 0..d; with
  // at_delay turned into sums over i' >= i, that is Σ_{k <= d} at_delay[k][d].
  for (auto& row : at_delay)
    for (int i = span - 2; i >= 0; --i) row[i] += row[i + 1];
  std::vector<double> hazard(longest + 1, 0.0);
  for (int d = 1; d <= longest; ++d) {
    double up_to_d = 0;
    for (int k = 0; k <= d; ++k) up_to_d += at_delay[k][d];
    hazard[d] = up_to_d > 0 ? at_delay[d][d] / up_to_d : 0.0;
  }
  ReportingDelay out;
  out.cases = total;
  out.reported_by.assign(longest + 1, 1.0);
  for (int d = longest; d >= 1; --d) out.reported_by[d - 1] = out.reported_by[d] * (1 - hazard[d]);
  return out;
}

Nowcast NowcastOnsets(std::span<const double> observed, const ReportingDelay& delay,
                      double min_reported) {
  Nowcast out;
  const int n = static_cast<int>(observed.size());
  out.observed.assign(observed.begin(), observed.end());
  out.reported_by.resize(n);
  out.corrected.resize(n);
  out.usable = n;
  for (int i = 0; i < n; ++i) {
    const double f = delay.ReportedBy(n - 1 - i);
    out.reported_by[i] = f;
    out.corrected[i] = f > 0 ? observed[i] / f : observed[i];
    if (f < min_reported && out.usable == n) out.usable = i;
  }
  return out;
}

}  // namespace fk::forecast
