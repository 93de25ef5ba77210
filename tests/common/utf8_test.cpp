#include "common/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fk {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII, 123"));
  EXPECT_TRUE(IsValidUtf8("湖北省武汉市江岸区"));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(Utf8, RefusesMalformedText) {
  for (const std::string bad : {
           "\xFF",              // never a UTF-8 byte
           "\x80",              // a continuation without a lead
           "\xC0\xAF",          // overlong '/'
           "\xC1\xBF",          // overlong
           "\xE0\x80\xAF",      // overlong three-byte form
           "\xF0\x80\x80\xAF",  // overlong four-byte form
           "\xED\xA0\x80",      // U+D800, a surrogate
           "\xF4\x90\x80\x80",  // U+110000, above the last code point
           "\xF5\x80\x80\x80",  // lead byte above F4
           "\xE6\xB9",          // truncated 湖
           "\xE6\xB9\x41",      // a non-continuation inside a sequence
       }) {
    EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(bad);
    EXPECT_FALSE(IsValidUtf8("ok " + bad + " ok")) << testing::PrintToString(bad);
  }
}

TEST(Utf8, NamesTheFirstInvalidByte) {
  EXPECT_EQ(FirstInvalidUtf8("湖北"), std::string("湖北").size());
  EXPECT_EQ(FirstInvalidUtf8("湖\xFF北"), 3u);
  EXPECT_EQ(FirstInvalidUtf8("abc\xE6\xB9"), 3u);
}

}  // namespace fk
