// `fangkong simulate` as a user runs it: exit codes, messages, output files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Outcome RunFangkong(const std::string& args, const std::string& env = "") {
  std::string cmd = env + " " + FANGKONG_BINARY + " " + args + " 2>&1";
  Outcome o;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) o.output.append(buf.data(), n);
  int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("fangkong-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(SimulateCommand, WritesResultsAndPrintsASummary) {
  fs::path out = TempDir("run");
  Outcome o = RunFangkong("simulate --population 5000 --days 40 --lang en --out " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("attack rate"), std::string::npos) << o.output;
  for (const char* f : {"daily.csv", "summary.json", "epidemic_curve.svg", "run_info.json"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  EXPECT_FALSE(fs::exists(out / "grids.csv"));
  fs::remove_all(out);
}

TEST(SimulateCommand, OutputFilesAreByteIdenticalAtOneAndTwoThreads) {
  fs::path one = TempDir("t1"), two = TempDir("t2");
  const std::string common =
      "simulate --population 20000 --days 80 --seed 7 --grids --transmissions ";
  ASSERT_EQ(RunFangkong(common + "--threads 1 --out " + one.string()).exit_code, 0);
  ASSERT_EQ(RunFangkong(common + "--threads 2 --out " + two.string()).exit_code, 0);
  for (const char* f :
       {"daily.csv", "grids.csv", "transmissions.csv", "summary.json", "epidemic_curve.svg"}) {
    std::string a = ReadFile(one / f), b = ReadFile(two / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == b) << f << " differs between 1 and 2 threads";
  }
  fs::remove_all(one);
  fs::remove_all(two);
}

// With hospitals short of beds (and masks from a stock that runs out), the
// files are still byte-identical, and summary.json says when beds, ICU beds
// and masks ran short.
TEST(SimulateCommand, HospitalOutputsAreByteIdenticalAtOneAndTwoThreads) {
  fs::path one = TempDir("h1"), two = TempDir("h2");
  std::ofstream(one / "beds.toml") << R"([run]
start_date = "2020-01-01"
initial_infections = 30

[[measures]]
kind = "hospital"
start = 0
beds = 10
icu_beds = 3

[[measures]]
kind = "hospital"
start = "2020-02-20"
beds = 30
icu_beds = 5

[[measures]]
kind = "masks"
start = 20
stock = 100000
)";
  const std::string common = "simulate --scenario " + (one / "beds.toml").string() +
                             " --population 30000 --days 90 --seed 3 ";
  ASSERT_EQ(RunFangkong(common + "--threads 1 --out " + (one / "out").string()).exit_code, 0);
  ASSERT_EQ(RunFangkong(common + "--threads 2 --out " + (two / "out").string()).exit_code, 0);
  for (const char* f : {"daily.csv", "summary.json"}) {
    std::string a = ReadFile(one / "out" / f), b = ReadFile(two / "out" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == b) << f << " differs between 1 and 2 threads";
  }
  const std::string daily = ReadFile(one / "out" / "daily.csv");
  EXPECT_NE(daily.find(",beds_capacity,beds_used,beds_unmet,icu_capacity,icu_used,icu_unmet,"
                       "deaths_without_care,screened_households,found_by_screening\n"),
            std::string::npos);
  const std::string summary = ReadFile(one / "out" / "summary.json");
  EXPECT_NE(summary.find("\"first_date_beds_short\": \"2020-"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"first_date_icu_short\": \"2020-"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"masks_run_out_date\": \"2020-01-2"), std::string::npos) << summary;
  fs::remove_all(one);
  fs::remove_all(two);
}

TEST(SimulateCommand, BadUsageExitsWithTwoAndOneLine) {
  Outcome o = RunFangkong("simulate --no-such-flag");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.output, "fangkong: The following argument was not expected: --no-such-flag\n");
  EXPECT_EQ(RunFangkong("").exit_code, 2);
}

TEST(SimulateCommand, RefusesAPopulationOutOfRange) {
  Outcome o = RunFangkong("simulate --population 500");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.output,
            "fangkong simulate: run.population: 500 is out of range; allowed 1000 to 100000000 "
            "agents\n");
  o = RunFangkong("simulate --population -5");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("run.population: -5 is out of range"), std::string::npos) << o.output;
}

TEST(SimulateCommand, RefusesUnknownKeysAndWrongTypes) {
  Outcome o = RunFangkong("simulate --set transmission.r00=2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("transmission.r00"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("did you mean transmission.r0?"), std::string::npos) << o.output;
  o = RunFangkong("simulate --set 'transmission.r0=\"high\"'");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("transmission.r0"), std::string::npos) << o.output;
}

TEST(SimulateCommand, RefusesMalformedScenarioFiles) {
  fs::path dir = TempDir("toml");
  std::ofstream(dir / "bad.toml") << "[run]\npopulation = = 3\n";
  Outcome o = RunFangkong("simulate --scenario " + (dir / "bad.toml").string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("bad.toml:2:"), std::string::npos) << o.output;
  std::ofstream(dir / "unknown.toml") << "[run]\npopulaton = 3000\n";
  o = RunFangkong("simulate --scenario " + (dir / "unknown.toml").string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("run.populaton"), std::string::npos) << o.output;
  o = RunFangkong("simulate --scenario no-such-scenario");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("well-mixed"), std::string::npos) << o.output;
  fs::remove_all(dir);
}

