#include "common/dates.hpp"

#include <gtest/gtest.h>

namespace fk {

TEST(Dates, AddsDaysAcrossMonthsAndLeapYears) {
  auto d = ParseDate("2020-01-23");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(AddDays(*d, 0), "2020-01-23");
  EXPECT_EQ(AddDays(*d, 37), "2020-02-29");
  EXPECT_EQ(AddDays(*d, 76), "2020-04-08");  // Wuhan's 76-day lockdown
}

TEST(Dates, RefusesMalformedAndImpossibleDates) {
  EXPECT_EQ(ParseDate("2020-1-23").error().message,
            "'2020-1-23' is not a date of the form YYYY-MM-DD");
  EXPECT_EQ(ParseDate("2021-02-29").error().message, "'2021-02-29' is not a valid calendar date");
  EXPECT_FALSE(ParseDate("2020-13-01").ok());
}

}  // namespace fk
