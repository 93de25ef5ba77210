#include "sim/params/scenario.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/dates.hpp"
#include "sim/params/measures_toml.hpp"
#include "sim/params/parameter_table.hpp"

namespace fk::sim {
namespace {

constexpr double kShareTolerance = 1e-6;

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string_view Expected(const ParameterSpec& spec) {
  switch (spec.type) {
    case ParamType::kInteger:
      return "an integer";
    case ParamType::kReal:
      return "a number";
    case ParamType::kDate:
      return "a date YYYY-MM-DD";
    case ParamType::kRealArray:
      break;
  }
  return "an array of numbers";
}

Error WrongType(const ParameterSpec& spec, const toml::node& node) {
  if (spec.type == ParamType::kRealArray) {
    return InvalidArgument(fmt::format("{}: expected an array of {} numbers, got {}", spec.key,
                                       spec.length, TypeName(node)));
  }
  return InvalidArgument(
      fmt::format("{}: expected {}, got {}", spec.key, Expected(spec), TypeName(node)));
}

std::optional<double> AsNumber(const toml::node& node) {
  if (auto i = node.value_exact<int64_t>()) return static_cast<double>(*i);
  if (auto d = node.value_exact<double>()) return *d;
  return std::nullopt;
}

// The node as a value of the spec's type, type- and range-checked.
Result<ParamValue> Convert(const ParameterSpec& spec, const toml::node& node) {
  ParamValue value;
  switch (spec.type) {
    case ParamType::kInteger:
      if (auto i = node.value_exact<int64_t>()) {
        value = *i;
      } else if (auto d = node.value_exact<double>()) {
        // 1e6 is a float in TOML; accept it where it is a whole number.
        if (std::trunc(*d) != *d || std::abs(*d) >= 9.2e18) {
          return InvalidArgument(
              fmt::format("{}: expected an integer, got {}", spec.key, ValueToToml(*d)));
        }
        value = static_cast<int64_t>(*d);
      } else {
        return WrongType(spec, node);
      }
      break;
    case ParamType::kReal:
      if (auto d = AsNumber(node)) {
        value = *d;
      } else {
        return WrongType(spec, node);
      }
      break;
    case ParamType::kDate:
      if (auto s = node.value_exact<std::string>()) {
        value = *s;
      } else if (auto date = node.value_exact<toml::date>()) {
        value = fmt::format("{:04}-{:02}-{:02}", date->year, date->month, date->day);
      } else {
        return WrongType(spec, node);
      }
      if (auto parsed = ParseDate(std::get<std::string>(value)); !parsed) {
        return InvalidArgument(fmt::format("{}: {}", spec.key, parsed.error().message));
      }
      break;
    case ParamType::kRealArray: {
      const toml::array* array = node.as_array();
      if (array == nullptr) return WrongType(spec, node);
      std::vector<double> xs;
      for (std::size_t i = 0; i < array->size(); ++i) {
        auto x = AsNumber(*array->get(i));
        if (!x) {
          return InvalidArgument(
              fmt::format("{}: expected an array of {} numbers, element {} is {}", spec.key,
                          spec.length, i + 1, TypeName(*array->get(i))));
        }
        xs.push_back(*x);
      }
      value = std::move(xs);
      break;
    }
  }
  if (Status range = CheckRange(spec, value); !range) return range.error();
  return value;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool Close(std::string_view typed, std::string_view known) {
  std::size_t d = EditDistance(typed, known);
  return d <= 2 || d <= known.size() / 3;
}

// " did you mean X?" for the closest known key, or a pointer to the docs.
// `section` is empty when the key was given without one.
std::string KeyHint(std::string_view section, std::string_view name) {
  const ParameterSpec* best = nullptr;
  std::size_t best_distance = 0;
  for (const ParameterSpec& spec : ParameterTable()) {
    if (spec.Name() == name) return fmt::format("; did you mean {}?", spec.key);
    std::size_t d = section.empty() || spec.Section() == section
                        ? EditDistance(name, spec.Name())
                        : EditDistance(fmt::format("{}.{}", section, name), spec.key);
    if (best == nullptr || d < best_distance) {
      best = &spec;
      best_distance = d;
    }
  }
  if (best != nullptr && (best_distance <= 2 || best_distance <= best->Name().size() / 3)) {
    return fmt::format("; did you mean {}?", best->key);
  }
  return "; see docs/parameters.md for the allowed keys";
}

std::string Where(std::string_view origin, const toml::node& node) {
  const toml::source_region& source = node.source();
  return fmt::format("{}:{}:{}", origin, source.begin.line, source.begin.column);
}

Error At(std::string_view origin, const toml::node& node, const std::string& message) {
  return InvalidArgument(fmt::format("{}: {}", Where(origin, node), message));
}

Status ApplySection(Parameters& params, std::string_view section, const toml::table& table,
                    std::string_view origin) {
  for (const auto& [name, node] : table) {
    std::string key = fmt::format("{}.{}", section, name.str());
    const ParameterSpec* spec = FindParameter(key);
    if (spec == nullptr) {
      return At(origin, node, fmt::format("unknown key {}{}", key, KeyHint(section, name.str())));
    }
    Result<ParamValue> value = Convert(*spec, node);
    if (!value) return At(origin, node, value.error().message);
    spec->set(params, *value);
  }
  return Status::Ok();
}

std::string SectionList() {
  std::string list;
  for (std::string_view s : ParameterSections()) {
    list += fmt::format("{}[{}]", list.empty() ? "" : ", ", s);
  }
  return list;
}

Status ApplyTopLevel(Parameters& params, const toml::table& root, std::string_view origin) {
  const auto& sections = ParameterSections();
  for (const auto& [name, node] : root) {
    std::string_view n = name.str();
    if (n == "description") {
      if (!node.is_string()) {
        return At(origin, node,
                  fmt::format("description: expected a string, got {}", TypeName(node)));
      }
      continue;
    }
    if (n == "measures") {
      auto measures = ParseMeasures(node, origin);
      if (!measures) return measures.error();
      params.measures = std::move(*measures);
      continue;
    }
    bool known = std::find(sections.begin(), sections.end(), n) != sections.end();
    if (known && node.is_table()) {
      if (Status s = ApplySection(params, n, *node.as_table(), origin); !s) return s;
      continue;
    }
    if (known) {
      return At(origin, node,
                fmt::format("{}: expected a section [{}], got {}", n, n, TypeName(node)));
    }
    if (!node.is_table()) {
      return At(origin, node, fmt::format("unknown top-level key {}{}", n, KeyHint("", n)));
    }
    auto close = std::find_if(sections.begin(), sections.end(),
                              [&](std::string_view s) { return Close(n, s); });
    if (close != sections.end()) {
      return At(origin, node, fmt::format("unknown section [{}]; did you mean [{}]?", n, *close));
    }
    return At(origin, node,
              fmt::format("unknown section [{}]; allowed sections are {}", n, SectionList()));
  }
  return Status::Ok();
}

Result<toml::table> ParseToml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(fmt::format("{}:{}:{}: malformed TOML: {}", origin,
                                       e.source().begin.line, e.source().begin.column,
                                       e.description()));
  }
}

std::string Trim(std::string_view s) {
  auto begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(begin, end - begin + 1));
}

