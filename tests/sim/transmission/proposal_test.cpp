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

}  // namespace
}  // namespace fk::sim
