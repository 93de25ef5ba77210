#include "forecast/live/forecast_output.hpp"

#include <fmt/format.h>

#include "common/dates.hpp"
#include "sim/output/svg_chart.hpp"
#include "sim/output/text_file.hpp"

namespace fk::forecast {
namespace {

std::vector<std::string> Dates(const LiveForecast& f) {
  std::vector<std::string> out;
  const auto first = ParseDate(f.first_day);
  for (int d = 0; d < f.days; ++d) out.push_back(first ? AddDays(*first, d) : f.first_day);
  return out;
}

nlohmann::json BandJson(const sim::Band& b) {
  return {{"p05", b.p05}, {"median", b.median}, {"p95", b.p95}};
}

nlohmann::json BandsJson(const std::vector<sim::Band>& bands) {
  nlohmann::json a = nlohmann::json::array();
  for (const sim::Band& b : bands) a.push_back(BandJson(b));
  return a;
}

nlohmann::json DayJson(const std::optional<int>& day) {
  return day ? nlohmann::json(*day) : nlohmann::json();
}

// The first day (index into "dates") each curve exceeds the capacity; null: never.
nlohmann::json OverJson(const FirstDayOver& o) {
  return {{"p05", DayJson(o.p05)}, {"median", DayJson(o.median)}, {"p95", DayJson(o.p95)}};
}

std::string Num(double v) { return fmt::format("{:.2f}", v); }

}  // namespace

nlohmann::json ForecastToJson(const LiveForecast& f) {
  nlohmann::json classes = nlohmann::json::array();
  for (const SeedClass& c : f.undetected.classes)
    classes.push_back(
        {{"age_days", c.age_days}, {"state", sim::StateName(c.state)}, {"expected", c.expected}});
  nlohmann::json regions = nlohmann::json::array();
  for (const RegionForecast& r : f.regions) {
    nlohmann::json j{{"code", r.code},
                     {"name", r.name},
                     {"level", std::string(ops::LevelName(r.level))},
                     {"residents", r.residents},
                     {"open_cases", r.open_cases},
                     {"recent_cases", r.recent_cases},
                     {"total_new_cases", BandJson(r.total_new_cases)},
                     {"new_cases", BandsJson(r.new_cases)},
                     {"beds", BandsJson(r.beds)},
                     {"icu", BandsJson(r.icu)},
                     {"note", r.note},
                     {"capacity",
                      {{"hospitals", r.capacity.hospitals},
                       {"beds", r.capacity.beds},
                       {"icu", r.capacity.icu},
                       {"beds_first_day_over", OverJson(r.beds_over)},
                       {"icu_first_day_over", OverJson(r.icu_over)}}}};
    nlohmann::json supplies = nlohmann::json::array();
    for (const SupplyOutlook& s : r.supplies)
      supplies.push_back({{"item", s.use.item},
                          {"stock", s.use.stock},
                          {"hospital_daily_use", s.use.hospital_use},
                          {"other_daily_use", s.use.other_use},
                          {"run_out_day", OverJson(s.run_out)}});
    j["supplies"] = std::move(supplies);
    if (r.rt) j["rt"] = {{"mean", r.rt->mean}, {"lower", r.rt->lower}, {"upper", r.rt->upper}};
    regions.push_back(std::move(j));
  }
  nlohmann::json actions = nlohmann::json::array();
  for (const WhatIfAction& a : f.actions)
    actions.push_back({{"kind", std::string(WhatIfKindName(a.kind))},
                       {"grids", a.grids},
                       {"start", a.start},
                       {"days", a.days}});
  return {{"cutoff", f.cutoff},
          {"actions", std::move(actions)},
          {"first_day", f.first_day},
          {"dates", Dates(f)},
          {"days", f.days},
          {"runs", f.runs},
          {"seed", f.seed},
          {"city",
           {{"residents", f.residents},
            {"households", f.households},
            {"split_households", f.split_households}}},
          {"live_state",
           {{"open_cases", f.open_cases},
            {"isolated_cases", f.isolated_cases},
            {"quarantined", f.quarantined},
            {"admitted", f.admitted},
            {"cases_ever", f.cases_ever}}},
          {"undetected",
           {{"growth_rate", f.undetected.growth_rate},
            {"infections_per_day", f.undetected.infections_per_day},
            {"total", f.undetected.total},
            {"classes", std::move(classes)}}},
          {"fit",
           {{"rt",
             {{"mean", f.city_rt.mean},
              {"lower", f.city_rt.lower},
              {"upper", f.city_rt.upper},
              {"cv", f.city_rt.cv}}},
            {"symptomatic_share", f.symptomatic_share},
            {"confirmed_share_of_symptomatic", f.confirmed_share},
            {"susceptible_share", f.susceptible_share},
            {"simulator_r", f.simulator_r},
            {"r0", f.r0},
            {"transmission_scale", f.transmission_scale},
            {"calibration_converged", f.calibration_converged},
            {"reporting_delay_mean_days", f.delay_mean_days},
            {"reporting_dispersion", f.reporting_dispersion},
            {"simulated_rt", BandJson(f.simulated_rt)}}},
          {"regions", std::move(regions)}};
}

std::string ForecastToCsv(const LiveForecast& f) {
  std::string out =
      "region,level,name,date,new_cases_p05,new_cases_median,new_cases_p95,beds_p05,beds_median,"
      "beds_p95,icu_p05,icu_median,icu_p95\n";
  const auto dates = Dates(f);
  for (const RegionForecast& r : f.regions)
    for (int d = 0; d < f.days; ++d) {
      const sim::Band &c = r.new_cases[d], &b = r.beds[d], &i = r.icu[d];
      out +=
          fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.code, ops::LevelName(r.level),
                      r.name, dates[d], Num(c.p05), Num(c.median), Num(c.p95), Num(b.p05),
                      Num(b.median), Num(b.p95), Num(i.p05), Num(i.median), Num(i.p95));
    }
  return out;
}

