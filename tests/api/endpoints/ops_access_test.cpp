// ErrorResponse: the HTTP answer of an ops error, and never a database's
// own text (the assembled server's tests provoke real ones:
// tests/api/api_server_test.cpp).
#include "api/endpoints/ops_access.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fk::api {
namespace {

nlohmann::json ErrorOf(const HttpResponse& r) { return nlohmann::json::parse(r.body)["error"]; }

TEST(ErrorResponse, AnswersOpsErrorsWithTheirMessageAndField) {
  auto r = ErrorResponse(InvalidArgument("grid_code: 42 is not a grid"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r)["message"], "grid_code: 42 is not a grid");
  EXPECT_EQ(ErrorOf(r)["field"], "grid_code");
  EXPECT_EQ(ErrorResponse(Error{ErrorCode::kResourceExhausted, "too many"}).status, 503);
  EXPECT_EQ(ErrorResponse(Error{ErrorCode::kIo, "disk: gone"}).status, 500);
}

TEST(ErrorResponse, ADatabasesOwnTextIsReplacedByAGenericOne) {
  struct Case {
    ErrorCode code;
    int status;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {ErrorCode::kInvalidArgument, 400, "the database refused the change"},
           {ErrorCode::kConflict, 409, "the database refused the change"},
           {ErrorCode::kResourceExhausted, 503, "the database is busy; retry later"},
           {ErrorCode::kUnavailable, 503, "the database is unavailable; retry later"},
           {ErrorCode::kInternal, 500, "internal error"},
       }) {
    const Error error{c.code, "database: UNIQUE constraint failed: users.secret_column", true};
    auto r = ErrorResponse(error);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ErrorOf(r)["message"], c.message);
    EXPECT_FALSE(ErrorOf(r).contains("field"));
    EXPECT_EQ(r.body.find("secret_column"), std::string::npos);
    EXPECT_EQ(PublicMessage(error), c.message);
  }
}

}  // namespace
}  // namespace fk::api
