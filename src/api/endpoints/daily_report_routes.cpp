// Daily reports (日报): a grid's pre-filled draft and its submission, the
// roll-up of a region for a day, the grids' reports, and the roll-up as CSV.
#include <algorithm>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json RollupJson(const ops::ReportRollup& r) {
  return {{"code", r.code},
          {"level", ops::LevelName(r.level)},
          {"grids", r.grids},
          {"submitted", r.submitted},
          {"missing", r.missing},
          {"screened", r.figures.screened},
          {"flagged", r.figures.flagged}};
}

nlohmann::json ReportJson(const ops::DailyReport& r) {
  return {{"day", r.day},
          {"grid_code", r.grid_code},
          {"screened", r.figures.screened},
          {"flagged", r.figures.flagged},
          {"problems", r.problems},
          {"needs", r.needs},
          {"submitted_at", r.submitted_at},
          {"submitted_by", r.submitted_by}};
}

// "attachment; filename=\"daily-420100-2020-02-01.csv\"" when the region is
// digits and the day a date's characters; else a fixed name (no query value
// reaches the header otherwise).
std::string Disposition(const std::string& region, const std::string& day) {
  const auto only = [](const std::string& s, const char* chars, std::size_t max) {
    return !s.empty() && s.size() <= max && s.find_first_not_of(chars) == std::string::npos;
  };
  if (only(region, "0123456789", 15) && only(day, "0123456789-", 10))
    return "attachment; filename=\"daily-" + region + "-" + day + ".csv\"";
  return "attachment; filename=\"daily.csv\"";
}

const QueryParam kRegion{"region", FieldType::kString, true, "region code"};
const QueryParam kDay{"day", FieldType::kString, true, "YYYY-MM-DD (UTC)"};

}  // namespace

void AddDailyReportRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/daily-reports/draft",
       .summary = "My grid's figures of a day, from the screening visits (to pre-fill)",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .query = {{"grid", FieldType::kString, true, "my grid's code"}, kDay},
       .responses = {{200, "the figures", schema::Ref("ReportFigures")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.reports.Draft(Actor(c), c.Query("grid"), c.Query("day")),
                        [](const ops::ReportFigures& f) -> nlohmann::json {
                          return {{"screened", f.screened}, {"flagged", f.flagged}};
                        });
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/daily-reports",
       .summary = "Submit (or correct) my grid's report of today or yesterday",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .body_kind = BodyKind::kJson,
       .body = {{{"day", FieldType::kString, true, {}, 10, "YYYY-MM-DD (UTC)"},
                 {"grid_code", FieldType::kString, true, {}, 15, "my grid"},
                 {"screened", FieldType::kInteger, true, {}, 0, "people screened that day"},
                 {"flagged", FieldType::kInteger, true, {}, 0, "of them, people with findings"},
                 {"problems", FieldType::kString, false, {}, ops::kMaxReportText, ""},
                 {"needs", FieldType::kString, false, {}, ops::kMaxReportText, "e.g. supplies"}}},
       .responses = {{201, "submitted", schema::Ref("DailyReport")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         ops::DailyReportInput in;
         in.day = c.body["day"].get<std::string>();
         in.grid_code = c.body["grid_code"].get<std::string>();
         in.figures.screened = c.body["screened"].get<std::int64_t>();
         in.figures.flagged = c.body["flagged"].get<std::int64_t>();
         in.problems = c.body.value("problems", "");
         in.needs = c.body.value("needs", "");
         return Respond(s.reports.Submit(Actor(c), in), ReportJson, 201);
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/daily-reports/rollup",
       .summary = "A region's day rolled up from its grids, and each child's",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .query = {kRegion, kDay},
       .responses = {{200, "the roll-up", schema::Ref("DailyRollup")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.reports.Rollup(Actor(c), c.Query("region"), c.Query("day")),
                        [](const ops::RollupView& v) -> nlohmann::json {
                          return {{"day", v.day},
                                  {"past_missing_hour", v.past_missing_hour},
                                  {"total", RollupJson(v.total)},
                                  {"children", ItemsJson(v.children, RollupJson)["items"]}};
                        });
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/daily-reports/rollup.csv",
       .summary = "The roll-up of every level under a region, with the grids' texts, as CSV",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .query = {kRegion, kDay},
       .responses = {{200, "the day's report as CSV (a download)", schema::String("UTF-8 CSV"),
                      "text/csv"},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         auto csv = s.reports.RollupCsv(Actor(c), c.Query("region"), c.Query("day"));
         if (!csv.ok()) return ErrorResponse(csv.error());
         HttpResponse response;
         response.content_type = "text/csv; charset=utf-8";
         response.headers.emplace_back("Content-Disposition",
                                       Disposition(c.Query("region"), c.Query("day")));
         response.body = std::move(*csv);
         return response;
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/daily-reports",
       .summary = "The submitted reports of the grids under a region for a day, in code order",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .query = {kRegion,
                 kDay,
                 {"after", FieldType::kString, false, "the next_after of the previous page"},
                 {"limit", FieldType::kInteger, false, "1..200, default 50", 1, ops::kMaxPageSize}},
       .responses = {{200, "a page of reports", schema::Ref("DailyReportPage")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         const int limit = c.Query("limit").empty() ? 50 : std::stoi(c.Query("limit"));
         return Respond(s.reports.Reports(Actor(c), c.Query("region"), c.Query("day"),
                                          c.Query("after"), limit),
                        [](const ops::ReportPage& page) {
                          nlohmann::json out = ItemsJson(page.items, ReportJson);
                          out["next_after"] = page.next_after.empty()
                                                  ? nlohmann::json()
                                                  : nlohmann::json(page.next_after);
                          return out;
                        });
       }});
}

}  // namespace fk::api
