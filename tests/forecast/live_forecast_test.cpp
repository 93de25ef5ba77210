// forecast/live on both backends: a demo registry becomes the simulator's
// city, the open cases are seeded in their grids, a database without cases
// gives no forecast and the reason, the forecast is the same at 1 and 2
// threads, the fitted transmission reproduces the input Rt, and a district
// with three cases gets wide bands and a note.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "api/demo/demo_data.hpp"
#include "api/endpoints/services.hpp"
#include "backends.hpp"
#include "common/dates.hpp"
#include "forecast/live/forecast_output.hpp"
#include "forecast/live/live_forecast.hpp"
#include "forecast/live/live_state.hpp"
#include "forecast/live/registry_population.hpp"
#include "ops/schema.hpp"
#include "sim/params/parameter_table.hpp"

namespace fk::forecast {
namespace {

int Day(const char* date) { return DaysFromCivil(*ParseDate(date)); }

// Onsets up to the census date of the demo's ages, so ages at the cutoff
// are the demo city's.
constexpr const char* kCutoff = "2020-11-01";

class LiveForecastTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<fk::testing::TestDb>(GetParam());
    ASSERT_TRUE(test_db_->ok()) << "database backend unavailable";
    ASSERT_TRUE(ops::MigrateOps(db()).ok());
    ops::UserOptions users;
    users.ops_limit = 1;     // crypto_pwhash_OPSLIMIT_MIN: fast tests
    users.mem_limit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
    services_ = std::make_unique<api::Services>(db(), users);
    options_.population = 8'000;
    options_.households_per_grid = 40;
    options_.seed = 3;
    options_.supply_days = 0;
    options_.notices = false;
    options_.command = false;
    options_.outbreak = false;  // the tests add their own cases
    auto created = api::CreateDemoData(*services_, options_);
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  store::Database& db() { return test_db_->db(); }

  // Residents in grid order: (id, grid).
  std::vector<std::pair<int64_t, std::string>> Residents(const std::string& prefix = "") {
    auto lease = db().Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query(
        "SELECT id, grid_code FROM residents WHERE grid_code LIKE ? ORDER BY grid_code, id",
        {prefix + "%"});
    EXPECT_TRUE(rows.ok());
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Text(1));
    return out;
  }

  // A confirmed case of `resident` in `grid`, onset `onset_day` days before
  // the cutoff, confirmed `delay` days later; recovered when `closed`.
  void AddCase(store::Transaction& tx, int64_t resident, const std::string& grid, int onset_day,
               int delay, const char* severity = "mild", bool closed = false) {
    const int cutoff = Day(kCutoff);
    const std::string onset = AddDays(Date{1970, 1, 1}, cutoff - onset_day),
                      report = AddDays(Date{1970, 1, 1}, cutoff - onset_day + delay);
    ASSERT_TRUE(tx.Exec("INSERT INTO cases (resident_id, grid_code, status, severity, onset_date, "
                        "report_date, confirmation_date, basis, outcome, outcome_date, "
                        "created_by, created_at, updated_at) VALUES (?, ?, 'confirmed', ?, ?, ?, "
                        "?, 'lab_test', ?, ?, 1, 0, 0)",
                        {resident, grid, std::string(severity), onset, report, report,
                         closed ? store::Value(std::string("recovered")) : store::Value(nullptr),
                         closed ? store::Value(std::string(kCutoff)) : store::Value(nullptr)})
                    .ok());
  }

  // `per_day` cases a day with onsets over the 40 days to 2 days before the
  // cutoff (confirmed 1-3 days after onset, so the last is reported on the
  // cutoff day), in residents spread over the region `within` (default
  // the whole city); cases with onset more than 14 days ago are closed.
  void SteadyCases(int per_day, const std::string& within = "") {
    auto pool = Residents(within);
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    size_t next = 0;
    for (int o = 41; o >= 2; --o)
      for (int k = 0; k < per_day; ++k) {
        const auto& [id, grid] = pool[(next++ * 7919) % pool.size()];
        const int delay = 1 + (k + o) % 3;
        if (delay > o) continue;
        AddCase(*tx, id, grid, o, delay, k == 0 && o < 10 ? "severe" : "mild", o > 14);
      }
    ASSERT_TRUE(tx->Commit().ok());
  }

  LiveForecastOptions Options(int threads = 1) {
    LiveForecastOptions o;
    o.days = 28;
    o.runs = 10;
    o.seed = 11;
    o.threads = threads;
    return o;
  }

  std::unique_ptr<fk::testing::TestDb> test_db_;
  std::unique_ptr<api::Services> services_;
  api::DemoOptions options_;
};

