#include "cli/run_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string>

#include "common/dates.hpp"

namespace fk::cli {
namespace {

// A label in the chosen language.
struct Label {
  const char* zh;
  const char* en;
  const char* In(Language lang) const { return lang == Language::kChinese ? zh : en; }
};

// Median and 5-95 % (nearest rank) of a value over runs, as text.
std::string Spread(const std::vector<sim::RunResult>& runs,
                   const std::function<double(const sim::RunSummary&)>& get,
                   const std::function<std::string(double)>& show) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(get(r.summary));
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[static_cast<size_t>(q * (v.size() - 1) + 0.5)]; };
  if (v.size() == 1) return show(v[0]);
  return fmt::format("{} ({}–{})", show(at(0.5)), show(at(0.05)), show(at(0.95)));
}

}  // namespace

void PrintRunReport(std::FILE* out, Language lang, const sim::Parameters& params,
                    const sim::Population& pop, const std::vector<sim::RunResult>& runs,
                    const std::filesystem::path& dir) {
  const Date start = ParseDate(params.start_date).value();
  auto line = [&](Label label, const std::string& value) {
    fmt::print(out, "  {:<28} {}\n", label.In(lang), value);
  };
  auto percent = [](double x) { return fmt::format("{:.1f}%", 100 * x); };
  auto count = [](double x) { return fmt::format("{:L}", static_cast<int64_t>(x)); };
  auto day = [&](double d) {
    return fmt::format("{} ({})", AddDays(start, static_cast<int>(d)), static_cast<int>(d));
  };

  fmt::print(out, "{}\n", lang == Language::kChinese ? "城市 City" : "City");
  line({"城市", "city"}, fmt::format("{} ({})", pop.city_name, pop.city_code));
  line({"居民", "residents"}, count(pop.size()));
  line({"户", "households"}, count(pop.households()));
  line({"区 / 街道 / 社区 / 网格", "districts/streets/communities/grids"},
       fmt::format("{} / {} / {} / {}", pop.districts.size(), pop.streets.size(),
                   pop.communities.size(), pop.grids.size()));

  fmt::print(out, "{}\n",
             lang == Language::kChinese ? fmt::format("疫情 Epidemic ({} 天, R0 {}, {} 次运行)",
                                                      params.days, params.r0, runs.size())
                                        : fmt::format("Epidemic ({} days, R0 {}, {} run(s))",
                                                      params.days, params.r0, runs.size()));
  line({"感染率", "attack rate"}, Spread(
                                      runs, [](auto& s) { return s.attack_rate; }, percent));
  line({"累计感染", "infections"},
       Spread(
           runs, [](auto& s) { return double(s.total_infections); }, count));
  line({"新增感染高峰日", "peak of new infections"},
       Spread(
           runs, [](auto& s) { return double(s.peak_day); }, day));
  line({"高峰日新增感染", "new infections at peak"},
       Spread(
           runs, [](auto& s) { return double(s.peak_new_infections); }, count));
  line({"同时感染者高峰", "peak infectious"},
       Spread(
           runs, [](auto& s) { return double(s.peak_infectious); }, count));
  line({"死亡", "deaths"}, Spread(
                               runs, [](auto& s) { return double(s.total_deaths); }, count));
  line({"经验R0(第1-2代)", "empirical R0 (gen. 1-2)"},
       Spread(
           runs, [](auto& s) { return s.empirical_r0; },
           [](double x) { return fmt::format("{:.2f}", x); }));
  line({"平均代际间隔", "mean generation interval"},
       Spread(
           runs, [](auto& s) { return s.mean_generation_interval; },
           [&](double x) {
             return fmt::format("{:.2f} {}", x, lang == Language::kChinese ? "天" : "days");
           }));

  fmt::print(out, "{}\n", lang == Language::kChinese ? "运行 Run" : "Run");
  double wall = 0;
  for (const auto& r : runs) wall += r.summary.wall_seconds;
  uint64_t peak = runs.back().summary.peak_memory_bytes;
  line({"用时", "wall time"}, fmt::format("{:.2f} s", wall));
  line({"线程", "threads"}, std::to_string(runs.back().summary.threads));
  line({"峰值内存", "peak memory"},
       fmt::format("{:.1f} MB ({:.0f} B/{})", peak / 1e6, double(peak) / pop.size(),
                   lang == Language::kChinese ? "人" : "agent"));
  line({"输出目录", "output folder"}, dir.string());
}

}  // namespace fk::cli
