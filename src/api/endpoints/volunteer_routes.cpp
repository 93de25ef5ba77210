// Volunteers (志愿者): sign-up with a pledge (请战书) linked to a registered
// resident, the list with hours worked, teams (突击队, 先锋队), their members
// and leaders. ops/volunteers/volunteers.hpp.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json VolunteerJson(const ops::Volunteer& v) {
  return {{"id", v.id},
          {"resident_id", v.resident_id},
          {"name", v.name},
          {"phone", v.phone},
          {"grid_code", v.grid_code},
          {"pledge", v.pledge},
          {"skills", v.skills},
          {"availability", v.availability},
          {"party_member", v.party_member},
          {"team_id", OrNull(v.team_id)},
          {"team_name", v.team_id ? nlohmann::json(v.team_name) : nlohmann::json()},
          {"created_at", v.created_at},
          {"minutes_worked", v.minutes_worked},
          {"minutes_last_24h", v.minutes_last_24h}};
}

nlohmann::json TeamJson(const ops::VolunteerTeam& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"kind", t.kind},
          {"region_code", t.region_code},
          {"leader_id", OrNull(t.leader_id)},
          {"leader_name", t.leader_name},
          {"members", t.members},
          {"created_at", t.created_at}};
}

}  // namespace

void AddVolunteerRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/volunteers",
       .summary = "Sign a resident up as a volunteer with their pledge (请战书)",
       .tag = "volunteers",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"resident_id", FieldType::kInteger, true, {}, 0, "a registered resident"},
                 {"pledge", FieldType::kString, true, {}, 8000, "plain text, 1..2000 characters"},
                 {"skills", FieldType::kString, false, {}, 800, "up to 200 characters"},
                 {"availability", FieldType::kString, false, {}, 800, "up to 200 characters"},
                 {"party_member", FieldType::kBoolean, false, {}, 0, "党员"}}},
       .body_limit = 16 << 10,
       .responses = {{201, "signed up", schema::Ref("Volunteer")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such resident in my area"),
                     ErrorAnswer(409, "the resident is a volunteer already")},
       .handler = [&s](RequestContext& c) {
         ops::VolunteerInput in;
         in.resident_id = c.body["resident_id"].get<std::int64_t>();
         in.pledge = c.body["pledge"].get<std::string>();
         in.skills = c.body.value("skills", "");
         in.availability = c.body.value("availability", "");
         in.party_member = c.body.value("party_member", false);
         return Respond(s.volunteers.Enroll(Actor(c), in), VolunteerJson, 201);
       }});
  auto list_query = PageQuery();
  list_query.push_back({"team", FieldType::kInteger, false, "only this team's members", 1});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/volunteers",
       .summary = "Volunteers living in my area with their hours worked, newest first (audited; "
                  "names and phones masked without see_unmasked)",
       .tag = "volunteers",
       .permission = "read_registry",
       .query = list_query,
       .responses = {{200, "a page of volunteers", schema::Ref("VolunteerPage")}},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         const std::int64_t team = QueryInt(c, "team", 0);
         return Respond(s.volunteers.List(Actor(c), team > 0 ? std::optional(team) : std::nullopt,
                                          page.after, page.limit),
                        [](const auto& p) { return PageOfJson(p, VolunteerJson); });
       }});
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/volunteers/{id}/team",
       .summary = "Put a volunteer in a team of their region, or out of any (null)",
       .tag = "volunteers",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"team_id", FieldType::kInteger, true, {}, 0, "null: no team", {}, true}}},
       .responses = {{200, "done", schema::Ref("Volunteer")},
                     ErrorAnswer(400, "the volunteer lives outside the team's region"),
                     ErrorAnswer(404, "no such volunteer or team in my area")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         const auto& team = c.body["team_id"];
         return Respond(
             s.volunteers.SetTeam(
                 Actor(c), id,
                 team.is_null() ? std::nullopt : std::optional(team.get<std::int64_t>())),
             VolunteerJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/volunteers/teams",
       .summary = "Form a team (党员突击队 commando, 先锋队 vanguard) in a region",
       .tag = "volunteers",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 400, "1..100 characters"},
                 {"kind", FieldType::kString, true, {"commando", "vanguard"}, 10, ""},
                 {"region_code", FieldType::kString, true, {}, 15, "its members live there"}}},
       .responses = {{201, "formed", schema::Ref("VolunteerTeam")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.volunteers.CreateTeam(Actor(c), c.body["name"].get<std::string>(),
                                                c.body["kind"].get<std::string>(),
                                                c.body["region_code"].get<std::string>()),
                        TeamJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/volunteers/teams",
                    .summary = "The teams of my area, with their leaders and sizes",
                    .tag = "volunteers",
                    .permission = "read_registry",
                    .query = PageQuery(),
                    .responses = {{200, "a page of teams", schema::Ref("VolunteerTeamPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.volunteers.Teams(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, TeamJson); });
                    }});
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/volunteers/teams/{id}/leader",
       .summary = "Make a member the team's leader",
       .tag = "volunteers",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"volunteer_id", FieldType::kInteger, true, {}, 0, "a member of the team"}}},
       .responses = {{200, "done", schema::Ref("VolunteerTeam")},
                     ErrorAnswer(400, "not a member of the team"),
                     ErrorAnswer(404, "no such team in my area")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(
             s.volunteers.SetLeader(Actor(c), id, c.body["volunteer_id"].get<std::int64_t>()),
             TeamJson);
       })});
}

}  // namespace fk::api
