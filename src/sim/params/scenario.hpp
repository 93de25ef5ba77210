// Scenario files (TOML) and command-line settings: read them into Parameters,
// check them, write Parameters back out, and find the built-in scenarios.
//
// A scenario file has an optional top-level `description = "..."` and the
// sections [run], [city], [disease], [transmission] with keys from the
// parameter table (parameter_table.hpp); keys it leaves out keep their
// defaults. [[measures]] tables list the measures (measures.hpp,
// measures_toml.hpp). Every refusal is an InvalidArgument (kIo/kNotFound for files)
// whose message names the key and what is allowed; the messages are part of
// the contract and tested word for word.
//
// Pure functions apart from the file reads; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

// Parses scenario text: starts from DefaultParameters() and applies every key,
// each type- and range-checked. `origin` (a file name, say) prefixes messages
// about the text as a whole: malformed TOML ("origin:3:7: ...") and unknown
// sections or keys. Cross-field rules are not checked here, because --set may
// still follow: call Validate() once all settings are applied.
Result<Parameters> ParseScenario(std::string_view toml_text, std::string_view origin);

// Reads and parses a scenario file; origin is the path as given.
Result<Parameters> LoadScenarioFile(const std::filesystem::path& file);

// Applies one `key=value` setting (from --set). The value is a TOML value:
// 2.5, "2020-01-23", 2020-01-23, [1, 1, 1]. The key is "section.name" or just
// "name" (names are unique across sections).
Status ApplySetting(Parameters& params, std::string_view assignment);

// Cross-field and range checks on complete parameters: every value within its
// table range, initial infections at most the population, share arrays summing
// to 1 within 1e-6 (they are not normalised), P(death | critical) at most 1 in
// every age band, duration SDs above 0, a valid start date.
Status Validate(const Parameters& params);

// Every parameter as scenario text, section by section; ParseScenario of the
// result gives back equal parameters.
std::string ScenarioToToml(const Parameters& params);

struct ScenarioInfo {
  std::string name;         // file stem, e.g. "well-mixed"
  std::string description;  // the file's top-level `description`, or empty
  std::filesystem::path path;
};

// The *.toml files of `dir`, sorted by name. A file that cannot be read or
// parsed is listed with a description saying so. Empty if `dir` is missing.
std::vector<ScenarioInfo> ListScenarios(const std::filesystem::path& dir);

// Resolves --scenario: an existing file path as given, else the built-in
// `builtin_dir/<name>.toml`. Unknown names are refused with a message listing
// the built-in scenarios.
Result<std::filesystem::path> FindScenario(std::string_view name_or_file,
                                           const std::filesystem::path& builtin_dir);

}  // namespace fk::sim
