// `fangkong simulate`, `fangkong compare`, `fangkong city`, `fangkong
// scenarios`, `fangkong params`.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/run_report.hpp"
#include "common/progress_bar.hpp"
#include "sim/geography/geojson.hpp"
#include "sim/output/comparison.hpp"
#include "sim/output/ensemble.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/scenario.hpp"
#include "sim/population/build_population.hpp"
#include "sim/run/run_simulation.hpp"

namespace fk::cli {

std::filesystem::path BuiltinScenarioDir() {
  if (const char* dir = std::getenv("FANGKONG_SCENARIOS")) return dir;
  return std::filesystem::path(FANGKONG_SOURCE_DIR) / "scenarios";
}

namespace {

namespace fs = std::filesystem;

struct SimulateArgs {
  std::string scenario = "default";
  std::vector<std::string> settings;
  std::optional<int64_t> population;
  std::optional<int64_t> days;
  std::optional<int64_t> seed;
  int threads = 0;
  int runs = 1;
  std::string out;
  bool grids = false;
  bool transmissions = false;
  std::string lang = "zh";
};

// Fails with the message the user should see.
Result<sim::Parameters> ResolveParameters(const SimulateArgs& args) {
  auto file = sim::FindScenario(args.scenario, BuiltinScenarioDir());
  if (!file.ok()) return file.error();
  auto params = sim::LoadScenarioFile(*file);
  if (!params.ok()) return params.error();
  std::vector<std::string> settings = args.settings;
  if (args.population) settings.push_back("run.population=" + std::to_string(*args.population));
  if (args.days) settings.push_back("run.days=" + std::to_string(*args.days));
  if (args.seed) settings.push_back("run.seed=" + std::to_string(*args.seed));
  for (const std::string& s : settings) {
    Status st = sim::ApplySetting(*params, s);
    if (!st.ok()) return st.error();
  }
  Status valid = sim::Validate(*params);
  if (!valid.ok()) return valid.error();
  return params;
}

int RunSimulate(const SimulateArgs& args) {
  auto params = ResolveParameters(args);
  if (!params.ok()) {
    std::fprintf(stderr, "fangkong simulate: %s\n", params.error().message.c_str());
    return 2;
  }
  const Language lang = args.lang == "en" ? Language::kEnglish : Language::kChinese;
  sim::RunOptions options;
  options.threads = args.threads > 0 ? args.threads : omp_get_max_threads();
  options.record_grids = args.grids;
  options.record_transmissions = args.transmissions;
  Status fits = sim::CheckRunFitsInMemory(*params, options);
  if (!fits.ok()) {
    std::fprintf(stderr, "fangkong simulate: %s\n", fits.error().message.c_str());
    return 2;
  }

  auto population = sim::BuildPopulation(*params, Rng(params->seed), options.threads);
  if (!population.ok()) {
    std::fprintf(stderr, "fangkong simulate: %s\n", population.error().message.c_str());
    return 2;
  }

  const fs::path out =
      args.out.empty() ? fs::path("out") / fs::path(args.scenario).stem() : fs::path(args.out);
  // An ensemble is calibrated once, with its first seed, so that the spread
  // across runs is the epidemic's, not calibration noise.
  auto calibration = sim::CalibrateRun(*params, *population, options.threads);
  if (!calibration.ok()) {
    std::fprintf(stderr, "fangkong simulate: %s\n", calibration.error().message.c_str());
    return 1;
  }
  options.calibration = &*calibration;
  std::vector<sim::RunResult> runs;
  for (int k = 0; k < args.runs; ++k) {
    sim::Parameters run_params = *params;
    run_params.seed = params->seed + static_cast<uint64_t>(k);
    ProgressBar::Options bar_options;
    if (args.runs > 1) {
      bar_options.label = fmt::format("模拟 simulate {}/{}", k + 1, args.runs);
    }
    ProgressBar bar(run_params.days, bar_options);
    options.on_day = [&bar](int day, int, int64_t infections) { bar.Update(day + 1, infections); };
    auto result = sim::RunSimulation(run_params, *population, options);
    bar.Finish();
    if (!result.ok()) {
      std::fprintf(stderr, "fangkong simulate: %s\n", result.error().message.c_str());
      return 1;
    }
    runs.push_back(std::move(result).value());
  }

  Status written = args.runs == 1 ? sim::WriteRunOutputs(runs[0], *population, *params, out)
                                  : sim::WriteEnsembleOutputs(runs, *population, *params, out);
  if (!written.ok()) {
    std::fprintf(stderr, "fangkong simulate: %s\n", written.error().message.c_str());
    return 1;
  }
  PrintRunReport(stdout, lang, *params, *population, runs, out);
  return 0;
}

struct CompareArgs {
  std::vector<std::string> scenarios;
  SimulateArgs common;  // --set, --population, --days, --seed, --threads, --runs, --out
};

// `fangkong compare`: the scenarios with the same seeds (common random
// numbers), each scenario's files in out/<name>/, the comparison in out/.
int RunCompare(const CompareArgs& args) {
  auto fail = [](int code, const std::string& message) {
    std::fprintf(stderr, "fangkong compare: %s\n", message.c_str());
    return code;
  };
  std::vector<std::string> names;
  for (const std::string& scenario : args.scenarios) {
    std::string name = fs::path(scenario).stem().string();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return fail(2, "two scenarios are both named " + name +
                         "; give each compared scenario a file name of its own");
    }
    names.push_back(name);
  }
  std::vector<sim::Parameters> all;
  for (const std::string& scenario : args.scenarios) {
    SimulateArgs one = args.common;
    one.scenario = scenario;
    auto params = ResolveParameters(one);
    if (!params.ok()) return fail(2, scenario + ": " + params.error().message);
    all.push_back(std::move(*params));
  }
  // Every scenario runs with the seeds of the first (or --seed): run k has
  // seed S + k in each, so paired runs share their random numbers.
  for (sim::Parameters& p : all) p.seed = all[0].seed;

