#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/dates.hpp"
#include "sim/params/measures_toml.hpp"

namespace fk::sim {
namespace {

constexpr const char* kKindNames[kMeasureKindCount] = {
    "cordon",        "school_closure",    "workplace_closure", "stay_at_home",
    "gathering_ban", "community_closure", "isolation",         "masks",
    "testing",       "contact_tracing",   "hospital",          "screening"};

// Per-layer keys of contact_tracing, in SampledLayerIndex order.
constexpr const char* kRecallKeys[4] = {"recall_grid", "recall_workplace", "recall_school",
                                        "recall_city"};
constexpr const char* kContactKeys[4] = {"contacts_grid", "contacts_workplace", "contacts_school",
                                         "contacts_city"};

// The per-grid trigger and its scope.
constexpr const char* kGridTrigger = "grid_has_confirmed";
constexpr const char* kEachGrid = "each_grid_triggered";

int KeyIndex(const char* const (&keys)[4], std::string_view key) {
  for (int i = 0; i < 4; ++i) {
    if (key == keys[i]) return i;
  }
  return -1;
}

std::string KindList() {
  std::string list;
  for (const char* name : kKindNames) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
  return list;
}

std::string Join(const std::vector<std::string_view>& xs) {
  std::string out;
  for (std::string_view x : xs) out += fmt::format("{}{}", out.empty() ? "" : ", ", x);
  return out;
}

std::string Where(std::string_view origin, const toml::node& node) {
  const toml::source_region& source = node.source();
  return fmt::format("{}:{}:{}", origin, source.begin.line, source.begin.column);
}

std::string Shown(const toml::node& node) {
  if (auto s = node.value_exact<std::string>()) return fmt::format("\"{}\"", *s);
  if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
  if (auto d = node.value_exact<double>()) return fmt::format("{}", *d);
  if (node.is_boolean()) return *node.value_exact<bool>() ? "true" : "false";
  if (node.is_array()) return "an array";
  if (node.is_table()) return "a table";
  return "a value";
}

// Reads the keys of one [[measures]] table.
class Reader {
 public:
  Reader(std::string_view origin, size_t index) : origin_(origin), index_(index) {}

  Error Fail(const toml::node& node, std::string_view key, const std::string& what) const {
    return InvalidArgument(
        fmt::format("{}: measures[{}].{}: {}", Where(origin_, node), index_, key, what));
  }

  Result<double> Number(const toml::node& node, std::string_view key, double lo, double hi,
                        std::string_view unit = "") const {
    std::optional<double> x;
    if (auto i = node.value_exact<int64_t>()) x = static_cast<double>(*i);
    if (auto d = node.value_exact<double>()) x = *d;
    if (!x) return Fail(node, key, fmt::format("expected a number, got {}", Shown(node)));
    if (!(*x >= lo && *x <= hi)) {
      return Fail(node, key,
                  fmt::format("{} is out of range; allowed {} to {}{}{}", Shown(node), lo, hi,
                              unit.empty() ? "" : " ", unit));
    }
    return *x;
  }

  Result<int> Integer(const toml::node& node, std::string_view key, int lo, int hi,
                      std::string_view unit) const {
    auto x = node.value_exact<int64_t>();
    if (!x) return Fail(node, key, fmt::format("expected an integer, got {}", Shown(node)));
    if (*x < lo || *x > hi) {
      return Fail(node, key,
                  fmt::format("{} is out of range; allowed {} to {} {}", *x, lo, hi, unit));
    }
    return static_cast<int>(*x);
  }

