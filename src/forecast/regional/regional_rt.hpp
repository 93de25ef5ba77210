// Rt now for a region and every region below it down to the streets: the
// reporting delay measured once on the city's cases (CaseOnsets::city_cases;
// the top region's when that is empty), each region's
// onset series nowcast for that delay, and Cori et al.'s estimate for the
// last window that the nowcast trusts (docs/forecast.md). Pure functions
// over CaseOnsets (case_onsets.hpp), so benchmarks and tests can feed
// synthetic cities; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "forecast/nowcast/reporting_delay.hpp"
#include "forecast/regional/case_onsets.hpp"
#include "forecast/rt/cori.hpp"
#include "forecast/rt/serial_interval.hpp"

namespace fk::forecast {

struct RegionalRtOptions {
  CoriOptions cori;
  double serial_mean = kSerialIntervalMean;  // days (serial_interval.hpp)
  double serial_sd = kSerialIntervalSd;
  // Onset days whose probability of being reported by the cutoff is below
  // this are left out rather than inflated (reporting_delay.hpp).
  double min_reported = 0.5;
  int max_delay = 60;  // days; longer delays count as this
};

struct RegionRt {
  std::string code, name;
  ops::RegionLevel level = ops::RegionLevel::kCity;
  double cases = 0;                    // confirmed cases with an onset, all days
  std::optional<RtEstimate> estimate;  // the last window's; none: see note
  std::string last_day;                // YYYY-MM-DD, the window's last day
  std::string note;                    // Chinese / English: thin data, or why none
};

struct RegionalRt {
  std::string cutoff;  // YYYY-MM-DD the data stand at
  ReportingDelay delay;
  int left_out_days = 0;          // last onset days left out as too incomplete
  std::vector<RegionRt> regions;  // in the order of CaseOnsets::regions
};

// kNotFound "无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset
// date: no forecast" when the top region (the first) has no case;
// kInvalidArgument for bad options. A region below with no case, or too few
// days, gets no estimate and a note saying so.
Result<RegionalRt> EstimateRegionalRt(const CaseOnsets& data,
                                      const RegionalRtOptions& options = {});

}  // namespace fk::forecast
