// Duty posts (先锋岗, 责任岗) at grids, checkpoints and hospitals, the shifts
// of volunteers on them under the rest rules, and who is on duty now.
// ops/volunteers/duty.hpp.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json PostJson(const ops::DutyPost& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"kind", p.kind},
          {"title", p.title},
          {"region_code", p.region_code},
          {"checkpoint_id", OrNull(p.checkpoint_id)},
          {"facility_id", OrNull(p.facility_id)},
          {"on_duty", p.on_duty},
          {"created_at", p.created_at}};
}

nlohmann::json ShiftJson(const ops::DutyShift& s) {
  return {{"id", s.id},
          {"post_id", s.post_id},
          {"post_name", s.post_name},
          {"post_kind", s.post_kind},
          {"post_title", s.post_title},
          {"region_code", s.region_code},
          {"volunteer_id", s.volunteer_id},
          {"volunteer_name", s.volunteer_name},
          {"volunteer_phone", s.volunteer_phone},
          {"party_member", s.party_member},
          {"starts_at", s.starts_at},
          {"ends_at", s.ends_at}};
}

std::optional<std::int64_t> OptionalId(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  return body[name].get<std::int64_t>();
}

}  // namespace

void AddDutyPostRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/duty-posts",
       .summary = "Set up a duty post (先锋岗 pioneer, 责任岗 responsibility) at a grid, a "
                  "checkpoint or a hospital",
       .tag = "duty-posts",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 400, "1..100 characters"},
                 {"kind", FieldType::kString, true, {"grid", "checkpoint", "hospital"}, 12, ""},
                 {"title", FieldType::kString, true, {"pioneer", "responsibility"}, 16, ""},
                 {"region_code", FieldType::kString, false, {}, 15, "the grid, for kind grid"},
                 {"checkpoint_id", FieldType::kInteger, false, {}, 0, "for kind checkpoint"},
                 {"facility_id", FieldType::kInteger, false, {}, 0, "for kind hospital"}}},
       .responses = {{201, "set up", schema::Ref("DutyPost")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such checkpoint or facility in my area")},
       .handler = [&s](RequestContext& c) {
         ops::DutyPostInput in;
         in.name = c.body["name"].get<std::string>();
         in.kind = c.body["kind"].get<std::string>();
         in.title = c.body["title"].get<std::string>();
         in.region_code = c.body.value("region_code", "");
         in.checkpoint_id = OptionalId(c.body, "checkpoint_id");
         in.facility_id = OptionalId(c.body, "facility_id");
         return Respond(s.duty.CreatePost(Actor(c), in), PostJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/duty-posts",
                    .summary = "The duty posts of my area, with how many are on duty now",
                    .tag = "duty-posts",
                    .permission = "read_registry",
                    .query = PageQuery(),
                    .responses = {{200, "a page of posts", schema::Ref("DutyPostPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.duty.Posts(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, PostJson); });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/duty-posts/{id}/shifts",
       .summary = "Put a volunteer on a shift at a post (at most 12 h, 8 h of rest between "
                  "shifts, at most 12 h in any 24)",
       .tag = "duty-posts",
       .permission = "manage_volunteers",
       .body_kind = BodyKind::kJson,
       .body = {{{"volunteer_id", FieldType::kInteger, true, {}, 0, ""},
                 {"starts_at", FieldType::kInteger, true, {}, 0, "unix seconds"},
                 {"ends_at", FieldType::kInteger, true, {}, 0, "unix seconds"}}},
       .responses = {{201, "on the roster", schema::Ref("DutyShift")},
                     ErrorAnswer(400, "a shift of a wrong length"),
                     ErrorAnswer(404, "no such post or volunteer in my area"),
                     ErrorAnswer(409, "the shift breaks a rest rule (the message says which)")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.duty.AddShift(Actor(c), id, c.body["volunteer_id"].get<std::int64_t>(),
                                        c.body["starts_at"].get<std::int64_t>(),
                                        c.body["ends_at"].get<std::int64_t>()),
                        ShiftJson, 201);
       })});
  auto shift_query = PageQuery();
  shift_query.push_back({"from", FieldType::kInteger, true, "unix seconds", 0});
  shift_query.push_back({"to", FieldType::kInteger, true, "unix seconds; at most 31 days on", 0});
  shift_query.push_back({"post", FieldType::kInteger, false, "only this post's", 1});
  shift_query.push_back({"volunteer", FieldType::kInteger, false, "only this volunteer's", 1});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/duty-posts/shifts",
                    .summary =
                        "The roster: shifts at posts of my area that overlap a window, by start "
                        "(audited; names masked without see_unmasked)",
                    .tag = "duty-posts",
                    .permission = "read_registry",
                    .query = shift_query,
                    .responses = {{200, "a page of shifts", schema::Ref("DutyShiftPage")},
                                  ErrorAnswer(400, "a window that does not fit")},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      ops::ShiftQuery q{QueryInt(c, "from", 0), QueryInt(c, "to", 0)};
                      if (const std::int64_t post = QueryInt(c, "post", 0); post > 0)
                        q.post_id = post;
                      if (const std::int64_t v = QueryInt(c, "volunteer", 0); v > 0)
                        q.volunteer_id = v;
                      return Respond(s.duty.Shifts(Actor(c), q, page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, ShiftJson); });
                    }});
  routes.push_back(
      {.method = "DELETE",
       .pattern = "/api/v1/duty-posts/shifts/{id}",
       .summary = "Cancel a shift not started, or relieve the volunteer of a running one now",
       .tag = "duty-posts",
       .permission = "manage_volunteers",
       .responses = {{200, "done", schema::Object({{"done", schema::Boolean()}})},
                     ErrorAnswer(404, "no such shift in my area"),
                     ErrorAnswer(409, "the shift has ended")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.duty.CancelShift(Actor(c), id), nlohmann::json{{"done", true}});
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/duty-posts/on-duty",
                    .summary = "Who is on duty now at the posts of my area, by post (audited)",
                    .tag = "duty-posts",
                    .permission = "read_registry",
                    .responses = {{200, "the shifts running now", schema::Ref("DutyShiftList")}},
                    .handler = [&s](RequestContext& c) {
                      return Respond(s.duty.OnDuty(Actor(c)),
                                     [](const auto& list) { return ItemsJson(list, ShiftJson); });
                    }});
}

}  // namespace fk::api
