// The streaming JSON writer: what it writes parses back to the same values,
// with the escapes JSON requires and UTF-8 text left as it is.
#include "api/routing/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fk::api {
namespace {

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
// RapidJSON's own Writer writes it.
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
  for (const auto& s : strings) {
    ours.Key(s);
    ours.String(s);
    theirs.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    theirs.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  }
  ours.EndObject();
  theirs.EndObject();
  EXPECT_EQ(ours.Take().text, std::string(buffer.GetString(), buffer.GetSize()));
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
