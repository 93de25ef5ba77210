#include "sim/transmission/proposal.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace fk::sim {
namespace {

TEST(SettleConflicts, SmallestDrawWinsWhateverTheInputOrder) {
  std::vector<Proposal> a = {{7, 50, 1, Layer::kGrid},
                             {3, 9, 2, Layer::kHousehold},
                             {7, 20, 3, Layer::kCity},
                             {7, 20, 2, Layer::kWorkplace},
                             {5, 1, 4, Layer::kSchool}};
  std::vector<Proposal> b(a.rbegin(), a.rend());
  SettleConflicts(a);
  SettleConflicts(b);
  ASSERT_EQ(a.size(), 3u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].target, b[i].target);
    EXPECT_EQ(a[i].infector_entry, b[i].infector_entry);
  }
  EXPECT_EQ(a[0].target, 3u);
  EXPECT_EQ(a[1].target, 5u);
  EXPECT_EQ(a[2].target, 7u);
  // Equal draws are settled by the infector.
  EXPECT_EQ(a[2].infector_entry, 2u);
  EXPECT_EQ(a[2].layer, Layer::kWorkplace);
}

// Settling buffers separately and merging them gives the winners of
// settling everything at once.
TEST(SettleConflicts, MergingSettledBuffersGivesTheSameWinners) {
  std::vector<Proposal> all;
  std::vector<std::deque<Proposal>> parts(3);
  for (uint32_t i = 0; i < 300; ++i) {
    Proposal p{(i * 7919u) % 50, (i * 104729u) % 1000, i, static_cast<Layer>(i % 5)};
    all.push_back(p);
    parts[(i * 31u) % 3].push_back(p);
  }
  SettleConflicts(all);
  for (auto& part : parts) SettleConflicts(part);
  std::vector<Proposal> merged;
  MergeWinners(parts, [&](const Proposal& p) { merged.push_back(p); });
  ASSERT_EQ(merged.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(merged[i].target, all[i].target);
    EXPECT_EQ(merged[i].key, all[i].key);
    EXPECT_EQ(merged[i].infector_entry, all[i].infector_entry);
  }
  for (const auto& part : parts) EXPECT_TRUE(part.empty());
}

}  // namespace
}  // namespace fk::sim
