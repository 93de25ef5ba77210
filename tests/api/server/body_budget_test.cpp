#include "api/server/body_budget.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace fk::api {
namespace {

TEST(BodyBudget, ReservesWhatFitsAndGivesItBackWhenDropped) {
  BodyBudget budget(100);
  auto a = budget.TryReserve(60);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->bytes(), 60u);
  EXPECT_FALSE(budget.TryReserve(41).has_value());
  auto b = budget.TryReserve(40);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(budget.in_use(), 100u);
  EXPECT_FALSE(budget.TryReserve(1).has_value());
  a.reset();
  EXPECT_EQ(budget.in_use(), 40u);
  EXPECT_TRUE(budget.TryReserve(60).has_value());  // dropped at once
  EXPECT_EQ(budget.in_use(), 40u);
}

TEST(BodyBudget, ABodyLargerThanTheWholeBudgetNeverFits) {
  BodyBudget budget(100);
  EXPECT_FALSE(budget.TryReserve(101).has_value());
  EXPECT_EQ(budget.in_use(), 0u);
}

TEST(BodyBudget, AMovedReservationIsReleasedOnce) {
  BodyBudget budget(100);
  std::vector<BodyBudget::Reservation> held;
  held.push_back(*budget.TryReserve(30));
  held.push_back(*budget.TryReserve(30));
  auto moved = std::move(held.front());
  EXPECT_EQ(budget.in_use(), 60u);
  held.clear();
  EXPECT_EQ(budget.in_use(), 30u);
  moved = *budget.TryReserve(10);  // the old 30 goes back
  EXPECT_EQ(budget.in_use(), 10u);
}

}  // namespace
}  // namespace fk::api
