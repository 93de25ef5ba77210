// Facilities and beds (ops/facilities): facilities with their beds and live
// occupancy (read_stats), their beds, medical staff and reinforcement teams
// (manage_facilities), and patients: admissions, transfers, discharges, bed
// suggestions and dispatch (manage_patients; medical staff only at the
// facilities they are attached to).
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json FacilityJson(const ops::Facility& f) {
  nlohmann::json beds = nlohmann::json::array();
  for (const auto& b : f.beds) {
    beds.push_back({{"kind", ops::BedKindName(b.kind)},
                    {"beds", b.beds},
                    {"staffed", b.staffed},
                    {"occupied", b.occupied},
                    {"free", b.staffed - b.occupied}});
  }
  return {{"id", f.id},
          {"name", f.name},
          {"kind", ops::FacilityKindName(f.kind)},
          {"region_code", f.region_code},
          {"address", f.address},
          {"beds", std::move(beds)}};
}

nlohmann::json AdmissionJson(const ops::Admission& a) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", a.id},
          {"resident_id", a.resident_id},
          {"name", a.name},
          {"grid_code", a.grid_code},
          {"facility_id", a.facility_id},
          {"bed_kind", ops::BedKindName(a.bed_kind)},
          {"severity", ops::SeverityName(a.severity)},
          {"case_id", opt(a.case_id)},
          {"admitted_on", a.admitted_on},
          {"discharged_on", opt(a.discharged_on)},
          {"outcome", a.outcome},
          {"transferred_to", opt(a.transferred_to)}};
}

nlohmann::json TeamJson(const ops::MedicalTeam& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"origin", t.origin},
          {"size", t.size},
          {"arrival_date", t.arrival_date},
          {"facility_id", t.facility_id},
          {"bed_kind", ops::BedKindName(t.bed_kind)},
          {"beds_staffed", t.beds_staffed},
          {"arrived", t.arrived},
          {"raised_by", t.raised_by}};
}

template <typename T, typename ToJson>
nlohmann::json PageJsonOf(const ops::Page<T>& page, ToJson to_json) {
  nlohmann::json out = ItemsJson(page.items, to_json);
  out["next_cursor"] = page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json();
  return out;
}

const std::vector<std::string> kBedKinds = {"general", "icu", "quarantine_room"};
const std::vector<std::string> kSeverities = {"mild", "moderate", "severe", "critical"};

// The body of an admission, a transfer and a dispatch.
std::vector<FieldSpec> AdmissionFields() {
  return {{"resident_id", FieldType::kInteger, true, {}, 0, "the registered resident"},
          {"bed_kind", FieldType::kString, true, kBedKinds, 20, ""},
          {"severity", FieldType::kString, true, kSeverities, 20, ""},
          {"case_id", FieldType::kInteger, false, {}, 0, "the person's case, when known"},
          {"date", FieldType::kString, false, {}, 10, "YYYY-MM-DD; default today"}};
}

ops::AdmissionInput AdmissionFromJson(const nlohmann::json& body) {
  ops::AdmissionInput in;
  in.resident_id = body.value("resident_id", std::int64_t{0});
  in.bed_kind = body["bed_kind"].get<std::string>();
  in.severity = body["severity"].get<std::string>();
  if (body.contains("case_id")) in.case_id = body["case_id"].get<std::int64_t>();
  in.date = body.value("date", "");
  return in;
}

// A handler over the path parameters {id} and {admission}.
template <typename Step>
RouteHandler WithTwoIds(Step step) {
  return WithIntParam("id", [step](RequestContext& c, std::int64_t id) -> HttpResponse {
    auto admission = IntParam(c, "admission");
    if (!admission.ok()) return ErrorResponse(admission.error());
    return step(c, id, *admission);
  });
}

}  // namespace

void AddFacilityRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/facilities",
       .summary = "Register a facility (hospital, shelter hospital, quarantine site)",
       .tag = "facilities",
       .permission = "manage_facilities",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 200, ""},
                 {"kind",
                  FieldType::kString,
                  true,
                  {"designated_hospital", "emergency_hospital", "shelter_hospital",
                   "quarantine_site"},
                  30,
                  ""},
                 {"region_code", FieldType::kString, true, {}, 15, "where it stands"},
                 {"address", FieldType::kString, false, {}, 500, ""}}},
       .responses = {{201, "registered", schema::Ref("Facility")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         ops::FacilityInput in{c.body["name"].get<std::string>(), c.body["kind"].get<std::string>(),
                               c.body["region_code"].get<std::string>(),
                               c.body.value("address", "")};
         return Respond(s.facilities.Create(Actor(c), in), FacilityJson, 201);
       }});
  auto query = PageQuery();
  query.push_back({"region", FieldType::kString, false, "region code; default: my scope"});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/facilities",
                    .summary = "Facilities in a region with their beds and occupancy",
                    .tag = "facilities",
                    .permission = "read_stats",
                    .query = query,
                    .responses = {{200, "a page of facilities", schema::Ref("FacilityPage")},
                                  ErrorAnswer(400, "not a region code")},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(
                          s.facilities.List(Actor(c), c.Query("region"), page.after, page.limit),
                          [](const auto& p) { return PageJsonOf(p, FacilityJson); });
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/facilities/{id}",
                    .summary = "A facility with its beds and occupancy",
                    .tag = "facilities",
                    .permission = "read_stats",
                    .responses = {{200, "the facility", schema::Ref("Facility")},
                                  ErrorAnswer(404, "no such facility in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.facilities.Get(Actor(c), id), FacilityJson);
                    })});
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/facilities/{id}/beds/{kind}",
       .summary = "Set the beds and staffed capacity of one kind",
       .tag = "facilities",
       .permission = "manage_facilities",
       .body_kind = BodyKind::kJson,
       .body = {{{"beds", FieldType::kInteger, true, {}, 0, "physical beds"},
                 {"staffed", FieldType::kInteger, true, {}, 0, "beds staff can run, <= beds"}}},
       .responses = {{200, "the facility", schema::Ref("Facility")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such facility in my scope"),
                     ErrorAnswer(409, "fewer staffed beds than patients in them")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(
             s.facilities.SetBeds(Actor(c), id, c.Param("kind"), c.body["beds"].get<std::int64_t>(),
                                  c.body["staffed"].get<std::int64_t>()),
             FacilityJson);
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/facilities/{id}/staff",
                    .summary = "Medical staff accounts attached to the facility",
                    .tag = "facilities",
                    .permission = "manage_facilities",
                    .responses = {{200, "the accounts", schema::Ref("FacilityStaffList")},
                                  ErrorAnswer(404, "no such facility in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.facilities.Staff(Actor(c), id), [](const auto& rows) {
                        return ItemsJson(rows,
                                         [](const ops::FacilityStaffMember& m) -> nlohmann::json {
                                           return {{"user_id", m.user_id},
                                                   {"username", m.username},
                                                   {"display_name", m.display_name}};
                                         });
                      });
                    })});
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/facilities/{id}/staff",
       .summary = "Replace the medical staff accounts attached to the facility",
       .tag = "facilities",
       .permission = "manage_facilities",
       .body_kind = BodyKind::kJson,
       .body = {{{"items",
                  FieldType::kObjectList,
                  true,
                  {},
                  500,
                  "active medical_staff accounts whose scope holds the facility",
                  {{"user_id", FieldType::kInteger, true, {}, 0, ""}}}}},
       .responses = {{200, "replaced", schema::Object({{"replaced", schema::Boolean()}})},
                     ErrorAnswer(400, "an account that may not be attached"),
                     ErrorAnswer(404, "no such facility in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         std::vector<std::int64_t> ids;
         for (const auto& item : c.body["items"])
           ids.push_back(item["user_id"].get<std::int64_t>());
         return Respond(s.facilities.SetStaff(Actor(c), id, ids), {{"replaced", true}});
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/facilities/{id}/admissions",
                    .summary = "Patients in the facility now (masked)",
                    .tag = "facilities",
                    .permission = "manage_patients",
                    .query = PageQuery(),
                    .responses = {{200, "a page of open admissions", schema::Ref("AdmissionPage")},
                                  ErrorAnswer(404, "no such facility in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.admissions.Patients(Actor(c), id, page.after, page.limit),
                                     [](const auto& p) { return PageJsonOf(p, AdmissionJson); });
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/facilities/{id}/admissions",
       .summary = "Admit a resident to a free staffed bed",
       .tag = "facilities",
       .permission = "manage_patients",
       .body_kind = BodyKind::kJson,
       .body = {AdmissionFields()},
       .responses = {{201, "admitted", schema::Ref("Admission")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such facility or resident in my scope"),
                     ErrorAnswer(409, "no free bed of the kind, or the person is in a bed")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.admissions.Admit(Actor(c), id, AdmissionFromJson(c.body)), AdmissionJson,
                        201);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/facilities/{id}/admissions/{admission}/discharge",
       .summary = "Discharge a patient (frees the bed)",
       .tag = "facilities",
       .permission = "manage_patients",
       .body_kind = BodyKind::kJson,
       .body = {{{"outcome", FieldType::kString, true, {"recovered", "died", "other"}, 20, ""},
                 {"date", FieldType::kString, false, {}, 10, "YYYY-MM-DD; default today"}}},
       .responses = {{200, "discharged", schema::Ref("Admission")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such facility or admission in my scope"),
                     ErrorAnswer(409, "the admission has ended")},
       .handler = WithTwoIds([&s](RequestContext& c, std::int64_t id, std::int64_t admission) {
         return Respond(
             s.admissions.Discharge(Actor(c), id, admission, c.body["outcome"].get<std::string>(),
                                    c.body.value("date", "")),
             AdmissionJson);
       })});
  auto transfer = AdmissionFields();
  transfer.erase(transfer.begin());  // the patient is the admission's
  transfer.push_back({"to_facility_id", FieldType::kInteger, true, {}, 0, "may be this one"});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/facilities/{id}/admissions/{admission}/transfer",
       .summary = "Move a patient to a bed at another facility or of another kind",
       .tag = "facilities",
       .permission = "manage_patients",
       .body_kind = BodyKind::kJson,
       .body = {transfer},
       .responses = {{201, "the admission at the target", schema::Ref("Admission")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such facility or admission in my scope"),
                     ErrorAnswer(409, "no free bed at the target, or the admission has ended")},
       .handler = WithTwoIds([&s](RequestContext& c, std::int64_t id, std::int64_t admission) {
         return Respond(s.admissions.Transfer(Actor(c), id, admission,
                                              c.body["to_facility_id"].get<std::int64_t>(),
                                              AdmissionFromJson(c.body)),
                        AdmissionJson, 201);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/facilities/suggestions",
       .summary = "Facilities with a free bed that suits a person, best first",
       .tag = "facilities",
       .permission = "manage_patients",
       .query = {{"resident_id", FieldType::kInteger, true, "the registered resident", 1},
                 {"severity", FieldType::kString, true, "mild, moderate, severe or critical"},
                 {"limit", FieldType::kInteger, false, "1..50, default 10", 1, 50}},
       .responses = {{200, "the suggestions", schema::Ref("SuggestionList")},
                     ErrorAnswer(404, "no such resident in my scope")},
       .handler = [&s](RequestContext& c) {
         return Respond(
             s.admissions.Suggest(Actor(c), std::stoll(c.Query("resident_id")), c.Query("severity"),
                                  std::stoi(c.Query("limit", "10"))),
             [](const auto& rows) {
               return ItemsJson(rows, [](const ops::Suggestion& x) -> nlohmann::json {
                 return {{"facility_id", x.facility_id},
                         {"name", x.name},
                         {"kind", ops::FacilityKindName(x.kind)},
                         {"region_code", x.region_code},
                         {"bed_kind", ops::BedKindName(x.bed_kind)},
                         {"free_beds", x.free_beds},
                         {"tree_distance", x.tree_distance},
                         {"distance_km",
                          x.distance_km ? nlohmann::json(*x.distance_km) : nlohmann::json()}};
               });
             });
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/facilities/{id}/dispatches",
       .summary = "Dispatch a person to a bed here (admits them; records the suggestion rank)",
       .tag = "facilities",
       .permission = "manage_patients",
       .body_kind = BodyKind::kJson,
       .body = {AdmissionFields()},
       .responses = {{201, "dispatched and admitted", schema::Ref("Dispatch")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such facility or resident in my scope"),
                     ErrorAnswer(409, "no free bed of the kind, or the person is in a bed")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(
             s.admissions.DispatchTo(Actor(c), id, AdmissionFromJson(c.body)),
             [](const ops::Dispatch& d) -> nlohmann::json {
               return {{"id", d.id}, {"rank", d.rank}, {"admission", AdmissionJson(d.admission)}};
             },
             201);
       })});

  // Medical reinforcement teams (驰援).
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/medical-teams",
       .summary = "Register a medical reinforcement team assigned to a facility",
       .tag = "facilities",
       .permission = "manage_facilities",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 200, ""},
                 {"origin", FieldType::kString, true, {}, 200, "sending province or body"},
                 {"size", FieldType::kInteger, true, {}, 0, "people"},
                 {"arrival_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"},
                 {"facility_id", FieldType::kInteger, true, {}, 0, ""},
                 {"bed_kind", FieldType::kString, true, kBedKinds, 20, "the beds it staffs"},
                 {"beds_staffed",
                  FieldType::kInteger,
                  false,
                  {},
                  0,
                  "staffed beds its arrival adds; default size/4 for icu, size for others"}}},
       .responses = {{201, "registered", schema::Ref("MedicalTeam")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         ops::MedicalTeamInput in;
         in.name = c.body["name"].get<std::string>();
         in.origin = c.body["origin"].get<std::string>();
         in.size = c.body["size"].get<std::int64_t>();
         in.arrival_date = c.body["arrival_date"].get<std::string>();
         in.facility_id = c.body["facility_id"].get<std::int64_t>();
         in.bed_kind = c.body["bed_kind"].get<std::string>();
         if (c.body.contains("beds_staffed"))
           in.beds_staffed = c.body["beds_staffed"].get<std::int64_t>();
         return Respond(s.facilities.CreateTeam(Actor(c), in), TeamJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/medical-teams",
                    .summary = "Teams of facilities in my scope, newest first",
                    .tag = "facilities",
                    .permission = "read_stats",
                    .query = PageQuery(),
                    .responses = {{200, "a page of teams", schema::Ref("MedicalTeamPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.facilities.Teams(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageJsonOf(p, TeamJson); });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/medical-teams/{id}/arrival",
       .summary = "Record a team's arrival: the facility's staffed beds rise",
       .tag = "facilities",
       .permission = "manage_facilities",
       .responses = {{200, "arrived", schema::Ref("MedicalTeam")},
                     ErrorAnswer(404, "no such team in my scope"),
                     ErrorAnswer(409, "it has arrived, or the facility has no beds of its kind")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.facilities.RecordArrival(Actor(c), id), TeamJson);
       })});
}

}  // namespace fk::api