  // A day number, a date (TOML date or "YYYY-MM-DD"), or for a start a
  // trigger "metric > number".
  Result<MeasureTime> Time(const toml::node& node, std::string_view key, bool trigger_ok) const {
    MeasureTime t;
    const std::string allowed =
        trigger_ok ? "a day number, a date YYYY-MM-DD or a trigger such as \"symptomatic_daily > "
                     "50\""
                   : "a day number or a date YYYY-MM-DD";
    if (auto i = node.value_exact<int64_t>()) {
      if (*i < 0 || *i > 3650) {
        return Fail(node, key, fmt::format("day {} is out of range; allowed 0 to 3650", *i));
      }
      t.kind = MeasureTime::Kind::kDay;
      t.day = static_cast<int>(*i);
      return t;
    }
    if (auto date = node.value_exact<toml::date>()) {
      t.kind = MeasureTime::Kind::kDate;
      t.date = fmt::format("{:04}-{:02}-{:02}", date->year, date->month, date->day);
      return t;
    }
    auto text = node.value_exact<std::string>();
    if (!text) return Fail(node, key, fmt::format("expected {}, got {}", allowed, Shown(node)));
    if (ParseDate(*text).ok()) {
      t.kind = MeasureTime::Kind::kDate;
      t.date = *text;
      return t;
    }
    if (trigger_ok && *text == kGridTrigger) {
      t.kind = MeasureTime::Kind::kTrigger;
      t.metric = kGridTrigger;
      return t;
    }
    auto gt = text->find('>');
    if (!trigger_ok || gt == std::string::npos) {
      return Fail(node, key, fmt::format("\"{}\" is not {}", *text, allowed));
    }
    std::string metric = text->substr(0, gt);
    std::string number = text->substr(gt + 1);
    auto trim = [](std::string& s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
    };
    trim(metric);
    trim(number);
    const auto& metrics = TriggerMetrics();
    if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) {
      return Fail(node, key,
                  fmt::format("trigger \"{}\": unknown metric \"{}\"; allowed metrics: {}", *text,
                              metric, Join(metrics)));
    }
    char* end = nullptr;
    double threshold = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(threshold) ||
        threshold < 0) {
      return Fail(
          node, key,
          fmt::format("trigger \"{}\": expected \"{} > N\" with a number N >= 0", *text, metric));
    }
    t.kind = MeasureTime::Kind::kTrigger;
    t.metric = metric;
    t.threshold = threshold;
    return t;
  }

 private:
  std::string_view origin_;
  size_t index_;
};

std::string TimeToToml(const MeasureTime& t) {
  switch (t.kind) {
    case MeasureTime::Kind::kDay:
      return std::to_string(t.day);
    case MeasureTime::Kind::kDate:
      return fmt::format("\"{}\"", t.date);
    case MeasureTime::Kind::kTrigger:
      if (t.metric == kGridTrigger) return fmt::format("\"{}\"", t.metric);
      return fmt::format("\"{} > {}\"", t.metric, t.threshold);
    case MeasureTime::Kind::kNone:
      break;
  }
  return "";
}

// Exact text of a double that reads back as the same double.
std::string Real(double x) { return fmt::format("{}", x); }

