// Quarantine (ops/quarantine): orders at home or at a site, their length
// and its history, daily checks (with the phone's client-made ids), release
// with a negative test, conversion to a case, and the household's printable
// notice. Reading is open to any logged-in user and decided per order by the
// service (a grid worker: their grid's; medical staff: their sites').
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json OrderJson(const ops::QuarantineOrder& q) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", q.id},
          {"resident_id", q.resident_id},
          {"name", q.name},
          {"grid_code", q.grid_code},
          {"place", q.place},
          {"facility_id", opt(q.facility_id)},
          {"room", q.room},
          {"start_date", q.start_date},
          {"days", q.days},
          {"end_date", q.end_date},
          {"status", q.status},
          {"contact_id", opt(q.contact_id)},
          {"case_id", opt(q.case_id)},
          {"ended_on", opt(q.ended_on)},
          {"release_test_date", opt(q.release_test_date)},
          {"release_test_lab", q.release_test_lab},
          {"checks", q.checks},
          {"missed_days", q.missed_days},
          {"last_check_date", opt(q.last_check_date)}};
}

nlohmann::json CheckJson(const ops::QuarantineCheck& c) {
  return {{"id", c.id},
          {"order_id", c.order_id},
          {"date", c.date},
          {"temperature", c.temperature ? nlohmann::json(*c.temperature) : nlohmann::json()},
          {"symptoms", c.symptoms},
          {"fever", c.fever},
          {"note", c.note},
          {"checked_by", c.checked_by}};
}

}  // namespace

void AddQuarantineRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/quarantine-orders",
       .summary = "Order a resident into quarantine at home or at a site",
       .tag = "quarantine",
       .permission = "manage_quarantine",
       .body_kind = BodyKind::kJson,
       .body = {{{"resident_id", FieldType::kInteger, true, {}, 0, "the registered resident"},
                 {"place", FieldType::kString, true, {"home", "site"}, 10, ""},
                 {"facility_id", FieldType::kInteger, false, {}, 0, "the site (place site)"},
                 {"room", FieldType::kString, false, {}, 50, "the room at the site"},
                 {"last_exposure", FieldType::kString, true, {}, 10, "YYYY-MM-DD: the start"},
                 {"days", FieldType::kInteger, false, {}, 0, "1..60, default 14"},
                 {"contact_id", FieldType::kInteger, false, {}, 0, "the contact record"}}},
       .responses = {{201, "ordered", schema::Ref("QuarantineOrder")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such resident in my scope"),
                     ErrorAnswer(409, "the person is in quarantine, or the site is full")},
       .handler = [&s](RequestContext& c) {
         ops::QuarantineInput in;
         in.resident_id = c.body["resident_id"].get<std::int64_t>();
         in.place = c.body["place"].get<std::string>();
         if (c.body.contains("facility_id"))
           in.facility_id = c.body["facility_id"].get<std::int64_t>();
         in.room = c.body.value("room", "");
         in.last_exposure = c.body["last_exposure"].get<std::string>();
         if (c.body.contains("days")) {
           const auto days = c.body["days"].get<std::int64_t>();
           in.days = days < 0 || days > 1000 ? 0 : static_cast<int>(days);
         }
         if (c.body.contains("contact_id"))
           in.contact_id = c.body["contact_id"].get<std::int64_t>();
         return Respond(s.quarantine.Create(Actor(c), in), OrderJson, 201);
       }});
  auto query = PageQuery();
  query.push_back({"region", FieldType::kString, false, "region code; default: my scope"});
  query.push_back({"status", FieldType::kString, false, "active, released or converted"});
  query.push_back({"missed", FieldType::kString, false, "true: active orders with missed days"});
  query.push_back({"facility_id", FieldType::kInteger, false, "orders at one site", 1});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/quarantine-orders",
       .summary = "Quarantine orders I may see (masked), by id",
       .tag = "quarantine",
       .permission = std::string(kAuthenticated),
       .query = query,
       .responses = {{200, "a page of orders", schema::Ref("QuarantineOrderPage")},
                     ErrorAnswer(400, "a filter that does not fit")},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         ops::OrderFilter f;
         f.region = c.Query("region");
         f.status = c.Query("status");
         const std::string missed = c.Query("missed", "false");
         if (missed != "true" && missed != "false")
           return JsonError(400, "invalid_query", "missed: must be true or false", "missed");
         f.missed_only = missed == "true";
         if (!c.Query("facility_id").empty()) f.facility_id = std::stoll(c.Query("facility_id"));
         return Respond(s.quarantine.List(Actor(c), f, page.after, page.limit),
                        [](const ops::Page<ops::QuarantineOrder>& p) {
                          nlohmann::json out = ItemsJson(p.items, OrderJson);
                          out["next_cursor"] =
                              p.next_cursor ? nlohmann::json(*p.next_cursor) : nlohmann::json();
                          return out;
                        });
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/quarantine-orders/{id}",
                    .summary = "A quarantine order",
                    .tag = "quarantine",
                    .permission = std::string(kAuthenticated),
                    .responses = {{200, "the order", schema::Ref("QuarantineOrder")},
                                  ErrorAnswer(404, "no such order I may see")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.quarantine.Get(Actor(c), id), OrderJson);
                    })});
  routes.push_back(
      {.method = "PATCH",
       .pattern = "/api/v1/quarantine-orders/{id}",
       .summary = "Change the length of an active order (kept in its history)",
       .tag = "quarantine",
       .permission = "manage_quarantine",
       .body_kind = BodyKind::kJson,
       .body = {{{"days", FieldType::kInteger, true, {}, 0, "1..60"},
                 {"reason", FieldType::kString, true, {}, 500, ""}}},
       .responses = {{200, "changed", schema::Ref("QuarantineOrder")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such order I may see"),
                     ErrorAnswer(409, "the order has ended")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         const auto days = c.body["days"].get<std::int64_t>();
         return Respond(s.quarantine.ChangeDays(
                            Actor(c), id, days < 0 || days > 1000 ? 0 : static_cast<int>(days),
                            c.body["reason"].get<std::string>()),
                        OrderJson);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/quarantine-orders/{id}/history",
       .summary = "Changes of the order's length",
       .tag = "quarantine",
       .permission = std::string(kAuthenticated),
       .responses = {{200, "the changes, oldest first", schema::Ref("QuarantineChangeList")},
                     ErrorAnswer(404, "no such order I may see")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.quarantine.History(Actor(c), id), [](const auto& rows) {
           return ItemsJson(rows, [](const ops::QuarantineChange& x) -> nlohmann::json {
             return {{"old_days", x.old_days},
                     {"new_days", x.new_days},
                     {"reason", x.reason},
                     {"changed_by", x.changed_by},
                     {"changed_at", x.changed_at}};
           });
         });
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/quarantine-orders/{id}/checks",
                    .summary = "The order's daily checks, by date",
                    .tag = "quarantine",
                    .permission = std::string(kAuthenticated),
                    .responses = {{200, "the checks", schema::Ref("QuarantineCheckList")},
                                  ErrorAnswer(404, "no such order I may see")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.quarantine.Checks(Actor(c), id),
                                     [](const auto& rows) { return ItemsJson(rows, CheckJson); });
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/quarantine-orders/{id}/checks",
       .summary = "Record a check (temperature, symptoms)",
       .tag = "quarantine",
       .permission = "record_quarantine_checks",
       .body_kind = BodyKind::kJson,
       .body = {{{"temperature", FieldType::kNumber, false, {}, 0, "°C, 34..43"},
                 {"symptoms", FieldType::kBoolean, false, {}, 0, ""},
                 {"note", FieldType::kString, false, {}, 500, ""},
                 {"date", FieldType::kString, false, {}, 10, "YYYY-MM-DD; default today"},
                 {"client_id",
                  FieldType::kString,
                  false,
                  {},
                  64,
                  "an id the device made (8..64 of A-Z a-z 0-9 - _): a repeated send answers "
                  "200 with the first answer, other content 409"}}},
       .responses = {{201, "recorded", schema::Ref("QuarantineCheck")},
                     {200, "a repeated send (same client_id): the first answer",
                      schema::Ref("QuarantineCheck")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such order I may see"),
                     ErrorAnswer(409,
                                 "the order has ended, or the client_id came with other content")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::CheckInput in;
         if (c.body.contains("temperature")) in.temperature = c.body["temperature"].get<double>();
         in.symptoms = c.body.value("symptoms", false);
         in.note = c.body.value("note", "");
         in.date = c.body.value("date", "");
         in.client_id = c.body.value("client_id", "");
         auto recorded = s.quarantine.RecordCheck(Actor(c), id, in);
         return Respond(recorded, CheckJson, recorded.ok() && recorded->replayed ? 200 : 201);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/quarantine-orders/{id}/release",
       .summary = "Release after the period with a negative test",
       .tag = "quarantine",
       .permission = "manage_quarantine",
       .body_kind = BodyKind::kJson,
       .body = {{{"test_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD: the sample's day"},
                 {"test_result", FieldType::kString, true, {"negative", "positive"}, 10, ""},
                 {"lab", FieldType::kString, false, {}, 200, ""}}},
       .responses = {{200, "released", schema::Ref("QuarantineOrder")},
                     ErrorAnswer(400, "a positive or early test (error.field names it)"),
                     ErrorAnswer(404, "no such order I may see"),
                     ErrorAnswer(409, "the period is not over, or the order has ended")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.quarantine.Release(Actor(c), id, c.body["test_date"].get<std::string>(),
                                             c.body["test_result"].get<std::string>(),
                                             c.body.value("lab", "")),
                        OrderJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/quarantine-orders/{id}/convert",
       .summary = "End the order: the person became a case",
       .tag = "quarantine",
       .permission = "manage_quarantine",
       .body_kind = BodyKind::kJson,
       .body = {{{"case_id", FieldType::kInteger, false, {}, 0, "the case, when registered"}}},
       .responses = {{200, "converted", schema::Ref("QuarantineOrder")},
                     ErrorAnswer(404, "no such order I may see"),
                     ErrorAnswer(409, "the order has ended")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         std::optional<std::int64_t> case_id;
         if (c.body.contains("case_id")) case_id = c.body["case_id"].get<std::int64_t>();
         return Respond(s.quarantine.Convert(Actor(c), id, case_id), OrderJson);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/quarantine-orders/{id}/notice",
       .summary = "The household's printable quarantine notice (Chinese, HTML for A4)",
       .tag = "quarantine",
       .permission = std::string(kAuthenticated),
       .responses = {{200, "the notice", schema::String("a complete HTML page"), "text/html"},
                     ErrorAnswer(404, "no such order I may see")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) -> HttpResponse {
         auto html = s.quarantine.NoticeHtml(Actor(c), id);
         if (!html.ok()) return ErrorResponse(html.error());
         HttpResponse r;
         r.content_type = "text/html; charset=utf-8";
         // Nothing on the page runs or loads: its only style is inline.
         r.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; "
                                "frame-ancestors 'self'");
         r.headers.emplace_back("Cache-Control", "no-store");
         r.body = std::move(*html);
         return r;
       })});
}

}  // namespace fk::api
