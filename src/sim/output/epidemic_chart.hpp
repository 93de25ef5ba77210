// The epidemic curve chart (epidemic_curve.svg) of one run or of an
// ensemble in three panels: daily new infections and infectious prevalence;
// hospital and ICU beds needed; daily deaths. Peaks are marked. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/dates.hpp"
#include "sim/engine/run_result.hpp"

namespace fk::sim {

// One charted quantity per day: a run's values, or an ensemble's median
// with its 5 % and 95 % quantiles (p05 and p95 empty for a single run).
struct CurveSeries {
  std::vector<double> median, p05, p95;
};

struct EpidemicCurves {
  std::vector<std::string> dates;  // YYYY-MM-DD, one a day
  CurveSeries new_infections, infectious, beds_needed, critical, new_deaths;
};

// The curves of one run, day i dated start + i.
EpidemicCurves CurvesOfRun(const RunResult& run, const Date& start);

// The chart as SVG text; `subtitle` says what was simulated.
std::string EpidemicCurveSvg(const EpidemicCurves& curves, const std::string& subtitle);

}  // namespace fk::sim
