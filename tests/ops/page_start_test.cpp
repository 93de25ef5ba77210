// PageStart::Condition: the SQL that starts a keyset page, and its values.
#include <gtest/gtest.h>

#include <string>

#include "ops/common.hpp"

namespace fk::ops {
namespace {

TEST(PageStart, AFirstPageStartsAtTheKeyWithoutARowValue) {
  store::Params params{int64_t{7}};
  const PageStart first{"420102", 0};
  EXPECT_EQ(first.Condition("grid_code", "id", params), "grid_code >= ?");
  ASSERT_EQ(params.size(), 2u);  // appended after what was there
  EXPECT_EQ(std::get<int64_t>(params[0]), 7);
  EXPECT_EQ(std::get<std::string>(params[1]), "420102");
}

TEST(PageStart, APageAfterACursorStartsPastItsRowValue) {
  store::Params params;
  const PageStart after{"420102001001002", 42};
  EXPECT_EQ(after.Condition("v.grid_code", "v.id", params), "(v.grid_code, v.id) > (?, ?)");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[0]), "420102001001002");
  EXPECT_EQ(std::get<int64_t>(params[1]), 42);
}

}  // namespace
}  // namespace fk::ops
