// Lists of objects in a body schema (kObjectList) and nullable fields:
// validation names the problem by its path, the OpenAPI schema nests.
#include "api/routing/body_schema.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fk::api {
namespace {

BodySchema Crew() {
  return {{{"team", FieldType::kString, false, {}, 10, ""},
           {"members",
            FieldType::kObjectList,
            true,
            {},
            2,
            "at most two",
            {{"role", FieldType::kString, true, {"lead", "hand"}, 4, ""},
             {"age", FieldType::kInteger, false, {}, 0, "", {}, true}}}}};
}

std::string Problem(const std::string& body) {
  auto error = ValidateBody(Crew(), nlohmann::json::parse(body));
  return error ? error->field + " " + error->message : "ok";
}

TEST(BodySchemaTest, ObjectListItemsAreValidatedAndNamedByPath) {
  EXPECT_EQ(Problem(R"({"members": []})"), "ok");
  EXPECT_EQ(Problem(R"({"members": [{"role": "lead", "age": 40}, {"role": "hand", "age": null}]})"),
            "ok");
  EXPECT_EQ(Problem(R"({"members": {}})"), "members must be array of objects");
  EXPECT_EQ(Problem(R"({"members": [{"role": "lead"}, 3]})"), "members[1] must be an object");
  EXPECT_EQ(Problem(R"({"members": [{"role": "lead"}, {}]})"), "members[1].role is required");
  EXPECT_EQ(Problem(R"({"members": [{"role": "boss"}]})"),
            "members[0].role must be one of: lead, hand");
  EXPECT_EQ(Problem(R"({"members": [{"role": "hand", "age": "x"}]})"),
            "members[0].age must be integer or null");
  EXPECT_EQ(Problem(R"({"members": [{"role": "hand", "pay": 1}]})"),
            "members[0].pay is not a known field");
  EXPECT_EQ(Problem(R"({"members": [{"role": "lead"}, {"role": "hand"}, {"role": "hand"}]})"),
            "members has more than 2 items");
  EXPECT_EQ(Problem(R"({"team": null, "members": []})"), "team must be string");
  EXPECT_EQ(Problem(R"({})"), "members is required");
}

TEST(BodySchemaTest, OpenApiNestsTheItemSchema) {
  const auto schema = SchemaToOpenApi(Crew());
  const auto& members = schema["properties"]["members"];
  EXPECT_EQ(members["type"], "array");
  EXPECT_EQ(members["maxItems"], 2);
  EXPECT_EQ(members["items"]["type"], "object");
  EXPECT_EQ(members["items"]["required"], nlohmann::json::array({"role"}));
  EXPECT_FALSE(members["items"]["additionalProperties"]);
  EXPECT_EQ(members["items"]["properties"]["role"]["enum"],
            nlohmann::json::array({"lead", "hand"}));
  EXPECT_TRUE(members["items"]["properties"]["age"]["nullable"]);
  EXPECT_FALSE(schema["properties"]["team"].contains("nullable"));
}

}  // namespace
}  // namespace fk::api
