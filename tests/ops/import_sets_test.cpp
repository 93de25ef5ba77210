// The compact sets of a resident import (IdNumberSet, HouseholdIds): what a
// hash set of strings answered, across the tables' growth.
#include <gtest/gtest.h>

#include <string>

#include "ops/registry/household_ids.hpp"
#include "ops/registry/id_number_set.hpp"
#include "synthetic.hpp"

namespace fk::ops {
namespace {

TEST(IdNumberSet, EachNumberOnceAcrossGrowth) {
  IdNumberSet set;
  constexpr int kNumbers = 5000;  // past the first table of 1,024 slots several times
  for (int n = 0; n < kNumbers; ++n) ASSERT_TRUE(set.Insert(synthetic::Person(n).id_number)) << n;
  EXPECT_EQ(set.size(), size_t{kNumbers});
  for (int n = 0; n < kNumbers; n += 7)
    EXPECT_FALSE(set.Insert(synthetic::Person(n).id_number)) << n;
  EXPECT_TRUE(set.Insert(synthetic::Person(kNumbers).id_number));
  EXPECT_EQ(set.size(), size_t{kNumbers + 1});
}

TEST(IdNumberSet, TheLastCharacterCounts) {
  // Keys, not validity: the 17 digits alike, the last character told apart.
  IdNumberSet set;
  EXPECT_TRUE(set.Insert("11010519491231002X"));
  EXPECT_TRUE(set.Insert("110105194912310020"));
  EXPECT_TRUE(set.Insert("110105194912310029"));
  EXPECT_FALSE(set.Insert("11010519491231002X"));
  EXPECT_FALSE(set.Insert("110105194912310020"));
}

TEST(HouseholdIds, FindsWhatWasInsertedAcrossGrowth) {
  HouseholdIds ids;
  auto key = [](int n) {
    return std::string("\x01\0\0\0", 4) + std::to_string(n) +
           "\x1f"
           "1\x1f"
           "101";
  };
  EXPECT_EQ(ids.Find(key(0)), 0);
  for (int n = 0; n < 5000; ++n) ids.Insert(key(n), 1000 + n);
  for (int n = 0; n < 5000; ++n) ASSERT_EQ(ids.Find(key(n)), 1000 + n) << n;
  EXPECT_EQ(ids.Find(key(5000)), 0);
  // A key already there keeps its id, as std::unordered_map::emplace does.
  ids.Insert(key(42), 7);
  EXPECT_EQ(ids.Find(key(42)), 1042);
  // Keys that share a prefix or differ in length are different households.
  EXPECT_EQ(ids.Find(key(4).substr(0, 5)), 0);
  EXPECT_EQ(ids.Find(key(4) + "0"), 0);
}

}  // namespace
}  // namespace fk::ops
