// The plan of a simulated outbreak replayed through the response chain
// (issue 13): the simulator's transmissions.csv (who infected whom, on which
// day, in which grid) and the registry (the residents in agent order, with
// household and grid) become, day by day, the cases a city would find, their
// contacts, quarantine orders with daily checks and releases, admissions and
// discharges, and the daily counts those writes must produce (the truth the
// API's answers are held to). A pure function of its inputs: no I/O, no
// clock, no randomness but a hash of the person.
//
// The course of a case (every number with its source):
//  - onset: infection + 3..7 days, uniform (mean 5; incubation mean 5.2 d,
//    Li et al. NEJM 2020, shared/reference/epi-parameters.md 1.1);
//  - report, confirmed by a positive test the same day: onset + 2..7 days,
//    uniform (mean 4.5; onset to isolation 4.6 d in Shenzhen, Bi et al.,
//    epi-parameters.md 1.6), if that day is within the replay;
//  - severity: mild 81 %, severe 14 %, critical 5 % (China CDC to 11 Feb
//    2020, epi-parameters.md 1.5); every confirmed case admitted the day it
//    is reported (Wuhan from 2 Feb 2020: confirmed cases in hospitals,
//    wuhan-2020.md): mild to a shelter hospital's general bed, severe to a
//    designated hospital's general bed, critical to its ICU;
//  - discharged (recovered) at onset + 21 days, + 23 for severe and critical
//    (Bi et al.; Verity et al. 22.6 d, epi-parameters.md 1.4 and 1.6), the
//    day after the report at the earliest.
// Contacts of a case, listed the day it is reported: the persons it infected
// by then (setting from the simulator's layer, last exposure the day of the
// infection), then its household, then residents of its grid, until
// `contacts_per_case` (its infectees are all listed even beyond it); never a
// person who is a case by then, nor one twice for a case. Each listed person
// not in quarantine is ordered into home quarantine from the last exposure
// for 14 days (ops/quarantine/quarantine.hpp), checked every day from the
// order's day to the period's last day, released on its end day with a
// negative test of the day before, or converted the day they are reported.
// Order of a day: releases, discharges, cases (with conversion, contacts,
// orders, admission), then checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace fk::api::replay {

// One row of transmissions.csv (sim/output/run_writer.cpp).
struct Infection {
  uint32_t person = 0;  // the infectee (agent index)
  int64_t day = 0;      // days since 1970-01-01 (from the row's date)
  std::optional<uint32_t> infector;
  std::string layer;  // household, workplace, school, community, seed, ...
  std::string grid_code;
};

// The rows of a transmissions.csv text. kInvalidArgument naming the line.
Result<std::vector<Infection>> ReadTransmissions(std::string_view csv);

// A registered resident; the registry's residents in agent order (the demo
// city stores the simulator's agents in that order).
struct Resident {
  int64_t id = 0, household_id = 0;
  std::string grid_code;
};

struct PlanOptions {
  int64_t first_day = 0, last_day = 0;  // the replayed days (days since 1970), inclusive
  int contacts_per_case = 0;            // 0: infectees and household only
  // Cases due before first_day reported on it, as a backlog counted at once
  // (Wuhan's clinically diagnosed cases on 12 Feb 2020, wuhan-2020.md);
  // false: left out.
  bool backlog = false;
  // At most this many cases a day (0: no limit); the others due that day,
  // in (due day, person) order, are left out.
  int64_t max_cases_per_day = 0;
};

struct ContactStep {
  uint32_t person = 0;
  std::string setting;  // household, workplace, school, public_place
  int64_t last_exposure = 0;
  bool orders = false;  // not in quarantine: ordered now
};

struct CaseStep {
  uint32_t person = 0;
  int64_t onset = 0;
  std::string severity;   // mild, severe, critical
  std::string facility;   // "shelter" or "hospital"
  std::string bed_kind;   // general or icu
  bool converts = false;  // in quarantine: the order is converted
  std::vector<ContactStep> contacts;
};

struct DayPlan {
  int64_t day = 0;
  std::vector<uint32_t> releases;    // persons whose order ends today
  std::vector<uint32_t> discharges;  // persons discharged today
  std::vector<CaseStep> cases;
  std::vector<uint32_t> checks;  // persons whose order is checked today
};

// What the API must report for a day of the replay.
struct DayCounts {
  int64_t day = 0;
  int64_t new_confirmed = 0, cumulative_confirmed = 0;
  int64_t contacts_listed = 0;          // contacts listed that day
  int64_t new_cases_from_contacts = 0;  // new cases listed as contacts on an earlier day
  int64_t orders_started = 0;           // orders whose period starts that day
  int64_t active_orders = 0;            // at the end of the day
  int64_t checks = 0;                   // checks dated that day
  int64_t shelter_occupied = 0, general_occupied = 0, icu_occupied = 0;  // at the end of the day
  bool operator==(const DayCounts&) const = default;
};

struct Plan {
  std::vector<DayPlan> days;
  std::vector<DayCounts> truth;  // one a day, first_day to last_day
  // Beds each facility needs: its most occupied day.
  int64_t shelter_beds = 0, general_beds = 0, icu_beds = 0;
};

// kInvalidArgument when a row names a person outside `residents` or in a
// grid that is not the resident's (the registry is not the simulated city).
Result<Plan> MakePlan(const std::vector<Infection>& infections,
                      const std::vector<Resident>& residents, const PlanOptions& options);

// "YYYY-MM-DD" of a day number, and back (kInvalidArgument).
std::string DayDate(int64_t day);
Result<int64_t> DayOfDate(const std::string& date);

}  // namespace fk::api::replay