  sim::RunOptions options;
  options.threads = args.common.threads > 0 ? args.common.threads : omp_get_max_threads();
  const fs::path out =
      args.common.out.empty() ? fs::path("out") / "compare" : fs::path(args.common.out);
  std::vector<sim::ScenarioRuns> compared;
  std::optional<sim::CalibrationReport> calibration;
  std::optional<sim::Parameters> calibrated_for;  // measures cleared
  for (size_t i = 0; i < all.size(); ++i) {
    const sim::Parameters& params = all[i];
    Status fits = sim::CheckRunFitsInMemory(params, options);
    if (!fits.ok()) return fail(2, names[i] + ": " + fits.error().message);
    auto population = sim::BuildPopulation(params, Rng(params.seed), options.threads);
    if (!population.ok()) return fail(2, names[i] + ": " + population.error().message);
    // Calibration runs with measures off: scenarios that differ only in
    // their measures share one scale.
    sim::Parameters unmeasured = params;
    unmeasured.measures.clear();
    if (!calibrated_for || !sim::SameParameters(*calibrated_for, unmeasured)) {
      auto c = sim::CalibrateRun(params, *population, options.threads);
      if (!c.ok()) return fail(1, names[i] + ": " + c.error().message);
      calibration = *c;
      calibrated_for = unmeasured;
    }
    options.calibration = &*calibration;
    sim::ScenarioRuns runs{names[i], params, {}};
    for (int k = 0; k < args.common.runs; ++k) {
      sim::Parameters run_params = params;
      run_params.seed = params.seed + static_cast<uint64_t>(k);
      ProgressBar::Options bar_options;
      bar_options.label = fmt::format("{} {}/{}", names[i], k + 1, args.common.runs);
      ProgressBar bar(run_params.days, bar_options);
      options.on_day = [&bar](int day, int, int64_t infections) {
        bar.Update(day + 1, infections);
      };
      auto result = sim::RunSimulation(run_params, *population, options);
      bar.Finish();
      if (!result.ok()) return fail(1, names[i] + ": " + result.error().message);
      runs.runs.push_back(std::move(result).value());
    }
    Status written =
        runs.runs.size() == 1
            ? sim::WriteRunOutputs(runs.runs[0], *population, params, out / names[i])
            : sim::WriteEnsembleOutputs(runs.runs, *population, params, out / names[i]);
    if (!written.ok()) return fail(1, written.error().message);
    compared.push_back(std::move(runs));
  }
  Status written = sim::WriteComparison(compared, out);
  if (!written.ok()) return fail(1, written.error().message);
  auto rows = sim::CompareScenarios(compared);
  std::printf("%s", sim::ComparisonTable(*rows).c_str());
  std::printf(
      "(medians over %d run(s) with seeds %llu-%llu; in brackets the paired difference from %s)\n"
      "%s\n",
      args.common.runs, static_cast<unsigned long long>(all[0].seed),
      static_cast<unsigned long long>(all[0].seed + args.common.runs - 1), names[0].c_str(),
      (out / "compare.csv").string().c_str());
  return 0;
}

struct CityArgs {
  SimulateArgs city;  // scenario, --set, --population, --seed, --threads
  std::string geojson;
  double residents_per_km2 = sim::LayoutOptions{}.residents_per_km2;
};

// `fangkong city`: builds the synthetic city of a scenario and writes its map.
int RunCity(const CityArgs& args) {
  auto params = ResolveParameters(args.city);
  if (!params.ok()) {
    std::fprintf(stderr, "fangkong city: %s\n", params.error().message.c_str());
    return 2;
  }
  const int threads = args.city.threads > 0 ? args.city.threads : omp_get_max_threads();
  auto population = sim::BuildPopulation(*params, Rng(params->seed), threads);
  if (!population.ok()) {
    std::fprintf(stderr, "fangkong city: %s\n", population.error().message.c_str());
    return 2;
  }
  auto layout = sim::LayOutCity(*population, params->seed, {args.residents_per_km2});
  if (!layout.ok()) {
    std::fprintf(stderr, "fangkong city: %s\n", layout.error().message.c_str());
    return 2;
  }
  const std::string text = sim::CityGeoJson(*population, *layout, params->seed);
  std::ofstream file(args.geojson, std::ios::binary);
  file << text;
  file.close();
  if (!file) {
    std::fprintf(stderr, "fangkong city: --geojson: cannot write %s\n", args.geojson.c_str());
    return 1;
  }
  std::printf(
      "%s: %s, %zu districts, %zu streets, %zu communities, %zu grids, %lld residents, "
      "%.2f km2\n",
      args.geojson.c_str(), population->city_name.c_str(), population->districts.size(),
      population->streets.size(), population->communities.size(), population->grids.size(),
      static_cast<long long>(layout->city.population), layout->city.area_m2 / 1e6);
  return 0;
}

}  // namespace

