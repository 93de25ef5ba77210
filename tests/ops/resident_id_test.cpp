#include "ops/registry/resident_id.hpp"

#include <gtest/gtest.h>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

TEST(ResidentId, KnownCheckCharacters) {
  // Worked example of GB 11643-1999 annex: 11010519491231002 -> X.
  EXPECT_EQ(ResidentIdCheckChar("11010519491231002"), 'X');
}

TEST(ResidentId, ParsesBirthDateAndSex) {
  auto info = ParseResidentId("11010519491231002X");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->birth_date, "1949-12-31");
  EXPECT_EQ(info->sex, Sex::kFemale);
  auto lower = ParseResidentId("11010519491231002x");
  EXPECT_TRUE(lower.ok());
}

TEST(ResidentId, Messages) {
  EXPECT_EQ(ParseResidentId("123").error().message, "id_number: must be 18 characters, got 3");
  EXPECT_EQ(ParseResidentId("1101051949123100AX").error().message,
            "id_number: the first 17 characters must be digits");
  EXPECT_EQ(ParseResidentId("110105194912310021").error().message,
            "id_number: check digit is 1, expected X");
  const std::string bad_date = MakeId("19900231", 11);
  EXPECT_EQ(ParseResidentId(bad_date).error().message,
            "id_number: birth date 19900231 is not a date");
  const std::string id = MakeId("19900101", 11);
  EXPECT_EQ(CheckResidentId(id, "1990-01-02", Sex::kMale).error().message,
            "id_number: birth date 1990-01-01 does not match birth_date 1990-01-02");
  EXPECT_EQ(CheckResidentId(id, "1990-01-01", Sex::kFemale).error().message,
            "id_number: sex digit says male, sex is female");
  EXPECT_TRUE(CheckResidentId(id, "1990-01-01", Sex::kMale).ok());
}

}  // namespace
}  // namespace fk::ops
