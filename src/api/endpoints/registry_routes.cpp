// Households and residents: create, read, move, update, delete, search (keyset
// pages), CSV import and masked CSV export. The ops RegistryService checks
// scope per household and writes the audit records.
#include <algorithm>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {

namespace {

BodySchema ResidentSchema() {
  return {{{"name", FieldType::kString, true, {}, 100, ""},
           {"sex", FieldType::kString, true, {"male", "female"}, 6, ""},
           {"birth_date", FieldType::kString, true, {}, 10, "YYYY-MM-DD"},
           {"id_number", FieldType::kString, true, {}, 18, "GB 11643, check digit verified"},
           {"phone",
            FieldType::kString,
            true,
            {},
            20,
            "mobile (11 digits) or fixed line with area code"},
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

// {"items": [...]} of a household's moves.
nlohmann::json MovesJson(const std::vector<ops::HouseholdMove>& moves) {
  return ItemsJson(moves, [](const ops::HouseholdMove& m) -> nlohmann::json {
    return {{"from_grid", m.from_grid},
            {"to_grid", m.to_grid},
            {"moved_at", m.moved_at},
            {"moved_by", m.moved_by},
            {"reason", m.reason}};
  });
}

// "attachment; filename=\"residents-420102.csv\"": a download, never shown
// inline. The region goes into the name only when it is all digits (a
// region code), so no value of the query can reach the header otherwise.
std::string ExportDisposition(const std::string& region) {
  const bool code =
      !region.empty() && region.size() <= 15 &&
      std::all_of(region.begin(), region.end(), [](char c) { return c >= '0' && c <= '9'; });
  return std::string("attachment; filename=\"residents") + (code ? "-" + region : "") + ".csv\"";
}

const QueryParam kUnmasked{"unmasked", FieldType::kString, false,
                           "true: personal data in clear (needs see_unmasked)"};
const QueryParam kDeletionReason{"reason", FieldType::kString, true,
                                 "why (required, at most 500 bytes; kept in the audit log)"};

}  // namespace

void AddRegistryRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/households",
                    .summary = "Register a household",
                    .tag = "registry",
                    .permission = "write_registry",
                    .body_kind = BodyKind::kJson,
                    .body = {{{"grid_code", FieldType::kString, true, {}, 15, ""},
                              {"building", FieldType::kString, true, {}, 50, ""},
                              {"unit", FieldType::kString, false, {}, 50, ""},
                              {"room", FieldType::kString, true, {}, 50, ""}}},
                    .responses = {{201, "registered", schema::Ref("Household")},
                                  ErrorAnswer(400, "the grid code is not a grid"),
                                  ErrorAnswer(404, "no such grid"),
                                  ErrorAnswer(409, "the address is registered")},
                    .handler = [&s](RequestContext& c) {
                      ops::Household h{0, c.body["grid_code"].get<std::string>(),
                                       c.body["building"].get<std::string>(),
                                       c.body.value("unit", ""), c.body["room"].get<std::string>()};
                      return Respond(s.registry.CreateHousehold(Actor(c), h), AsItem, 201);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/households/{id}",
                    .summary = "A household",
                    .tag = "registry",
                    .permission = "read_registry",
                    .responses = {{200, "the household", schema::Ref("Household")},
                                  ErrorAnswer(404, "no such household in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.registry.GetHousehold(Actor(c), id), AsItem);
                    })});
  routes.push_back(
      {.method = "DELETE",
       .pattern = "/api/v1/households/{id}",
       .summary = "Delete a household registered in error (no residents, never "
                  "screened); its move history goes with it",
       .tag = "registry",
       .permission = "write_registry",
       .query = {kDeletionReason},
       .responses = {{200, "deleted", schema::Object({{"deleted", schema::Boolean()}})},
                     ErrorAnswer(404, "no such household in my scope"),
                     ErrorAnswer(409, "it has residents or was screened")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.DeleteHousehold(Actor(c), id, c.query.at("reason")),
                        {{"deleted", true}});
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/households/{id}/move",
       .summary = "Move a household to another grid (history kept)",
       .tag = "registry",
       .permission = "write_registry",
       .body_kind = BodyKind::kJson,
       .body = {{{"to_grid", FieldType::kString, true, {}, 15, ""},
                 {"reason", FieldType::kString, false, {}, 500, ""}}},
       .responses = {{200, "moved", schema::Object({{"moved", schema::Boolean()}})},
                     ErrorAnswer(404, "no such household or grid in my scope"),
                     ErrorAnswer(409, "already in that grid, or the address is taken there")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.MoveHousehold(Actor(c), id, c.body["to_grid"].get<std::string>(),
                                                 c.body.value("reason", "")),
                        {{"moved", true}});
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/households/{id}/moves",
                    .summary = "A household's moves",
                    .tag = "registry",
                    .permission = "read_registry",
                    .responses = {{200, "its moves, oldest first", schema::Ref("MoveList")},
                                  ErrorAnswer(404, "no such household in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.registry.MoveHistory(Actor(c), id), MovesJson);
                    })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/households/{id}/residents",
       .summary = "The residents of a household",
       .tag = "registry",
       .permission = "read_registry",
       .query = {kUnmasked},
       .responses = {{200, "its residents (masked unless allowed)", schema::Ref("ResidentList")},
                     ErrorAnswer(404, "no such household in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.HouseholdResidents(Actor(c), id, QueryBool(c, "unmasked")),
                        AsList);
       })});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/households/{id}/residents",
                    .summary = "Register a resident",
                    .tag = "registry",
                    .permission = "write_registry",
                    .body_kind = BodyKind::kJson,
                    .body = ResidentSchema(),
                    .responses = {{201, "registered", schema::Ref("Resident")},
                                  ErrorAnswer(400, "a field refused (error.field names it)"),
                                  ErrorAnswer(404, "no such household in my scope"),
                                  ErrorAnswer(409, "the ID number is registered in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.registry.AddResident(Actor(c), id, ResidentFromJson(c.body)),
                                     AsItem, 201);
                    })});
  std::vector<QueryParam> search{
      {"region", FieldType::kString, false, "subtree to search (default: my scope)"},
      {"name", FieldType::kString, false, "exact, or prefix ending in *"},
      {"id_number", FieldType::kString, false, ""},
      {"phone", FieldType::kString, false, ""},
      {"address", FieldType::kString, false, "substring of building-unit-room"}};
  for (const auto& param : PageQuery()) search.push_back(param);
  search.push_back(kUnmasked);
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/residents",
       .summary =
           "Search residents by name (prefix with *), ID number, phone, address; keyset pages",
       .tag = "registry",
       .permission = "read_registry",
       .query = search,
       .responses = {{200, "a page of residents (masked unless allowed)",
                      schema::Ref("ResidentPage")},
                     ErrorAnswer(
                         403, "an exact search by id_number, phone or name without see_unmasked")},
       .handler = [&s](RequestContext& c) {
         ops::ResidentQuery q;
         q.region_code = c.Query("region");
         q.name = c.Query("name");
         q.id_number = c.Query("id_number");
         q.phone = c.Query("phone");
         q.address = c.Query("address");
         const PageRequest page = PageOf(c);
         q.after_id = page.after;
         q.limit = page.limit;
         q.unmasked = QueryBool(c, "unmasked");
         return Respond(s.registry.Search(Actor(c), q), AsPage);
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/residents/{id}",
       .summary = "A resident",
       .tag = "registry",
       .permission = "read_registry",
       .query = {kUnmasked},
       .responses = {{200, "the resident (masked unless allowed)", schema::Ref("Resident")},
                     ErrorAnswer(404, "no such resident in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.GetResident(Actor(c), id, QueryBool(c, "unmasked")), AsItem);
       })});
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/residents/{id}",
       .summary = "Replace a resident's data",
       .tag = "registry",
       .permission = "write_registry",
       .body_kind = BodyKind::kJson,
       .body = ResidentSchema(),
       .responses = {{200, "replaced", schema::Object({{"updated", schema::Boolean()}})},
                     ErrorAnswer(400, "a field refused (error.field names it)"),
                     ErrorAnswer(404, "no such resident in my scope"),
                     ErrorAnswer(409, "the ID number is registered in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.UpdateResident(Actor(c), id, ResidentFromJson(c.body)),
                        {{"updated", true}});
       })});
  routes.push_back(
      {.method = "DELETE",
       .pattern = "/api/v1/residents/{id}",
       .summary = "Delete a resident registered in error (never screened)",
       .tag = "registry",
       .permission = "write_registry",
       .query = {kDeletionReason},
       .responses = {{200, "deleted", schema::Object({{"deleted", schema::Boolean()}})},
                     ErrorAnswer(404, "no such resident in my scope"),
                     ErrorAnswer(409, "the resident was screened")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.DeleteResident(Actor(c), id, c.query.at("reason")),
                        {{"deleted", true}});
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/residents/import",
       .summary = "Import residents from CSV (Chinese or English headers); every rejected row is "
                  "reported",
       .tag = "registry",
       .permission = "write_registry",
       .body_kind = BodyKind::kCsv,
       .query = {ImportModeQuery()},
       .body_limit = kImportBodyLimit,
       .responses = {{200, "every row imported", schema::Ref("ImportReport")},
                     ErrorAnswer(400, "mode is not a mode, or the CSV has no usable header"),
                     {422, "rows rejected: none imported, or (mode=valid_rows) the others",
                      schema::Ref("ImportReport")}},
       .handler = CsvImport([&s](RequestContext& c, ops::ImportMode mode) {
         return s.registry.ImportResidentsCsv(Actor(c), c.request.body, mode);
       })});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/residents/export",
       .summary = "CSV of a region's residents, masked unless allowed",
       .tag = "registry",
       .permission = "read_registry",
       .query = {{"region", FieldType::kString, true, "region code"}, kUnmasked},
       .responses = {{200, "the residents as CSV (a download)", schema::String("UTF-8 CSV"),
                      "text/csv"},
                     ErrorAnswer(404, "no such region")},
       .handler = [&s](RequestContext& c) {
         auto csv =
             s.registry.ExportResidentsCsv(Actor(c), c.Query("region"), QueryBool(c, "unmasked"));
         if (!csv.ok()) return ErrorResponse(csv.error());
         HttpResponse response;
         response.content_type = "text/csv; charset=utf-8";
         response.headers.emplace_back("Content-Disposition", ExportDisposition(c.Query("region")));
         response.body = std::move(*csv);
         return response;
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/registration-conflicts",
       .summary = "Open registration conflicts (one ID number registered in two grids) whose "
                  "both grids are in my scope; keyset pages",
       .tag = "registry",
       .permission = "write_registry",
       .query = PageQuery(),
       .responses = {{200, "a page of open conflicts", schema::Ref("RegistrationConflictPage")}},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         return Respond(s.registry.Conflicts(Actor(c), page.after, page.limit), AsPage);
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/registration-conflicts/{id}/resolve",
       .summary = "Resolve a registration conflict: keep one registration, delete the other",
       .tag = "registry",
       .permission = "write_registry",
       .body_kind = BodyKind::kJson,
       .body = {{{"keep", FieldType::kInteger, true, {}, 0, "the resident to keep: one of the two"},
                 {"reason", FieldType::kString, true, {}, 500, "why (kept in the audit log)"}}},
       .responses = {{200, "resolved", schema::Object({{"resolved", schema::Boolean()}})},
                     ErrorAnswer(400, "keep is not one of the two residents"),
                     ErrorAnswer(404, "no such open conflict in my scope"),
                     ErrorAnswer(409, "already resolved, or the resident to delete was screened")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.registry.ResolveConflict(Actor(c), id, c.body["keep"].get<std::int64_t>(),
                                                   c.body["reason"].get<std::string>()),
                        {{"resolved", true}});
       })});
}

}  // namespace fk::api
