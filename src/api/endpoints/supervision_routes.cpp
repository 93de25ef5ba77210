// Supervision (督导): teams over regions, a round of re-visits drawn for a
// seed, the re-visitor's list and record, quality scores per worker and per
// grid, and a round's findings issued as correction directives.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json TeamJson(const ops::SupervisionTeam& t) {
  nlohmann::json members = nlohmann::json::array();
  for (size_t i = 0; i < t.members.size(); ++i)
    members.push_back({{"id", t.members[i]}, {"username", t.usernames[i]}});
  return {{"id", t.id},
          {"name", t.name},
          {"region_code", t.region_code},
          {"members", std::move(members)}};
}

nlohmann::json RevisitJson(const ops::Revisit& r) {
  return {{"id", r.id},
          {"team_id", r.team_id},
          {"campaign_id", r.campaign_id},
          {"task_id", r.task_id},
          {"grid_code", r.grid_code},
          {"revisitor", r.revisitor ? nlohmann::json(*r.revisitor) : nlohmann::json()},
          {"done", r.done},
          {"disagreements", r.disagreements}};
}

nlohmann::json TaskJson(const ops::RevisitTask& t) {
  nlohmann::json out = RevisitJson(t.revisit);
  out["household_id"] = t.household_id;
  out["building"] = t.building;
  out["unit"] = t.unit;
  out["room"] = t.room;
  return out;
}

nlohmann::json DoorJson(const ops::RevisitTask& t) {
  nlohmann::json out = TaskJson(t);
  out["residents"] = nlohmann::json::array();
  for (const auto& p : t.residents) out["residents"].push_back({{"id", p.id}, {"name", p.name}});
  return out;
}

template <typename T, typename ToJson>
nlohmann::json PageWith(const ops::Page<T>& page, ToJson to_json) {
  nlohmann::json out = ItemsJson(page.items, to_json);
  out["next_cursor"] = page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json();
  return out;
}

nlohmann::json QualityJson(const ops::QualityReport& q) {
  auto scores = [](const std::vector<ops::QualityScore>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : list) {
      out.push_back({{"key", s.key},
                     {"name", s.name},
                     {"revisited", s.revisited},
                     {"disagreeing", s.disagreeing},
                     {"score_per_mille", s.score_per_mille}});
    }
    return out;
  };
  nlohmann::json corrections;
  if (q.corrections) {
    corrections = {{"issued_at", q.corrections->issued_at},
                   {"issued_by", q.corrections->issued_by},
                   {"directives", q.corrections->directives}};
  }
  return {{"by_worker", scores(q.by_worker)},
          {"by_grid", scores(q.by_grid)},
          {"corrections", std::move(corrections)}};
}

nlohmann::json DirectivesJson(const std::vector<ops::Directive>& list) {
  return ItemsJson(list, [](const ops::Directive& d) -> nlohmann::json {
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
  });
}

// A handler of /teams/{id}/rounds/{campaign_id}/...: both path integers.
template <typename Step>
RouteHandler WithRound(Step step) {
  return WithIntParam("id", [step](RequestContext& c, std::int64_t team) {
    auto campaign = IntParam(c, "campaign_id");
    if (!campaign.ok()) return ErrorResponse(campaign.error());
    return step(c, team, *campaign);
  });
}

constexpr const char* kTeamMissing = "no such team over my scope";

}  // namespace

void AddSupervisionRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supervision/teams",
       .summary = "Form a supervision team over a region",
       .tag = "supervision",
       .permission = "issue_directives",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 200, ""},
                 {"region_code", FieldType::kString, true, {}, 15, "the region it supervises"},
                 {"members",
                  FieldType::kStringList,
                  true,
                  {},
                  ops::kMaxTeamMembers,
                  "usernames of accounts that record visits in the region"}}},
       .responses = {{201, "the team", schema::Ref("SupervisionTeam")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.supervision.CreateTeam(Actor(c), c.body["name"].get<std::string>(),
                                                 c.body["region_code"].get<std::string>(),
                                                 c.body["members"].get<std::vector<std::string>>()),
                        TeamJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supervision/teams",
                    .summary = "Supervision teams over my scope, by id",
                    .tag = "supervision",
                    .permission = "issue_directives",
                    .query = PageQuery(),
                    .responses = {{200, "a page of teams", schema::Ref("SupervisionTeamPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.supervision.Teams(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageWith(p, TeamJson); });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supervision/teams/{id}/rounds",
       .summary = "Draw the team's round of re-visits over a campaign's visited households",
       .tag = "supervision",
       .permission = "issue_directives",
       .body_kind = BodyKind::kJson,
       .body = {{{"campaign_id", FieldType::kInteger, true, {}, 0, "the screening campaign"},
                 {"per_mille", FieldType::kInteger, true, {}, 0, "share drawn, 1..1000"},
                 {"seed", FieldType::kInteger, true, {}, 0, "the same seed, the same draw"}}},
       .responses = {{201, "the re-visits drawn", schema::Ref("RevisitRound")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, kTeamMissing),
                     ErrorAnswer(409, "the team already drew its round of the campaign")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         const auto per_mille = c.body["per_mille"].get<std::int64_t>();
         if (per_mille < 1 || per_mille > 1000)
           return ErrorResponse(InvalidArgument("per_mille: must be 1 to 1000"));
         return Respond(
             s.supervision.DrawRound(
                 Actor(c), id, c.body["campaign_id"].get<std::int64_t>(),
                 static_cast<int>(per_mille),
                 static_cast<std::uint64_t>(c.body["seed"].get<std::int64_t>())),
             [](const std::vector<ops::Revisit>& v) { return ItemsJson(v, RevisitJson); }, 201);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/supervision/teams/{id}/rounds/{campaign_id}",
       .summary = "The re-visits of the team's round of a campaign, by id",
       .tag = "supervision",
       .permission = "issue_directives",
       .query = PageQuery(),
       .responses = {{200, "a page of re-visits", schema::Ref("RevisitPage")},
                     ErrorAnswer(404, kTeamMissing)},
       .handler = WithRound([&s](RequestContext& c, std::int64_t team, std::int64_t campaign) {
         const PageRequest page = PageOf(c);
         return Respond(s.supervision.Round(Actor(c), team, campaign, page.after, page.limit),
                        [](const auto& p) { return PageWith(p, RevisitJson); });
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/supervision/teams/{id}/rounds/{campaign_id}/quality",
       .summary = "Quality scores of the first visits re-visited, per worker and per grid, and "
                  "whether the round's corrections were issued",
       .tag = "supervision",
       .permission = "issue_directives",
       .responses = {{200, "the scores", schema::Ref("QualityReport")},
                     ErrorAnswer(404, kTeamMissing)},
       .handler = WithRound([&s](RequestContext& c, std::int64_t team, std::int64_t campaign) {
         return Respond(s.supervision.Quality(Actor(c), team, campaign), QualityJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supervision/teams/{id}/rounds/{campaign_id}/corrections",
       .summary = "Mark the round's corrections issued and issue a correction directive to each "
                  "grid with disagreements, in one transaction (once a round)",
       .tag = "supervision",
       .permission = "issue_directives",
       .body_kind = BodyKind::kJson,
       .body = {{{"deadline", FieldType::kInteger, true, {}, 0, "unix seconds, within a year"}}},
       .responses = {{201, "the directives issued, in grid order", schema::Ref("DirectiveList")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, kTeamMissing),
                     ErrorAnswer(409, "the round's corrections were already issued")},
       .handler = WithRound([&s](RequestContext& c, std::int64_t team, std::int64_t campaign) {
         return Respond(s.supervision.IssueCorrections(Actor(c), team, campaign,
                                                       c.body["deadline"].get<std::int64_t>()),
                        DirectivesJson, 201);
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supervision/revisits",
                    .summary = "The re-visits given to me, newest first",
                    .tag = "supervision",
                    .permission = "record_visits",
                    .query = PageQuery(),
                    .responses = {{200, "a page of re-visits", schema::Ref("RevisitTaskPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.supervision.Mine(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageWith(p, TaskJson); });
                    }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/supervision/revisits/{id}",
       .summary = "A re-visit given to me with the household's people (masked); audited",
       .tag = "supervision",
       .permission = "record_visits",
       .responses = {{200, "the re-visit and its household", schema::Ref("RevisitHousehold")},
                     ErrorAnswer(404, "no such re-visit given to me")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.supervision.Household(Actor(c), id), DoorJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supervision/revisits/{id}",
       .summary = "Record a re-visit given to me: what I found of each person",
       .tag = "supervision",
       .permission = "record_visits",
       .body_kind = BodyKind::kJson,
       .body = {{{"findings",
                  FieldType::kObjectList,
                  true,
                  {},
                  50,
                  "one a person of the household",
                  {{"resident_id", FieldType::kInteger, true, {}, 0, ""},
                   {"present", FieldType::kBoolean, true, {}, 0, "at home"},
                   {"flagged",
                    FieldType::kBoolean,
                    true,
                    {},
                    0,
                    "has findings (fever, symptoms, travel, contact)"}}}}},
       .responses = {{200, "the re-visit, recorded", schema::Ref("Revisit")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such re-visit given to me"),
                     ErrorAnswer(409, "already recorded")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         std::vector<ops::RevisitFinding> findings;
         for (const auto& f : c.body["findings"]) {
           findings.push_back({f["resident_id"].get<std::int64_t>(), f["present"].get<bool>(),
                               f["flagged"].get<bool>()});
         }
         return Respond(s.supervision.Record(Actor(c), id, findings), RevisitJson);
       })});
}

}  // namespace fk::api
