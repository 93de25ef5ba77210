// The parameter table: the single truth for every field of Parameters — its
// TOML key, type, default, unit, allowed range, description and source.
// DefaultParameters(), the scenario parser (scenario.hpp), ScenarioToToml and
// docs/parameters.md are all derived from it; nothing else lists parameters.
//
// The table is built once on first use and is immutable afterwards; all
// functions here are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

enum class ParamType {
  kInteger,    // TOML integer (an integral float such as 1e6 is accepted too)
  kReal,       // TOML float or integer
  kDate,       // "YYYY-MM-DD" as a TOML string or a TOML local date
  kRealArray,  // TOML array of exactly `length` numbers
};

// A parameter's value, independent of its C++ member type: int64_t for
// kInteger, double for kReal, std::string for kDate, a vector for kRealArray.
using ParamValue = std::variant<int64_t, double, std::string, std::vector<double>>;

struct ParameterSpec {
  std::string_view key{};  // "section.name", e.g. "transmission.r0"
  ParamType type = ParamType::kReal;
  ParamValue default_value{};
  std::string_view unit{};  // empty for dimensionless numbers
  // Allowed range, inclusive unless min_exclusive; per element for arrays.
  // Integers use int_min/int_max, reals and arrays min/max; dates have none.
  int64_t int_min = 0, int_max = 0;
  double min = 0, max = 0;
  bool min_exclusive = false;
  std::size_t length = 0;  // kRealArray only: required number of elements
  std::string_view description{};
  std::string_view source{};  // literature, "derived: ..." or "assumption: ..."
  // Binding to the Parameters member. Set expects a value of this spec's
  // type (the kind ParamValue holds for it) that is already range-checked.
  ParamValue (*get)(const Parameters&) = nullptr;
  void (*set)(Parameters&, const ParamValue&) = nullptr;

  std::string_view Section() const { return key.substr(0, key.find('.')); }
  std::string_view Name() const { return key.substr(key.find('.') + 1); }
};

// Every parameter, grouped by section in the order run, city, disease,
// transmission. The reference is valid for the life of the program.
const std::vector<ParameterSpec>& ParameterTable();

// The table entry for a full key such as "run.days", or nullptr.
const ParameterSpec* FindParameter(std::string_view key);

// The section names in table order: run, city, disease, transmission.
const std::vector<std::string_view>& ParameterSections();

// Parameters with every field at its table default.
Parameters DefaultParameters();

// Checks a value of the spec's type against its range (and length), with the
// user-facing message of the scenario contract, e.g.
// "run.population: 500 is out of range; allowed 1000 to 100000000 agents".
Status CheckRange(const ParameterSpec& spec, const ParamValue& value);

// The allowed range as text, e.g. "1000 to 100000000 agents" or
// "greater than 0, up to 60 days".
std::string RangeText(const ParameterSpec& spec);

// A value written as TOML (floats always with a '.' or exponent, so that they
// read back as floats; dates as quoted strings; arrays inline). Exact: reading
// the text back gives the same double.
std::string ValueToToml(const ParamValue& value);

// True when every table field of a and b, and their measures, are equal.
bool SameParameters(const Parameters& a, const Parameters& b);

// docs/parameters.md: one table per section with key, default, unit, range,
// description and source. Regenerate with
// `fangkong params --markdown > docs/parameters.md`.
std::string ParameterDocsMarkdown();

}  // namespace fk::sim
