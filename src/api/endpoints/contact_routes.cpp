// Contact tracing (流调, ops/contacts): the places and times a case visited;
// a case's contacts, listed as a registered resident or a person by ID
// number, name and phone, with the setting of the exposure and its last day;
// the contacts who live in an area (the receiving grid's list) and their
// daily follow-up, and the placing of one registered nowhere (linked to the
// resident they turned out to be, or handed on to a smaller area); the
// transmission chain of a cluster; the WHO's tracing
// figures of an area for a day. A contact handed over to another area shows
// only that it was handed over. A contact becomes a quarantine order through
// POST /api/v1/quarantine-orders with contact_id.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/contacts/contacts.hpp"

namespace fk::api {
namespace {

nlohmann::json ContactJson(const ops::Contact& k) {
  return {{"id", k.id},
          {"case_id", k.case_id},
          {"degree", k.degree},
          {"via_contact_id", OrNull(k.via_contact_id)},
          {"setting", std::string(ops::Name(k.setting))},
          {"last_exposure_date", k.last_exposure_date},
          {"visit_id", OrNull(k.visit_id)},
          {"handed_over", k.handed_over},
          {"visible", k.visible},
          {"resident_id", OrNull(k.resident_id)},
          {"region", k.region},
          {"grid_code", k.grid_code},
          {"name", k.name},
          {"id_number", k.id_number},
          {"listed_at", k.listed_at},
          {"reached_at", OrNull(k.reached_at)},
          {"last_followup_date", OrNull(k.last_followup_date)},
          {"lost", k.lost}};
}

nlohmann::json VisitJson(const ops::CaseVisit& v) {
  return {{"id", v.id},
          {"case_id", v.case_id},
          {"place", v.visit.place},
          {"setting", std::string(ops::Name(v.visit.setting))},
          {"date", v.visit.date},
          {"from_time", v.visit.from_time},
          {"to_time", v.visit.to_time},
          {"note", v.visit.note},
          {"recorded_by", v.recorded_by},
          {"recorded_at", v.recorded_at}};
}

nlohmann::json ChainJson(const ops::Chain& chain) {
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (const auto& n : chain.nodes)
    nodes.push_back({{"case_id", n.case_id},
                     {"status", n.status},
                     {"report_date", n.report_date},
                     {"visible", n.visible}});
  for (const auto& e : chain.edges)
    edges.push_back({{"from_case", e.from_case},
                     {"to_case", e.to_case},
                     {"setting", e.setting},
                     {"last_exposure_date", e.last_exposure_date}});
  return {{"nodes", nodes}, {"edges", edges}, {"source_case", OrNull(chain.source_case)}};
}

nlohmann::json FiguresJson(const ops::TracingFigures& f) {
  return {{"region_code", f.region_code},
          {"date", f.date},
          {"new_cases", f.new_cases},
          {"new_cases_from_contacts", f.new_cases_from_contacts},
          {"contacts_listed", f.contacts_listed},
          {"reached_within_24h", f.reached_within_24h},
          {"under_follow_up", f.under_follow_up},
          {"followed_up_today", f.followed_up_today},
          {"lost", f.lost}};
}

const std::vector<std::string> kSettings{"household", "workplace",    "school", "healthcare",
                                         "transport", "public_place", "other"};

}  // namespace

void AddContactRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/cases/{id}/visits",
                    .summary = "The places and times a case visited (行程), by day",
                    .tag = "cases",
                    .permission = "read_cases",
                    .responses = {{200, "the visits", schema::Ref("CaseVisitList")},
                                  ErrorAnswer(404, "no such case in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.contacts.Visits(Actor(c), id),
                                     [](const auto& list) { return ItemsJson(list, VisitJson); });
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases/{id}/visits",
       .summary = "Record a place and time the case visited",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"place", FieldType::kString, true, {}, 200, "as the case told it"},
                 {"setting", FieldType::kString, true, kSettings, 20, "what kind of place"},
                 {"date", FieldType::kString, true, {}, 10, "YYYY-MM-DD, not after today"},
                 {"from_time", FieldType::kString, false, {}, 5, "HH:MM"},
                 {"to_time", FieldType::kString, false, {}, 5, "HH:MM, not before from_time"},
                 {"note", FieldType::kString, false, {}, 2000, ""}}},
       .responses = {{201, "recorded", schema::Ref("CaseVisit")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such case in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::CaseVisitInput v;
         v.place = c.body["place"].get<std::string>();
         v.setting = *ops::ParseExposureSetting(c.body["setting"].get<std::string>());
         v.date = c.body["date"].get<std::string>();
         v.from_time = c.body.value("from_time", "");
         v.to_time = c.body.value("to_time", "");
         v.note = c.body.value("note", "");
         return Respond(s.contacts.AddVisit(Actor(c), id, v), VisitJson, 201);
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/cases/{id}/chain",
                    .summary = "The transmission chain of the case's cluster: cases as nodes, "
                               "\"a contact of A became case B\" as edges",
                    .tag = "cases",
                    .permission = "read_cases",
                    .responses = {{200, "the chain; cases outside my scope show only their id",
                                   schema::Ref("TransmissionChain")},
                                  ErrorAnswer(404, "no such case in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.contacts.ChainOf(Actor(c), id), ChainJson);
                    })});
  auto area = PageQuery();
  area.push_back({"region", FieldType::kString, false, "region code; default: my scope"});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/contacts",
       .summary = "The contacts who live in an area, handed over to it or not (masked): "
                  "the receiving grid's list",
       .tag = "cases",
       .permission = "read_cases",
       .query = area,
       .responses = {{200, "a page of contacts", schema::Ref("ContactPage")},
                     ErrorAnswer(400, "a filter that does not fit"),
                     ErrorAnswer(403, "a region outside my scope")},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         return Respond(s.contacts.ContactsIn(Actor(c), c.Query("region"), page.after, page.limit),
                        [](const ops::Page<ops::Contact>& p) {
                          nlohmann::json out = ItemsJson(p.items, ContactJson);
                          out["next_cursor"] = OrNull(p.next_cursor);
                          return out;
                        });
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/contacts/{id}/follow-ups",
       .summary = "Record a day's follow-up of a contact: reached or not, or lost",
       .tag = "cases",
       .permission = "read_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"date", FieldType::kString, true, {}, 10, "YYYY-MM-DD, not after today"},
                 {"reached", FieldType::kBoolean, false, {}, 0, "default true"},
                 {"lost", FieldType::kBoolean, false, {}, 0, "cannot be found; default false"}}},
       .responses = {{200, "the contact as it stands", schema::Ref("Contact")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(403, "a role that neither manages cases nor records visits"),
                     ErrorAnswer(404, "no such contact in my scope"),
                     ErrorAnswer(409, "the contact is not identified yet")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::FollowUp f;
         f.date = c.body["date"].get<std::string>();
         f.reached = c.body.value("reached", true);
         f.lost = c.body.value("lost", false);
         return Respond(s.contacts.RecordFollowUp(Actor(c), id, f), ContactJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/contacts/{id}/resident",
       .summary = "Place a contact registered nowhere: link them to the resident they turned out "
                  "to be (registered first if need be), or hand them on to an area inside the "
                  "one that holds them",
       .tag = "cases",
       .permission = "read_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"resident_id", FieldType::kInteger, false, {}, 0, "a resident in my scope, or:"},
                 {"region_code",
                  FieldType::kString,
                  false,
                  {},
                  15,
                  "an area inside the contact's, whose staff look for the person"}}},
       .responses = {{200, "the contact as it stands", schema::Ref("Contact")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(403,
                                 "a role that neither manages cases or quarantine nor records "
                                 "visits"),
                     ErrorAnswer(404, "no such contact or resident in my scope"),
                     ErrorAnswer(409,
                                 "the contact is identified already, or the resident is on the "
                                 "case's list already")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::Placement p;
         p.resident_id = c.body.value("resident_id", std::int64_t{0});
         p.region_code = c.body.value("region_code", "");
         return Respond(s.contacts.Place(Actor(c), id, p), ContactJson);
       })});
  std::vector<QueryParam> figures{{"region", FieldType::kString, true, "region code"},
                                  {"date", FieldType::kString, true, "YYYY-MM-DD"}};
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/contacts/figures",
                    .summary = "The WHO's contact tracing figures of an area for a day",
                    .tag = "cases",
                    .permission = "read_stats",
                    .query = figures,
                    .responses = {{200, "the figures", schema::Ref("TracingFigures")},
                                  ErrorAnswer(400, "a region or date that does not fit"),
                                  ErrorAnswer(403, "a region outside my scope")},
                    .handler = [&s](RequestContext& c) {
                      return Respond(
                          s.contacts.Figures(Actor(c), c.Query("region"), c.Query("date")),
                          FiguresJson);
                    }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/cases/{id}/contacts",
       .summary = "A case's close contacts and their contacts, in listing order (masked)",
       .tag = "cases",
       .permission = "read_cases",
       .responses = {{200, "the contacts", schema::Ref("ContactList")},
                     ErrorAnswer(404, "no such case in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.contacts.CaseContacts(Actor(c), id),
                        [](const auto& list) { return ItemsJson(list, ContactJson); });
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases/{id}/contacts",
       .summary = "List a contact of a case: a resident, or a person as the case named them",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body =
           {{{"resident_id", FieldType::kInteger, false, {}, 0, "a resident in my scope, or:"},
             {"id_number", FieldType::kString, false, {}, 18, "GB 11643, with name and phone"},
             {"name", FieldType::kString, false, {}, 100, "as the case gave it"},
             {"phone", FieldType::kString, false, {}, 20, "as the case gave it"},
             {"setting", FieldType::kString, true, kSettings, 20, "where they met"},
             {"last_exposure_date",
              FieldType::kString,
              true,
              {},
              10,
              "YYYY-MM-DD, not after today"},
             {"via_contact_id",
              FieldType::kInteger,
              false,
              {},
              0,
              "a contact of this close contact (次密接)"},
             {"visit_id", FieldType::kInteger, false, {}, 0, "the case's visit where they met"}}},
       .responses = {{201, "listed (handed over: nothing about the person)",
                      schema::Ref("Contact")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such case or resident in my scope"),
                     ErrorAnswer(409, "the person is on the case's list already")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::ContactInput in;
         in.resident_id = c.body.value("resident_id", std::int64_t{0});
         in.id_number = c.body.value("id_number", "");
         in.name = c.body.value("name", "");
         in.phone = c.body.value("phone", "");
         in.setting = *ops::ParseExposureSetting(c.body["setting"].get<std::string>());
         in.last_exposure_date = c.body["last_exposure_date"].get<std::string>();
         in.via_contact_id = c.body.value("via_contact_id", std::int64_t{0});
         in.visit_id = c.body.value("visit_id", std::int64_t{0});
         return Respond(s.contacts.AddContact(Actor(c), id, in), ContactJson, 201);
       })});
}

}  // namespace fk::api
