// Screening campaigns (摸排): create, read, my tasks, record a visit,
// coverage at every level, flagged people; the residents of my tasks; and
// daily statistics.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

// {"items": [...]} of daily counts.
nlohmann::json DailyCountsJson(const std::vector<ops::DailyStat>& days) {
  return ItemsJson(days, [](const ops::DailyStat& d) -> nlohmann::json {
    return {{"date", d.date},
            {"residents", d.residents},
            {"households", d.households},
            {"screened", d.screened},
            {"flagged", d.flagged}};
  });
}

// {"items": [campaign, ...], "next_cursor": n|null}
nlohmann::json CampaignPageJson(const ops::Page<ops::Campaign>& page) {
  nlohmann::json out = ItemsJson(page.items, CampaignJson);
  out["next_cursor"] = page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json();
  return out;
}

}  // namespace

void AddScreeningRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/campaigns",
                    .summary = "Start a screening campaign (a task per household)",
                    .tag = "screening",
                    .permission = "run_screening",
                    .body_kind = BodyKind::kJson,
                    .body = {{{"name", FieldType::kString, true, {}, 200, ""},
                              {"region_code", FieldType::kString, true, {}, 15, ""},
                              {"start_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"},
                              {"end_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"}}},
                    .responses = {{201, "started", schema::Ref("Campaign")},
                                  ErrorAnswer(400, "dates that do not fit"),
                                  ErrorAnswer(404, "no such region")},
                    .handler = [&s](RequestContext& c) {
                      return Respond(
                          s.screening.CreateCampaign(Actor(c), c.body["name"].get<std::string>(),
                                                     c.body["region_code"].get<std::string>(),
                                                     c.body["start_date"].get<std::string>(),
                                                     c.body["end_date"].get<std::string>()),
                          CampaignJson, 201);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/campaigns",
                    .summary = "Campaigns overlapping my scope, newest first",
                    .tag = "screening",
                    .permission = std::string(kAuthenticated),
                    .query = PageQuery(),
                    .responses = {{200, "a page of campaigns", schema::Ref("CampaignPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.screening.Campaigns(Actor(c), page.after, page.limit),
                                     CampaignPageJson);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/campaigns/{id}",
                    .summary = "A campaign",
                    .tag = "screening",
                    .permission = "record_visits",
                    .responses = {{200, "the campaign", schema::Ref("Campaign")},
                                  ErrorAnswer(404, "no such campaign in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.screening.GetCampaign(Actor(c), id), CampaignJson);
                    })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/campaigns/{id}/tasks",
                    .summary = "Tasks in my scope (a grid worker: mine and my grid's unassigned)",
                    .tag = "screening",
                    .permission = "record_visits",
                    .query = PageQuery(),
                    .responses = {{200, "a page of tasks", schema::Ref("TaskPage")},
                                  ErrorAnswer(404, "no such campaign in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.screening.Tasks(Actor(c), id, page.after, page.limit),
                                     AsPage);
                    })});
  std::vector<QueryParam> residents_query = PageQuery();
  residents_query.push_back(
      {"remaining", FieldType::kString, false, "true: only the households not yet visited"});
  residents_query.push_back(
      {"unmasked", FieldType::kString, false, "true: personal data in clear (needs see_unmasked)"});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/campaigns/{id}/residents",
       .summary = "The residents of the households of my tasks (as /tasks lists them), in keyset "
                  "pages: what a phone keeps before going out; audited",
       .tag = "screening",
       .permission = "record_visits",
       .query = residents_query,
       .responses = {{200, "a page of residents (masked unless allowed)",
                      schema::Ref("ResidentPage")},
                     ErrorAnswer(404, "no such campaign in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         const PageRequest page = PageOf(c);
         ops::CampaignResidentsQuery q;
         q.campaign_id = id;
         q.remaining = QueryBool(c, "remaining");
         q.after_id = page.after;
         q.limit = page.limit;
         q.unmasked = QueryBool(c, "unmasked");
         return Respond(s.registry.CampaignResidents(Actor(c), q), AsPage);
       })});
  const BodySchema visit{{{"task_id", FieldType::kInteger, true, {}, 0, ""},
                          {"resident_id", FieldType::kInteger, true, {}, 0, ""},
                          {"present", FieldType::kBoolean, true, {}, 0, "at home or away"},
                          {"temperature", FieldType::kNumber, false, {}, 0, "°C, 34..43"},
                          {"symptoms", FieldType::kBoolean, false, {}, 0, ""},
                          {"high_risk_travel", FieldType::kBoolean, false, {}, 0, ""},
                          {"case_contact", FieldType::kBoolean, false, {}, 0, ""},
                          {"note", FieldType::kString, false, {}, 2000, ""},
                          {"client_id",
                           FieldType::kString,
                           false,
                           {},
                           64,
                           "an id the device made (8..64 of A-Z a-z 0-9 - _): a repeated send "
                           "answers 200 with the first answer, other content 409"}}};
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/campaigns/{id}/visits",
       .summary = "Record a visit to one person",
       .tag = "screening",
       .permission = "record_visits",
       .body_kind = BodyKind::kJson,
       .body = visit,
       .responses = {{201, "recorded", schema::Ref("Visit")},
                     {200, "a repeated send of a recorded visit (same client_id): the first answer",
                      schema::Ref("Visit")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such campaign, task or resident in my scope"),
                     ErrorAnswer(409,
                                 "the resident is not of the task's household, or the "
                                 "client_id was sent before with other content")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::VisitInput v;
         v.task_id = c.body["task_id"].get<std::int64_t>();
         v.resident_id = c.body["resident_id"].get<std::int64_t>();
         v.present = c.body["present"].get<bool>();
         if (c.body.contains("temperature")) v.temperature = c.body["temperature"].get<double>();
         v.symptoms = c.body.value("symptoms", false);
         v.high_risk_travel = c.body.value("high_risk_travel", false);
         v.case_contact = c.body.value("case_contact", false);
         v.note = c.body.value("note", "");
         v.client_id = c.body.value("client_id", "");
         v.campaign_id = id;
         auto task_campaign = s.screening.GetCampaign(Actor(c), id);
         if (!task_campaign.ok()) return ErrorResponse(task_campaign.error());
         auto recorded = s.screening.RecordVisit(Actor(c), v);
         // 201 for a new visit, 200 for a repeated send of one.
         const int status = recorded.ok() && recorded->replayed ? 200 : 201;
         return Respond(
             recorded,
             [&v](const ops::VisitResult& r) -> nlohmann::json {
               nlohmann::json out{
                   {"visit_id", r.visit_id}, {"flagged", r.flagged}, {"findings", r.findings}};
               if (!v.client_id.empty()) out["client_id"] = v.client_id;
               return out;
             },
             status);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/campaigns/{id}/coverage",
       .summary = "Coverage of every grid, community, street and district under a region",
       .tag = "screening",
       .permission = "run_screening",
       .query = {{"region", FieldType::kString, false, "default: the campaign's region"}},
       .responses = {{200, "coverage, by region", schema::Ref("CoverageList")},
                     ErrorAnswer(404, "no such campaign or region in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.screening.CoverageOf(Actor(c), id, c.Query("region")),
                        [](const auto& rows) { return ItemsJson(rows, CoverageJson); });
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/campaigns/{id}/flagged",
       .summary = "People flagged for follow-up (masked)",
       .tag = "screening",
       .permission = "run_screening",
       .query = PageQuery(),
       .responses = {{200, "a page of flagged people (masked)", schema::Ref("FlaggedPage")},
                     ErrorAnswer(404, "no such campaign in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         const PageRequest page = PageOf(c);
         return Respond(s.screening.Flagged(Actor(c), id, page.after, page.limit), AsPage);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/stats/daily",
       .summary = "Daily counts for a region subtree (dashboard)",
       .tag = "stats",
       .permission = "read_stats",
       .query = {{"region", FieldType::kString, true, "region code"},
                 {"from", FieldType::kString, true, "YYYY-MM-DD"},
                 {"to", FieldType::kString, true, "YYYY-MM-DD, at most 366 days after from"}},
       .responses = {{200, "one row a day", schema::Ref("DailyStatList")},
                     ErrorAnswer(400, "dates that do not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.stats.Daily(Actor(c), c.Query("region"), c.Query("from"), c.Query("to")),
                        DailyCountsJson);
       }});
}

}  // namespace fk::api