Result<const ParameterSpec*> ResolveKey(const std::string& key) {
  if (key.find('.') != std::string::npos) {
    if (const ParameterSpec* spec = FindParameter(key)) return spec;
    auto dot = key.find('.');
    return InvalidArgument(
        fmt::format("unknown key {}{}", key, KeyHint(key.substr(0, dot), key.substr(dot + 1))));
  }
  // Names are unique across sections (a table test checks it).
  for (const ParameterSpec& spec : ParameterTable()) {
    if (spec.Name() == key) return &spec;
  }
  return InvalidArgument(fmt::format("unknown key {}{}", key, KeyHint("", key)));
}

}  // namespace

Result<Parameters> ParseScenario(std::string_view toml_text, std::string_view origin) {
  Result<toml::table> root = ParseToml(toml_text, origin);
  if (!root) return root.error();
  Parameters params = DefaultParameters();
  if (Status s = ApplyTopLevel(params, *root, origin); !s) return s.error();
  return params;
}

Result<Parameters> LoadScenarioFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error{ErrorCode::kIo, fmt::format("cannot read scenario file {}", file.string())};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseScenario(text.str(), file.string());
}

Status ApplySetting(Parameters& params, std::string_view assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    return InvalidArgument(fmt::format("--set expects key=value, got \"{}\"", assignment));
  }
  std::string key = Trim(assignment.substr(0, eq));
  std::string text = Trim(assignment.substr(eq + 1));
  Result<const ParameterSpec*> spec = ResolveKey(key);
  if (!spec) return spec.error();
  toml::table parsed;
  try {
    parsed = toml::parse("value = " + text);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(
        fmt::format("{}: \"{}\" is not a TOML value ({})", (*spec)->key, text, e.description()));
  }
  const toml::node* node = parsed.get("value");
  if (parsed.size() != 1 || node == nullptr) {
    return InvalidArgument(fmt::format("{}: \"{}\" is not a single value", (*spec)->key, text));
  }
  Result<ParamValue> value = Convert(**spec, *node);
  if (!value) return value.error();
  (*spec)->set(params, *value);
  return Status::Ok();
}