TEST_P(LiveForecastTest, RegistryBecomesTheDemoCity) {
  auto demo = api::BuildDemoCity(options_);
  ASSERT_TRUE(demo.ok());
  const sim::Parameters params = sim::DefaultParameters();
  auto city = ReadRegistryPopulation(db(), api::kDemoCity, Day(kCutoff), {}, params, 1, 1);
  ASSERT_TRUE(city.ok()) << city.error().message;
  const sim::Population& pop = city->population;
  EXPECT_EQ(pop.size(), demo->size());
  EXPECT_EQ(pop.households(), demo->households());
  EXPECT_EQ(pop.grid_count(), demo->grid_count());
  EXPECT_EQ(pop.districts.size(), demo->districts.size());
  EXPECT_EQ(pop.streets.size(), demo->streets.size());
  EXPECT_EQ(city->split_households, 0);
  // Ages from birth dates at the census day are the demo's, agent by agent
  // (grids, households and residents come in the demo's order).
  EXPECT_EQ(pop.age, demo->age);
  EXPECT_EQ(pop.sex, demo->sex);
  EXPECT_EQ(pop.household_start, demo->household_start);
  EXPECT_EQ(pop.grids.front().code, demo->grids.front().code);
  EXPECT_EQ(pop.districts.front().name, demo->districts.front().name);
  EXPECT_GT(pop.group_count(), 0u);  // workplaces and classes synthesised
  // A year later everyone has had a birthday.
  auto later = ReadRegistryPopulation(db(), api::kDemoCity, Day("2021-11-01"), {}, params, 1, 1);
  ASSERT_TRUE(later.ok());
  int64_t older = 0;
  for (uint32_t a = 0; a < pop.size(); ++a)
    older += later->population.age[a] == std::min(100, pop.age[a] + 1);
  EXPECT_EQ(older, pop.size());
}

TEST_P(LiveForecastTest, OpenCasesAreSeededInTheirGrids) {
  SteadyCases(3);
  // One case isolated by an active quarantine order (the demo may hold others).
  auto people = Residents();
  auto before = ReadLiveState(db(), api::kDemoCity, Day(kCutoff));
  ASSERT_TRUE(before.ok()) << before.error().message;
  {
    auto lease = db().Acquire();
    auto open = (*lease)->Query(
        "SELECT resident_id, grid_code FROM cases WHERE outcome IS NULL "
        "ORDER BY resident_id LIMIT 1");
    ASSERT_TRUE(open.ok() && !open->empty());
    ASSERT_TRUE((*lease)
                    ->Exec("INSERT INTO quarantine_orders (resident_id, grid_code, place, room, "
                           "start_day, days, end_day, first_due_day, status, created_by, "
                           "created_at) VALUES (?, ?, 'home', '', 0, 14, 14, 0, 'active', 1, 0)",
                           {open->front().Int(0), open->front().Text(1)})
                    .ok());
  }
  auto live = ReadLiveState(db(), api::kDemoCity, Day(kCutoff));
  ASSERT_TRUE(live.ok()) << live.error().message;
  std::vector<int64_t> ids;
  for (const OpenCase& c : live->open_cases) ids.push_back(c.resident_id);
  EXPECT_EQ(live->open_cases.size(), 3u * 13 - 1);  // onsets 2..14 days ago; one delay too long
  EXPECT_EQ(live->quarantined, before->quarantined + 1);
  EXPECT_TRUE(live->open_cases.front().isolated);
  int severe = 0;
  for (const OpenCase& c : live->open_cases) severe += c.state == sim::State::kSevere;
  EXPECT_EQ(severe, 7);  // k == 0 on onset days 3..9 (day 2's has too long a delay)
  auto city = ReadRegistryPopulation(db(), api::kDemoCity, Day(kCutoff), ids,
                                     sim::DefaultParameters(), 1, 1);
  ASSERT_TRUE(city.ok());
  ASSERT_EQ(city->agents.size(), ids.size());
  for (const OpenCase& c : live->open_cases) {
    const uint32_t agent = AgentOf(*city, c.resident_id);
    ASSERT_NE(agent, sim::kNoGroup);
    EXPECT_EQ(city->population.grids[city->population.GridOf(agent)].code, c.grid);
  }
  // The forecast seeds them: open cases by district add up.
  auto f = RunLiveForecast(db(), Options());
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->open_cases, static_cast<int64_t>(ids.size()));
  EXPECT_EQ(f->isolated_cases, 1);
  std::map<std::string, int64_t> by_district;
  for (const OpenCase& c : live->open_cases) ++by_district[c.grid.substr(0, 6)];
  int64_t sum = 0;
  for (size_t r = 1; r < f->regions.size(); ++r) {
    EXPECT_EQ(f->regions[r].open_cases, by_district[f->regions[r].code]) << f->regions[r].code;
    sum += f->regions[r].open_cases;
  }
  EXPECT_EQ(sum, f->regions.front().open_cases);
  EXPECT_EQ(f->regions.front().residents, options_.population);
  // Day 0's bed demand holds at least the severe cases seeded (they are
  // still in hospital the next morning unless they recover at once).
  EXPECT_GE(f->regions.front().beds.front().median, 4);
  EXPECT_GT(f->undetected.total, 0);
}

