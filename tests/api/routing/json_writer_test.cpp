// The streaming JSON writer: what it writes parses back to the same values,
// with the escapes JSON requires, UTF-8 text left as it is, and bytes that
// are not UTF-8 written as U+FFFD.
#include "api/routing/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/utf8.hpp"

namespace fk::api {
namespace {

// `s` with every byte that does not start a well-formed character replaced
// by U+FFFD, one replacement a byte (a reference written apart from the
// writer's own).
std::string Replaced(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + len <= s.size() && IsValidUtf8(s.substr(i, len))) {
      out += s.substr(i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      i += 1;
    }
  }
  return out;
}

TEST(JsonWriter, WritesFieldsThatParseBackExactly) {
  const std::string nasty = "a\"b\\c\nd\te\x01 '; DROP TABLE residents; --";
  JsonWriter w;
  w.StartObject();
  w.Field("name", std::string("黄小明"));
  w.Field("nasty", nasty);
  w.Field("id", std::int64_t{-9007199254740993});
  w.Field("ok", true);
  w.Field("none", std::optional<std::string>{});
  w.Field("some", std::optional<std::int64_t>{42});
  w.Key("list");
  w.StartArray();
  w.String("x");
  w.Null();
  w.EndArray();
  w.EndObject();
  const std::string text = w.Take().text;

  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["name"], "黄小明");
  EXPECT_EQ(parsed["nasty"], nasty);
  EXPECT_EQ(parsed["id"].get<std::int64_t>(), -9007199254740993);
  EXPECT_EQ(parsed["ok"], true);
  EXPECT_TRUE(parsed["none"].is_null());
  EXPECT_EQ(parsed["some"], 42);
  EXPECT_EQ(parsed["list"], nlohmann::json::parse(R"(["x", null])"));
  EXPECT_NE(text.find("黄小明"), std::string::npos);  // UTF-8 as it is, not \u escapes
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
}

// Strings with nothing to escape take a shortcut; every byte value, alone and
// inside longer text, as key and as value, must come out exactly as
// RapidJSON's own Writer writes it (the text with its bytes that are not
// UTF-8 replaced by U+FFFD).
TEST(JsonWriter, WritesTheSameTextAsRapidJsonsOwnWriter) {
  std::vector<std::string> strings = {"", "plain", "黄小明", "4201**********6228", "a/b"};
  // Each byte value alone and at every offset of a word-sized scan.
  for (int b = 1; b < 256; ++b) {
    const char c = static_cast<char>(b);
    strings.push_back(std::string(1, c));
    for (std::size_t at = 0; at < 18; ++at) {
      std::string text = "网格 long enough!";  // 17 bytes
      text.insert(at, 1, c);
      strings.push_back(text);
    }
  }
  JsonWriter ours;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> theirs(buffer);
  ours.StartObject();
  theirs.StartObject();
  int invalid = 0;
  for (const auto& s : strings) {
    ours.Key(s);
    ours.String(s);
    const std::string r = Replaced(s);
    invalid += r != s;
    theirs.Key(r.data(), static_cast<rapidjson::SizeType>(r.size()));
    theirs.String(r.data(), static_cast<rapidjson::SizeType>(r.size()));
  }
  ours.EndObject();
  theirs.EndObject();
  const std::string text = ours.Take().text;
  EXPECT_EQ(text, std::string(buffer.GetString(), buffer.GetSize()));
  EXPECT_GT(invalid, 1000);  // most bytes >= 0x80 break the text they are put in
  EXPECT_TRUE(IsValidUtf8(text));
}

TEST(JsonWriter, BytesThatAreNotUtf8ComeOutAsReplacementCharacters) {
  JsonWriter w;
  w.StartArray();
  w.String("\xFF");
  w.String(
      "a\xE7\xBD"
      "b");                            // a character cut short
  w.String("\xC0\xAF \"x\"");          // an overlong '/', and text to escape
  w.String("\xED\xA0\x80 ok 黄小明");  // a surrogate, then good text
  w.EndArray();
  const std::string text = w.Take().text;
  EXPECT_TRUE(IsValidUtf8(text));
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed[0], "\uFFFD");
  EXPECT_EQ(parsed[1],
            "a\uFFFD\uFFFD"
            "b");
  EXPECT_EQ(parsed[2], "\uFFFD\uFFFD \"x\"");
  EXPECT_EQ(parsed[3], "\uFFFD\uFFFD\uFFFD ok 黄小明");
}

TEST(JsonWriter, TakeEmptiesTheWriter) {
  JsonWriter w;
  w.StartArray();
  w.EndArray();
  EXPECT_EQ(w.Take().text, "[]");
  w.StartObject();
  w.EndObject();
  EXPECT_EQ(w.Take().text, "{}");
}

}  // namespace
}  // namespace fk::api
