// The role -> permission matrix of docs/operations.md is the one the code
// enforces (ops/users/access.cpp): one column per permission, in Permission
// order and named after its key, one row per role, a tick exactly where the
// role holds the permission. Keeps the hand-written table from drifting.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ops/users/access.hpp"

namespace fk::ops {
namespace {

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar (getline gives nothing after the last)
  while (std::getline(in, cell, '|')) {
    const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return out;
}

TEST(PermissionDoc, TheMatrixInOperationsMdIsTheCodes) {
  std::ifstream file(std::string(FANGKONG_SOURCE_DIR) + "/docs/operations.md");
  ASSERT_TRUE(file) << "docs/operations.md not found";
  std::string line;
  while (std::getline(file, line) && line.rfind("## Role → permission matrix", 0) != 0) {
  }
  ASSERT_TRUE(file) << "no matrix section";
  while (std::getline(file, line) && line.rfind("| role |", 0) != 0) {
  }
  ASSERT_TRUE(file) << "no matrix table";
  const std::vector<std::string> header = Cells(line);
  ASSERT_EQ(header.size(), static_cast<size_t>(kPermissionCount) + 1) << line;
  for (int p = 0; p < kPermissionCount; ++p) {
    std::string key(PermissionKey(static_cast<Permission>(p)));
    for (char& c : key)
      if (c == '_') c = ' ';
    EXPECT_EQ(header[p + 1].rfind(key, 0), 0u)
        << "column " << p + 1 << " is '" << header[p + 1] << "', the code's is '" << key << "'";
  }
  std::getline(file, line);  // |---|---|
  int rows = 0;
  while (std::getline(file, line) && line.rfind("| ", 0) == 0) {
    const std::vector<std::string> cells = Cells(line);
    auto role = ParseRole(cells.at(0));
    ASSERT_TRUE(role) << "unknown role in the table: " << cells[0];
    ASSERT_EQ(cells.size(), header.size()) << line;
    for (int p = 0; p < kPermissionCount; ++p)
      EXPECT_EQ(cells[p + 1] == "✓", HasPermission(*role, static_cast<Permission>(p)))
          << cells[0] << " / " << header[p + 1];
    ++rows;
  }
  EXPECT_EQ(rows, 9) << "one row per role";
}

}  // namespace
}  // namespace fk::ops
