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
          {"flagged", r.figures.flagged},
          {"quarantined", r.figures.quarantined},
          {"supply_depots", r.supply_depots},
          {"supply_short", r.supply_short}};
}

nlohmann::json ReportJson(const ops::DailyReport& r) {
  return {{"day", r.day},
          {"grid_code", r.grid_code},
          {"screened", r.figures.screened},
          {"flagged", r.figures.flagged},
          {"quarantined", r.figures.quarantined},
          {"problems", r.problems},
          {"needs", r.needs},
          {"submitted_at", r.submitted_at},
          {"submitted_by", r.submitted_by}};
}

nlohmann::json DraftJson(const ops::ReportDraft& d) {
  nlohmann::json supplies = nlohmann::json::array();
  for (const auto& line : d.supplies) {
    supplies.push_back(
        {{"depot_id", line.depot_id},
         {"depot_name", line.depot_name},
         {"region_code", line.region_code},
         {"item", line.item},
         {"quantity", line.quantity},
         {"days_left", line.days_left ? nlohmann::json(*line.days_left) : nlohmann::json()},
         {"status", line.status}});
  }
  return {{"screened", d.figures.screened},
          {"flagged", d.figures.flagged},
          {"quarantined", d.figures.quarantined},
          {"supplies", std::move(supplies)}};
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
       .summary = "My grid's figures of a day from the screening visits and quarantine orders, "
                  "and the supplies short at the depots serving it (to pre-fill)",
       .tag = "daily-reports",
       .permission = "report_to_command",
       .query = {{"grid", FieldType::kString, true, "my grid's code"}, kDay},
       .responses = {{200, "the figures and supplies short", schema::Ref("ReportDraft")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.reports.Draft(Actor(c), c.Query("grid"), c.Query("day")), DraftJson);
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
                 {"quarantined",
                  FieldType::kInteger,
                  false,
                  {},
                  0,
                  "people of the grid in quarantine that day; absent: the system's count"},
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
         if (c.body.contains("quarantined")) {
           in.figures.quarantined = c.body["quarantined"].get<std::int64_t>();
         } else {
           in.quarantined_from_data = true;
         }
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