TEST_P(LiveForecastTest, NoCasesGiveNoForecastAndTheReason) {
  auto f = RunLiveForecast(db(), Options());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(
      f.error().message,
      "无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset date: no forecast");
  // The command says the same and exits with 1.
  const std::string cmd =
      std::string(FANGKONG_BINARY) + " forecast --db '" + test_db_->url() + "' --runs 2 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 1);
  EXPECT_EQ(out,
            "fangkong: 无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset date: "
            "no forecast\n");
}

// Runs `fangkong <args>` and returns (exit code, stdout and stderr).
std::pair<int, std::string> Fangkong(const std::string& args) {
  const std::string cmd = std::string(FANGKONG_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_P(LiveForecastTest, CommandPrintsJsonOrATableAndWritesFiles) {
  SteadyCases(3);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fk_forecast_out_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string db = "--db '" + test_db_->url() + "' --runs 3 --days 7";
  auto [code, out] = Fangkong("forecast " + db + " --json --out " + dir.string());
  ASSERT_EQ(code, 0) << out;
  const auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json["cutoff"], kCutoff);
  EXPECT_EQ(json["dates"].size(), 7u);
  EXPECT_EQ(json["dates"][0], "2020-11-02");
  const size_t regions = json["regions"].size();
  EXPECT_GT(regions, 2u);  // the city and its districts
  EXPECT_EQ(json["regions"][0]["code"], api::kDemoCity);
  EXPECT_EQ(json["regions"][1]["new_cases"].size(), 7u);
  // The files: the same JSON, a CSV row per region and day, an SVG chart.
  std::ifstream j(dir / "forecast.json"), c(dir / "forecast.csv"), v(dir / "forecast.svg");
  EXPECT_EQ(nlohmann::json::parse(j), json);
  size_t lines = 0;
  for (std::string line; std::getline(c, line);) ++lines;
  EXPECT_EQ(lines, 1 + 7 * regions);
  std::string svg((std::istreambuf_iterator<char>(v)), {});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("data-series=\"beds_median\""), std::string::npos);
  std::filesystem::remove_all(dir);
  // The table, in Chinese with English, or English alone.
  auto [zh_code, zh] = Fangkong("forecast " + db);
  EXPECT_EQ(zh_code, 0);
  EXPECT_NE(zh.find("逐日预测 daily forecast 420100"), std::string::npos) << zh;
  auto [en_code, en] = Fangkong("forecast " + db + " --lang en");
  EXPECT_EQ(en_code, 0);
  EXPECT_NE(en.find("daily forecast 420100"), std::string::npos) << en;
  EXPECT_EQ(en.find("逐日预测"), std::string::npos);
}

TEST_P(LiveForecastTest, SameSeedSameForecastAtOneAndTwoThreads) {
  SteadyCases(3);
  auto one = RunLiveForecast(db(), Options(1));
  auto two = RunLiveForecast(db(), Options(2));
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(ForecastToJson(*one).dump(), ForecastToJson(*two).dump());
  EXPECT_EQ(ForecastToCsv(*one), ForecastToCsv(*two));
  EXPECT_EQ(ForecastToSvg(*one), ForecastToSvg(*two));
  LiveForecastOptions other = Options(1);
  other.seed = 12;
  auto three = RunLiveForecast(db(), other);
  ASSERT_TRUE(three.ok());
  EXPECT_NE(ForecastToCsv(*one), ForecastToCsv(*three));
}

TEST_P(LiveForecastTest, FittedTransmissionReproducesTheInputRt) {
  SteadyCases(6);
  LiveForecastOptions o = Options();
  o.runs = 20;
  auto f = RunLiveForecast(db(), o);
  ASSERT_TRUE(f.ok()) << f.error().message;
  // Steady cases: Rt near 1.
  EXPECT_NEAR(f->city_rt.mean, 1.0, 0.25);
  // The R given to the simulator: the same growth with its own generation
  // interval (near 1, as Rt is).
  EXPECT_NEAR(f->simulator_r, 1.0, 0.2);
  EXPECT_LT(std::abs(f->simulator_r - 1), std::abs(f->city_rt.mean - 1) + 1e-9);
  // The simulator's own reproduction number of the infections of days
  // 1-7, counted to the end of the run (three weeks later at least).
  EXPECT_NEAR(f->simulated_rt.median, f->simulator_r, 0.25)
      << "input " << f->simulator_r << ", simulated " << f->simulated_rt.median;
}

