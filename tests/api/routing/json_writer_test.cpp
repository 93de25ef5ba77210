// The streaming JSON writer: what it writes parses back to the same values,
// with the escapes JSON requires and UTF-8 text left as it is.
#include "api/routing/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
