#include "sim/output/number_format.hpp"

#include <gtest/gtest.h>

namespace fk::sim {

TEST(NumberFormat, DecimalDropsTrailingZeros) {
  EXPECT_EQ(FormatDecimal(3), "3");
  EXPECT_EQ(FormatDecimal(1.2), "1.2");
  EXPECT_EQ(FormatDecimal(4.8), "4.8");
  EXPECT_EQ(FormatDecimal(0.125), "0.12");
  EXPECT_EQ(FormatDecimal(-0.001), "0");
  EXPECT_EQ(FormatDecimal(1234567), "1234567");
}

TEST(NumberFormat, ThousandsAreGroupedWithCommas) {
  EXPECT_EQ(FormatThousands(0), "0");
  EXPECT_EQ(FormatThousands(999), "999");
  EXPECT_EQ(FormatThousands(12345), "12,345");
  EXPECT_EQ(FormatThousands(1234567), "1,234,567");
  EXPECT_EQ(FormatThousands(-1234), "-1,234");
}

TEST(NumberFormat, CompactUsesSuffixes) {
  EXPECT_EQ(FormatCompact(950), "950");
  EXPECT_EQ(FormatCompact(5000), "5000");
  EXPECT_EQ(FormatCompact(12000), "12k");
  EXPECT_EQ(FormatCompact(1500000), "1.5M");
  EXPECT_EQ(FormatCompact(2e9), "2G");
}

}  // namespace fk::sim
