// The noise of reporting around what the ensemble projects: each member
// gives the expected number of newly confirmed cases a day; the cases
// actually reported scatter around it (which onsets are confirmed, and
// when), negative binomial with mean mu and variance mu + mu^2 / k
// (Poisson when 1/k = 0). The overdispersion is measured from the data:
// the method-of-moments estimate of 1/k from the daily reports' scatter
// around their centred 7-day mean. A forecast's band for a count is the
// 5 %, 50 % and 95 % quantiles of the mixture over members of these
// distributions (docs/forecast.md, "Reporting noise"). Pure; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "forecast/nowcast/reporting_delay.hpp"
#include "sim/output/quantile.hpp"

namespace fk::forecast {

// 1/k of the reports of the `days` days up to `cutoff` (by report day; the
// first and last 3 days of the span only as neighbours of the mean):
// max(0, (Σ (y - m)² - Σ m) / Σ m²), m the centred 7-day mean; 0 when the
// reports scatter no more than Poisson counts or there are too few.
double ReportingDispersion(std::span<const OnsetReport> cases, int cutoff, int days = 28);

// The quantiles of a count whose distribution is, with equal weight, the
// negative binomial of mean means[i] and dispersion `inverse_k` (Poisson
// when 0). Whole numbers. Precondition: `means` not empty, all >= 0.
sim::Band CountBand(std::span<const double> means, double inverse_k);

// The same for sums of `means[i]` series' independent counts, each sum's
// distribution matched by its mean and variance: a member whose days have
// means m_t counts Σ m_t with 1/k' = (1/k) Σ m_t² / (Σ m_t)².
sim::Band SumBand(const std::vector<std::vector<double>>& means, double inverse_k);

}  // namespace fk::forecast
