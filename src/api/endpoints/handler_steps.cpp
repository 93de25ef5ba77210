#include "api/endpoints/handler_steps.hpp"

namespace fk::api {

HttpResponse Respond(const Status& done, const nlohmann::json& body, int http_status) {
  if (!done.ok()) return ErrorResponse(done.error());
  return JsonResponse(body, http_status);
}

std::vector<QueryParam> PageQuery() {
  return {{"after", FieldType::kInteger, false, "cursor: next_cursor of the previous page", 0,
           std::nullopt},
          {"limit", FieldType::kInteger, false, "1..200, default 50", 1, ops::kMaxPageSize}};
}

PageRequest PageOf(const RequestContext& context) {
  // The router checked both against PageQuery's ranges: the cast is exact.
  return {QueryInt(context, "after", 0), static_cast<int>(QueryInt(context, "limit", 50))};
}

QueryParam ImportModeQuery() {
  return {"mode", FieldType::kString, false, "all_or_nothing (default) or valid_rows"};
}

}  // namespace fk::api
