// Measures of a scenario: the [[measures]] tables of a scenario file, as
// plain values. Each has a kind, a start (a day number, a date, or a
// trigger), an optional end or duration, a scope (the whole city or a list
// of region codes of any level), a compliance and the kind's own
// parameters; docs/model.md describes each kind, its parameters, defaults
// and sources. The scenario parser (scenario.hpp) reads and checks them;
// sim/measures/ puts them to work. Value types; copy freely.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fk::sim {

enum class MeasureKind : uint8_t {
  kCordon = 0,        // stops imported infections
  kSchoolClosure,     // school-class contacts
  kWorkplaceClosure,  // work contacts, except health care and essential work
  kStayAtHome,        // every contact outside the household, except essential work
  kGatheringBan,      // city-wide contacts (public places, transport)
  kCommunityClosure,  // closed management of residential communities: grid contacts
  kIsolation,         // cases isolated after symptom onset, at home or in a facility
  kMasks,             // masks outside the household, drawn from a stock
  kTesting,           // symptomatic people seek a test; a daily capacity; reported confirmed cases
  kContactTracing,    // contacts of confirmed cases traced and quarantined
  kHospital,          // hospital beds and ICU beds staffed while in force
  kScreening,         // door-to-door screening: households visited, the symptomatic isolated
};
inline constexpr int kMeasureKindCount = 12;
const char* MeasureKindName(MeasureKind kind);  // "cordon", "school_closure", ...

// A start or an end: a day number, a date, or (starts only) a trigger: the
// measure starts the day after `metric` exceeds `threshold` on a recorded
// day.
struct MeasureTime {
  enum class Kind : uint8_t { kNone, kDay, kDate, kTrigger };
  Kind kind = Kind::kNone;
  int day = 0;           // kDay: 0-based simulated day
  std::string date;      // kDate: YYYY-MM-DD
  std::string metric;    // kTrigger: one of TriggerMetrics()
  double threshold = 0;  // kTrigger
};

// Metrics a trigger may name: "symptomatic_daily" (symptom onsets that
// day), "deaths_cumulative", "confirmed_daily" (cases reported that day by
// a testing measure). The start "grid_has_confirmed" (no threshold) goes
// with scope "each_grid_triggered"; it is a kTrigger with that metric.
const std::vector<std::string_view>& TriggerMetrics();

struct MeasureSpec {
  MeasureKind kind = MeasureKind::kCordon;
  MeasureTime start;
  MeasureTime end;                 // first day no longer in force; kNone: see duration_days
  int duration_days = 0;           // days in force from the start; 0: until `end` or the run's end
  std::vector<std::string> scope;  // region codes; empty: the whole city
  // scope = "each_grid_triggered" (with start = "grid_has_confirmed"): in
  // force in each grid from the day after a case living there is reported
  // confirmed, for duration_days after its latest one (精准施策).
  bool each_grid = false;
  double compliance = 1;  // share of people who follow it (0-1)
  // cordon
  double imports_remaining = 0;  // share of imports still arriving
  // workplace_closure, stay_at_home
  double essential_share = 0.1;  // share of workplaces that stay open
  // isolation (and contact_tracing: place, delay_days)
  bool facility = false;    // place = "facility"/"site" (no contacts) or "home" (household only)
  int delay_days = 5;       // symptom onset (or confirmation) -> isolation; tracing: 1
  int isolation_days = 14;  // how long isolation lasts
  bool after_confirmation = false;  // after = "confirmation" (else "onset")
  // masks
  double coverage = 0.8;          // share of people wearing one outside home
  double efficacy_wearer = 0.3;   // protection of the wearer
  double efficacy_others = 0.5;   // protection of the people the wearer meets
  double stock = -1;              // masks at the start; < 0: unlimited
  double production_per_day = 0;  // masks added to the stock a day
  double use_per_wearer_per_day = 1;
  // Household rations: each household of the scope may draw
  // household_ration masks every ration_days days (< 0: no ration), which
  // caps the day's use at households x household_ration / ration_days.
  double household_ration = -1;
  int ration_days = 7;
  // testing (compliance: the share of symptomatic people who seek a test)
  int seek_delay_days = 5;    // symptom onset -> in the test queue
  double tests_per_day = -1;  // capacity; < 0: unlimited
  double sensitivity = 0.8;   // of a test of an infected person
  int report_delay_days = 2;  // positive test -> reported as confirmed
  // contact_tracing (compliance: the share of traced contacts who keep to
  // quarantine; delay_days: confirmation -> contacts quarantined; place:
  // "home" or "site")
  double cases_per_day = -1;  // confirmed cases traced a day; < 0: unlimited
  int lookback_days = 14;     // infections this many days before tracing are traced
  int quarantine_days = 14;
  // Per layer (grid, workplace, school, city; index SampledLayerIndex): the
  // share of contacts recalled, and the mean number of uninfected close
  // contacts a traced case has there (counted as quarantine load, never
  // listed). Household members are known: each recalled with
  // recall_household.
  double recall_household = 1;
  std::array<double, 4> recall = {0.5, 0.8, 0.9, 0.1};
  std::array<double, 4> contacts = {3, 5, 10, 2};
  // hospital (scope: the city; no compliance): beds for severe cases and
  // ICU beds for critical cases, staffed while in force. Once a scenario has
  // a hospital, beds are limited to the sum of those in force.
  int64_t beds = 0;
  int64_t icu_beds = 0;
  // screening (拉网式排查; compliance: the share of visited people with
  // symptoms who are found; place: "facility" (default) or "home";
  // isolation_days): rounds visit every household of the scope in
  // round_days days, households_per_day a day (< 0: the scope's
  // households / round_days), in a fixed order; a round starts again after
  // the last household while the measure is in force.
  int round_days = 3;
  double households_per_day = -1;
};

bool operator==(const MeasureTime& a, const MeasureTime& b);
bool operator==(const MeasureSpec& a, const MeasureSpec& b);

// The keys a [[measures]] table of `kind` may have, common keys first.
std::vector<std::string_view> MeasureKeys(MeasureKind kind);

}  // namespace fk::sim
