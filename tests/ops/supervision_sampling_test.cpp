#include "ops/supervision/sampling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace fk::ops {
namespace {

// 500 visited households, each first visited by one or two of workers 1..6.
std::vector<VisitedTask> Tasks() {
  std::vector<VisitedTask> out;
  for (int64_t t = 1; t <= 500; ++t) {
    VisitedTask v{t * 7, {1 + t % 6}};
    if (t % 5 == 0) v.first_visitors.push_back(1 + (t + 1) % 6);
    out.push_back(v);
  }
  return out;
}

TEST(RevisitSampling, TheSameSeedGivesTheSameDrawInAnyInputOrder) {
  const auto tasks = Tasks();
  const std::vector<int64_t> members{2, 3, 5};
  const auto a = DrawRevisits(42, 100, tasks, members);
  auto shuffled = tasks;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  const auto b = DrawRevisits(42, 100, shuffled, {5, 3, 2, 3});
  ASSERT_EQ(a.size(), 50u);  // 10 % of 500
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].task_id, b[i].task_id);
    EXPECT_EQ(a[i].revisitor, b[i].revisitor);
  }
  // Another seed draws another sample.
  const auto c = DrawRevisits(43, 100, tasks, members);
  std::set<int64_t> in_a, in_c;
  for (const auto& d : a) in_a.insert(d.task_id);
  for (const auto& d : c) in_c.insert(d.task_id);
  EXPECT_NE(in_a, in_c);
}

TEST(RevisitSampling, NeverTheFirstVisitor) {
  const auto tasks = Tasks();
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const auto draw = DrawRevisits(seed, 300, tasks, {1, 2, 3, 4, 5, 6});
    ASSERT_EQ(draw.size(), 150u);
    std::set<int64_t> seen;
    for (const auto& d : draw) {
      EXPECT_TRUE(seen.insert(d.task_id).second) << "task drawn twice";
      ASSERT_TRUE(d.revisitor.has_value());
      const auto& first = std::find_if(tasks.begin(), tasks.end(), [&](const VisitedTask& t) {
                            return t.task_id == d.task_id;
                          })->first_visitors;
      EXPECT_EQ(std::count(first.begin(), first.end(), *d.revisitor), 0)
          << "seed " << seed << " task " << d.task_id;
    }
  }
}

TEST(RevisitSampling, AHouseholdEveryMemberVisitedGetsNobody) {
  const auto draw = DrawRevisits(1, 1000, {{10, {1, 2}}, {11, {3}}}, {1, 2});
  ASSERT_EQ(draw.size(), 2u);
  for (const auto& d : draw) {
    if (d.task_id == 10) {
      EXPECT_FALSE(d.revisitor.has_value());
    } else {
      EXPECT_TRUE(d.revisitor == 1 || d.revisitor == 2);
    }
  }
}

TEST(RevisitSampling, ShareIsRoundedUpAndBounded) {
  const auto tasks = Tasks();
  EXPECT_EQ(DrawRevisits(1, 1, tasks, {9}).size(), 1u);  // 0.1 % of 500 = 0.5 -> 1
  EXPECT_EQ(DrawRevisits(1, 1000, tasks, {9}).size(), 500u);
  EXPECT_EQ(DrawRevisits(1, 0, tasks, {9}).size(), 0u);
  EXPECT_TRUE(DrawRevisits(1, 500, {}, {9}).empty());
  // Workers the draw may use are spread: each of three members gets some.
  std::map<int64_t, int> per_member;
  for (const auto& d : DrawRevisits(5, 1000, tasks, {7, 8, 9})) ++per_member[*d.revisitor];
  EXPECT_EQ(per_member.size(), 3u);
  for (const auto& [m, n] : per_member) EXPECT_GT(n, 100) << m;
}

}  // namespace
}  // namespace fk::ops
