#include "sim/output/epidemic_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/output/daily_table.hpp"
#include "sim/output/number_format.hpp"
#include "sim/output/svg_chart.hpp"

namespace fk::sim {

namespace {

// Adds `curve` to `panel`: bars (single run, if `bars`) or a line, with the
// shaded 5-95 % band first when the curve has one.
void AddCurve(ChartPanel* panel, const CurveSeries& curve, const std::string& id,
              const std::string& label, const std::string& color, bool bars) {
  bool ensemble = !curve.p05.empty();
  if (ensemble) {
    panel->series.push_back(
        {ChartSeries::Kind::kBand, id + "_p05_p95", "", color, curve.p05, curve.p95});
  }
  ChartSeries::Kind kind = bars && !ensemble ? ChartSeries::Kind::kBars : ChartSeries::Kind::kLine;
  panel->series.push_back({kind, id, label, color, curve.median, {}});
}

// A marker at the first day where `curve` is largest, unless it is all zero.
void MarkPeak(ChartPanel* panel, const EpidemicCurves& curves, const CurveSeries& curve,
              const std::string& what, const std::string& unit) {
  const std::vector<double>& v = curve.median;
  auto peak = std::max_element(v.begin(), v.end());
  if (peak == v.end() || *peak <= 0) return;
  int day = static_cast<int>(peak - v.begin());
  std::string amount = FormatThousands(std::llround(*peak));  // ensemble medians may be x.5
  panel->markers.push_back(
      {day,
       fmt::format("{} {}: {}{}", what, curves.dates[static_cast<size_t>(day)], amount, unit)});
}

}  // namespace

EpidemicCurves CurvesOfRun(const RunResult& run, const Date& start) {
  EpidemicCurves curves;
  for (const DayRecord& d : run.daily) {
    curves.dates.push_back(AddDays(start, d.day));
    curves.new_infections.median.push_back(static_cast<double>(NewInfections(d)));
    curves.infectious.median.push_back(static_cast<double>(Infectious(d)));
    curves.beds_needed.median.push_back(static_cast<double>(BedsNeeded(d)));
    curves.critical.median.push_back(
        static_cast<double>(d.in_state[static_cast<int>(State::kCritical)]));
    curves.new_deaths.median.push_back(static_cast<double>(d.new_deaths));
  }
  return curves;
}

std::string EpidemicCurveSvg(const EpidemicCurves& curves, const std::string& subtitle) {
  Chart chart;
  chart.title = "疫情曲线 Epidemic curve";
  chart.subtitle = subtitle;
  chart.x_label = "日期 Date";
  chart.dates = curves.dates;

  ChartPanel infections;
  infections.heading = "感染 Infections (people)";
  AddCurve(&infections, curves.new_infections, "new_infections",
           "每日新增感染 New infections a day", "#e6550d", true);
  AddCurve(&infections, curves.infectious, "infectious", "现有传染者 Infectious now", "#3182bd",
           false);
  MarkPeak(&infections, curves, curves.new_infections, "新增高峰 Peak", "/day");

  ChartPanel care;
  care.heading = "医疗 Hospital beds (people)";
  AddCurve(&care, curves.beds_needed, "beds_needed", "住院需求 Beds needed (severe + critical)",
           "#756bb1", false);
  AddCurve(&care, curves.critical, "critical", "重症监护 ICU beds needed (critical)", "#d62728",
           false);
  MarkPeak(&care, curves, curves.beds_needed, "床位高峰 Peak beds", "");

  // Deaths get their own panel: a few a day would vanish beside thousands of beds.
  ChartPanel deaths;
  deaths.heading = "死亡 Deaths (people)";
  AddCurve(&deaths, curves.new_deaths, "new_deaths", "每日死亡 Deaths a day", "#252525", true);
  MarkPeak(&deaths, curves, curves.new_deaths, "死亡高峰 Peak deaths", "/day");

  chart.panels = {infections, care, deaths};
  return RenderSvg(chart);
}

}  // namespace fk::sim
