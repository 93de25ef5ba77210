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
//  - isolation: each symptom onset in the scope, of a complying person, is
//    isolated delay_days later for isolation_days, at home (household
//    contacts only) or in a facility (none): day-bucketed events;
//  - masks: wearers (mask rank below coverage x compliance, scaled down when
//    the stock cannot cover them) transmit and catch less outside the
//    household; the stock gains production_per_day every day and loses
//    use_per_wearer_per_day for each wearer;
//  - testing: a complying person in the scope joins the test queue
//    seek_delay_days after symptom onset; up to tests_per_day are tested a
//    day, first come first tested; a test is positive with probability
//    sensitivity (everyone tested is infected: fever from other causes is
//    not modelled yet) and the case is reported confirmed
//    report_delay_days later (new_confirmed counts by report date).
// Several measures on one layer and grid: the largest share applies. A
// trigger ("symptomatic_daily > 50") is read from yesterday's record, so
// the measure starts the day after the threshold is passed.
// Deterministic: it runs on the engine's thread, in a fixed order.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
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
  void AfterProgress(int day, const std::vector<uint32_t>& onsets,
                     TransmissionContext& context) override;
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
    int64_t residents = 0;               // in the scope
    double stock = -1;                   // masks; < 0: unlimited
    bool in_force = false;
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

  const Population& pop_;
  const uint64_t seed_;
  std::vector<Measure> measures_;
  EventQueue<Event> events_;
  int64_t isolated_home_ = 0, isolated_facility_ = 0;
  // Testing: who joins the queue when, the queue (first come, first
  // tested), and positive results by report day.
  EventQueue<uint32_t> seekers_;
  std::deque<uint32_t> test_queue_;
  EventQueue<uint32_t> reports_;
  int64_t tests_done_ = 0, new_confirmed_ = 0, cumulative_confirmed_ = 0;
};

}  // namespace fk::sim
