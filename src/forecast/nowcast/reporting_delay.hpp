// The delay from symptom onset to report, measured in the data itself, and
// the nowcast that corrects the last days' onset counts for the cases not
// reported yet. Pure functions; thread-safe.
//
// Right truncation: at the cutoff day T a case with onset o is seen only if
// its delay d is at most T - o, so the delays seen for recent onsets are
// short ones, and the plain histogram of delays is biased short. The
// estimator is the reverse-time hazard of Lagakos, Barraj & De Gruttola
// (Biometrika 1988;75:515) and Kalbfleisch & Lawless (Stat Sinica
// 1991;1:19): g(d) = P(D = d | D <= d) is estimated from the onsets that
// could have shown a delay of d (o <= T - d) as
//   g(d) = #{delay = d, o <= T - d} / #{delay <= d, o <= T - d},
// and F(d) = P(D <= d) = Π_{k > d} (1 - g(k)), F(D_max) = 1. An onset
// count N(o) seen at T is then corrected to N(o) / F(T - o).
//
// Limits (docs/forecast.md): the delay distribution is assumed the same for
// all onset days and regions (one city-wide estimate); delays longer than
// any seen (or than max_delay) are taken as impossible; for the last days
// F is small, so the correction multiplies noise, and days where F falls
// below a floor are left out rather than inflated.
#pragma once

#include <span>
#include <vector>

#include "common/result.hpp"

namespace fk::forecast {

// A number of cases with one onset day and one report day (day numbers on
// any common scale, e.g. days since 1970-01-01).
struct OnsetReport {
  int onset = 0;
  int report = 0;
  double count = 1;
};

struct ReportingDelay {
  // reported_by[d] = F(d) = P(delay <= d), non-decreasing, last = 1.
  std::vector<double> reported_by;
  double cases = 0;  // cases the estimate rests on (reported by the cutoff)
  // F(d), 1 beyond the last day.
  double ReportedBy(int d) const;
  double MeanDays() const;
};

// From the cases reported on or before `cutoff` (later reports are not yet
// known and are ignored), delays above `max_delay` counted as max_delay.
// kInvalidArgument for a report before its onset or a negative count;
// kNotFound "no reported cases: ..." when none is left.
Result<ReportingDelay> EstimateReportingDelay(std::span<const OnsetReport> cases, int cutoff,
                                              int max_delay = 60);

struct Nowcast {
  std::vector<double> observed;     // cases by onset day as seen at the cutoff
  std::vector<double> reported_by;  // F(cutoff - onset day)
  std::vector<double> corrected;    // observed / reported_by
  // Days [0, usable) have reported_by >= the floor; the later ones are left
  // out of estimates (their correction would be mostly guesswork).
  int usable = 0;
};

// Corrects `observed`, the counts by onset of days cutoff - n + 1 .. cutoff
// (the last entry is the cutoff day). `min_reported` in (0, 1]: the floor.
Nowcast NowcastOnsets(std::span<const double> observed, const ReportingDelay& delay,
                      double min_reported = 0.5);

}  // namespace fk::forecast
