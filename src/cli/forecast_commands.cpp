// `fangkong rt`: Rt now for a region and each district and street below it,
// from the operations database's confirmed cases (forecast/regional).
// `fangkong forecast`: the ensemble forecast from the live data
// (forecast/live). Methods in docs/forecast.md. Read-only; run as the
// system (user 0, an administrator of the whole tree, from "cli").
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/ops_database.hpp"
#include "common/dates.hpp"
#include "forecast/live/forecast_output.hpp"
#include "forecast/live/live_forecast.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "store/database.hpp"

namespace fk::cli {
namespace {

struct RtFlags {
  std::string db;
  std::string region;
  std::string as_of;
  int window = 7;
  bool json = false;
};

nlohmann::json ToJson(const forecast::RegionalRt& rt, const forecast::RegionalRtOptions& o) {
  nlohmann::json regions = nlohmann::json::array();
  for (const auto& r : rt.regions) {
    nlohmann::json j{{"code", r.code},
                     {"name", r.name},
                     {"level", std::string(ops::LevelName(r.level))},
                     {"cases", r.cases},
                     {"note", r.note}};
    if (r.estimate) {
      const auto& e = *r.estimate;
      j["last_day"] = r.last_day;
      j["rt"] = {{"mean", e.mean},   {"median", e.median}, {"lower", e.lower},
                 {"upper", e.upper}, {"cv", e.cv},         {"cases_in_window", e.cases},
                 {"thin", e.thin}};
    }
    regions.push_back(std::move(j));
  }
  return {{"cutoff", rt.cutoff},
          {"window_days", o.cori.window},
          {"interval", {o.cori.lower_quantile, o.cori.upper_quantile}},
          {"serial_interval", {{"mean", o.serial_mean}, {"sd", o.serial_sd}}},
          {"reporting_delay",
           {{"mean_days", rt.delay.MeanDays()},
            {"cases", rt.delay.cases},
            {"reported_by", rt.delay.reported_by}}},
          {"left_out_days", rt.left_out_days},
          {"regions", std::move(regions)}};
}

void PrintTable(const forecast::RegionalRt& rt, const forecast::RegionalRtOptions& o) {
  std::printf(
      "截至 %s；窗口 %d 天；序列间隔 %.1f±%.1f 天；报告延迟均值 %.1f 天（%g 例）；最后 %d "
      "天因报告不全未计入\n"
      "data to %s; window %d days; serial interval %.1f±%.1f d; reporting delay mean %.1f d "
      "(%g cases); last %d onset days left out as incomplete\n\n",
      rt.cutoff.c_str(), o.cori.window, o.serial_mean, o.serial_sd, rt.delay.MeanDays(),
      rt.delay.cases, rt.left_out_days, rt.cutoff.c_str(), o.cori.window, o.serial_mean,
      o.serial_sd, rt.delay.MeanDays(), rt.delay.cases, rt.left_out_days);
  std::printf("%-10s %-9s %-10s %6s %-15s %7s  %s\n", "region", "level", "last day", "Rt",
              "95% CrI", "window", "name / note");
  for (const auto& r : rt.regions) {
    if (r.estimate) {
      const auto& e = *r.estimate;
      char interval[48];
      std::snprintf(interval, sizeof interval, "%.2f-%.2f", e.lower, e.upper);
      std::printf("%-10s %-9s %-10s %6.2f %-15s %7.0f  %s%s%s\n", r.code.c_str(),
                  std::string(ops::LevelName(r.level)).c_str(), r.last_day.c_str(), e.mean,
                  interval, std::round(e.cases), r.name.c_str(), r.note.empty() ? "" : "  ",
                  r.note.c_str());
    } else {
      std::printf("%-10s %-9s %-10s %6s %-15s %7s  %s  %s\n", r.code.c_str(),
                  std::string(ops::LevelName(r.level)).c_str(), "-", "-", "-", "-", r.name.c_str(),
                  r.note.c_str());
    }
  }
}

int EstimateRt(const RtFlags& f) {
  auto db = OpenOpsDatabase(f.db);
  if (!db) return 1;
  std::string region = f.region;
  if (region.empty()) {
    auto city = forecast::OnlyCity(*db);
    if (!city.ok()) {
      std::fprintf(stderr, "fangkong: %s\n", city.error().message.c_str());
      return 1;
    }
    region = *city;
  }
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "cli"};
  auto data = forecast::ReadCaseOnsets(
      *db, system, region, f.as_of.empty() ? std::nullopt : std::optional<std::string>(f.as_of));
  if (!data.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", data.error().message.c_str());
    return 1;
  }
  forecast::RegionalRtOptions options;
  options.cori.window = f.window;
  auto rt = forecast::EstimateRegionalRt(*data, options);
  if (!rt.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", rt.error().message.c_str());
    return 1;
  }
  if (f.json) {
    std::printf("%s\n", ToJson(*rt, options).dump(2).c_str());
  } else {
    PrintTable(*rt, options);
  }
  return 0;
}

struct ForecastFlags {
  std::string db;
  std::string region;
  std::string out;
  std::string lang = "zh";
  int days = 28;
  int runs = 20;
  uint64_t seed = 1;
  int threads = 1;
  bool json = false;
  // What-if: grids to close or screen from projected day action_start.
  std::vector<std::string> close, screen;
  int action_start = 0;
  int action_days = 14;
};

// A label: "中文 English" in Chinese mode, English alone with --lang en.
std::string L(bool zh, const char* chinese, const char* english) {
  return zh ? std::string(chinese) + " " + english : english;
}

std::string BandText(const sim::Band& b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f (%.0f-%.0f)", b.median, b.p05, b.p95);
  return buf;
}

void PrintForecast(const forecast::LiveForecast& f, bool zh) {
  std::printf("%s %s; %s %s; %s %d; %s %d\n", L(zh, "截至", "data to").c_str(), f.cutoff.c_str(),
              L(zh, "预测自", "forecast from").c_str(), f.first_day.c_str(),
              L(zh, "天数", "days").c_str(), f.days, L(zh, "运行次数", "runs").c_str(), f.runs);
  std::printf("%s: %lld %s, %lld %s\n", L(zh, "城市（登记）", "city (registry)").c_str(),
              static_cast<long long>(f.residents), L(zh, "人", "residents").c_str(),
              static_cast<long long>(f.households), L(zh, "户", "households").c_str());
  std::printf("%s: %lld (%s %lld); %s %lld; %s %lld\n", L(zh, "现有病例", "open cases").c_str(),
              static_cast<long long>(f.open_cases), L(zh, "已隔离", "isolated").c_str(),
              static_cast<long long>(f.isolated_cases),
              L(zh, "隔离观察中", "in quarantine").c_str(), static_cast<long long>(f.quarantined),
              L(zh, "住院中", "admitted").c_str(), static_cast<long long>(f.admitted));
  std::printf("%s: %.0f (%s %.0f%%; %s %.3f/%s)\n",
              L(zh, "估计未发现感染", "estimated undetected infections").c_str(),
              f.undetected.total, L(zh, "确诊占有症状", "confirmed of symptomatic").c_str(),
              100 * f.confirmed_share, L(zh, "增长率", "growth").c_str(), f.undetected.growth_rate,
              L(zh, "天", "day").c_str());
  std::printf("Rt %.2f (%.2f-%.2f) -> %s %.2f -> R0 %.2f (%s %.3f); %s %.3f\n\n", f.city_rt.mean,
              f.city_rt.lower, f.city_rt.upper, L(zh, "模拟器 R", "simulator R").c_str(),
              f.simulator_r, f.r0, L(zh, "易感比例", "susceptible").c_str(), f.susceptible_share,
              L(zh, "传播系数", "transmission scale").c_str(), f.transmission_scale);
  const forecast::RegionForecast& top = f.regions.front();
  std::printf("%s %s %s (%s 5-95 %%)\n", L(zh, "逐日预测", "daily forecast").c_str(),
              top.code.c_str(), top.name.c_str(), L(zh, "中位数", "median").c_str());
  std::printf("%-10s  %-22s  %-22s  %s\n", L(zh, "日期", "date").c_str(),
              L(zh, "新增确诊", "new cases").c_str(), L(zh, "床位", "beds").c_str(), "ICU");
  const auto first = ParseDate(f.first_day);
  for (int d = 0; d < f.days; ++d) {
    std::printf("%-10s  %-22s  %-22s  %s\n", AddDays(*first, d).c_str(),
                BandText(top.new_cases[d]).c_str(), BandText(top.beds[d]).c_str(),
                BandText(top.icu[d]).c_str());
  }
  std::printf("\n%-10s %-9s %8s %6s %-22s %-22s  %s\n", L(zh, "地区", "region").c_str(),
              L(zh, "级别", "level").c_str(), L(zh, "现有病例", "open").c_str(), "Rt",
              L(zh, "期内新增确诊", "new cases, total").c_str(),
              L(zh, "末日床位", "beds, last day").c_str(),
              L(zh, "名称/说明", "name / note").c_str());
  for (const auto& r : f.regions) {
    char rt[16] = "-";
    if (r.rt) std::snprintf(rt, sizeof rt, "%.2f", r.rt->mean);
    std::printf("%-10s %-9s %8lld %6s %-22s %-22s  %s%s%s\n", r.code.c_str(),
                std::string(ops::LevelName(r.level)).c_str(), static_cast<long long>(r.open_cases),
                rt, BandText(r.total_new_cases).c_str(), BandText(r.beds.back()).c_str(),
                r.name.c_str(), r.note.empty() ? "" : "  ", r.note.c_str());
  }
  // Supplies of the region asked for: the day each runs out (5 % / median / 95 %).
  if (top.supplies.empty()) return;
  std::printf(
      "\n%s %s (%s)\n", L(zh, "物资", "supplies").c_str(), top.code.c_str(),
      L(zh, "断供日: 最早 / 中位 / 最晚", "run-out day: earliest / median / latest").c_str());
  auto day = [&](const std::optional<int>& d) {
    return d ? AddDays(*first, *d) : L(zh, "期内不断供", "lasts");
  };
  for (const forecast::SupplyOutlook& s : top.supplies)
    std::printf("%-16s %10lld  %s %8.1f  %s / %s / %s\n", s.use.item.c_str(),
                static_cast<long long>(s.use.stock), L(zh, "日用量", "a day").c_str(),
                s.use.hospital_use + s.use.other_use, day(s.run_out.p05).c_str(),
                day(s.run_out.median).c_str(), day(s.run_out.p95).c_str());
}

int Forecast(const ForecastFlags& f) {
  auto db = OpenOpsDatabase(f.db);
  if (!db) return 1;
  forecast::LiveForecastOptions options;
  options.region = f.region;
  options.days = f.days;
  options.runs = f.runs;
  options.seed = f.seed;
  options.threads = f.threads;
  using Kind = forecast::WhatIfAction::Kind;
  if (!f.close.empty())
    options.actions.push_back({Kind::kClosedManagement, f.close, f.action_start, f.action_days});
  if (!f.screen.empty())
    options.actions.push_back({Kind::kScreening, f.screen, f.action_start, f.action_days});
  auto result = forecast::RunLiveForecast(*db, options);
  if (!result.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", result.error().message.c_str());
    return 1;
  }
  if (!f.out.empty()) {
    if (Status s = forecast::WriteForecastFiles(*result, f.out); !s.ok()) {
      std::fprintf(stderr, "fangkong: %s\n", s.error().message.c_str());
      return 1;
    }
  }
  if (f.json) {
    std::printf("%s\n", forecast::ForecastToJson(*result).dump(2).c_str());
  } else {
    PrintForecast(*result, f.lang != "en");
  }
  return 0;
}

}  // namespace

