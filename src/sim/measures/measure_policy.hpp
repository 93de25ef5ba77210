// The measures of a scenario at work: a DayPolicy (engine/day_policy.hpp)
// that starts and ends each [[measures]] entry (measures.hpp) and turns
// the ones in force into today's transmission context.
//
//  - cordon: imports scaled by imports_remaining;
//  - school_closure, workplace_closure, stay_at_home, gathering_ban,
//    community_closure: residents of the scope whose compliance rank is
//    below the compliance are kept out of the school, work (health care and
//    essential_share of workplaces exempt), every non-household, city or
//    grid layer; as infectors and as contacts;
//  - isolation: each symptom onset (after = "onset") or each confirmed case
//    (after = "confirmation", reported by a testing measure) in the scope,
//    of a complying person, is isolated delay_days later for
//    isolation_days, at home (household contacts only) or in a facility
//    (none): day-bucketed events;
//  - masks: wearers (mask rank below coverage x compliance, scaled down when
//    the stock cannot cover them) transmit and catch less outside the
//    household; the stock gains production_per_day every day and loses
//    use_per_wearer_per_day for each wearer; with a household ration, a
//    day's use is at most households x household_ration / ration_days;
//  - testing: a complying person in the scope joins the test queue
//    seek_delay_days after symptom onset; up to tests_per_day are tested a
//    day, first come first tested; a test of an infected person is
//    positive with probability sensitivity and the case is reported
//    confirmed report_delay_days later (new_confirmed counts by report
//    date); a person with fever from another cause tests negative;
//  - fever from other causes (with a testing, isolation or screening
//    measure in the scenario): each day Poisson(disease.other_fever_per_100k
//    of the month x residents / 100,000) draws of a resident; a drawn
//    resident who is susceptible or recovered has a fever for
//    disease.other_fever_days days from today: an onset for testing and
//    isolation (after = "onset") like a case's, and found by screening;
//  - screening (拉网式排查): while in force, households_per_day households
//    of the scope are visited a day (default: all of them in round_days),
//    grid by grid in household order, starting over after the last; a
//    visited resident with mild symptoms or a fever from another cause, not
//    already isolated or quarantined, is found if it complies, isolated
//    that day for isolation_days (in a facility, or at home) and tested
//    first by a testing measure in force (severe and critical cases are
//    taken to be in care already);
//  - contact_tracing: each confirmed case in the scope is traced
//    delay_days after its report, up to cases_per_day a day (first
//    reported, first traced). Its household members (each recalled with
//    recall_household), the people it infected and the person who infected
//    it outside the household (from who infected whom, infected within
//    lookback_days, each recalled with the recall of the layer of that
//    infection) are quarantined for quarantine_days if they comply: at
//    home (household contacts only) or in a site (none). The uninfected
//    close contacts met outside the household are not listed: a Poisson
//    count per layer the case belongs to (contacts_<layer> x
//    recall_<layer> x compliance) joins the quarantine load for
//    quarantine_days. A quarantined person whose symptoms begin is tested
//    that day (joins the front of a testing measure's queue, whatever its
//    compliance). Who infected whom is kept only when a tracing measure
//    exists, from lookback_days before its start (any day for a trigger):
//    one hash entry and one list entry per infection.
//  - hospital: while in force, its beds and ICU beds are staffed; once a
//    scenario has a hospital, the context limits beds to the sum of those in
//    force (0 before the first opens) and the engine gives them out.
//  - scope "each_grid_triggered": a closure in force in a grid from the day
//    after a resident is reported confirmed, until duration_days after the
//    latest such day; other grids are untouched.
// Several measures on one layer and grid: the largest share applies. A
// trigger ("symptomatic_daily > 50") is read from yesterday's record, so
// the measure starts the day after the threshold is passed.
// Deterministic: it runs on the engine's thread, in a fixed order.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "sim/engine/day_policy.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

class MeasurePolicy : public DayPolicy {
 public:
  // Resolves every measure against the city: dates to days, scopes to
  // grids. Refuses a region code that is not in the city, with the measure,
  // the code and what is allowed.
  static Result<std::unique_ptr<MeasurePolicy>> Create(const Parameters& params,
                                                       const Population& population);

  void BeginDay(int day, const std::vector<DayRecord>& records,
                TransmissionContext& context) override;
  void AfterProgress(int day, const std::vector<uint32_t>& onsets, std::span<const State> states,
                     TransmissionContext& context) override;
  void OnInfection(int day, uint32_t infector, uint32_t infectee, Layer layer) override;
  void RecordDay(int day, DayRecord& record) override;

  // Whether measure i (in file order) is in force on the current day.
  bool InForce(size_t i) const { return measures_[i].in_force; }

