#include "sim/output/ensemble.hpp"

#include <functional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/dates.hpp"
#include "sim/output/daily_table.hpp"
#include "sim/output/epidemic_chart.hpp"
#include "sim/output/number_format.hpp"
#include "sim/output/quantile.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/output/summary_json.hpp"
#include "sim/output/text_file.hpp"

namespace fk::sim {

namespace {

using nlohmann::ordered_json;

Status CheckRuns(const std::vector<RunResult>& runs) {
  if (runs.empty()) return InvalidArgument("an ensemble needs at least one run");
  std::set<uint64_t> seeds;
  for (const RunResult& run : runs) {
    if (!seeds.insert(run.summary.seed).second) {
      return InvalidArgument(
          fmt::format("two runs of the ensemble have seed {}", run.summary.seed));
    }
    if (run.daily.size() != runs[0].daily.size()) {
      return InvalidArgument(fmt::format("run with seed {} has {} days, run with seed {} has {}",
                                         run.summary.seed, run.daily.size(), runs[0].summary.seed,
                                         runs[0].daily.size()));
    }
    for (size_t i = 0; i < run.daily.size(); ++i) {
      if (run.daily[i].day != runs[0].daily[i].day) {
        return InvalidArgument(fmt::format("runs with seeds {} and {} do not record the same days",
                                           runs[0].summary.seed, run.summary.seed));
      }
    }
  }
  return Status::Ok();
}

// The band of `quantity` across runs on day index `i`.
Band DayBand(const std::vector<RunResult>& runs, size_t i,
             const std::function<double(const DayRecord&)>& quantity) {
  std::vector<double> values;
  for (const RunResult& run : runs) values.push_back(quantity(run.daily[i]));
  return BandOf(values);
}

Status WriteDailyBands(const std::vector<RunResult>& runs, const Date& start,
                       const std::filesystem::path& path) {
  const std::vector<std::string>& columns = DailyColumns();  // columns[0] is "day"
  TextFileWriter out(path);
  std::string header = "date,day";
  for (size_t c = 1; c < columns.size(); ++c) {
    header += fmt::format(",{0}_median,{0}_p05,{0}_p95", columns[c]);
  }
  out.Write(header + "\n");
  for (size_t i = 0; i < runs[0].daily.size(); ++i) {
    std::vector<std::vector<double>> by_column(columns.size());
    for (const RunResult& run : runs) {
      std::vector<double> values = DailyValues(run.daily[i]);
      for (size_t c = 0; c < columns.size(); ++c) {
        by_column[c].push_back(values[c]);
      }
    }
    int day = runs[0].daily[i].day;
    std::string row = fmt::format("{},{}", AddDays(start, day), day);
    for (size_t c = 1; c < columns.size(); ++c) {
      Band band = BandOf(by_column[c]);
      row += fmt::format(",{},{},{}", FormatDecimal(band.median), FormatDecimal(band.p05),
                         FormatDecimal(band.p95));
    }
    out.Write(row + "\n");
  }
  return out.Close();
}

ordered_json SummaryBand(const std::vector<RunResult>& runs,
                         const std::function<double(const RunSummary&)>& quantity) {
  std::vector<double> values;
  for (const RunResult& run : runs) values.push_back(quantity(run.summary));
  Band band = BandOf(values);
  return {{"median", band.median}, {"p05", band.p05}, {"p95", band.p95}};
}

ordered_json EnsembleSummary(const std::vector<RunResult>& runs, const Parameters& params) {
  ordered_json seeds = ordered_json::array();
  for (const RunResult& run : runs) seeds.push_back(run.summary.seed);
  ordered_json j;
  j["runs"] = runs.size();
  j["seeds"] = seeds;
  j["quantiles"] =
      "median, p05 and p95 by linear interpolation between order statistics "
      "(Hyndman and Fan type 7)";
  j["scenario"] = {
      {"population", params.population},
      {"days", params.days},
      {"start_date", params.start_date},
      {"r0_target", params.r0},
      {"initial_infections", params.initial_infections},
      {"imports_per_day", params.imports_per_day},
  };
  j["attack_rate"] = SummaryBand(runs, [](const RunSummary& s) { return s.attack_rate; });
  j["total_infections"] = SummaryBand(
      runs, [](const RunSummary& s) { return static_cast<double>(s.total_infections); });
  j["peak_day"] =
      SummaryBand(runs, [](const RunSummary& s) { return static_cast<double>(s.peak_day); });
  j["peak_new_infections_per_day"] = SummaryBand(
      runs, [](const RunSummary& s) { return static_cast<double>(s.peak_new_infections); });
  j["peak_infectious"] =
      SummaryBand(runs, [](const RunSummary& s) { return static_cast<double>(s.peak_infectious); });
  j["total_deaths"] =
      SummaryBand(runs, [](const RunSummary& s) { return static_cast<double>(s.total_deaths); });
  j["total_confirmed"] =
      SummaryBand(runs, [](const RunSummary& s) { return static_cast<double>(s.total_confirmed); });
  j["share_confirmed"] = SummaryBand(runs, [](const RunSummary& s) {
    return s.total_infections > 0
               ? static_cast<double>(s.total_confirmed) / static_cast<double>(s.total_infections)
               : 0.0;
  });
  // Hospitals: bands of each run's figures (summary_json.hpp), null when
  // beds are not limited (no hospital measure).
  if (runs[0].summary.care_limited) {
    auto band = [&](auto field) {
      return SummaryBand(runs, [&](const RunSummary& s) { return static_cast<double>(s.*field); });
    };
    auto runs_short = [&](int RunSummary::*first_day) {
      int64_t n = 0;
      for (const RunResult& run : runs) n += run.summary.*first_day >= 0;
      return n;
    };
    j["hospital"] = {
        {"peak_beds_used", band(&RunSummary::peak_beds_used)},
        {"beds_capacity_at_peak", band(&RunSummary::peak_beds_capacity)},
        {"days_beds_short", band(&RunSummary::days_beds_short)},
        {"runs_beds_short", runs_short(&RunSummary::first_day_beds_short)},
        {"peak_icu_used", band(&RunSummary::peak_icu_used)},
        {"icu_capacity_at_peak", band(&RunSummary::peak_icu_capacity)},
        {"days_icu_short", band(&RunSummary::days_icu_short)},
        {"runs_icu_short", runs_short(&RunSummary::first_day_icu_short)},
        {"deaths_without_care", band(&RunSummary::deaths_without_care)},
    };
  } else {
    j["hospital"] = nullptr;
  }
  j["empirical_r0"] = SummaryBand(runs, [](const RunSummary& s) { return s.empirical_r0; });
  j["mean_generation_interval_days"] =
      SummaryBand(runs, [](const RunSummary& s) { return s.mean_generation_interval; });
  // Calibrated once for the ensemble: every run has the same report.
  j["calibration"] = CalibrationJson(runs[0].summary.calibration);
  return j;
}

EpidemicCurves EnsembleCurves(const std::vector<RunResult>& runs, const Date& start) {
  EpidemicCurves curves;
  auto add = [&](CurveSeries* curve, size_t i, const std::function<double(const DayRecord&)>& f) {
    Band band = DayBand(runs, i, f);
    curve->median.push_back(band.median);
    curve->p05.push_back(band.p05);
    curve->p95.push_back(band.p95);
  };
  for (size_t i = 0; i < runs[0].daily.size(); ++i) {
    curves.dates.push_back(AddDays(start, runs[0].daily[i].day));
    add(&curves.new_infections, i,
        [](const DayRecord& d) { return static_cast<double>(NewInfections(d)); });
    add(&curves.infectious, i,
        [](const DayRecord& d) { return static_cast<double>(Infectious(d)); });
    add(&curves.beds_needed, i,
        [](const DayRecord& d) { return static_cast<double>(BedsNeeded(d)); });
    add(&curves.critical, i, [](const DayRecord& d) {
      return static_cast<double>(d.in_state[static_cast<int>(State::kCritical)]);
    });
    add(&curves.new_deaths, i,
        [](const DayRecord& d) { return static_cast<double>(d.new_deaths); });
  }
  return curves;
}

}  // namespace

Status WriteEnsembleOutputs(const std::vector<RunResult>& runs, const Population& population,
                            const Parameters& params, const std::filesystem::path& dir) {
  if (Status s = CheckRuns(runs); !s.ok()) return s;
  auto start = ParseDate(params.start_date);
  if (!start.ok()) return start.error();
  for (const RunResult& run : runs) {
    std::filesystem::path run_dir = dir / fmt::format("run-{}", run.summary.seed);
    if (Status s = WriteRunOutputs(run, population, params, run_dir); !s.ok()) return s;
  }
  if (Status s = WriteDailyBands(runs, *start, dir / "daily_bands.csv"); !s.ok()) return s;
  if (Status s = WriteTextFile(dir / "summary.json", EnsembleSummary(runs, params).dump(2) + "\n");
      !s.ok()) {
    return s;
  }
  std::string subtitle = fmt::format(
      "{} 次模拟 runs · {} 人 agents · R0 {} · 中位数与5–95 %区间 median and 5–95 % band",
      runs.size(), FormatThousands(runs[0].summary.agents), FormatDecimal(params.r0));
  return WriteTextFile(dir / "epidemic_curve.svg",
                       EpidemicCurveSvg(EnsembleCurves(runs, *start), subtitle));
}

}  // namespace fk::sim
