#include "sim/params/parameter_table.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "sim/params/scenario.hpp"

namespace fk::sim {
namespace {

TEST(ParameterTable, KeysAreSectionDotNameAndNamesAreUnique) {
  std::set<std::string_view> names;
  const auto& sections = ParameterSections();
  for (const ParameterSpec& spec : ParameterTable()) {
    ASSERT_NE(spec.key.find('.'), std::string_view::npos) << spec.key;
    EXPECT_NE(std::find(sections.begin(), sections.end(), spec.Section()), sections.end())
        << spec.key;
    // ApplySetting accepts a bare name only because names are unique.
    EXPECT_TRUE(names.insert(spec.Name()).second) << "duplicate name " << spec.Name();
    EXPECT_EQ(FindParameter(spec.key), &spec);
  }
  EXPECT_EQ(FindParameter("transmission.nonsense"), nullptr);
}

TEST(ParameterTable, EveryEntryHasDescriptionAndSource) {
  for (const ParameterSpec& spec : ParameterTable()) {
    EXPECT_FALSE(spec.description.empty()) << spec.key;
    EXPECT_FALSE(spec.source.empty()) << spec.key;
  }
}

TEST(ParameterTable, EveryDefaultIsWithinItsRange) {
  for (const ParameterSpec& spec : ParameterTable()) {
    Status s = CheckRange(spec, spec.default_value);
    EXPECT_TRUE(s.ok()) << s.error().message;
  }
}

TEST(ParameterTable, DefaultsPassValidate) {
  Status s = Validate(DefaultParameters());
  EXPECT_TRUE(s.ok()) << s.error().message;
}

TEST(ParameterTable, DefaultsAreWhatTheTableSays) {
  Parameters p = DefaultParameters();
  EXPECT_EQ(p.population, 100000);
  EXPECT_EQ(p.start_date, "2020-01-01");
  EXPECT_EQ(p.city_code, 420100);
  EXPECT_DOUBLE_EQ(p.r0, 2.68);
  EXPECT_DOUBLE_EQ(p.infection_fatality[8], 0.0780);
  EXPECT_DOUBLE_EQ(p.household_size_shares[0], 0.2539);
}

// Each entry must be bound to its own member: changing one entry through its
// setter changes what that entry reads back and no other entry.
TEST(ParameterTable, EachEntryIsBoundToADistinctMember) {
  const Parameters defaults = DefaultParameters();
  for (const ParameterSpec& changed : ParameterTable()) {
    Parameters p = defaults;
    ParamValue other = std::visit(
        [](const auto& v) -> ParamValue {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            return std::string("2021-06-30");
          } else if constexpr (std::is_same_v<T, std::vector<double>>) {
            std::vector<double> xs = v;
            for (double& x : xs) x += 0.125;
            return xs;
          } else {
            return static_cast<T>(v + 1);
          }
        },
        changed.default_value);
    changed.set(p, other);
    EXPECT_EQ(changed.get(p), other) << changed.key;
    for (const ParameterSpec& spec : ParameterTable()) {
      if (&spec != &changed) {
        EXPECT_EQ(spec.get(p), spec.get(defaults)) << changed.key << " also changed " << spec.key;
      }
    }
  }
}

TEST(ParameterTable, RangeText) {
  EXPECT_EQ(RangeText(*FindParameter("run.population")), "1000 to 100000000 agents");
  EXPECT_EQ(RangeText(*FindParameter("run.seed")), "0 to 9223372036854775807");
  EXPECT_EQ(RangeText(*FindParameter("disease.latent_sd")), "greater than 0, up to 60 days");
  EXPECT_EQ(RangeText(*FindParameter("transmission.r0")), "0 to 20");
}

TEST(ParameterTable, ValueToTomlKeepsFloatsFloats) {
  EXPECT_EQ(ValueToToml(ParamValue(2.0)), "2.0");
  EXPECT_EQ(ValueToToml(ParamValue(1.61e-05)), "1.61e-05");
  EXPECT_EQ(ValueToToml(ParamValue(int64_t{7})), "7");
  EXPECT_EQ(ValueToToml(ParamValue(std::string("2020-01-23"))), "\"2020-01-23\"");
  EXPECT_EQ(ValueToToml(ParamValue(std::vector<double>{1, 0.5})), "[1.0, 0.5]");
}

TEST(ParameterTable, SameParametersComparesEveryField) {
  Parameters a = DefaultParameters();
  Parameters b = a;
  EXPECT_TRUE(SameParameters(a, b));
  b.critical_prob[8] = 0.7;
  EXPECT_FALSE(SameParameters(a, b));
}

TEST(ParameterTable, DocsEscapeBarsInsideCells) {
  std::string md = ParameterDocsMarkdown();
  EXPECT_NE(md.find("P(symptoms \\| infected)"), std::string::npos);
  // Every table row has exactly the 7 unescaped bars of 6 cells.
  std::istringstream lines(md);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '|') continue;
    int bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    EXPECT_EQ(bars, 7) << line;
  }
}

// docs/parameters.md is generated from the table; this fails when the
// committed file is out of date.
TEST(ParameterTable, DocsParametersMdIsUpToDate) {
  const std::string path = std::string(FANGKONG_SOURCE_DIR) + "/docs/parameters.md";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::ostringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == ParameterDocsMarkdown())
      << "docs/parameters.md differs from the parameter table; regenerate it with\n"
         "  fangkong params --markdown > docs/parameters.md";
}

}  // namespace
}  // namespace fk::sim
