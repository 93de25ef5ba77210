// The password rules, word for word, and the list they read.
#include "ops/users/password_policy.hpp"

#include <gtest/gtest.h>

namespace fk::ops {
namespace {

TEST(PasswordPolicy, TheChineseFavouritesAreOnTheList) {
  for (const char* p : {"123456", "5201314", "woaini1314", "qq123456", "a1b2c3d4", "88888888",
                        "WoAiNi1314", "password", "iloveyou"})
    EXPECT_TRUE(IsCommonPassword(p)) << p;
  EXPECT_FALSE(IsCommonPassword("fangkong-demo"));
  EXPECT_FALSE(IsCommonPassword(""));
}

TEST(PasswordPolicy, MessagesNameTheField) {
  EXPECT_TRUE(CheckPasswordChoice("new_password", "quiet-river-42", "wang").ok());
  EXPECT_EQ(CheckPasswordChoice("new_password", "1234567", "wang").error().message,
            "new_password: at least 8 characters");
  EXPECT_EQ(CheckPasswordChoice("new_password", "5201314520", "wang").error().message,
            "new_password: too common; choose one that is not on the list of the most used "
            "passwords");
  EXPECT_EQ(CheckPasswordChoice("new_password", "xxWANG2020", "wang").error().message,
            "new_password: must not contain the username");
  EXPECT_EQ(CheckPasswordChoice("password", "wang", "wang").error().message,
            "password: at least 8 characters");
}

}  // namespace
}  // namespace fk::ops