Status Validate(const Parameters& p) {
  for (const ParameterSpec& spec : ParameterTable()) {
    ParamValue value = spec.get(p);
    if (Status s = CheckRange(spec, value); !s) return s;
    if (spec.type == ParamType::kDate) {
      if (auto date = ParseDate(std::get<std::string>(value)); !date) {
        return InvalidArgument(fmt::format("{}: {}", spec.key, date.error().message));
      }
    }
  }
  if (p.initial_infections > p.population) {
    return InvalidArgument(
        fmt::format("run.initial_infections: {} is more than run.population ({})",
                    p.initial_infections, p.population));
  }
  auto check_sum = [](std::string_view key, const auto& shares) -> Status {
    double sum = 0;
    for (double x : shares) sum += x;
    if (std::abs(sum - 1.0) > kShareTolerance) {
      return InvalidArgument(
          fmt::format("{}: the shares sum to {}; they must sum to 1 (within 1e-6)", key, sum));
    }
    return Status::Ok();
  };
  if (Status s = check_sum("city.age_shares", p.age_shares); !s) return s;
  if (Status s = check_sum("city.household_size_shares", p.household_size_shares); !s) return s;
  constexpr std::string_view kBands[kAgeBands] = {"0-9",   "10-19", "20-29", "30-39", "40-49",
                                                  "50-59", "60-69", "70-79", "80+"};
  for (int b = 0; b < kAgeBands; ++b) {
    double critical = p.symptomatic_prob[b] * p.severe_prob[b] * p.critical_prob[b];
    double fatality = p.infection_fatality[b];
    if (fatality > critical) {
      return InvalidArgument(fmt::format(
          "disease.infection_fatality: in age band {} it is {:.3g} but only {:.3g} of infections "
          "become "
          "critical (symptomatic_prob × severe_prob × critical_prob), so P(death | critical) "
          "would exceed 1",
          kBands[b], fatality, critical));
    }
  }
  return ValidateMeasures(p);
}

std::string ScenarioToToml(const Parameters& params) {
  std::string text;
  for (std::string_view section : ParameterSections()) {
    text += fmt::format("{}[{}]\n", text.empty() ? "" : "\n", section);
    for (const ParameterSpec& spec : ParameterTable()) {
      if (spec.Section() != section) continue;
      text += fmt::format("{} = {}\n", spec.Name(), ValueToToml(spec.get(params)));
    }
  }
  return text + MeasuresToToml(params.measures);
}

std::vector<ScenarioInfo> ListScenarios(const std::filesystem::path& dir) {
  std::vector<ScenarioInfo> list;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
    ScenarioInfo info{entry.path().stem().string(), "", entry.path()};
    try {
      toml::table root = toml::parse_file(entry.path().string());
      info.description = root["description"].value_or(std::string());
    } catch (const toml::parse_error& e) {
      info.description = fmt::format("(malformed TOML: {})", e.description());
    }
    list.push_back(std::move(info));
  }
  std::sort(list.begin(), list.end(),
            [](const ScenarioInfo& a, const ScenarioInfo& b) { return a.name < b.name; });
  return list;
}

Result<std::filesystem::path> FindScenario(std::string_view name_or_file,
                                           const std::filesystem::path& builtin_dir) {
  std::filesystem::path given(name_or_file);
  std::error_code ec;
  if (std::filesystem::is_regular_file(given, ec)) return given;
  std::filesystem::path builtin = builtin_dir / (std::string(name_or_file) + ".toml");
  if (given.filename() == given && std::filesystem::is_regular_file(builtin, ec)) return builtin;
  std::string names;
  for (const ScenarioInfo& info : ListScenarios(builtin_dir)) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", info.name);
  }
  return Error{ErrorCode::kNotFound,
               fmt::format("no scenario file or built-in scenario named \"{}\"; built-in "
                           "scenarios: {}",
                           name_or_file, names.empty() ? "(none found)" : names)};
}

}  // namespace fk::sim
