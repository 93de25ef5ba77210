// `fangkong rt`: Rt now for a region and each district and street below it,
// from the operations database's confirmed cases (forecast/regional,
// method in docs/forecast.md). Read-only; run as the system (user 0, an
// administrator of the whole tree, from "cli").
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "ops/schema.hpp"
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
  auto db = store::Database::Open(f.db, {.pool_size = 1});
  if (!db.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", db.error().message.c_str());
    return 1;
  }
  if (auto migrated = ops::MigrateOps(**db); !migrated.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", migrated.error().message.c_str());
    return 1;
  }
  std::string region = f.region;
  if (region.empty()) {
    auto city = forecast::OnlyCity(**db);
    if (!city.ok()) {
      std::fprintf(stderr, "fangkong: %s\n", city.error().message.c_str());
      return 1;
    }
    region = *city;
  }
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "cli"};
  auto data = forecast::ReadCaseOnsets(
      **db, system, region, f.as_of.empty() ? std::nullopt : std::optional<std::string>(f.as_of));
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

}  // namespace

void RegisterForecastCommands(CLI::App& app, int& exit_code) {
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