void RegisterForecastCommands(CLI::App& app, int& exit_code) {
  static ForecastFlags forecast_flags;
  auto* fc = app.add_subcommand(
      "forecast",
      "Forecast from the live data: the registry's city seeded with the open cases and the "
      "estimated undetected infections, transmission fitted to the city's Rt; an ensemble's new "
      "confirmed cases and beds per day with 5-95 % bands, for the city and each district "
      "(docs/forecast.md)");
  fc->add_option("--db", forecast_flags.db, "SQLite file path or postgresql://...")->required();
  fc->add_option("--region", forecast_flags.region,
                 "the city or a district (default: the database's only city)");
  fc->add_option("--days", forecast_flags.days, "days to project (default 28)")
      ->check(CLI::Range(1, 365));
  fc->add_option("--runs", forecast_flags.runs, "ensemble members (default 20)")
      ->check(CLI::Range(1, 1000));
  fc->add_option("--seed", forecast_flags.seed, "random seed (default 1)");
  fc->add_option("--threads", forecast_flags.threads, "threads (default 1; same result at any)")
      ->check(CLI::Range(1, 1024));
  fc->add_option("--out", forecast_flags.out, "folder for forecast.json, .csv and .svg");
  fc->add_option("--lang", forecast_flags.lang, "Language of the printed table: zh or en")
      ->check(CLI::IsMember({"zh", "en"}));
  fc->add_flag("--json", forecast_flags.json, "print JSON instead of a table");
  fc->add_option("--close", forecast_flags.close,
                 "what-if: grid codes put under closed management (comma-separated)")
      ->delimiter(',');
  fc->add_option("--screen", forecast_flags.screen,
                 "what-if: grid codes screened door to door (comma-separated)")
      ->delimiter(',');
  fc->add_option("--action-start", forecast_flags.action_start,
                 "what-if: first projected day of the actions (0 = the first; default 0)");
  fc->add_option("--action-days", forecast_flags.action_days,
                 "what-if: days the actions last (default 14)");
  fc->callback([&exit_code] { exit_code = Forecast(forecast_flags); });

  static RtFlags flags;
  auto* rt = app.add_subcommand(
      "rt",
      "Rt now (Cori et al. 2013) for a region and each district and street below it, from the "
      "confirmed cases' onset dates, corrected for the reporting delay (docs/forecast.md)");
  rt->add_option("--db", flags.db, "SQLite file path or postgresql://...")->required();
  rt->add_option("--region", flags.region, "region code (default: the database's only city)");
  rt->add_option("--as-of", flags.as_of, "YYYY-MM-DD: the data as they stood that day");
  rt->add_option("--window", flags.window, "days in the sliding window (default 7)")
      ->check(CLI::Range(1, 60));
  rt->add_flag("--json", flags.json, "print JSON instead of a table");
  rt->callback([&exit_code] { exit_code = EstimateRt(flags); });
}

}  // namespace fk::cli
