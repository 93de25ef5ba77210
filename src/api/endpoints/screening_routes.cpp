// Screening campaigns (摸排): create, read, my tasks, record a visit,
// coverage at every level, flagged people; and daily statistics.
#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {

void AddScreeningRoutes(std::vector<Route>& routes, Services& s) {
  const std::vector<QueryParam> paging{
      {"after", FieldType::kInteger, false, "cursor: next_cursor of the previous page"},
      {"limit", FieldType::kInteger, false, "1..200, default 50"}};
  const BodySchema campaign{{{"name", FieldType::kString, true, {}, 200, ""},
                             {"region_code", FieldType::kString, true, {}, 15, ""},
                             {"start_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"},
                             {"end_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"}}};
  routes.push_back({"POST",
                    "/api/v1/campaigns",
                    "Start a screening campaign (a task per household)",
                    "screening",
                    "run_screening",
                    "",
                    BodyKind::kJson,
                    campaign,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto created =
                          s.screening.CreateCampaign(Actor(c), c.body["name"].get<std::string>(),
                                                     c.body["region_code"].get<std::string>(),
                                                     c.body["start_date"].get<std::string>(),
                                                     c.body["end_date"].get<std::string>());
                      if (!created.ok()) return ErrorResponse(created.error());
                      return JsonResponse(CampaignJson(*created), 201);
                    }});
  routes.push_back({"GET",
                    "/api/v1/campaigns/{id}",
                    "A campaign",
                    "screening",
                    "record_visits",
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto got = s.screening.GetCampaign(Actor(c), *id);
                      if (!got.ok()) return ErrorResponse(got.error());
                      return JsonResponse(CampaignJson(*got));
                    }});
  routes.push_back({"GET",
                    "/api/v1/campaigns/{id}/tasks",
                    "Tasks in my scope (a grid worker: mine and my grid's unassigned)",
                    "screening",
                    "record_visits",
                    "",
                    BodyKind::kNone,
                    {},
                    paging,
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto page = s.screening.Tasks(Actor(c), *id, QueryInt(c, "after", 0),
                                                    static_cast<int>(QueryInt(c, "limit", 50)));
                      if (!page.ok()) return ErrorResponse(page.error());
                      return JsonTextResponse(PageJson(*page));
                    }});
  const BodySchema visit{{{"task_id", FieldType::kInteger, true, {}, 0, ""},
                          {"resident_id", FieldType::kInteger, true, {}, 0, ""},
                          {"present", FieldType::kBoolean, true, {}, 0, "at home or away"},
                          {"temperature", FieldType::kNumber, false, {}, 0, "°C, 34..43"},
                          {"symptoms", FieldType::kBoolean, false, {}, 0, ""},
                          {"high_risk_travel", FieldType::kBoolean, false, {}, 0, ""},
                          {"case_contact", FieldType::kBoolean, false, {}, 0, ""},
                          {"note", FieldType::kString, false, {}, 2000, ""}}};
  routes.push_back(
      {"POST",
       "/api/v1/campaigns/{id}/visits",
       "Record a visit to one person",
       "screening",
       "record_visits",
       "",
       BodyKind::kJson,
       visit,
       {},
       kDefaultBodyLimit,
       [&s](RequestContext& c) {
         auto id = IntParam(c, "id");
         if (!id.ok()) return ErrorResponse(id.error());
         ops::VisitInput v;
         v.task_id = c.body["task_id"].get<std::int64_t>();
         v.resident_id = c.body["resident_id"].get<std::int64_t>();
         v.present = c.body["present"].get<bool>();
         if (c.body.contains("temperature")) v.temperature = c.body["temperature"].get<double>();
         v.symptoms = c.body.value("symptoms", false);
         v.high_risk_travel = c.body.value("high_risk_travel", false);
         v.case_contact = c.body.value("case_contact", false);
         v.note = c.body.value("note", "");
         auto task_campaign = s.screening.GetCampaign(Actor(c), *id);
         if (!task_campaign.ok()) return ErrorResponse(task_campaign.error());
         auto result = s.screening.RecordVisit(Actor(c), v);
         if (!result.ok()) return ErrorResponse(result.error());
         return JsonResponse({{"flagged", result->flagged}, {"findings", result->findings}}, 201);
       }});
  routes.push_back({"GET",
                    "/api/v1/campaigns/{id}/coverage",
                    "Coverage of every grid, community, street and district under a region",
                    "screening",
                    "run_screening",
                    "",
                    BodyKind::kNone,
                    {},
                    {{"region", FieldType::kString, false, "default: the campaign's region"}},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto rows = s.screening.CoverageOf(Actor(c), *id, c.Query("region"));
                      if (!rows.ok()) return ErrorResponse(rows.error());
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& r : *rows) items.push_back(CoverageJson(r));
                      return JsonResponse({{"items", items}});
                    }});
  routes.push_back({"GET",
                    "/api/v1/campaigns/{id}/flagged",
                    "People flagged for follow-up (masked)",
                    "screening",
                    "run_screening",
                    "",
                    BodyKind::kNone,
                    {},
                    paging,
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto page = s.screening.Flagged(Actor(c), *id, QueryInt(c, "after", 0),
                                                      static_cast<int>(QueryInt(c, "limit", 50)));
                      if (!page.ok()) return ErrorResponse(page.error());
                      return JsonTextResponse(PageJson(*page));
                    }});
  routes.push_back({"GET",
                    "/api/v1/stats/daily",
                    "Daily counts for a region subtree (dashboard)",
                    "stats",
                    "read_stats",
                    "",
                    BodyKind::kNone,
                    {},
                    {{"region", FieldType::kString, true, "region code"},
                     {"from", FieldType::kString, true, "YYYY-MM-DD"},
                     {"to", FieldType::kString, true, "YYYY-MM-DD, at most 366 days after from"}},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto rows = s.stats.Daily(Actor(c), c.Query("region"), c.Query("from"),
                                                c.Query("to"));
                      if (!rows.ok()) return ErrorResponse(rows.error());
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& d : *rows) {
                        items.push_back({{"date", d.date},
                                         {"residents", d.residents},
                                         {"households", d.households},
                                         {"screened", d.screened},
                                         {"flagged", d.flagged}});
                      }
                      return JsonResponse({{"items", items}});
                    }});
}

}  // namespace fk::api
