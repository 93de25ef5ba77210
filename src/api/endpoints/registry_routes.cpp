// Households and residents: create, read, move, update, search (keyset
// pages), CSV import and masked CSV export. The ops RegistryService checks
// scope per household and writes the audit records.
#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {

namespace {

BodySchema ResidentSchema() {
  return {{{"name", FieldType::kString, true, {}, 100, ""},
           {"sex", FieldType::kString, true, {"male", "female"}, 6, ""},
           {"birth_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"},
           {"id_number", FieldType::kString, true, {}, 18, "GB 11643, check digit verified"},
           {"phone", FieldType::kString, true, {}, 20, "11 digits"},
           {"elderly_alone", FieldType::kBoolean, false, {}, 0, "elderly living alone"},
           {"chronic_illness", FieldType::kBoolean, false, {}, 0, ""},
           {"pregnant", FieldType::kBoolean, false, {}, 0, ""},
           {"high_risk_return_date",
            FieldType::kString,
            false,
            {},
            10,
            "returned from a high-risk area on (YYYY-MM-DD)"}}};
}

const QueryParam kUnmasked{"unmasked", FieldType::kString, false,
                           "true: personal data in clear (needs see_unmasked)"};

}  // namespace

void AddRegistryRoutes(std::vector<Route>& routes, Services& s) {
  const BodySchema household{{{"grid_code", FieldType::kString, true, {}, 15, ""},
                              {"building", FieldType::kString, true, {}, 50, ""},
                              {"unit", FieldType::kString, false, {}, 50, ""},
                              {"room", FieldType::kString, true, {}, 50, ""}}};
  routes.push_back({"POST",
                    "/api/v1/households",
                    "Register a household",
                    "registry",
                    "write_registry",
                    "",
                    BodyKind::kJson,
                    household,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      ops::Household h{0, c.body["grid_code"].get<std::string>(),
                                       c.body["building"].get<std::string>(),
                                       c.body.value("unit", ""), c.body["room"].get<std::string>()};
                      auto created = s.registry.CreateHousehold(Actor(c), h);
                      if (!created.ok()) return ErrorResponse(created.error());
                      return JsonTextResponse(ItemJson(*created), 201);
                    }});
  routes.push_back({"GET",
                    "/api/v1/households/{id}",
                    "A household",
                    "registry",
                    "read_registry",
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto h = s.registry.GetHousehold(Actor(c), *id);
                      if (!h.ok()) return ErrorResponse(h.error());
                      return JsonTextResponse(ItemJson(*h));
                    }});
  const BodySchema move{{{"to_grid", FieldType::kString, true, {}, 15, ""},
                         {"reason", FieldType::kString, false, {}, 500, ""}}};
  routes.push_back({"POST",
                    "/api/v1/households/{id}/move",
                    "Move a household to another grid (history kept)",
                    "registry",
                    "write_registry",
                    "",
                    BodyKind::kJson,
                    move,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto st = s.registry.MoveHousehold(Actor(c), *id,
                                                         c.body["to_grid"].get<std::string>(),
                                                         c.body.value("reason", ""));
                      if (!st.ok()) return ErrorResponse(st.error());
                      return JsonResponse({{"moved", true}});
                    }});
  routes.push_back({"GET",
                    "/api/v1/households/{id}/moves",
                    "A household's moves",
                    "registry",
                    "read_registry",
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto moves = s.registry.MoveHistory(Actor(c), *id);
                      if (!moves.ok()) return ErrorResponse(moves.error());
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& m : *moves) {
                        items.push_back({{"from_grid", m.from_grid},
                                         {"to_grid", m.to_grid},
                                         {"moved_at", m.moved_at},
                                         {"moved_by", m.moved_by},
                                         {"reason", m.reason}});
                      }
                      return JsonResponse({{"items", items}});
                    }});
  routes.push_back({"GET",
                    "/api/v1/households/{id}/residents",
                    "The residents of a household",
                    "registry",
                    "read_registry",
                    "",
                    BodyKind::kNone,
                    {},
                    {kUnmasked},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto people =
                          s.registry.HouseholdResidents(Actor(c), *id, QueryBool(c, "unmasked"));
                      if (!people.ok()) return ErrorResponse(people.error());
                      return JsonTextResponse(ListJson(*people));
                    }});
  routes.push_back({"POST",
                    "/api/v1/households/{id}/residents",
                    "Register a resident",
                    "registry",
                    "write_registry",
                    "",
                    BodyKind::kJson,
                    ResidentSchema(),
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto r = s.registry.AddResident(Actor(c), *id, ResidentFromJson(c.body));
                      if (!r.ok()) return ErrorResponse(r.error());
                      return JsonTextResponse(ItemJson(*r), 201);
                    }});
  routes.push_back(
      {"GET",
       "/api/v1/residents",
       "Search residents by name (prefix with *), ID number, phone, address; keyset pages",
       "registry",
       "read_registry",
       "",
       BodyKind::kNone,
       {},
       {{"region", FieldType::kString, false, "subtree to search (default: my scope)"},
        {"name", FieldType::kString, false, "exact, or prefix ending in *"},
        {"id_number", FieldType::kString, false, ""},
        {"phone", FieldType::kString, false, ""},
        {"address", FieldType::kString, false, "substring of building-unit-room"},
        {"after", FieldType::kInteger, false, "cursor: next_cursor of the previous page"},
        {"limit", FieldType::kInteger, false, "1..200, default 50"},
        kUnmasked},
       kDefaultBodyLimit,
       [&s](RequestContext& c) {
         ops::ResidentQuery q;
         q.region_code = c.Query("region");
         q.name = c.Query("name");
         q.id_number = c.Query("id_number");
         q.phone = c.Query("phone");
         q.address = c.Query("address");
         q.after_id = QueryInt(c, "after", 0);
         const auto limit = QueryInt(c, "limit", 50);
         if (limit < 1 || limit > ops::kMaxPageSize) {
           return JsonError(400, "invalid_query", "must be 1..200", "limit");
         }
         q.limit = static_cast<int>(limit);
         q.unmasked = QueryBool(c, "unmasked");
         auto page = s.registry.Search(Actor(c), q);
         if (!page.ok()) return ErrorResponse(page.error());
         return JsonTextResponse(PageJson(*page));
       }});
  routes.push_back({"GET",
                    "/api/v1/residents/{id}",
                    "A resident",
                    "registry",
                    "read_registry",
                    "",
                    BodyKind::kNone,
                    {},
                    {kUnmasked},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto r = s.registry.GetResident(Actor(c), *id, QueryBool(c, "unmasked"));
                      if (!r.ok()) return ErrorResponse(r.error());
                      return JsonTextResponse(ItemJson(*r));
                    }});
  routes.push_back({"PUT",
                    "/api/v1/residents/{id}",
                    "Replace a resident's data",
                    "registry",
                    "write_registry",
                    "",
                    BodyKind::kJson,
                    ResidentSchema(),
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto st = s.registry.UpdateResident(Actor(c), *id, ResidentFromJson(c.body));
                      if (!st.ok()) return ErrorResponse(st.error());
                      return JsonResponse({{"updated", true}});
                    }});
  routes.push_back(
      {"POST",
       "/api/v1/residents/import",
       "Import residents from CSV (Chinese or English headers); every rejected row is reported",
       "registry",
       "write_registry",
       "",
       BodyKind::kCsv,
       {},
       {{"mode", FieldType::kString, false, "all_or_nothing (default) or valid_rows"}},
       kImportBodyLimit,
       [&s](RequestContext& c) {
         auto mode = QueryImportMode(c);
         if (!mode.ok()) return JsonError(400, "invalid_query", mode.error().message, "mode");
         auto report = s.registry.ImportResidentsCsv(Actor(c), c.request.body, *mode);
         if (!report.ok()) return ErrorResponse(report.error());
         return JsonResponse(ImportReportJson(*report),
                             report->imported < report->rows ? 422 : 200);
       }});
  routes.push_back({"GET",
                    "/api/v1/residents/export",
                    "CSV of a region's residents, masked unless allowed",
                    "registry",
                    "read_registry",
                    "",
                    BodyKind::kNone,
                    {},
                    {{"region", FieldType::kString, true, "region code"}, kUnmasked},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto csv = s.registry.ExportResidentsCsv(Actor(c), c.Query("region"),
                                                               QueryBool(c, "unmasked"));
                      if (!csv.ok()) return ErrorResponse(csv.error());
                      HttpResponse response;
                      response.content_type = "text/csv; charset=utf-8";
                      response.body = std::move(*csv);
                      return response;
                    }});
}

}  // namespace fk::api