void RegisterSimulationCommands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  auto* simulate = app.add_subcommand(
      "simulate", "模拟疫情 Simulate an epidemic in a synthetic city and write its results");
  simulate
      ->add_option("--scenario", args->scenario,
                   "Built-in scenario name (see `fangkong scenarios`) or a TOML file")
      ->capture_default_str();
  simulate->add_option("--set", args->settings,
                       "Set a parameter, e.g. --set transmission.r0=2.5 (repeatable; see "
                       "`fangkong params`)");
  simulate->add_option("--population", args->population, "Residents (1000 to 100000000)");
  simulate->add_option("--days", args->days, "Days to simulate");
  simulate->add_option("--seed", args->seed, "Random seed");
  simulate->add_option("--threads", args->threads, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  simulate->add_option("--runs", args->runs, "Runs with seeds seed, seed+1, ...; bands over runs")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  simulate->add_option("--out", args->out, "Output folder (default: out/<scenario>)");
  simulate->add_flag("--grids", args->grids, "Also write grids.csv (per grid per day)");
  simulate->add_flag("--transmissions", args->transmissions,
                     "Also write transmissions.csv (who infected whom)");
  simulate->add_option("--lang", args->lang, "Language of the printed summary: zh or en")
      ->check(CLI::IsMember({"zh", "en"}))
      ->capture_default_str();
  simulate->callback([args, &exit_code] { exit_code = RunSimulate(*args); });

  auto compare_args = std::make_shared<CompareArgs>();
  auto* compare = app.add_subcommand(
      "compare",
      "比较情景 Run scenarios with the same seeds and write a side-by-side table and chart");
  compare
      ->add_option("scenarios", compare_args->scenarios,
                   "Two or more built-in scenario names or TOML files; the first is the baseline")
      ->required()
      ->expected(2, -1);
  compare->add_option("--set", compare_args->common.settings,
                      "Set a parameter in every scenario (repeatable)");
  compare->add_option("--population", compare_args->common.population,
                      "Residents (1000 to 100000000)");
  compare->add_option("--days", compare_args->common.days, "Days to simulate");
  compare->add_option("--seed", compare_args->common.seed,
                      "Random seed of every scenario (default: the first scenario's)");
  compare->add_option("--threads", compare_args->common.threads, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  compare
      ->add_option("--runs", compare_args->common.runs,
                   "Runs per scenario with seeds seed, seed+1, ...; bands over runs")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  compare->add_option("--out", compare_args->common.out, "Output folder (default: out/compare)");
  compare->callback([compare_args, &exit_code] { exit_code = RunCompare(*compare_args); });

  auto city_args = std::make_shared<CityArgs>();
  auto* city = app.add_subcommand(
      "city", "城市地图 Lay the synthetic city out on a map and write it as GeoJSON");
  city->add_option("--geojson", city_args->geojson, "Output file (GeoJSON FeatureCollection)")
      ->required();
  city->add_option("--scenario", city_args->city.scenario,
                   "Built-in scenario name or a TOML file (its city parameters)")
      ->capture_default_str();
  city->add_option("--set", city_args->city.settings, "Set a parameter (repeatable)");
  city->add_option("--population", city_args->city.population, "Residents (1000 to 100000000)");
  city->add_option("--seed", city_args->city.seed, "Random seed (the same city as simulate's)");
  city->add_option("--threads", city_args->city.threads, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  city->add_option("--residents-per-km2", city_args->residents_per_km2,
                   "Density of every region (areas are proportional to residents)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  city->callback([city_args, &exit_code] { exit_code = RunCity(*city_args); });

  auto* scenarios = app.add_subcommand("scenarios", "列出内置情景 List the built-in scenarios");
  scenarios->callback([&exit_code] {
    for (const auto& s : sim::ListScenarios(BuiltinScenarioDir())) {
      std::printf("%-20s %s\n", s.name.c_str(), s.description.c_str());
    }
    exit_code = 0;
  });

  auto markdown = std::make_shared<bool>(false);
  auto* params = app.add_subcommand(
      "params", "列出全部参数 List every simulation parameter with default, unit, range, source");
  params->add_flag("--markdown", *markdown, "Print docs/parameters.md");
  params->callback([markdown, &exit_code] {
    if (*markdown) {
      std::fputs(sim::ParameterDocsMarkdown().c_str(), stdout);
    } else {
      for (const auto& spec : sim::ParameterTable()) {
        std::printf("%-45s %-14s %s\n", std::string(spec.key).c_str(),
                    sim::ValueToToml(spec.default_value).c_str(), std::string(spec.unit).c_str());
      }
    }
    exit_code = 0;
  });
}

}  // namespace fk::cli
