// Residents' declarations (群防群治): the open POST of the /declare page (no
// login; a cap per client address, and the service's cap per home address)
// and the grid's queue: list, close.
#include <memory>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/public_limiter.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json OptInt(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json DeclarationJson(const ops::Declaration& d) {
  return {{"id", d.id},
          {"reference", d.reference},
          {"kind", ops::DeclarationKindName(d.kind)},
          {"community_code", d.community_code},
          {"grid_code", d.grid_code ? nlohmann::json(*d.grid_code) : nlohmann::json()},
          {"building", d.building},
          {"unit", d.unit},
          {"room", d.room},
          {"name", d.name},
          {"phone", d.phone},
          {"from_area", d.from_area},
          {"detail", d.detail},
          {"created_at", d.created_at},
          {"status", d.closed ? "closed" : "open"},
          {"closed_at", OptInt(d.closed_at)},
          {"closed_by", OptInt(d.closed_by)},
          {"outcome", d.outcome},
          {"minutes_to_close", OptInt(d.minutes_to_close)}};
}

}  // namespace

void AddDeclarationRoutes(std::vector<Route>& routes, Services& s) {
  auto limiter = std::make_shared<PublicLimiter>(PublicLimit{3600, 10});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/declarations",
       .summary = "Residents' page, no login: declare for a household (answers the same whether "
                  "or not it is registered)",
       .tag = "declarations",
       .body_kind = BodyKind::kJson,
       .body = {{{"kind",
                  FieldType::kString,
                  true,
                  {"return", "fever", "symptoms", "need", "concern"},
                  20,
                  "return from a high-risk area, fever, symptoms, a need, a concern"},
                 {"community_code", FieldType::kString, true, {}, 12, "12 digits"},
                 {"building", FieldType::kString, true, {}, 80, ""},
                 {"unit", FieldType::kString, true, {}, 80, ""},
                 {"room", FieldType::kString, true, {}, 80, ""},
                 {"name", FieldType::kString, false, {}, 160, "optional"},
                 {"phone", FieldType::kString, true, {}, 20, "to call back"},
                 {"from_area", FieldType::kString, false, {}, 400, "a return: where from"},
                 {"detail", FieldType::kString, false, {}, 4000, "at most 1000 characters"}}},
       // Open to anyone: small bodies only.
       .body_limit = 8 << 10,
       .responses = {{201, "received", schema::Ref("DeclarationReceipt")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such community"),
                     ErrorAnswer(429, "too many declarations from this address (Retry-After)")},
       .handler = [&s, limiter](RequestContext& c) {
         if (int64_t wait = limiter->Take(c.request.client_address)) return TooManyRequests(wait);
         ops::DeclarationInput in;
         in.kind = *ops::ParseDeclarationKind(c.body["kind"].get<std::string>());
         in.community_code = c.body["community_code"].get<std::string>();
         in.building = c.body["building"].get<std::string>();
         in.unit = c.body["unit"].get<std::string>();
         in.room = c.body["room"].get<std::string>();
         in.name = c.body.value("name", "");
         in.phone = c.body["phone"].get<std::string>();
         in.from_area = c.body.value("from_area", "");
         in.detail = c.body.value("detail", "");
         auto receipt = s.declarations.Declare(in, c.request.client_address);
         if (!receipt.ok() && receipt.error().code == ErrorCode::kResourceExhausted &&
             !receipt.error().internal_text) {
           HttpResponse r = JsonError(429, "too_many_declarations", receipt.error().message);
           r.headers.emplace_back("Retry-After", "3600");
           return r;
         }
         return Respond(
             receipt,
             [](const ops::DeclarationReceipt& r) -> nlohmann::json {
               return {{"reference", r.reference}, {"received_at", r.received_at}};
             },
             201);
       }});
  auto queue_query = PageQuery();
  queue_query.push_back({"open", FieldType::kString, false, "true: open ones only"});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/declarations",
                    .summary = "The declarations queue of my area, newest first (audited)",
                    .tag = "declarations",
                    .permission = "handle_declarations",
                    .query = queue_query,
                    .responses = {{200, "a page of declarations", schema::Ref("DeclarationPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.declarations.Queue(Actor(c), QueryBool(c, "open"),
                                                          page.after, page.limit),
                                     [](const auto& p) {
                                       nlohmann::json out = ItemsJson(p.items, DeclarationJson);
                                       out["next_cursor"] = OptInt(p.next_cursor);
                                       return out;
                                     });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/declarations/{id}/close",
       .summary = "Close a declaration with what was done (the time it took is kept)",
       .tag = "declarations",
       .permission = "handle_declarations",
       .body_kind = BodyKind::kJson,
       .body = {{{"outcome", FieldType::kString, true, {}, 4000, "1..1000 characters"}}},
       .responses = {{200, "closed", schema::Ref("Declaration")},
                     ErrorAnswer(404, "no such declaration in my area"),
                     ErrorAnswer(409, "already closed")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.declarations.Close(Actor(c), id, c.body["outcome"].get<std::string>()),
                        DeclarationJson);
       })});
}

}  // namespace fk::api
