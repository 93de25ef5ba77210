// Close contacts of a case (ops/contacts): list a case's contacts and add
// one, a registered resident or a person by ID number, name and phone, with
// the setting of the exposure and its last day. A contact handed over to
// another area shows only that it was handed over. A contact becomes a
// quarantine order through POST /api/v1/quarantine-orders with contact_id.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/contacts/contacts.hpp"

namespace fk::api {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

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
          {"grid_code", k.grid_code},
          {"name", k.name},
          {"id_number", k.id_number},
          {"listed_at", k.listed_at},
          {"reached_at", OrNull(k.reached_at)},
          {"last_followup_date", OrNull(k.last_followup_date)},
          {"lost", k.lost}};
}

const std::vector<std::string> kSettings{"household", "workplace",    "school", "healthcare",
                                         "transport", "public_place", "other"};

}  // namespace

void AddContactRoutes(std::vector<Route>& routes, Services& s) {
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