TEST_P(LiveForecastTest, ThreeCasesGiveWideBandsAndSaySo) {
  auto people = Residents();
  const std::string thick = people.front().second.substr(0, 6);  // the first district
  const std::string thin = people.back().second.substr(0, 6);    // the last
  ASSERT_NE(thin, thick);
  SteadyCases(4, thick);
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    auto in_thin = Residents(thin);
    for (int k = 0; k < 3; ++k)
      AddCase(*tx, in_thin[k * 50].first, in_thin[k * 50].second, 5 + k, 2);
    ASSERT_TRUE(tx->Commit().ok());
  }
  LiveForecastOptions o = Options();
  o.runs = 20;
  auto f = RunLiveForecast(db(), o);
  ASSERT_TRUE(f.ok()) << f.error().message;
  const RegionForecast *district = nullptr, *busy = nullptr;
  for (const auto& r : f->regions) {
    if (r.code == thin) district = &r;
    if (r.code == thick) busy = &r;
  }
  ASSERT_NE(district, nullptr);
  ASSERT_NE(busy, nullptr);
  const RegionForecast& city = f->regions.front();
  EXPECT_EQ(city.note, "");
  EXPECT_EQ(busy->note, "");
  EXPECT_NE(district->note.find("thin data"), std::string::npos) << district->note;
  EXPECT_NE(district->note.find("数据不足"), std::string::npos);
  // Relative width of the 5-95 % band of the cases over the horizon.
  auto width = [](const sim::Band& b) { return (b.p95 - b.p05) / std::max(b.median, 1e-9); };
  EXPECT_GT(width(district->total_new_cases), 1.3 * width(busy->total_new_cases)) << [&] {
    std::string s;
    for (const auto& r : f->regions)
      s += r.code + " " + std::to_string(r.open_cases) + " " + std::to_string(r.recent_cases) +
           " " + std::to_string(r.total_new_cases.p05) + "/" +
           std::to_string(r.total_new_cases.median) + "/" + std::to_string(r.total_new_cases.p95) +
           "\n";
    return s;
  }();
}

// What-if: the same forecast with every grid of the city closed, or
// screened door to door, from the first projected day; the members share
// their random numbers, so fewer cases are the actions' doing.
TEST_P(LiveForecastTest, WhatIfActionsOnGridsCutTheCasesAndAreChecked) {
  SteadyCases(6);
  LiveForecastOptions o = Options();
  auto baseline = RunLiveForecast(db(), o);
  ASSERT_TRUE(baseline.ok()) << baseline.error().message;
  std::vector<std::string> grids;
  for (const auto& [id, grid] : Residents())
    if (grids.empty() || grids.back() != grid) grids.push_back(grid);
  using Kind = WhatIfAction::Kind;
  for (Kind kind : {Kind::kClosedManagement, Kind::kScreening}) {
    LiveForecastOptions with = o;
    with.actions = {{kind, grids, 0, 28}};
    auto f = RunLiveForecast(db(), with);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(f->cutoff, baseline->cutoff);
    EXPECT_LT(f->regions.front().total_new_cases.median,
              0.9 * baseline->regions.front().total_new_cases.median)
        << WhatIfKindName(kind);
    const nlohmann::json j = ForecastToJson(*f);
    ASSERT_EQ(j["actions"].size(), 1u);
    EXPECT_EQ(j["actions"][0]["kind"], std::string(WhatIfKindName(kind)));
    EXPECT_EQ(j["actions"][0]["grids"].size(), grids.size());
  }
  // Refused, naming the field: a code that is not a grid, a start past the horizon.
  LiveForecastOptions bad = o;
  bad.actions = {{Kind::kClosedManagement, {grids.front().substr(0, 12)}, 0, 14}};
  auto not_grid = RunLiveForecast(db(), bad);
  ASSERT_FALSE(not_grid.ok());
  EXPECT_EQ(not_grid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(not_grid.error().message.find("actions[0].grids"), std::string::npos);
  bad.actions = {{Kind::kScreening, {grids.front()}, 28, 14}};
  auto late = RunLiveForecast(db(), bad);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("actions[0].start"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, LiveForecastTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::forecast
