// The phone rule shared by residents and grid staff (ops/phone.hpp).
#include "ops/phone.hpp"

#include <gtest/gtest.h>

namespace fk::ops {
namespace {

TEST(Phone, MobileNumbersAreElevenDigitsFrom13To19) {
  EXPECT_EQ(CanonicalPhone("13812345678"), "13812345678");
  EXPECT_EQ(CanonicalPhone("19912345678"), "19912345678");
  for (const char* bad : {"12812345678", "10012345678", "1381234567", "138123456789", "1381234567x",
                          "138-12345678", "+8613812345678"})
    EXPECT_EQ(CanonicalPhone(bad), std::nullopt) << bad;
}

TEST(Phone, FixedLinesCarryTheirAreaCodeAndLoseTheSeparator) {
  EXPECT_EQ(CanonicalPhone("027-87654321"), "02787654321");
  EXPECT_EQ(CanonicalPhone("02787654321"), "02787654321");
  EXPECT_EQ(CanonicalPhone("010 12345678"), "01012345678");
  EXPECT_EQ(CanonicalPhone("0719-8765432"), "07198765432");  // 3-digit area code, 7-digit line
  EXPECT_EQ(CanonicalPhone("0719-87654321"), "071987654321");
  for (const char* bad : {"87654321", "027-876543", "0271-876543210", "02-787654321",
                          "027--87654321", "027-8765-4321", "0278765432a", ""})
    EXPECT_EQ(CanonicalPhone(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace fk::ops