Result<MeasureSpec> ParseOne(const toml::table& table, std::string_view origin, size_t index) {
  Reader r(origin, index);
  MeasureSpec m;
  const toml::node* kind = table.get("kind");
  if (kind == nullptr) {
    return InvalidArgument(
        fmt::format("{}: measures[{}]: the key kind is missing; allowed kinds: {}",
                    Where(origin, table), index, KindList()));
  }
  auto kind_name = kind->value_exact<std::string>();
  if (!kind_name) {
    return r.Fail(*kind, "kind", fmt::format("expected a string, got {}", Shown(*kind)));
  }
  auto it = std::find_if(std::begin(kKindNames), std::end(kKindNames),
                         [&](const char* n) { return *kind_name == n; });
  if (it == std::end(kKindNames)) {
    return r.Fail(
        *kind, "kind",
        fmt::format("\"{}\" is not a measure; allowed kinds: {}", *kind_name, KindList()));
  }
  m.kind = static_cast<MeasureKind>(it - std::begin(kKindNames));
  if (m.kind == MeasureKind::kContactTracing) m.delay_days = 1;
  if (m.kind == MeasureKind::kScreening) m.facility = true;
  const std::vector<std::string_view> keys = MeasureKeys(m.kind);

  for (const auto& entry : table) {
    const toml::node& node = entry.second;
    const std::string_view key = entry.first.str();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return r.Fail(node, key,
                    fmt::format("unknown key for a measure of kind {}; allowed keys: {}",
                                *kind_name, Join(keys)));
    }
    if (key == "kind") continue;
    Status bad = Status::Ok();
    auto number = [&](double& field, double lo, double hi, std::string_view unit = "") {
      auto x = r.Number(node, key, lo, hi, unit);
      if (!x)
        bad = x.error();
      else
        field = *x;
    };
    auto integer = [&](int& field, int lo, int hi, std::string_view unit) {
      auto x = r.Integer(node, key, lo, hi, unit);
      if (!x)
        bad = x.error();
      else
        field = *x;
    };
    if (key == "start" || key == "end") {
      auto t = r.Time(node, key, key == "start");
      if (!t) return t.error();
      (key == "start" ? m.start : m.end) = *t;
    } else if (key == "duration_days") {
      integer(m.duration_days, 1, 3650, "days");
    } else if (key == "compliance") {
      number(m.compliance, 0, 1);
    } else if (key == "scope") {
      if (auto s = node.value_exact<std::string>()) {
        if (*s != "city" && *s != kEachGrid) {
          return r.Fail(node, key,
                        fmt::format("\"{}\" is not a scope; allowed: \"city\", \"{}\" or a list "
                                    "of region codes such as [\"420102\", 420103001]",
                                    *s, kEachGrid));
        }
        m.scope.clear();
        m.each_grid = *s == kEachGrid;
      } else if (const toml::array* codes = node.as_array()) {
        if (codes->empty()) {
          return r.Fail(node, key, "the list of region codes is empty; use \"city\" for the city");
        }
        for (size_t i = 0; i < codes->size(); ++i) {
          const toml::node& c = *codes->get(i);
          if (auto text = c.value_exact<std::string>()) {
            m.scope.push_back(*text);
          } else if (auto code = c.value_exact<int64_t>(); code && *code > 0) {
            m.scope.push_back(std::to_string(*code));
          } else {
            return r.Fail(c, key,
                          fmt::format("element {} is {}; expected a region code", i + 1, Shown(c)));
          }
        }
      } else {
        return r.Fail(
            node, key,
            fmt::format("expected \"city\" or a list of region codes, got {}", Shown(node)));
      }
    } else if (key == "imports_remaining") {
      number(m.imports_remaining, 0, 1);
    } else if (key == "essential_share") {
      number(m.essential_share, 0, 1);
    } else if (key == "place") {
      const char* away = m.kind == MeasureKind::kContactTracing ? "site" : "facility";
      auto place = node.value_exact<std::string>();
      if (!place || (*place != "home" && *place != away)) {
        return r.Fail(
            node, key,
            fmt::format("{} is not a place; allowed: \"home\", \"{}\"", Shown(node), away));
      }
      m.facility = *place == away;
    } else if (key == "after") {
      auto after = node.value_exact<std::string>();
      if (!after || (*after != "onset" && *after != "confirmation")) {
        return r.Fail(
            node, key,
            fmt::format("{} is not an event; allowed: \"onset\", \"confirmation\"", Shown(node)));
      }
      m.after_confirmation = *after == "confirmation";
    } else if (key == "cases_per_day") {
      number(m.cases_per_day, 0, 1e9, "cases/day");
    } else if (key == "lookback_days") {
      integer(m.lookback_days, 0, 60, "days");
    } else if (key == "quarantine_days") {
      integer(m.quarantine_days, 1, 365, "days");
    } else if (key == "recall_household") {
      number(m.recall_household, 0, 1);
    } else if (int li = KeyIndex(kRecallKeys, key); li >= 0) {
      number(m.recall[li], 0, 1);
    } else if (int ci = KeyIndex(kContactKeys, key); ci >= 0) {
      number(m.contacts[ci], 0, 1000, "contacts");
    } else if (key == "delay_days") {
      integer(m.delay_days, 0, 60, "days");
    } else if (key == "isolation_days") {
      integer(m.isolation_days, 1, 365, "days");
    } else if (key == "coverage") {
      number(m.coverage, 0, 1);
    } else if (key == "efficacy_wearer") {
      number(m.efficacy_wearer, 0, 1);
    } else if (key == "efficacy_others") {
      number(m.efficacy_others, 0, 1);
    } else if (key == "stock") {
      number(m.stock, 0, 1e15, "masks");
    } else if (key == "production_per_day") {
      number(m.production_per_day, 0, 1e12, "masks/day");
    } else if (key == "seek_delay_days") {
      integer(m.seek_delay_days, 0, 60, "days");
    } else if (key == "tests_per_day") {
      number(m.tests_per_day, 0, 1e9, "tests/day");
    } else if (key == "sensitivity") {
      number(m.sensitivity, 0, 1);
    } else if (key == "report_delay_days") {
      integer(m.report_delay_days, 0, 60, "days");
    } else if (key == "beds" || key == "icu_beds") {
      auto x = r.Integer(node, key, 0, 100000000, "beds");
      if (!x) return x.error();
      (key == "beds" ? m.beds : m.icu_beds) = *x;
    } else if (key == "household_ration") {
      number(m.household_ration, 0, 1e6, "masks/household");
    } else if (key == "ration_days") {
      integer(m.ration_days, 1, 365, "days");
    } else if (key == "use_per_wearer_per_day") {
      number(m.use_per_wearer_per_day, 0, 100, "masks/day");
    } else if (key == "round_days") {
      integer(m.round_days, 1, 365, "days");
    } else if (key == "households_per_day") {
      number(m.households_per_day, 1, 1e9, "households/day");
    }
    if (!bad) return bad.error();
  }
  if (m.start.kind == MeasureTime::Kind::kNone) {
    return InvalidArgument(fmt::format(
        "{}: measures[{}]: the key start is missing; allowed: a day number, a date YYYY-MM-DD or "
        "a trigger such as \"symptomatic_daily > 50\"",
        Where(origin, table), index));
  }
  if (m.end.kind != MeasureTime::Kind::kNone && m.duration_days > 0) {
    return InvalidArgument(fmt::format("{}: measures[{}]: give end or duration_days, not both",
                                       Where(origin, table), index));
  }
  const bool grid_trigger =
      m.start.kind == MeasureTime::Kind::kTrigger && m.start.metric == kGridTrigger;
  if (grid_trigger != m.each_grid) {
    return InvalidArgument(fmt::format(
        "{}: measures[{}]: start = \"{}\" and scope = \"{}\" go together; allowed: both or "
        "neither",
        Where(origin, table), index, kGridTrigger, kEachGrid));
  }
  if (m.each_grid) {
    const bool grid_kind =
        m.kind == MeasureKind::kSchoolClosure || m.kind == MeasureKind::kWorkplaceClosure ||
        m.kind == MeasureKind::kStayAtHome || m.kind == MeasureKind::kGatheringBan ||
        m.kind == MeasureKind::kCommunityClosure;
    if (!grid_kind) {
      return InvalidArgument(fmt::format(
          "{}: measures[{}].scope: \"{}\" is not for a measure of kind {}; allowed kinds: "
          "school_closure, workplace_closure, stay_at_home, gathering_ban, community_closure",
          Where(origin, table), index, kEachGrid, MeasureKindName(m.kind)));
    }
    if (m.duration_days == 0 || m.end.kind != MeasureTime::Kind::kNone) {
      return InvalidArgument(fmt::format(
          "{}: measures[{}]: scope = \"{}\" needs duration_days (how long each grid stays "
          "under the measure after its latest confirmed case) and no end",
          Where(origin, table), index, kEachGrid));
    }
  }
  if (m.kind == MeasureKind::kHospital && !m.scope.empty()) {
    return InvalidArgument(fmt::format(
        "{}: measures[{}].scope: a hospital serves the whole city; allowed scope: \"city\"",
        Where(origin, table), index));
  }
  if (m.kind == MeasureKind::kHospital && m.beds == 0 && m.icu_beds == 0) {
    return InvalidArgument(fmt::format(
        "{}: measures[{}]: a hospital needs beds or icu_beds; allowed: integers from 0 to "
        "100000000, not both 0",
        Where(origin, table), index));
  }
  if (m.kind == MeasureKind::kCordon && !m.scope.empty()) {
    return InvalidArgument(fmt::format(
        "{}: measures[{}].scope: a cordon closes the whole city; allowed scope: \"city\"",
        Where(origin, table), index));
  }
  return m;
}

}  // namespace