TEST(SimulateCommand, RefusesAPopulationTooLargeForMemoryUpFront) {
  Outcome o = RunFangkong("simulate --population 100000000", "FANGKONG_MEMORY_LIMIT=1000000000");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find("run.population: 100000000 agents need about"), std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("but only 0.9 GiB of memory is available"), std::string::npos)
      << o.output;
}

TEST(ScenariosCommand, ListsTheBuiltInScenarios) {
  Outcome o = RunFangkong("scenarios");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* name : {"default", "well-mixed", "no-transmission"}) {
    EXPECT_NE(o.output.find(name), std::string::npos) << name;
  }
}

TEST(ParamsCommand, PrintsTheParameterDocs) {
  Outcome o = RunFangkong("params --markdown");
  EXPECT_EQ(o.exit_code, 0);
  std::ifstream in(std::string(FANGKONG_SOURCE_DIR) + "/docs/parameters.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(o.output, ss.str())
      << "regenerate with: fangkong params --markdown > docs/parameters.md";
}

}  // namespace

// `fangkong city`, the synthetic city's map (src/sim/geography).
TEST(CityCommand, SameSeedSameBytesAtOneAndTwoThreads) {
  fs::path dir = TempDir("city");
  const std::string common = "city --population 20000 --seed 5 ";
  Outcome one = RunFangkong(common + "--threads 1 --geojson " + (dir / "a.geojson").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("grids, 20000 residents"), std::string::npos) << one.output;
  ASSERT_EQ(RunFangkong(common + "--threads 2 --geojson " + (dir / "b.geojson").string()).exit_code,
            0);
  ASSERT_EQ(
      RunFangkong("city --population 20000 --seed 6 --geojson " + (dir / "c.geojson").string())
          .exit_code,
      0);
  const std::string a = ReadFile(dir / "a.geojson");
  EXPECT_EQ(a.substr(0, 30), "{\"type\":\"FeatureCollection\",\"n");
  EXPECT_TRUE(a == ReadFile(dir / "b.geojson"));
  EXPECT_FALSE(a == ReadFile(dir / "c.geojson"));
  fs::remove_all(dir);
}

TEST(CityCommand, RefusesBadInputWithOneLine) {
  Outcome no_file = RunFangkong("city --population 1000");
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_EQ(no_file.output, "fangkong: --geojson is required\n");
  Outcome density = RunFangkong("city --residents-per-km2 0 --geojson /tmp/x.geojson");
  EXPECT_EQ(density.exit_code, 2);
  Outcome small = RunFangkong("city --population 10 --geojson /tmp/x.geojson");
  EXPECT_EQ(small.exit_code, 2);
  EXPECT_EQ(small.output.rfind("fangkong city: ", 0), 0u) << small.output;
  Outcome unwritable =
      RunFangkong("city --population 1000 --geojson /nonexistent-dir/city.geojson");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_EQ(unwritable.output,
            "fangkong city: --geojson: cannot write /nonexistent-dir/city.geojson\n");
}

TEST(CompareCommand, RunsScenariosWithTheSameSeedsAndWritesTheComparison) {
  fs::path dir = TempDir("compare");
  {
    std::ofstream closed(dir / "closed.toml");
    closed << "[[measures]]\nkind = \"stay_at_home\"\nstart = 10\n";
  }
  const std::string common = "compare default " + (dir / "closed.toml").string() +
                             " --population 10000 --days 30 --runs 2 --seed 3 ";
  Outcome o = RunFangkong(common + "--threads 1 --out " + (dir / "one").string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("closed"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("seeds 3-4"), std::string::npos) << o.output;
  for (const char* f : {"compare.csv", "compare_daily.csv", "compare.svg",
                        "default/daily_bands.csv", "closed/run-4/daily.csv"}) {
    EXPECT_TRUE(fs::exists(dir / "one" / f)) << f;
  }
  ASSERT_EQ(RunFangkong(common + "--threads 2 --out " + (dir / "two").string()).exit_code, 0);
  for (const char* f : {"compare.csv", "compare_daily.csv", "compare.svg"}) {
    std::string a = ReadFile(dir / "one" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == ReadFile(dir / "two" / f)) << f << " differs between 1 and 2 threads";
  }
  fs::remove_all(dir);
}

TEST(CompareCommand, RefusesOneScenarioAndBadFilesWithOneLine) {
  Outcome one = RunFangkong("compare default");
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_EQ(one.output.rfind("fangkong: ", 0), 0u) << one.output;
  EXPECT_NE(one.output.find("scenarios"), std::string::npos) << one.output;
  Outcome same = RunFangkong("compare default default --population 1000 --days 5");
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_EQ(same.output,
            "fangkong compare: two scenarios are both named default; give each compared scenario "
            "a file name of its own\n");
  fs::path dir = TempDir("compare-bad");
  {
    std::ofstream bad(dir / "bad.toml");
    bad << "[[measures]]\nkind = \"curfew\"\nstart = 1\n";
  }
  Outcome bad = RunFangkong("compare default " + (dir / "bad.toml").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.output.rfind("fangkong compare: " + (dir / "bad.toml").string() + ": ", 0), 0u)
      << bad.output;
  EXPECT_NE(bad.output.find("\"curfew\" is not a measure"), std::string::npos) << bad.output;
  fs::remove_all(dir);
}