std::string ForecastToSvg(const LiveForecast& f) {
  const RegionForecast& r = f.regions.front();
  auto column = [](const std::vector<sim::Band>& bands, double sim::Band::*field) {
    std::vector<double> v;
    for (const sim::Band& b : bands) v.push_back(b.*field);
    return v;
  };
  sim::Chart chart;
  chart.title = fmt::format("预测 Forecast: {} {}", r.name, r.code);
  chart.subtitle = fmt::format("截至 data to {}; Rt {:.2f} ({:.2f}-{:.2f}); {} 次运行 runs; 5-95 %",
                               f.cutoff, f.city_rt.mean, f.city_rt.lower, f.city_rt.upper, f.runs);
  chart.x_label = "日期 Date";
  chart.dates = Dates(f);
  chart.panels.push_back(
      {"新增确诊 New confirmed cases",
       {{sim::ChartSeries::Kind::kBand, "new_cases_band", "5-95 %", "#f4b6b6",
         column(r.new_cases, &sim::Band::p05), column(r.new_cases, &sim::Band::p95)},
        {sim::ChartSeries::Kind::kLine,
         "new_cases_median",
         "中位数 median",
         "#d62728",
         column(r.new_cases, &sim::Band::median),
         {}}},
       {}});
  chart.panels.push_back({"床位需求 Beds needed",
                          {{sim::ChartSeries::Kind::kBand, "beds_band", "5-95 %", "#b6cdf4",
                            column(r.beds, &sim::Band::p05), column(r.beds, &sim::Band::p95)},
                           {sim::ChartSeries::Kind::kLine,
                            "beds_median",
                            "住院 hospital (median)",
                            "#1f77b4",
                            column(r.beds, &sim::Band::median),
                            {}},
                           {sim::ChartSeries::Kind::kLine,
                            "icu_median",
                            "ICU (median)",
                            "#9467bd",
                            column(r.icu, &sim::Band::median),
                            {}}},
                          {}});
  return sim::RenderSvg(chart);
}

Status WriteForecastFiles(const LiveForecast& f, const std::filesystem::path& dir) {
  if (Status s = sim::EnsureDirectory(dir); !s.ok()) return s;
  if (Status s = sim::WriteTextFile(dir / "forecast.json", ForecastToJson(f).dump(2) + "\n");
      !s.ok())
    return s;
  if (Status s = sim::WriteTextFile(dir / "forecast.csv", ForecastToCsv(f)); !s.ok()) return s;
  return sim::WriteTextFile(dir / "forecast.svg", ForecastToSvg(f));
}

}  // namespace fk::forecast