const char* MeasureKindName(MeasureKind kind) { return kKindNames[static_cast<int>(kind)]; }

const std::vector<std::string_view>& TriggerMetrics() {
  static const std::vector<std::string_view> metrics = {"symptomatic_daily", "deaths_cumulative",
                                                        "confirmed_daily"};
  return metrics;
}

std::vector<std::string_view> MeasureKeys(MeasureKind kind) {
  std::vector<std::string_view> keys = {"kind",          "start", "end",
                                        "duration_days", "scope", "compliance"};
  switch (kind) {
    case MeasureKind::kCordon:
      keys.push_back("imports_remaining");
      break;
    case MeasureKind::kWorkplaceClosure:
    case MeasureKind::kStayAtHome:
      keys.push_back("essential_share");
      break;
    case MeasureKind::kIsolation:
      keys.insert(keys.end(), {"place", "after", "delay_days", "isolation_days"});
      break;
    case MeasureKind::kContactTracing:
      keys.insert(keys.end(), {"place", "delay_days", "cases_per_day", "lookback_days",
                               "quarantine_days", "recall_household"});
      keys.insert(keys.end(), std::begin(kRecallKeys), std::end(kRecallKeys));
      keys.insert(keys.end(), std::begin(kContactKeys), std::end(kContactKeys));
      break;
    case MeasureKind::kMasks:
      keys.insert(keys.end(),
                  {"coverage", "efficacy_wearer", "efficacy_others", "stock", "production_per_day",
                   "use_per_wearer_per_day", "household_ration", "ration_days"});
      break;
    case MeasureKind::kTesting:
      keys.insert(keys.end(),
                  {"seek_delay_days", "tests_per_day", "sensitivity", "report_delay_days"});
      break;
    case MeasureKind::kHospital:
      keys.erase(std::find(keys.begin(), keys.end(), "compliance"));
      keys.insert(keys.end(), {"beds", "icu_beds"});
      break;
    case MeasureKind::kScreening:
      keys.insert(keys.end(), {"place", "isolation_days", "round_days", "households_per_day"});
      break;
    default:
      break;
  }
  return keys;
}

