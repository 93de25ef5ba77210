#include "sim/output/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "common/dates.hpp"
#include "sim/output/daily_table.hpp"
#include "sim/output/number_format.hpp"
#include "sim/output/svg_chart.hpp"
#include "sim/output/text_file.hpp"

namespace fk::sim {
namespace {

using RunQuantity = std::function<double(const RunResult&)>;

double LastConfirmed(const RunResult& r) {
  return r.daily.empty() ? 0 : static_cast<double>(r.daily.back().cumulative_confirmed);
}

double PeakBeds(const RunResult& r) {
  int64_t peak = 0;
  for (const DayRecord& d : r.daily) peak = std::max(peak, BedsNeeded(d));
  return static_cast<double>(peak);
}

ComparedQuantity Compare(const ScenarioRuns& s, const ScenarioRuns& base, const RunQuantity& q) {
  std::vector<double> values, differences;
  for (size_t k = 0; k < s.runs.size(); ++k) {
    values.push_back(q(s.runs[k]));
    differences.push_back(q(s.runs[k]) - q(base.runs[k]));
  }
  return {BandOf(values), BandOf(differences)};
}

Status CheckPaired(const std::vector<ScenarioRuns>& scenarios) {
  if (scenarios.size() < 2) {
    return InvalidArgument(
        fmt::format("a comparison needs at least two scenarios, got {}", scenarios.size()));
  }
  const ScenarioRuns& base = scenarios[0];
  if (base.runs.empty()) return InvalidArgument("scenario " + base.name + " has no runs");
  for (const ScenarioRuns& s : scenarios) {
    if (s.runs.size() != base.runs.size()) {
      return InvalidArgument(fmt::format("scenario {} has {} runs, {} has {}", s.name,
                                         s.runs.size(), base.name, base.runs.size()));
    }
    for (size_t k = 0; k < s.runs.size(); ++k) {
      const RunResult& a = s.runs[k];
      const RunResult& b = base.runs[k];
      if (a.summary.seed != b.summary.seed) {
        return InvalidArgument(
            fmt::format("run {} of {} has seed {}, of {} seed {}: compared "
                        "runs must share their seeds",
                        k + 1, s.name, a.summary.seed, base.name, b.summary.seed));
      }
      if (a.daily.size() != b.daily.size()) {
        return InvalidArgument(fmt::format("scenario {} ran {} days, {} ran {}", s.name,
                                           a.daily.size(), base.name, b.daily.size()));
      }
    }
  }
  return Status::Ok();
}

// Per scenario and day: the band of `q` across runs and of its paired
// difference from the baseline.
struct DailyBands {
  std::vector<Band> value, difference;
};

DailyBands DailyOf(const ScenarioRuns& s, const ScenarioRuns& base,
                   const std::function<double(const DayRecord&)>& q) {
  DailyBands out;
  const size_t days = s.runs[0].daily.size();
  for (size_t i = 0; i < days; ++i) {
    std::vector<double> values, differences;
    for (size_t k = 0; k < s.runs.size(); ++k) {
      const double v = q(s.runs[k].daily[i]);
      values.push_back(v);
      differences.push_back(v - q(base.runs[k].daily[i]));
    }
    out.value.push_back(BandOf(values));
    out.difference.push_back(BandOf(differences));
  }
  return out;
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string BandCells(const Band& b) {
  return fmt::format("{},{},{}", FormatDecimal(b.median), FormatDecimal(b.p05),
                     FormatDecimal(b.p95));
}

std::string Color(size_t i) {
  static const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                         "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
  return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

std::vector<double> Medians(const std::vector<Band>& bands) {
  std::vector<double> v;
  for (const Band& b : bands) v.push_back(b.median);
  return v;
}

std::string ChartSvg(const std::vector<ScenarioRuns>& scenarios,
                     const std::vector<DailyBands>& daily) {
  const ScenarioRuns& base = scenarios[0];
  Chart chart;
  chart.title = "情景比较 Scenario comparison";
  chart.subtitle = fmt::format(
      "{} 次运行，相同随机种子 {} runs each, common seeds {}-{}; 中位数与5-95%区间 median and "
      "5-95 % band",
      base.runs.size(), base.runs.size(), base.runs.front().summary.seed,
      base.runs.back().summary.seed);
  chart.x_label = "日期 Date";
  auto start = ParseDate(base.params.start_date);
  for (size_t i = 0; i < base.runs[0].daily.size(); ++i) {
    chart.dates.push_back(start.ok() ? AddDays(*start, base.runs[0].daily[i].day)
                                     : std::to_string(i));
  }
  ChartPanel curves;
  curves.heading = "每日新增感染 New infections a day (people)";
  ChartPanel differences;
  differences.heading =
      fmt::format("与 {} 之差 Difference from {} (people a day)", base.name, base.name);
  for (size_t s = 0; s < scenarios.size(); ++s) {
    const DailyBands& d = daily[s];
    ChartSeries line{ChartSeries::Kind::kLine, "infections-" + std::to_string(s),
                     scenarios[s].name,        Color(s),
                     Medians(d.value),         {}};
    curves.series.push_back(line);
    if (s == 0) continue;
    ChartSeries band{
        ChartSeries::Kind::kBand, "difference-band-" + std::to_string(s), "", Color(s), {}, {}};
    for (const Band& b : d.difference) {
      band.values.push_back(b.p05);
      band.upper.push_back(b.p95);
    }
    differences.series.push_back(band);
    differences.series.push_back({ChartSeries::Kind::kLine,
                                  "difference-" + std::to_string(s),
                                  scenarios[s].name + " − " + base.name,
                                  Color(s),
                                  Medians(d.difference),
                                  {}});
  }
  chart.panels = {curves, differences};
  return RenderSvg(chart);
}

}  // namespace

Result<std::vector<ComparisonRow>> CompareScenarios(const std::vector<ScenarioRuns>& scenarios) {
  Status paired = CheckPaired(scenarios);
  if (!paired.ok()) return paired.error();
  const ScenarioRuns& base = scenarios[0];
  std::vector<ComparisonRow> rows;
  for (const ScenarioRuns& s : scenarios) {
    ComparisonRow row;
    row.name = s.name;
    row.runs = static_cast<int>(s.runs.size());
    row.infections = Compare(s, base, [](const RunResult& r) {
      return static_cast<double>(r.summary.total_infections);
    });
    row.confirmed = Compare(s, base, LastConfirmed);
    row.deaths = Compare(
        s, base, [](const RunResult& r) { return static_cast<double>(r.summary.total_deaths); });
    row.peak_beds = Compare(s, base, PeakBeds);
    row.days_beds_short = Compare(
        s, base, [](const RunResult& r) { return static_cast<double>(r.summary.days_beds_short); });
    row.days_icu_short = Compare(
        s, base, [](const RunResult& r) { return static_cast<double>(r.summary.days_icu_short); });
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string ComparisonTable(const std::vector<ComparisonRow>& rows) {
  size_t width = 8;
  for (const ComparisonRow& r : rows) width = std::max(width, r.name.size());
  auto cell = [](const ComparedQuantity& q, bool base) {
    std::string v = FormatThousands(static_cast<int64_t>(std::llround(q.value.median)));
    if (base) return v;
    const double d = q.difference.median;
    return fmt::format("{} ({}{})", v, d > 0 ? "+" : "",
                       FormatThousands(static_cast<int64_t>(std::llround(d))));
  };
  std::string out = fmt::format("{:<{}}  {:>24}  {:>24}  {:>20}  {:>20}  {:>16}  {:>16}\n",
                                "scenario", width, "infections", "confirmed", "deaths", "peak beds",
                                "days beds short", "days ICU short");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ComparisonRow& r = rows[i];
    out += fmt::format("{:<{}}  {:>24}  {:>24}  {:>20}  {:>20}  {:>16}  {:>16}\n", r.name, width,
                       cell(r.infections, i == 0), cell(r.confirmed, i == 0),
                       cell(r.deaths, i == 0), cell(r.peak_beds, i == 0),
                       cell(r.days_beds_short, i == 0), cell(r.days_icu_short, i == 0));
  }
  return out;
}

Status WriteComparison(const std::vector<ScenarioRuns>& scenarios,
                       const std::filesystem::path& dir) {
  auto rows = CompareScenarios(scenarios);
  if (!rows.ok()) return rows.error();
  Status made = EnsureDirectory(dir);
  if (!made.ok()) return made;

  std::string csv = "scenario,runs";
  for (const char* q :
       {"infections", "confirmed", "deaths", "peak_beds", "days_beds_short", "days_icu_short"}) {
    csv += fmt::format(",{0}_median,{0}_p05,{0}_p95,{0}_diff_median,{0}_diff_p05,{0}_diff_p95", q);
  }
  csv += "\n";
  for (const ComparisonRow& r : *rows) {
    csv += fmt::format("{},{}", CsvField(r.name), r.runs);
    for (const ComparedQuantity* q : {&r.infections, &r.confirmed, &r.deaths, &r.peak_beds,
                                      &r.days_beds_short, &r.days_icu_short}) {
      csv += "," + BandCells(q->value) + "," + BandCells(q->difference);
    }
    csv += "\n";
  }
  Status written = WriteTextFile(dir / "compare.csv", csv);
  if (!written.ok()) return written;

  const ScenarioRuns& base = scenarios[0];
  std::vector<DailyBands> daily;
  for (const ScenarioRuns& s : scenarios) {
    daily.push_back(
        DailyOf(s, base, [](const DayRecord& d) { return static_cast<double>(NewInfections(d)); }));
  }
  auto start = ParseDate(base.params.start_date);
  TextFileWriter out(dir / "compare_daily.csv");
  out.Write(
      "date,day,scenario,new_infections_median,new_infections_p05,new_infections_p95,"
      "new_infections_diff_median,new_infections_diff_p05,new_infections_diff_p95\n");
  for (size_t i = 0; i < base.runs[0].daily.size(); ++i) {
    const int day = base.runs[0].daily[i].day;
    for (size_t s = 0; s < scenarios.size(); ++s) {
      out.Write(fmt::format("{},{},{},{},{}\n", start.ok() ? AddDays(*start, day) : "", day,
                            CsvField(scenarios[s].name), BandCells(daily[s].value[i]),
                            BandCells(daily[s].difference[i])));
    }
  }
  Status closed = out.Close();
  if (!closed.ok()) return closed;
  return WriteTextFile(dir / "compare.svg", ChartSvg(scenarios, daily));
}

}  // namespace fk::sim
