// The handler steps the route table is written with: the integer path
// parameter (400 naming it, the step not run), Result and Status to the JSON
// or error answer, the keyset page query, and the CSV import's answer.
#include "api/endpoints/handler_steps.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fk::api {
namespace {

class NoAccess : public AccessPolicy {
 public:
  Result<Principal> Authenticate(std::string_view, std::string_view) override {
    return Error{ErrorCode::kPermissionDenied, "no"};
  }
  bool RoleHas(std::string_view, std::string_view) const override { return false; }
  bool InScope(const Principal&, std::string_view) const override { return false; }
  void RecordDenied(const DeniedRequest&) override {}
};

class HandlerStepsTest : public ::testing::Test {
 protected:
  RequestContext Context(std::map<std::string, std::string> params,
                         std::map<std::string, std::string> query = {}) {
    return RequestContext{request_, std::move(params), std::move(query), {}, std::nullopt, access_};
  }
  static nlohmann::json Body(const HttpResponse& response) {
    return nlohmann::json::parse(response.body);
  }

  HttpRequest request_;
  NoAccess access_;
};

TEST_F(HandlerStepsTest, IntParamReachesTheStepOnlyWhenAPositiveInteger) {
  int calls = 0;
  RouteHandler handler = WithIntParam("id", [&calls](RequestContext&, std::int64_t id) {
    ++calls;
    return JsonResponse({{"id", id}});
  });
  for (const char* bad : {"abc", "0", "-3", "12x", "99999999999999999999"}) {
    auto c = Context({{"id", bad}});
    const HttpResponse response = handler(c);
    EXPECT_EQ(response.status, 400) << bad;
    EXPECT_EQ(Body(response)["error"]["field"], "id") << bad;
  }
  EXPECT_EQ(calls, 0);
  auto c = Context({{"id", "42"}});
  const HttpResponse response = handler(c);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Body(response)["id"], 42);
  EXPECT_EQ(calls, 1);
}

TEST_F(HandlerStepsTest, RespondWritesTheValueOrTheErrorAnswer) {
  const auto as_nlohmann = [](int v) { return nlohmann::json{{"v", v}}; };
  const auto as_text = [](int v) {
    JsonWriter w;
    w.StartObject();
    w.Field("v", std::int64_t{v});
    w.EndObject();
    return w.Take();
  };
  const HttpResponse created = Respond(Result<int>(7), as_nlohmann, 201);
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(Body(created)["v"], 7);
  const HttpResponse streamed = Respond(Result<int>(8), as_text);
  EXPECT_EQ(streamed.status, 200);
  EXPECT_EQ(streamed.body, R"({"v":8})");

  const HttpResponse missing =
      Respond(Result<int>(Error{ErrorCode::kNotFound, "no such thing"}), as_text);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Body(missing)["error"]["code"], "not_found");
  const HttpResponse conflict = Respond(Status(Error{ErrorCode::kConflict, "x: taken"}), {});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(Body(conflict)["error"]["field"], "x");
  const HttpResponse done = Respond(Status::Ok(), {{"moved", true}});
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.body, R"({"moved":true})");
}

TEST_F(HandlerStepsTest, PageOfReadsAfterAndLimitWithTheirDefaults) {
  const auto none = PageOf(Context({}));
  EXPECT_EQ(none.after, 0);
  EXPECT_EQ(none.limit, 50);
  const auto some = PageOf(Context({}, {{"after", "17"}, {"limit", "3"}}));
  EXPECT_EQ(some.after, 17);
  EXPECT_EQ(some.limit, 3);
  const auto params = PageQuery();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "after");
  EXPECT_EQ(params[0].minimum, 0);
  EXPECT_FALSE(params[0].maximum.has_value());
  // The router checks these ranges as 64-bit values: PageOf's cast to int
  // cannot wrap (2^32 + 1 once became a page of 1).
  EXPECT_EQ(params[1].name, "limit");
  EXPECT_EQ(params[1].minimum, 1);
  EXPECT_EQ(params[1].maximum, 200);
}

TEST_F(HandlerStepsTest, CsvImportAnswersTheReport) {
  ops::ImportMode seen = ops::ImportMode::kAllOrNothing;
  ops::ImportReport report;
  RouteHandler handler = CsvImport([&](RequestContext&, ops::ImportMode mode) {
    seen = mode;
    return Result<ops::ImportReport>(report);
  });

  auto bad = Context({}, {{"mode", "some_rows"}});
  const HttpResponse refused = handler(bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Body(refused)["error"]["code"], "invalid_query");
  EXPECT_EQ(Body(refused)["error"]["field"], "mode");

  report.rows = 3;
  report.imported = 3;
  auto valid_rows = Context({}, {{"mode", "valid_rows"}});
  EXPECT_EQ(handler(valid_rows).status, 200);
  EXPECT_EQ(seen, ops::ImportMode::kValidRows);
  report.imported = 2;
  EXPECT_EQ(handler(valid_rows).status, 422);
  EXPECT_EQ(Body(handler(valid_rows))["imported"], 2);
}

}  // namespace
}  // namespace fk::api