bool operator==(const MeasureTime& a, const MeasureTime& b) {
  return a.kind == b.kind && a.day == b.day && a.date == b.date && a.metric == b.metric &&
         a.threshold == b.threshold;
}

bool operator==(const MeasureSpec& a, const MeasureSpec& b) {
  return a.kind == b.kind && a.start == b.start && a.end == b.end &&
         a.duration_days == b.duration_days && a.scope == b.scope && a.each_grid == b.each_grid &&
         a.compliance == b.compliance && a.imports_remaining == b.imports_remaining &&
         a.essential_share == b.essential_share && a.facility == b.facility &&
         a.delay_days == b.delay_days && a.isolation_days == b.isolation_days &&
         a.coverage == b.coverage && a.efficacy_wearer == b.efficacy_wearer &&
         a.efficacy_others == b.efficacy_others && a.stock == b.stock &&
         a.production_per_day == b.production_per_day &&
         a.use_per_wearer_per_day == b.use_per_wearer_per_day &&
         a.seek_delay_days == b.seek_delay_days && a.tests_per_day == b.tests_per_day &&
         a.sensitivity == b.sensitivity && a.report_delay_days == b.report_delay_days &&
         a.after_confirmation == b.after_confirmation && a.cases_per_day == b.cases_per_day &&
         a.lookback_days == b.lookback_days && a.quarantine_days == b.quarantine_days &&
         a.recall_household == b.recall_household && a.recall == b.recall &&
         a.contacts == b.contacts && a.household_ration == b.household_ration &&
         a.ration_days == b.ration_days && a.beds == b.beds && a.icu_beds == b.icu_beds &&
         a.round_days == b.round_days && a.households_per_day == b.households_per_day;
}

