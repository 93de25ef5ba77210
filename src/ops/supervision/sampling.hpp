// Re-visit sampling for supervision (督导): from the households a screening
// campaign visited, draw a share at random and give each to a member of the
// supervision team who did not visit it the first time. Pure functions of
// their arguments (the draw is keyed by the seed and the task id, not by the
// order the tasks are given in), so the same seed gives the same sample and
// the same assignment on any machine; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fk::ops {

// A visited household of the campaign: its task and who visited it first.
struct VisitedTask {
  int64_t task_id = 0;
  std::vector<int64_t> first_visitors;  // the workers who recorded its visits
};

struct RevisitDraw {
  int64_t task_id = 0;
  // The team member who visits again; empty when every member visited the
  // household the first time (then nobody may re-visit it).
  std::optional<int64_t> revisitor;
};

// 64-bit mix of (seed, task, purpose) (SplitMix64's finalizer over their
// combination): the draw's only source of randomness.
uint64_t RevisitKey(uint64_t seed, int64_t task_id, uint64_t purpose);

// The share `per_mille` (1..1000) of `tasks`, rounded up: the tasks with the
// smallest keys, ordered by key (ties by task id); each given to one of
// `members` (sorted, duplicates ignored) that is not among its first
// visitors, chosen by a second key. Tasks given twice count once.
std::vector<RevisitDraw> DrawRevisits(uint64_t seed, int per_mille,
                                      const std::vector<VisitedTask>& tasks,
                                      std::vector<int64_t> members);

}  // namespace fk::ops
