#include "sim/params/scenario.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/params/parameter_table.hpp"

namespace fk::sim {
namespace {

const std::filesystem::path kBuiltinDir = std::filesystem::path(FANGKONG_SOURCE_DIR) / "scenarios";

// The error message of parsing `text`, or "" if it parsed.
std::string ParseError(const std::string& text) {
  Result<Parameters> p = ParseScenario(text, "test.toml");
  return p.ok() ? "" : p.error().message;
}

std::string SetError(std::string_view assignment) {
  Parameters p = DefaultParameters();
  Status s = ApplySetting(p, assignment);
  return s.ok() ? "" : s.error().message;
}

std::string ValidateError(const Parameters& p) {
  Status s = Validate(p);
  return s.ok() ? "" : s.error().message;
}

// --- ParseScenario ---

TEST(ParseScenario, EmptyTextGivesDefaults) {
  Result<Parameters> p = ParseScenario("", "empty.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(SameParameters(*p, DefaultParameters()));
}

TEST(ParseScenario, AppliesEveryKindOfValue) {
  Result<Parameters> p = ParseScenario(R"(
description = "test"
[run]
population = 2000
seed = 9223372036854775807
start_date = 2020-01-23
[disease]
symptomatic_prob = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1]
[transmission]
r0 = 3
city_weight = 0.25
)",
                                       "test.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->population, 2000);
  EXPECT_EQ(p->seed, 9223372036854775807ull);
  EXPECT_EQ(p->start_date, "2020-01-23");
  EXPECT_DOUBLE_EQ(p->symptomatic_prob[8], 1.0);
  EXPECT_DOUBLE_EQ(p->r0, 3.0);
  EXPECT_DOUBLE_EQ(p->city_weight, 0.25);
  EXPECT_EQ(p->days, DefaultParameters().days);
}

TEST(ParseScenario, AcceptsWholeFloatForInteger) {
  Result<Parameters> p = ParseScenario("[run]\npopulation = 1e6\n", "test.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->population, 1000000);
}

TEST(ParseScenario, RefusesMalformedToml) {
  EXPECT_EQ(ParseError("[run]\npopulation = \n"),
            "test.toml:2:14: malformed TOML: Error while parsing key-value pair: expected value, "
            "saw '\\n'");
}

TEST(ParseScenario, RefusesUnknownSection) {
  EXPECT_EQ(ParseError("[trasmission]\nr0 = 2\n"),
            "test.toml:1:1: unknown section [trasmission]; did you mean [transmission]?");
  EXPECT_EQ(ParseError("[interventions]\nmasks = true\n"),
            "test.toml:1:1: unknown section [interventions]; allowed sections are [run], [city], "
            "[disease], [transmission]");
}

TEST(ParseScenario, RefusesUnknownKeyWithSuggestion) {
  EXPECT_EQ(ParseError("[transmission]\nr00 = 2\n"),
            "test.toml:2:7: unknown key transmission.r00; did you mean transmission.r0?");
  EXPECT_EQ(ParseError("[run]\nr0 = 2\n"),
            "test.toml:2:6: unknown key run.r0; did you mean transmission.r0?");
  EXPECT_EQ(ParseError("[run]\nweather = 1\n"),
            "test.toml:2:11: unknown key run.weather; see docs/parameters.md for the allowed keys");
  EXPECT_EQ(ParseError("r0 = 2\n"),
            "test.toml:1:6: unknown top-level key r0; did you mean transmission.r0?");
}

TEST(ParseScenario, RefusesWrongType) {
  EXPECT_EQ(ParseError("[transmission]\nr0 = \"high\"\n"),
            "test.toml:2:6: transmission.r0: expected a number, got a string");
  EXPECT_EQ(ParseError("[run]\ndays = 2.5\n"),
            "test.toml:2:8: run.days: expected an integer, got 2.5");
  EXPECT_EQ(ParseError("[run]\nstart_date = 20200101\n"),
            "test.toml:2:14: run.start_date: expected a date YYYY-MM-DD, got an integer");
  EXPECT_EQ(ParseError("[disease]\nsevere_prob = 0.1\n"),
            "test.toml:2:15: disease.severe_prob: expected an array of 9 numbers, got a number");
  EXPECT_EQ(ParseError("[disease]\nsevere_prob = [0.1, \"x\"]\n"),
            "test.toml:2:15: disease.severe_prob: expected an array of 9 numbers, element 2 is a "
            "string");
  EXPECT_EQ(ParseError("run = 5\n"),
            "test.toml:1:7: run: expected a section [run], got an integer");
  EXPECT_EQ(ParseError("description = 3\n"),
            "test.toml:1:15: description: expected a string, got an integer");
}

TEST(ParseScenario, RefusesOutOfRange) {
  EXPECT_EQ(ParseError("[run]\npopulation = 500\n"),
            "test.toml:2:14: run.population: 500 is out of range; allowed 1000 to 100000000 "
            "agents");
  EXPECT_EQ(ParseError("[disease]\nlatent_sd = 0\n"),
            "test.toml:2:13: disease.latent_sd: 0 is out of range; allowed greater than 0, up "
            "to 60 days");
  EXPECT_EQ(ParseError("[transmission]\nr0 = -1\n"),
            "test.toml:2:6: transmission.r0: -1 is out of range; allowed 0 to 20");
  EXPECT_EQ(ParseError("[disease]\ncritical_prob = [0, 0, 0, 0, 1.5, 0, 0, 0, 0]\n"),
            "test.toml:2:17: disease.critical_prob: element 5 of 9 is 1.5, out of range; allowed "
            "0 to 1");
}

TEST(ParseScenario, RefusesArrayOfWrongLength) {
  EXPECT_EQ(ParseError("[disease]\nsevere_prob = [0.1, 0.2]\n"),
            "test.toml:2:15: disease.severe_prob: expected an array of 9 numbers, got 2");
}

TEST(ParseScenario, RefusesInvalidDate) {
  EXPECT_EQ(ParseError("[run]\nstart_date = \"2020-02-30\"\n"),
            "test.toml:2:14: run.start_date: '2020-02-30' is not a valid calendar date");
}

TEST(LoadScenarioFile, RefusesMissingFile) {
  Result<Parameters> p = LoadScenarioFile("/nonexistent/x.toml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kIo);
  EXPECT_EQ(p.error().message, "cannot read scenario file /nonexistent/x.toml");
}

// --- ApplySetting ---

TEST(ApplySetting, SetsFullAndBareKeys) {
  Parameters p = DefaultParameters();
  ASSERT_TRUE(ApplySetting(p, "transmission.r0=2.5").ok());
  EXPECT_DOUBLE_EQ(p.r0, 2.5);
  ASSERT_TRUE(ApplySetting(p, "r0 = 1.5").ok());
  EXPECT_DOUBLE_EQ(p.r0, 1.5);
  ASSERT_TRUE(ApplySetting(p, "population=1e6").ok());
  EXPECT_EQ(p.population, 1000000);
}

TEST(ApplySetting, SetsDatesQuotedOrNot) {
  Parameters p = DefaultParameters();
  ASSERT_TRUE(ApplySetting(p, "run.start_date=\"2020-01-23\"").ok());
  EXPECT_EQ(p.start_date, "2020-01-23");
  ASSERT_TRUE(ApplySetting(p, "start_date=2020-02-01").ok());
  EXPECT_EQ(p.start_date, "2020-02-01");
}

TEST(ApplySetting, SetsArrays) {
  Parameters p = DefaultParameters();
  ASSERT_TRUE(ApplySetting(p, "disease.relative_susceptibility=[1,1,1,1,1,1,1,1,1]").ok());
  for (double x : p.relative_susceptibility) EXPECT_EQ(x, 1.0);
}

TEST(ApplySetting, RefusesBadSettings) {
  EXPECT_EQ(SetError("r0"), "--set expects key=value, got \"r0\"");
  EXPECT_EQ(SetError("transmission.r0=abc"),
            "transmission.r0: \"abc\" is not a TOML value (Error while parsing value: could not "
            "determine value type)");
  EXPECT_EQ(SetError("transmission.r0=\"2\""), "transmission.r0: expected a number, got a string");
  EXPECT_EQ(SetError("run.population=500"),
            "run.population: 500 is out of range; allowed 1000 to 100000000 agents");
  EXPECT_EQ(SetError("ro=2"), "unknown key ro; did you mean transmission.r0?");
  EXPECT_EQ(SetError("transmision.r0=2"),
            "unknown key transmision.r0; did you mean transmission.r0?");
  EXPECT_EQ(SetError("disease.severe_prob=[1]"),
            "disease.severe_prob: expected an array of 9 numbers, got 1");
  EXPECT_EQ(SetError("run.days=1\nrun.seed=2"),
            "run.days: \"1\nrun.seed=2\" is not a single value");
}

// --- Validate ---

TEST(Validate, RefusesMoreSeedsThanPeople) {
  Parameters p = DefaultParameters();
  p.population = 1000;
  p.initial_infections = 1001;
  EXPECT_EQ(ValidateError(p), "run.initial_infections: 1001 is more than run.population (1000)");
}

TEST(Validate, RefusesSharesThatDoNotSumToOne) {
  Parameters p = DefaultParameters();
  p.household_size_shares[0] += 0.01;
  EXPECT_EQ(ValidateError(p),
            "city.household_size_shares: the shares sum to 1.01; they must sum to 1 (within "
            "1e-6)");
  p = DefaultParameters();
  p.age_shares[20] += 2e-6;
  EXPECT_NE(ValidateError(p), "");
  p.age_shares[20] -= 1.5e-6;  // within tolerance
  EXPECT_EQ(ValidateError(p), "");
}

TEST(Validate, RefusesDeathProbabilityAboveOneAndNamesTheBand) {
  Parameters p = DefaultParameters();
  p.critical_prob[8] = 0.2;  // 0.9 * 0.273 * 0.2 = 0.04914 < IFR 0.078
  EXPECT_EQ(ValidateError(p),
            "disease.infection_fatality: in age band 80+ it is 0.078 but only 0.0491 of "
            "infections become critical (symptomatic_prob × severe_prob × critical_prob), so "
            "P(death | critical) would exceed 1");
}

TEST(Validate, RefusesZeroSdAndBadDateSetInCode) {
  Parameters p = DefaultParameters();
  p.critical_to_death_sd = 0;
  EXPECT_EQ(ValidateError(p),
            "disease.critical_to_death_sd: 0 is out of range; allowed greater than 0, up to 60 "
            "days");
  p = DefaultParameters();
  p.start_date = "2020-1-5";
  EXPECT_EQ(ValidateError(p), "run.start_date: '2020-1-5' is not a date of the form YYYY-MM-DD");
}

// --- ScenarioToToml ---

TEST(ScenarioToToml, RoundTripsDefaults) {
  Parameters p = DefaultParameters();
  Result<Parameters> back = ParseScenario(ScenarioToToml(p), "round-trip");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(SameParameters(*back, p));
}

TEST(ScenarioToToml, RoundTripsEveryChangedValueExactly) {
  Parameters p = DefaultParameters();
  p.r0 = 0.1 + 0.2;  // not a short decimal
  p.seed = 9223372036854775807ull;
  p.start_date = "2020-01-23";
  p.imports_per_day = 3;
  p.infection_fatality[0] = 1.0 / 3.0 * 1e-5;
  p.age_shares[0] = 1e-300;
  Result<Parameters> back = ParseScenario(ScenarioToToml(p), "round-trip");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(SameParameters(*back, p));
}

// --- built-in scenarios ---

TEST(Scenarios, ListsTheBuiltIns) {
  std::vector<ScenarioInfo> list = ListScenarios(kBuiltinDir);
  std::vector<std::string> names;
  for (const ScenarioInfo& info : list) {
    names.push_back(info.name);
    EXPECT_FALSE(info.description.empty()) << info.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"default", "demo-city", "no-transmission",
                                             "well-mixed", "wuhan-2020"}));
  EXPECT_TRUE(ListScenarios("/nonexistent").empty());
}

TEST(Scenarios, EveryBuiltInParsesAndValidates) {
  for (const ScenarioInfo& info : ListScenarios(kBuiltinDir)) {
    Result<Parameters> p = LoadScenarioFile(info.path);
    ASSERT_TRUE(p.ok()) << p.error().message;
    Status s = Validate(*p);
    EXPECT_TRUE(s.ok()) << info.name << ": " << s.error().message;
  }
}

TEST(Scenarios, BuiltInsSayWhatTheyPromise) {
  Result<Parameters> def = LoadScenarioFile(kBuiltinDir / "default.toml");
  ASSERT_TRUE(def.ok());
  EXPECT_TRUE(SameParameters(*def, DefaultParameters()));

  Result<Parameters> mixed = LoadScenarioFile(kBuiltinDir / "well-mixed.toml");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->population, 200000);
  EXPECT_EQ(mixed->days, 300);
  EXPECT_EQ(mixed->r0, 2.0);
  EXPECT_EQ(mixed->household_weight, 0);
  EXPECT_EQ(mixed->grid_contacts + mixed->work_contacts + mixed->school_contacts, 0);
  EXPECT_EQ(mixed->city_contacts, 10);
  EXPECT_EQ(mixed->infectiousness_dispersion, 0);
  for (double x : mixed->relative_susceptibility) EXPECT_EQ(x, 1.0);

  Result<Parameters> none = LoadScenarioFile(kBuiltinDir / "no-transmission.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->r0, 0);
}

TEST(FindScenario, FindsBuiltInsAndFiles) {
  Result<std::filesystem::path> builtin = FindScenario("well-mixed", kBuiltinDir);
  ASSERT_TRUE(builtin.ok()) << builtin.error().message;
  EXPECT_EQ(*builtin, kBuiltinDir / "well-mixed.toml");

  std::string file = (kBuiltinDir / "no-transmission.toml").string();
  Result<std::filesystem::path> by_path = FindScenario(file, "/nonexistent");
  ASSERT_TRUE(by_path.ok());
  EXPECT_EQ(by_path->string(), file);
}

TEST(FindScenario, RefusesUnknownNameListingBuiltIns) {
  Result<std::filesystem::path> p = FindScenario("wuhan", kBuiltinDir);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(p.error().message,
            "no scenario file or built-in scenario named \"wuhan\"; built-in scenarios: "
            "default, demo-city, no-transmission, well-mixed, wuhan-2020");
}

}  // namespace
}  // namespace fk::sim