 private:
  struct Measure {
    MeasureSpec spec;
    bool waiting = false;                // a trigger not yet passed
    int start_day = 0;                   // may be before day 0 (a date before the run)
    int end_day = INT32_MAX;             // first day no longer in force
    std::vector<uint8_t> grid_in_scope;  // per grid; empty: the whole city
    std::vector<int32_t> grid_until;     // each_grid: first day no longer in force, per grid
    int64_t residents = 0;               // in the scope
    int64_t households = 0;              // in the scope (masks with a ration, screening)
    double stock = -1;                   // masks; < 0: unlimited
    bool in_force = false;
    // screening: the scope's grids, ascending, and the next household to
    // visit (the grid's position in `grids`, the household's index).
    std::vector<uint32_t> grids;
    size_t next_grid = 0;
    uint32_t next_household = 0;
  };
  // Someone waiting for a test: a case, or a person with fever from another
  // cause (who tests negative).
  struct Seeker {
    uint32_t agent;
    bool other_fever;
  };
  struct Event {
    uint32_t agent;
    uint8_t set;    // flags to set
    uint8_t clear;  // flags to clear
  };

  MeasurePolicy(const Population& population, uint64_t seed) : pop_(population), seed_(seed) {}
  bool InScope(const Measure& m, uint32_t grid) const {
    return m.grid_in_scope.empty() || m.grid_in_scope[grid];
  }
  void Apply(const Event& e, TransmissionContext& context);
  // Applies `e` now when `from` is today, else schedules it.
  void ApplyFrom(int day, int from, const Event& e, TransmissionContext& context);
  // Isolation and tracing of today's confirmed cases, then today's tracing.
  void RespondToConfirmed(int day, const std::vector<uint32_t>& confirmed,
                          TransmissionContext& context);
  void Trace(int day, const Measure& m, uint32_t agent, TransmissionContext& context);
  // Today's residents with a fever from another cause, ascending.
  std::vector<uint32_t> OtherFevers(int day, std::span<const State> states);
  // Today's onsets (cases and other fevers) join testing and isolation.
  void SeekTests(int day, const std::vector<Seeker>& onsets, TransmissionContext& context);
  void IsolateOnset(int day, const std::vector<Seeker>& onsets, TransmissionContext& context);
  void Screen(int day, Measure& m, std::span<const State> states, TransmissionContext& context);
  void Quarantine(int day, const Measure& m, uint32_t agent, TransmissionContext& context);
  const Measure* FirstInForce(MeasureKind kind) const;

  const Population& pop_;
  const uint64_t seed_;
  std::vector<Measure> measures_;
  EventQueue<Event> events_;
  int64_t isolated_home_ = 0, isolated_facility_ = 0;
  // Testing: who joins the queue when, the queue (first come, first
  // tested), and positive results by report day.
  EventQueue<Seeker> seekers_;
  std::deque<Seeker> test_queue_;
  EventQueue<uint32_t> reports_;
  int64_t tests_done_ = 0, new_confirmed_ = 0, cumulative_confirmed_ = 0;
  bool has_hospitals_ = false;
  // Fever from other causes: on when a measure reacts to it; the rate by
  // month, who has such a fever and until when (first day without).
  bool other_fever_ = false;
  std::array<double, 12> other_fever_per_100k_{};
  int other_fever_days_ = 3;
  std::string start_date_;
  std::unordered_map<uint32_t, int> febrile_until_;
  EventQueue<uint32_t> fever_ends_;
  int64_t screened_households_ = 0, found_by_screening_ = 0;
  bool masks_short_ = false;  // a stock could not cover its wearers today
  // Contact tracing: who infected whom (per infected agent: its infector,
  // the day and layer, and the head of the list of its infectees), cases
  // waiting to be traced, each quarantined agent's release day, and the
  // counted (unlisted) uninfected contacts with their releases.
  struct Node {
    uint32_t infector = UINT32_MAX;
    uint32_t first_child = UINT32_MAX;  // index into children_
    uint16_t day = 0;
    Layer layer = Layer::kSeed;
  };
  struct Child {
    uint32_t agent;
    uint32_t next;  // UINT32_MAX: the end
  };
  bool keep_links_ = false;
  int links_from_ = INT32_MAX;  // the first day whose infections are kept
  std::unordered_map<uint32_t, Node> nodes_;
  std::vector<Child> children_;
  EventQueue<uint32_t> trace_due_;
  std::deque<uint32_t> trace_queue_;
  std::unordered_map<uint32_t, int> quarantine_end_;
  EventQueue<uint32_t> releases_;
  EventQueue<int64_t> load_releases_;
  int64_t quarantined_agents_ = 0, quarantine_load_ = 0;
};

}  // namespace fk::sim
