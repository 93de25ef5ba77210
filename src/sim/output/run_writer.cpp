#include "sim/output/run_writer.hpp"

#include <fmt/format.h>

#include "common/dates.hpp"
#include "sim/output/daily_table.hpp"
#include "sim/output/epidemic_chart.hpp"
#include "sim/output/number_format.hpp"
#include "sim/output/summary_json.hpp"
#include "sim/output/text_file.hpp"

namespace fk::sim {

namespace {

Status WriteDaily(const RunResult& result, const Date& start, const std::filesystem::path& path) {
  TextFileWriter out(path);
  out.Write("date");
  for (const std::string& column : DailyColumns()) out.Write("," + column);
  out.Write("\n");
  for (const DayRecord& day : result.daily) {
    std::string row = AddDays(start, day.day);
    for (double v : DailyValues(day)) row += "," + FormatDecimal(v);
    row += '\n';
    out.Write(row);
  }
  return out.Close();
}

Result<const std::string*> GridCode(const Population& population, uint32_t grid) {
  if (grid >= population.grids.size()) {
    return InvalidArgument(fmt::format("grid index {} is not in the population ({} grids)", grid,
                                       population.grids.size()));
  }
  return &population.grids[grid].code;
}

Status WriteGrids(const RunResult& result, const Population& population, const Date& start,
                  const std::filesystem::path& path) {
  TextFileWriter out(path);
  out.Write("date,day,grid_code,new_infections,infectious,cumulative_infections\n");
  for (const GridDayRecord& r : result.grid_daily) {
    auto code = GridCode(population, r.grid);
    if (!code.ok()) return code.error();
    out.Write(fmt::format("{},{},{},{},{},{}\n", AddDays(start, r.day), r.day, **code,
                          r.new_infections, r.infectious, r.cumulative_infections));
  }
  return out.Close();
}

Status WriteTransmissions(const RunResult& result, const Population& population, const Date& start,
                          const std::filesystem::path& path) {
  TextFileWriter out(path);
  out.Write("day,date,infector,infectee,layer,grid_code,infector_state\n");
  for (const TransmissionRecord& r : result.transmissions) {
    auto code = GridCode(population, r.grid);
    if (!code.ok()) return code.error();
    std::string infector = r.infector == kNoAgent ? "" : std::to_string(r.infector);
    std::string state = r.infector == kNoAgent ? "" : StateName(r.infector_state);
    out.Write(fmt::format("{},{},{},{},{},{},{}\n", r.day, AddDays(start, r.day), infector,
                          r.infectee, LayerName(r.layer), **code, state));
  }
  return out.Close();
}

}  // namespace

Status WriteRunOutputs(const RunResult& result, const Population& population,
                       const Parameters& params, const std::filesystem::path& dir) {
  auto start = ParseDate(params.start_date);
  if (!start.ok()) return start.error();
  if (Status s = EnsureDirectory(dir); !s.ok()) return s;
  if (Status s = WriteDaily(result, *start, dir / "daily.csv"); !s.ok()) return s;
  // An optional file this run does not write is removed, so that a folder
  // never mixes files of two runs.
  std::error_code ignored;
  if (!result.grid_daily.empty()) {
    if (Status s = WriteGrids(result, population, *start, dir / "grids.csv"); !s.ok()) return s;
  } else {
    std::filesystem::remove(dir / "grids.csv", ignored);
  }
  if (!result.transmissions.empty()) {
    Status s = WriteTransmissions(result, population, *start, dir / "transmissions.csv");
    if (!s.ok()) return s;
  } else {
    std::filesystem::remove(dir / "transmissions.csv", ignored);
  }
  const RunSummary& summary = result.summary;
  if (Status s =
          WriteTextFile(dir / "summary.json", SummaryJson(summary, params, *start).dump(2) + "\n");
      !s.ok()) {
    return s;
  }
  if (Status s = WriteTextFile(dir / "run_info.json", RunInfoJson(summary).dump(2) + "\n");
      !s.ok()) {
    return s;
  }
  std::string subtitle = fmt::format(
      "{} 人 agents · 种子 seed {} · R0 {} · {} 天 days from {} · 感染率 attack rate {} %",
      FormatThousands(summary.agents), summary.seed, FormatDecimal(params.r0), summary.days,
      params.start_date, FormatDecimal(100 * summary.attack_rate));
  return WriteTextFile(dir / "epidemic_curve.svg",
                       EpidemicCurveSvg(CurvesOfRun(result, *start), subtitle));
}

}  // namespace fk::sim
