// The steps most route handlers repeat, so that a handler says only what is
// its own: read the integer path parameter or answer 400 naming it; read the
// keyset page of ?after=&limit=; turn a service's Result<T> or Status into
// the JSON answer or the error answer (ErrorResponse); run a CSV import and
// answer its report. Stateless: the handlers made here are as thread-safe as
// the steps given to them.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"

namespace fk::api {

// A handler that reads the integer path parameter `name` and returns
// `step(context, value)`; when the parameter is not a positive integer it
// answers 400 invalid_argument naming it, without calling `step`.
template <typename Step>
RouteHandler WithIntParam(std::string name, Step step) {
  return [name = std::move(name), step = std::move(step)](RequestContext& c) -> HttpResponse {
    auto value = IntParam(c, name);
    if (!value.ok()) return ErrorResponse(value.error());
    return step(c, *value);
  };
}

// The error answer of a failed `result`, else `to_json(value)` with
// `http_status`. to_json returns a JsonText (streamed, see AsItem, AsList,
// AsPage) or an nlohmann::json (e.g. CampaignJson).
template <typename T, typename ToJson>
HttpResponse Respond(const Result<T>& result, ToJson&& to_json, int http_status = 200) {
  if (!result.ok()) return ErrorResponse(result.error());
  if constexpr (std::is_same_v<std::invoke_result_t<ToJson&, const T&>, JsonText>) {
    return JsonTextResponse(to_json(*result), http_status);
  } else {
    return JsonResponse(to_json(*result), http_status);
  }
}

// The error answer of a failed `done`, else `body` (e.g. {"moved": true})
// with `http_status`.
HttpResponse Respond(const Status& done, const nlohmann::json& body, int http_status = 200);

// to_json for Respond: ItemJson, ListJson and PageJson of json_convert.hpp.
inline constexpr auto AsItem = [](const auto& value) { return ItemJson(value); };
inline constexpr auto AsList = [](const auto& values) { return ListJson(values); };
inline constexpr auto AsPage = [](const auto& page) { return PageJson(page); };

// The query parameters of a keyset page: ?after= (cursor, at least 0) and
// ?limit= (1..ops::kMaxPageSize); the router answers 400 outside the ranges.
std::vector<QueryParam> PageQuery();
// Their values: after 0 and limit 50 when absent. Precondition: the route's
// query includes PageQuery().
struct PageRequest {
  std::int64_t after = 0;
  int limit = 50;
};
PageRequest PageOf(const RequestContext& context);

// The ?mode= parameter of the CSV imports (see QueryImportMode).
QueryParam ImportModeQuery();

// A CSV import's handler: reads ?mode= (400 invalid_query naming "mode"),
// then answers the Result<ops::ImportReport> of `import(context, mode)`:
// 200 when every row was imported, else 422, both with the report.
template <typename Import>
RouteHandler CsvImport(Import import) {
  return [import = std::move(import)](RequestContext& c) -> HttpResponse {
    auto mode = QueryImportMode(c);
    if (!mode.ok()) return JsonError(400, "invalid_query", mode.error().message, "mode");
    auto report = import(c, *mode);
    if (!report.ok()) return ErrorResponse(report.error());
    return JsonResponse(ImportReportJson(*report), report->imported < report->rows ? 422 : 200);
  };
}

}  // namespace fk::api
