// The place of measures in the day script. A policy joins the day at fixed
// stages (see epidemic.hpp):
//
//   0. Policy    BeginDay: measures start and end (from dates, or triggers
//                on the days already recorded), stocks are drawn on, events
//                due today are applied; it fills today's transmission
//                context (who may meet whom, with what weight)
//   1. ImportInfections (scaled by the context's import factor)
//   2. Progress
//   2b. Respond  AfterProgress: today's symptom onsets, in agent order, and
//                every agent's state (read only); the policy may schedule
//                events (isolation from a date, ...), including for today,
//                and update the context
//   3. Transmit  the contact layers consult the context
//   4. Infect    OnInfection: each new infection with its infector, in
//                target order (who infected whom, for contact tracing)
//   5. Record    RecordDay: the policy adds its columns to today's record
//
// The engine calls these from one thread, between its parallel stages, in
// a fixed order with inputs that do not depend on the thread count, so a
// policy that is itself deterministic keeps runs byte-identical at any
// thread count. A run without measures has no policy and pays nothing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/run_result.hpp"
#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {

class DayPolicy {
 public:
  virtual ~DayPolicy() = default;

  // `records` are the days already run (the last one is yesterday).
  virtual void BeginDay(int day, const std::vector<DayRecord>& records,
                        TransmissionContext& context) = 0;
  // `onsets`: agents whose symptoms began today, ascending; `states`: each
  // agent's state after today's progress.
  virtual void AfterProgress(int day, const std::vector<uint32_t>& onsets,
                             std::span<const State> states, TransmissionContext& context) = 0;
  // An infection of `infectee` by `infector` in `layer` on `day` (seeds
  // and imports are not reported).
  virtual void OnInfection(int day, uint32_t infector, uint32_t infectee, Layer layer) = 0;
  virtual void RecordDay(int day, DayRecord& record) = 0;
};

}  // namespace fk::sim