Result<std::vector<MeasureSpec>> ParseMeasures(const toml::node& node, std::string_view origin) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return InvalidArgument(fmt::format("{}: measures: expected [[measures]] tables, got {}",
                                       Where(origin, node), Shown(node)));
  }
  std::vector<MeasureSpec> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = array->get(i)->as_table();
    if (table == nullptr) {
      return InvalidArgument(fmt::format("{}: measures[{}]: expected a table, got {}",
                                         Where(origin, *array->get(i)), i + 1,
                                         Shown(*array->get(i))));
    }
    auto m = ParseOne(*table, origin, i + 1);
    if (!m) return m.error();
    out.push_back(std::move(*m));
  }
  return out;
}

std::string MeasuresToToml(const std::vector<MeasureSpec>& measures) {
  std::string text;
  for (const MeasureSpec& m : measures) {
    text += fmt::format("\n[[measures]]\nkind = \"{}\"\nstart = {}\n", MeasureKindName(m.kind),
                        TimeToToml(m.start));
    if (m.end.kind != MeasureTime::Kind::kNone)
      text += fmt::format("end = {}\n", TimeToToml(m.end));
    if (m.duration_days > 0) text += fmt::format("duration_days = {}\n", m.duration_days);
    if (m.each_grid) {
      text += fmt::format("scope = \"{}\"\n", kEachGrid);
    } else if (m.scope.empty()) {
      text += "scope = \"city\"\n";
    } else {
      std::string codes;
      for (const std::string& c : m.scope)
        codes += fmt::format("{}\"{}\"", codes.empty() ? "" : ", ", c);
      text += fmt::format("scope = [{}]\n", codes);
    }
    if (m.kind != MeasureKind::kHospital)
      text += fmt::format("compliance = {}\n", Real(m.compliance));
    for (std::string_view key : MeasureKeys(m.kind)) {
      if (key == "imports_remaining")
        text += fmt::format("imports_remaining = {}\n", Real(m.imports_remaining));
      if (key == "essential_share")
        text += fmt::format("essential_share = {}\n", Real(m.essential_share));
      if (key == "place") {
        const char* away = m.kind == MeasureKind::kContactTracing ? "site" : "facility";
        text += fmt::format("place = \"{}\"\n", m.facility ? away : "home");
      }
      if (key == "after")
        text += fmt::format("after = \"{}\"\n", m.after_confirmation ? "confirmation" : "onset");
      if (key == "cases_per_day" && m.cases_per_day >= 0)
        text += fmt::format("cases_per_day = {}\n", Real(m.cases_per_day));
      if (key == "lookback_days") text += fmt::format("lookback_days = {}\n", m.lookback_days);
      if (key == "quarantine_days")
        text += fmt::format("quarantine_days = {}\n", m.quarantine_days);
      if (key == "recall_household")
        text += fmt::format("recall_household = {}\n", Real(m.recall_household));
      if (int li = KeyIndex(kRecallKeys, key); li >= 0)
        text += fmt::format("{} = {}\n", key, Real(m.recall[li]));
      if (int ci = KeyIndex(kContactKeys, key); ci >= 0)
        text += fmt::format("{} = {}\n", key, Real(m.contacts[ci]));
      if (key == "delay_days") text += fmt::format("delay_days = {}\n", m.delay_days);
      if (key == "isolation_days") text += fmt::format("isolation_days = {}\n", m.isolation_days);
      if (key == "coverage") text += fmt::format("coverage = {}\n", Real(m.coverage));
      if (key == "efficacy_wearer")
        text += fmt::format("efficacy_wearer = {}\n", Real(m.efficacy_wearer));
      if (key == "efficacy_others")
        text += fmt::format("efficacy_others = {}\n", Real(m.efficacy_others));
      if (key == "stock" && m.stock >= 0) text += fmt::format("stock = {}\n", Real(m.stock));
      if (key == "production_per_day")
        text += fmt::format("production_per_day = {}\n", Real(m.production_per_day));
      if (key == "use_per_wearer_per_day")
        text += fmt::format("use_per_wearer_per_day = {}\n", Real(m.use_per_wearer_per_day));
      if (key == "seek_delay_days")
        text += fmt::format("seek_delay_days = {}\n", m.seek_delay_days);
      if (key == "tests_per_day" && m.tests_per_day >= 0)
        text += fmt::format("tests_per_day = {}\n", Real(m.tests_per_day));
      if (key == "sensitivity") text += fmt::format("sensitivity = {}\n", Real(m.sensitivity));
      if (key == "report_delay_days")
        text += fmt::format("report_delay_days = {}\n", m.report_delay_days);
      if (key == "household_ration" && m.household_ration >= 0)
        text += fmt::format("household_ration = {}\n", Real(m.household_ration));
      if (key == "ration_days") text += fmt::format("ration_days = {}\n", m.ration_days);
      if (key == "beds") text += fmt::format("beds = {}\n", m.beds);
      if (key == "icu_beds") text += fmt::format("icu_beds = {}\n", m.icu_beds);
      if (key == "round_days") text += fmt::format("round_days = {}\n", m.round_days);
      if (key == "households_per_day" && m.households_per_day >= 0)
        text += fmt::format("households_per_day = {}\n", Real(m.households_per_day));
    }
  }
  return text;
}

