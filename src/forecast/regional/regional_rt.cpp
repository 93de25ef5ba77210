#include "forecast/regional/regional_rt.hpp"

#include <algorithm>

#include "common/dates.hpp"

namespace fk::forecast {
namespace {

std::string DateOfDay(int day) { return AddDays(Date{1970, 1, 1}, day); }

}  // namespace

Result<RegionalRt> EstimateRegionalRt(const CaseOnsets& data, const RegionalRtOptions& o) {
  auto serial = DiscretiseSerialInterval(o.serial_mean, o.serial_sd);
  if (!serial) return serial.error();
  if (Status s = ValidateCoriOptions(o.cori, *serial); !s) return s.error();
  if (!(o.min_reported > 0 && o.min_reported <= 1))
    return InvalidArgument("min_reported: must be above 0 and at most 1");
  const Error no_cases{ErrorCode::kNotFound,
                       "无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset date: "
                       "no forecast"};
  if (data.regions.empty() || !data.cutoff || data.regions.front().cases.empty()) return no_cases;
  const int cutoff = *data.cutoff;
  const auto& delay_cases = data.city_cases.empty() ? data.regions.front().cases : data.city_cases;
  auto delay = EstimateReportingDelay(delay_cases, cutoff, o.max_delay);
  if (!delay) return delay.error().code == ErrorCode::kNotFound ? no_cases : delay.error();

  RegionalRt out;
  out.cutoff = DateOfDay(cutoff);
  out.delay = *delay;
  // Onset days cutoff - left_out + 1 .. cutoff fall below the floor; the
  // same for every region, as the delay is.
  while (out.left_out_days <= o.max_delay && delay->ReportedBy(out.left_out_days) < o.min_reported)
    ++out.left_out_days;
  // Every region's series starts on the city's first onset day, so that a
  // region whose first case is recent still has its window.
  int first = cutoff;
  for (const auto& c : delay_cases)
    if (c.report <= cutoff) first = std::min(first, c.onset);
  std::vector<double> observed;
  for (const auto& region : data.regions) {
    RegionRt r{region.code, region.name, region.level, 0, {}, "", ""};
    for (const auto& c : region.cases)
      if (c.report <= cutoff) r.cases += c.count;
    if (r.cases == 0) {
      r.note = "无病例，不作估计 / no cases: no estimate";
      out.regions.push_back(std::move(r));
      continue;
    }
    observed.assign(cutoff - first + 1, 0.0);
    for (const auto& c : region.cases)
      if (c.report <= cutoff) observed[c.onset - first] += c.count;
    const Nowcast now = NowcastOnsets(observed, *delay, o.min_reported);
    CoriOptions cori = o.cori;
    cori.first_end = now.usable - 1;
    auto est =
        EstimateRt(std::span<const double>(now.corrected).first(now.usable), {}, *serial, cori);
    if (!est || est->empty()) {
      r.note = "天数不足，不作估计 / too few days with cases before the last window: no estimate";
    } else {
      r.estimate = est->back();
      r.last_day = DateOfDay(first + r.estimate->day);
      r.note = ThinDataNote(*r.estimate, cori);
    }
    out.regions.push_back(std::move(r));
  }
  return out;
}

}  // namespace fk::forecast
