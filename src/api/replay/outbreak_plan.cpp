#include "api/replay/outbreak_plan.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/dates.hpp"
#include "ops/quarantine/quarantine.hpp"

namespace fk::api::replay {
namespace {

// Days from infection to onset: kMinIncubation + 0..kIncubationValues-1
// (mean 5, Li et al.); onset to report: kMinReport + 0..kReportValues-1
// (mean 4.5, Bi et al.): outbreak_plan.hpp.
constexpr int64_t kMinIncubation = 3, kIncubationValues = 5;
constexpr int64_t kMinReport = 2, kReportValues = 6;
// Severity in percent (China CDC): mild below 81, severe below 95, else critical.
constexpr int64_t kMildBelow = 81, kSevereBelow = 95;
// Onset to discharge: 21 days mild, 23 severe or critical (Bi et al.; Verity et al.).
constexpr int64_t kMildStay = 21, kHospitalStay = 23;

enum Draw : uint64_t { kIncubation = 1, kReport, kSeverity, kGridStart };

// A deterministic hash of (person, purpose) over 0..n-1.
int64_t Hash(uint32_t person, Draw purpose, int64_t n) {
  uint64_t x = uint64_t{person} * 0x9E3779B97F4A7C15ULL ^ (purpose * 0xD1B54A32D192ED03ULL);
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 32;
  return static_cast<int64_t>(x % static_cast<uint64_t>(n));
}

std::string SettingOf(const std::string& layer) {
  if (layer == "household") return "household";
  if (layer == "workplace") return "workplace";
  if (layer == "school") return "school";
  return "public_place";
}

struct Course {
  int64_t report = 0, onset = 0, discharge = 0;
  std::string severity;
};

struct Admitted {
  std::string bed;  // shelter, general, icu
  int64_t discharge = 0;
};

}  // namespace

std::string DayDate(int64_t day) { return AddDays(Date{1970, 1, 1}, static_cast<int>(day)); }

Result<int64_t> DayOfDate(const std::string& date) {
  auto parsed = ParseDate(date);
  if (date.size() != 10 || !parsed.ok())
    return InvalidArgument("date: " + date + " is not a YYYY-MM-DD date");
  return int64_t{DaysFromCivil(*parsed)};
}

Result<std::vector<Infection>> ReadTransmissions(std::string_view csv) {
  std::vector<Infection> out;
  std::map<std::string, int> columns;
  size_t line_no = 0;
  while (!csv.empty()) {
    const size_t end = csv.find('\n');
    std::string_view line = csv.substr(0, end);
    csv = end == std::string_view::npos ? std::string_view{} : csv.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t from = 0;
    while (true) {
      const size_t comma = line.find(',', from);
      fields.emplace_back(line.substr(from, comma - from));
      if (comma == std::string_view::npos) break;
      from = comma + 1;
    }
    const std::string where = "transmissions.csv line " + std::to_string(line_no);
    if (columns.empty()) {
      for (int k = 0; k < static_cast<int>(fields.size()); ++k) columns[fields[k]] = k;
      for (const char* name : {"date", "infector", "infectee", "layer", "grid_code"})
        if (!columns.count(name))
          return InvalidArgument("transmissions.csv: no column " + std::string(name));
      continue;
    }
    if (fields.size() < columns.size()) return InvalidArgument(where + ": too few fields");
    Infection row;
    auto day = DayOfDate(fields[columns["date"]]);
    if (!day.ok()) return InvalidArgument(where + ": " + day.error().message);
    row.day = *day;
    try {
      row.person = static_cast<uint32_t>(std::stoul(fields[columns["infectee"]]));
      if (const std::string& by = fields[columns["infector"]]; !by.empty())
        row.infector = static_cast<uint32_t>(std::stoul(by));
    } catch (const std::exception&) {
      return InvalidArgument(where + ": infector and infectee must be agent numbers");
    }
    row.layer = fields[columns["layer"]];
    row.grid_code = fields[columns["grid_code"]];
    out.push_back(std::move(row));
  }
  return out;
}

Result<Plan> MakePlan(const std::vector<Infection>& infections,
                      const std::vector<Resident>& residents, const PlanOptions& options) {
  if (options.last_day < options.first_day) return InvalidArgument("last_day: before first_day");
  // The city as tracing sees it: households and grids of the registry.
  std::unordered_map<int64_t, std::vector<uint32_t>> households;
  std::unordered_map<std::string, std::vector<uint32_t>> grids;
  for (uint32_t p = 0; p < residents.size(); ++p) {
    households[residents[p].household_id].push_back(p);
    grids[residents[p].grid_code].push_back(p);
  }
  // Each infection's course, and who infected whom.
  std::unordered_map<uint32_t, std::vector<const Infection*>> infected_by;
  std::vector<std::pair<int64_t, uint32_t>> due;  // due report day, person
  std::unordered_map<uint32_t, Course> courses;
  for (const Infection& row : infections) {
    if (row.person >= residents.size() || residents[row.person].grid_code != row.grid_code)
      return InvalidArgument("infectee " + std::to_string(row.person) + " in grid " +
                             row.grid_code + " is not a resident of that grid");
    if (row.infector) infected_by[*row.infector].push_back(&row);
    Course c;
    c.onset = row.day + kMinIncubation + Hash(row.person, kIncubation, kIncubationValues);
    c.report = c.onset + kMinReport + Hash(row.person, kReport, kReportValues);
    const int64_t s = Hash(row.person, kSeverity, 100);
    c.severity = s < kMildBelow ? "mild" : s < kSevereBelow ? "severe" : "critical";
    c.discharge =
        std::max(c.report + 1, c.onset + (c.severity == "mild" ? kMildStay : kHospitalStay));
    const int64_t due_day = c.report;
    if (options.backlog) c.report = std::max(c.report, options.first_day);
    if (c.report < options.first_day || c.report > options.last_day) continue;
    if (!courses.emplace(row.person, c).second)
      return InvalidArgument("infectee " + std::to_string(row.person) + " infected twice");
    due.emplace_back(due_day, row.person);
  }
  // Due day (before the backlog moved it), person: the order cases are kept in.
  std::sort(due.begin(), due.end());
  std::map<int64_t, std::vector<uint32_t>> reports;  // report day: persons
  for (const auto& [unused, person] : due) {
    auto& list = reports[courses.at(person).report];
    if (options.max_cases_per_day > 0 &&
        static_cast<int64_t>(list.size()) >= options.max_cases_per_day) {
      courses.erase(person);
      continue;
    }
    list.push_back(person);
  }

  Plan plan;
  std::unordered_map<uint32_t, int64_t> active;  // person: end day of their active order
  std::unordered_map<uint32_t, int64_t> cases;   // person: report day
  std::unordered_map<uint32_t, int64_t> listed;  // person: first day listed as a contact
  std::unordered_map<uint32_t, Admitted> admitted;
  std::map<int64_t, int64_t> started;  // order start day (at least first_day): orders
  int64_t cumulative = 0;
  for (int64_t day = options.first_day; day <= options.last_day; ++day) {
    DayPlan d;
    d.day = day;
    DayCounts counts;
    counts.day = day;
    for (auto it = active.begin(); it != active.end();) {
      if (it->second == day) {
        d.releases.push_back(it->first);
        it = active.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = admitted.begin(); it != admitted.end();) {
      if (it->second.discharge == day) {
        d.discharges.push_back(it->first);
        it = admitted.erase(it);
      } else {
        ++it;
      }
    }
    std::vector<uint32_t> today = reports.count(day) ? reports[day] : std::vector<uint32_t>{};
    std::sort(today.begin(), today.end());
    for (uint32_t p : today) cases[p] = day;
    for (uint32_t p : today) {
      const Course& c = courses.at(p);
      CaseStep step;
      step.person = p;
      step.onset = c.onset;
      step.severity = c.severity;
      step.facility = c.severity == "mild" ? "shelter" : "hospital";
      step.bed_kind = c.severity == "critical" ? "icu" : "general";
      step.converts = active.erase(p) > 0;
      if (auto it = listed.find(p); it != listed.end() && it->second < day)
        ++counts.new_cases_from_contacts;
      std::unordered_set<uint32_t> on_list{p};
      auto add = [&](uint32_t q, std::string setting, int64_t exposure) {
        if (cases.count(q) || !on_list.insert(q).second) return;
        ContactStep k{q, std::move(setting), exposure, false};
        if (!active.count(q) && exposure + ops::kDefaultQuarantineDays > day) {
          k.orders = true;
          active[q] = exposure + ops::kDefaultQuarantineDays;
          ++started[std::max(exposure, options.first_day)];
        }
        listed.emplace(q, day);
        step.contacts.push_back(std::move(k));
      };
      if (auto it = infected_by.find(p); it != infected_by.end())
        for (const Infection* row : it->second)
          if (row->day <= day) add(row->person, SettingOf(row->layer), row->day);
      const size_t limit = static_cast<size_t>(options.contacts_per_case);
      const auto full = [&] { return limit > 0 && step.contacts.size() >= limit; };
      for (uint32_t q : households[residents[p].household_id]) {
        if (full()) break;
        add(q, "household", day);
      }
      const auto& grid = grids[residents[p].grid_code];
      const size_t first = static_cast<size_t>(Hash(p, kGridStart, int64_t(grid.size())));
      for (size_t k = 0; k < grid.size() && limit > 0 && !full(); ++k)
        add(grid[(first + k) % grid.size()], "public_place", day);
      counts.contacts_listed += static_cast<int64_t>(step.contacts.size());
      admitted[p] = {step.facility == "shelter" ? "shelter" : step.bed_kind, c.discharge};
      d.cases.push_back(std::move(step));
    }
    for (const auto& [person, end] : active) d.checks.push_back(person);
    std::sort(d.checks.begin(), d.checks.end());
    std::sort(d.releases.begin(), d.releases.end());
    std::sort(d.discharges.begin(), d.discharges.end());
    counts.new_confirmed = static_cast<int64_t>(today.size());
    cumulative += counts.new_confirmed;
    counts.cumulative_confirmed = cumulative;
    counts.active_orders = static_cast<int64_t>(active.size());
    counts.checks = counts.active_orders;
    for (const auto& [person, a] : admitted) {
      if (a.bed == "shelter") ++counts.shelter_occupied;
      if (a.bed == "general") ++counts.general_occupied;
      if (a.bed == "icu") ++counts.icu_occupied;
    }
    plan.shelter_beds = std::max(plan.shelter_beds, counts.shelter_occupied);
    plan.general_beds = std::max(plan.general_beds, counts.general_occupied);
    plan.icu_beds = std::max(plan.icu_beds, counts.icu_occupied);
    plan.days.push_back(std::move(d));
    plan.truth.push_back(counts);
  }
  for (DayCounts& counts : plan.truth) counts.orders_started = started[counts.day];
  return plan;
}

}  // namespace fk::api::replay
