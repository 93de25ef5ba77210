// Notices (宣传): publish to a region, list those of my scope, withdraw;
// and the residents' open read of their community's running notices
// (no login, a cap per client address: PublicLimiter).
#include <memory>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/public_limiter.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json NoticeJson(const ops::Notice& n) {
  return {{"id", n.id},
          {"region_code", n.region_code},
          {"title", n.title},
          {"body", n.body},
          {"pinned", n.pinned},
          {"published_at", n.published_at},
          {"expires_at", n.expires_at},
          {"published_by", n.published_by},
          {"withdrawn_at", n.withdrawn_at ? nlohmann::json(*n.withdrawn_at) : nlohmann::json()}};
}

// What residents see: no author, no withdrawal (only running notices).
nlohmann::json PublicNoticeJson(const ops::Notice& n) {
  return {{"id", n.id},
          {"region_code", n.region_code},
          {"title", n.title},
          {"body", n.body},
          {"pinned", n.pinned},
          {"published_at", n.published_at},
          {"expires_at", n.expires_at}};
}

}  // namespace

void AddNoticeRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/notices",
       .summary = "Publish a notice to a region (plain text, with an expiry)",
       .tag = "notices",
       .permission = "publish_notices",
       .body_kind = BodyKind::kJson,
       .body = {{{"region_code", FieldType::kString, true, {}, 15, "who reads it: this subtree"},
                 {"title", FieldType::kString, true, {}, 400, "1..100 characters, plain text"},
                 {"body",
                  FieldType::kString,
                  true,
                  {},
                  20000,
                  "1..5000 characters, plain text (line breaks kept)"},
                 {"pinned", FieldType::kBoolean, false, {}, 0, "shown first"},
                 {"expires_at",
                  FieldType::kInteger,
                  true,
                  {},
                  0,
                  "unix seconds, after now, at most 366 days ahead"}}},
       .body_limit = 64 << 10,
       .responses = {{201, "published", schema::Ref("Notice")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         ops::NoticeInput in{c.body["region_code"].get<std::string>(),
                             c.body["title"].get<std::string>(), c.body["body"].get<std::string>(),
                             c.body.value("pinned", false),
                             c.body["expires_at"].get<std::int64_t>()};
         return Respond(s.notices.Publish(Actor(c), in), NoticeJson, 201);
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/notices",
       .summary = "Notices published to regions of my scope, newest first",
       .tag = "notices",
       .permission = std::string(kAuthenticated),
       .query = PageQuery(),
       .responses = {{200, "a page of notices", schema::Ref("NoticePage")}},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         return Respond(s.notices.List(Actor(c), page.after, page.limit), [](const auto& p) {
           nlohmann::json out = ItemsJson(p.items, NoticeJson);
           out["next_cursor"] = p.next_cursor ? nlohmann::json(*p.next_cursor) : nlohmann::json();
           return out;
         });
       }});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/notices/{id}/withdraw",
                    .summary = "Withdraw a notice (residents no longer see it)",
                    .tag = "notices",
                    .permission = "publish_notices",
                    .responses = {{200, "withdrawn", schema::Ref("Notice")},
                                  ErrorAnswer(404, "no such notice in my scope"),
                                  ErrorAnswer(409, "already withdrawn")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.notices.Withdraw(Actor(c), id), NoticeJson);
                    })});
  auto limiter = std::make_shared<PublicLimiter>(PublicLimit{60, 120});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/notices/community/{code}",
       .summary = "Residents' page, no login: the running notices of a community",
       .tag = "notices",
       .responses = {{200, "the community and its notices, pinned first",
                      schema::Ref("CommunityNotices")},
                     ErrorAnswer(404, "no such community"),
                     ErrorAnswer(429, "too many requests from this address (Retry-After)")},
       .handler = [&s, limiter](RequestContext& c) {
         if (int64_t wait = limiter->Take(c.request.client_address)) return TooManyRequests(wait);
         return Respond(s.notices.ForCommunity(c.Param("code")),
                        [](const ops::CommunityNotices& n) -> nlohmann::json {
                          return {{"community_code", n.community_code},
                                  {"community_name", n.community_name},
                                  {"notices", ItemsJson(n.notices, PublicNoticeJson)["items"]}};
                        });
       }});
}

}  // namespace fk::api
