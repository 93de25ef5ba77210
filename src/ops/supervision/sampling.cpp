#include "ops/supervision/sampling.hpp"

#include <algorithm>
#include <map>

namespace fk::ops {

uint64_t RevisitKey(uint64_t seed, int64_t task_id, uint64_t purpose) {
  uint64_t z = seed ^ (static_cast<uint64_t>(task_id) * 0x9E3779B97F4A7C15ull) ^
               (purpose * 0xD1B54A32D192ED03ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::vector<RevisitDraw> DrawRevisits(uint64_t seed, int per_mille,
                                      const std::vector<VisitedTask>& tasks,
                                      std::vector<int64_t> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  // One entry a task, whatever order and repeats the caller gives.
  std::map<int64_t, std::vector<int64_t>> visitors;
  for (const auto& t : tasks) {
    auto& v = visitors[t.task_id];
    v.insert(v.end(), t.first_visitors.begin(), t.first_visitors.end());
  }
  std::vector<std::pair<uint64_t, int64_t>> keyed;
  keyed.reserve(visitors.size());
  for (const auto& [task, v] : visitors) keyed.emplace_back(RevisitKey(seed, task, 0), task);
  std::sort(keyed.begin(), keyed.end());
  const int share = std::clamp(per_mille, 0, 1000);
  const size_t take = (keyed.size() * static_cast<size_t>(share) + 999) / 1000;
  std::vector<RevisitDraw> out;
  out.reserve(take);
  for (size_t i = 0; i < take; ++i) {
    const int64_t task = keyed[i].second;
    const auto& first = visitors[task];
    std::vector<int64_t> allowed;
    for (int64_t m : members)
      if (std::find(first.begin(), first.end(), m) == first.end()) allowed.push_back(m);
    RevisitDraw d{task, {}};
    if (!allowed.empty()) d.revisitor = allowed[RevisitKey(seed, task, 1) % allowed.size()];
    out.push_back(d);
  }
  return out;
}

}  // namespace fk::ops