int MeasureDay(const MeasureTime& time, const std::string& start_date) {
  if (time.kind == MeasureTime::Kind::kDay) return time.day;
  auto start = ParseDate(start_date);
  auto date = ParseDate(time.date);
  if (!start || !date) return 0;
  return DaysFromCivil(*date) - DaysFromCivil(*start);
}

Status ValidateMeasures(const Parameters& params) {
  for (size_t i = 0; i < params.measures.size(); ++i) {
    const MeasureSpec& m = params.measures[i];
    for (const MeasureTime* t : {&m.start, &m.end}) {
      if (t->kind != MeasureTime::Kind::kDate) continue;
      if (auto d = ParseDate(t->date); !d) {
        return InvalidArgument(fmt::format("measures[{}].{}: {}", i + 1,
                                           t == &m.start ? "start" : "end", d.error().message));
      }
    }
    if (m.end.kind == MeasureTime::Kind::kNone || m.start.kind == MeasureTime::Kind::kTrigger) {
      continue;
    }
    int start = MeasureDay(m.start, params.start_date);
    int end = MeasureDay(m.end, params.start_date);
    if (end <= start) {
      return InvalidArgument(fmt::format(
          "measures[{}].end: {} (day {}) is not after start {} (day {}); the end is the first "
          "day the measure is no longer in force",
          i + 1, TimeToToml(m.end), end, TimeToToml(m.start), start));
    }
  }
  return Status::Ok();
}

}  // namespace fk::sim
