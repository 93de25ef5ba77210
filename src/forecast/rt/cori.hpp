// The time-varying reproduction number R_t from daily incidence by the
// renewal-equation method of Cori A, Ferguson NM, Fraser C, Cauchemez S,
// Am J Epidemiol 2013;178:1505 ("A new framework and software to estimate
// time-varying reproduction numbers during epidemics"), with the
// local/imported split of Thompson RN et al., Epidemics 2019;29:100356.
// Pure functions over vectors; thread-safe.
//
// Model: local incidence I_t ~ Poisson(R_t Λ_t), Λ_t = Σ_{s≥1} w_s
// (I_{t-s} + J_{t-s}) with w the serial interval (serial_interval.hpp) and J
// imported cases. R is taken constant over the window [t-τ+1, t]; with a
// Gamma prior (shape a, scale b) the posterior is Gamma with shape
// a + Σ I and rate 1/b + Σ Λ over the window (Cori et al., eq. 1 and Web
// Appendix 1). Counts may be fractional (nowcast-corrected).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace fk::forecast {

struct CoriOptions {
  int window = 7;                 // τ, days (Cori et al. use weekly windows)
  double prior_mean = 5;          // Gamma prior mean and SD: Cori et al.'s defaults
  double prior_sd = 5;            //   (Web Appendix; EpiEstim's mean_prior, std_prior)
  double lower_quantile = 0.025;  // credible interval (95 %)
  double upper_quantile = 0.975;
  // Thin data: fewer cases than this in the window, or a posterior CV at
  // least max_cv. Cori et al. (Web Appendix 4) advise windows with at least
  // 12 cases, which gives a posterior CV below 0.3.
  double min_cases = 12;
  double max_cv = 0.3;
  // Estimate only windows ending on this day (0-based) or later; the first
  // possible window ends on day `window` (windows start on day 1 or later).
  int first_end = 0;
};

struct RtEstimate {
  int day = 0;  // the window's last day (0-based index into the series)
  double mean = 0, median = 0, lower = 0, upper = 0;
  double cv = 0;              // posterior coefficient of variation, 1/sqrt(shape)
  double cases = 0;           // Σ I over the window (local cases)
  double infectiousness = 0;  // Σ Λ over the window
  bool thin = false;          // see CoriOptions::min_cases, max_cv
};

// kInvalidArgument naming the option unless window >= 1, the prior's mean and
// SD are > 0, 0 < lower < upper < 1, and `serial` has w[0] = 0 and sums to 1.
Status ValidateCoriOptions(const CoriOptions& options, std::span<const double> serial);

// One estimate for each window ending on day t, max(first_end, window) <= t
// < incidence.size(), whose Σ Λ is positive (no infectious cases before the
// window: no estimate). `imported` is empty or as long as `incidence`;
// counts must be finite and >= 0. Errors: kInvalidArgument for bad options
// or counts; kNotFound "no cases: ..." when incidence and imported sum to 0,
// and "too few days: ..." when no window has a case before it.
Result<std::vector<RtEstimate>> EstimateRt(std::span<const double> incidence,
                                           std::span<const double> imported,
                                           std::span<const double> serial,
                                           const CoriOptions& options = {});

// The sentence, Chinese then English, that says why an estimate is thin, or
// "" when it is not: "数据不足（窗口内 3 例，少于 12 例）：区间很宽 / thin
// data: 3 cases in the window (fewer than 12), wide interval".
std::string ThinDataNote(const RtEstimate& estimate, const CoriOptions& options);

}  // namespace fk::forecast
