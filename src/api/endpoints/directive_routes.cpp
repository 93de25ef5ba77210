// Directives (上下协同): issue over a subtree, my list, the level-by-level
// view, the units of a level, and a unit's acknowledgement and completion.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json OrNullJson(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json DirectiveJson(const ops::Directive& d) {
  return {{"id", d.id},
          {"title", d.title},
          {"text", d.text},
          {"measure", ops::MeasureName(d.measure)},
          {"region_code", d.region_code},
          {"deadline", d.deadline},
          {"issued_at", d.issued_at},
          {"issued_by", d.issued_by},
          {"issuer_scope", d.issuer_scope},
          {"units", d.units}};
}

nlohmann::json UnitJson(const ops::DirectiveUnit& u) {
  return {{"code", u.code},
          {"name", u.name},
          {"level", ops::LevelName(u.level)},
          {"state", ops::UnitStateName(u.state)},
          {"acknowledged_at", OrNullJson(u.acknowledged_at)},
          {"acknowledged_by", OrNullJson(u.acknowledged_by)},
          {"completed_at", OrNullJson(u.completed_at)},
          {"completed_by", OrNullJson(u.completed_by)},
          {"note", u.note},
          {"count", OrNullJson(u.count)},
          {"campaign_id", OrNullJson(u.campaign_id)},
          {"notice_id", OrNullJson(u.notice_id)},
          {"escalated_to", u.escalated_to}};
}

nlohmann::json ViewJson(const ops::DirectiveView& v) {
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& p : v.levels) {
    levels.push_back({{"level", ops::LevelName(p.level)},
                      {"units", p.units},
                      {"acknowledged", p.acknowledged},
                      {"completed", p.completed},
                      {"completed_late", p.completed_late},
                      {"overdue", p.overdue}});
  }
  return {{"directive", DirectiveJson(v.directive)},
          {"root", v.root},
          {"levels", std::move(levels)},
          {"mine", v.mine ? UnitJson(*v.mine) : nlohmann::json()}};
}

nlohmann::json SummaryPageJson(const ops::Page<ops::DirectiveSummary>& page) {
  nlohmann::json out = ItemsJson(page.items, [](const ops::DirectiveSummary& s) -> nlohmann::json {
    nlohmann::json item = DirectiveJson(s.directive);
    item["my_state"] =
        s.my_state ? nlohmann::json(ops::UnitStateName(*s.my_state)) : nlohmann::json();
    item["overdue_below"] = s.overdue_below;
    return item;
  });
  out["next_cursor"] = page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json();
  return out;
}

nlohmann::json UnitPageJson(const ops::UnitPage& page) {
  nlohmann::json out = ItemsJson(page.items, UnitJson);
  out["next_after"] = page.next_after.empty() ? nlohmann::json() : nlohmann::json(page.next_after);
  return out;
}

std::vector<std::string> MeasureNames() {
  std::vector<std::string> out;
  for (auto m : {ops::Measure::kClosedManagement, ops::Measure::kDoorToDoorScreening,
                 ops::Measure::kPublishNotice, ops::Measure::kCorrection, ops::Measure::kOther})
    out.emplace_back(ops::MeasureName(m));
  return out;
}

}  // namespace

void AddDirectiveRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/directives",
       .summary = "Issue a directive to every unit of a region subtree",
       .tag = "directives",
       .permission = "issue_directives",
       .body_kind = BodyKind::kJson,
       .body = {{{"title", FieldType::kString, true, {}, ops::kMaxDirectiveTitle, ""},
                 {"text", FieldType::kString, true, {}, ops::kMaxDirectiveText, ""},
                 {"measure", FieldType::kString, true, MeasureNames(), 40, "what it orders"},
                 {"region_code", FieldType::kString, true, {}, 15, "the subtree it goes to"},
                 {"deadline", FieldType::kInteger, true, {}, 0, "unix seconds, within a year"}}},
       .responses = {{201, "issued", schema::Ref("Directive")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         ops::DirectiveInput in;
         in.title = c.body["title"].get<std::string>();
         in.text = c.body["text"].get<std::string>();
         in.measure =
             ops::ParseMeasure(c.body["measure"].get<std::string>()).value_or(ops::Measure::kOther);
         in.region_code = c.body["region_code"].get<std::string>();
         in.deadline = c.body["deadline"].get<std::int64_t>();
         return Respond(s.directives.Issue(Actor(c), in), DirectiveJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/directives",
                    .summary = "Directives over my scope or a region holding it, newest first",
                    .tag = "directives",
                    .permission = "report_to_command",
                    .query = PageQuery(),
                    .responses = {{200, "a page of directives", schema::Ref("DirectivePage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.directives.List(Actor(c), page.after, page.limit),
                                     SummaryPageJson);
                    }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/directives/{id}",
       .summary = "A directive with its progress level by level (what I see of it)",
       .tag = "directives",
       .permission = "report_to_command",
       .responses = {{200, "the directive and its progress", schema::Ref("DirectiveView")},
                     ErrorAnswer(404, "no such directive over my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.directives.View(Actor(c), id), ViewJson);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/directives/{id}/units",
       .summary = "Units of one level under a region, in code order",
       .tag = "directives",
       .permission = "report_to_command",
       .query = {{"within", FieldType::kString, false, "region code; default: my view's top"},
                 {"level", FieldType::kString, false, "default: the level below `within`"},
                 {"state", FieldType::kString, false,
                  "received, acknowledged, completed, completed_late or overdue"},
                 {"after", FieldType::kString, false, "the next_after of the previous page"},
                 {"limit", FieldType::kInteger, false, "1..200, default 50", 1, ops::kMaxPageSize}},
       .responses = {{200, "a page of units", schema::Ref("DirectiveUnitPage")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such directive over my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         std::optional<ops::RegionLevel> level;
         if (!c.Query("level").empty()) {
           level = ops::ParseLevel(c.Query("level"));
           if (!level)
             return ErrorResponse(
                 InvalidArgument("level: " + c.Query("level") + " is not a region level"));
         }
         std::optional<ops::UnitState> state;
         if (!c.Query("state").empty()) {
           state = ops::ParseUnitState(c.Query("state"));
           if (!state)
             return ErrorResponse(
                 InvalidArgument("state: " + c.Query("state") + " is not a unit state"));
         }
         const int limit = c.Query("limit").empty() ? 50 : std::stoi(c.Query("limit"));
         return Respond(s.directives.Units(Actor(c), id, c.Query("within"), level, state,
                                           c.Query("after"), limit),
                        UnitPageJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/directives/{id}/units/{code}/acknowledge",
       .summary = "Acknowledge a directive for my own unit",
       .tag = "directives",
       .permission = "report_to_command",
       .scope_param = "code",
       .responses = {{200, "the unit, acknowledged", schema::Ref("DirectiveUnit")},
                     ErrorAnswer(403, "not my own unit"),
                     ErrorAnswer(404, "no such directive over my scope, or not one of its units")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.directives.Acknowledge(Actor(c), id, c.Param("code")), UnitJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/directives/{id}/units/{code}/complete",
       .summary = "Report completion for my own unit, with evidence",
       .tag = "directives",
       .permission = "report_to_command",
       .scope_param = "code",
       .body_kind = BodyKind::kJson,
       .body = {{{"note", FieldType::kString, true, {}, ops::kMaxEvidenceNote, "what was done"},
                 {"count", FieldType::kInteger, false, {}, 0, "e.g. households covered"},
                 {"campaign_id", FieldType::kInteger, false, {}, 0, "the screening campaign"},
                 {"notice_id", FieldType::kInteger, false, {}, 0, "the notice to residents"}}},
       .responses = {{200, "the unit, completed", schema::Ref("DirectiveUnit")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(403, "not my own unit"),
                     ErrorAnswer(404, "no such directive over my scope, or not one of its units"),
                     ErrorAnswer(409, "already completed, or units below have not")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::CompletionInput in;
         in.note = c.body["note"].get<std::string>();
         if (c.body.contains("count")) in.count = c.body["count"].get<std::int64_t>();
         if (c.body.contains("campaign_id"))
           in.campaign_id = c.body["campaign_id"].get<std::int64_t>();
         if (c.body.contains("notice_id")) in.notice_id = c.body["notice_id"].get<std::int64_t>();
         return Respond(s.directives.Complete(Actor(c), id, c.Param("code"), in), UnitJson);
       })});
}

}  // namespace fk::api
