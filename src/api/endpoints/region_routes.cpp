// Regions: one region with its children, a subtree, grid staff (read and
// replace), create, rename, delete, CSV import.
#include <cstdint>
#include <limits>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json StaffJson(const std::vector<ops::GridStaffMember>& staff) {
  return ItemsJson(staff, [](const ops::GridStaffMember& m) -> nlohmann::json {
    return {{"duty", ops::DutyName(m.duty)},
            {"name", m.name},
            {"phone", m.phone},
            {"user_id", m.user_id ? nlohmann::json(*m.user_id) : nlohmann::json()}};
  });
}

// The staff list of a body the router validated against the PUT schema, or a
// 400 naming the item ("items[2].user_id").
Result<std::vector<ops::GridStaffMember>> StaffOfBody(const nlohmann::json& body) {
  std::vector<ops::GridStaffMember> staff;
  const auto& items = body["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    ops::GridStaffMember m;
    m.duty = ops::ParseDuty(item["duty"].get<std::string>()).value();  // an enum of the schema
    m.name = item["name"].get<std::string>();
    m.phone = item.value("phone", std::string());
    if (item.contains("user_id") && !item["user_id"].is_null()) {
      const auto& id = item["user_id"];
      const bool too_big = id.is_number_unsigned() &&
                           id.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max();
      if (too_big || id.get<std::int64_t>() <= 0) {
        return InvalidArgument("items[" + std::to_string(i) +
                               "].user_id: must be a positive integer or null");
      }
      m.user_id = id.get<std::int64_t>();
    }
    staff.push_back(std::move(m));
  }
  return staff;
}

// ErrorResponse, but a field named by its place in the list ("items[1].duty:
// ...") is kept as the error's field.
HttpResponse StaffError(const Error& error) {
  const std::size_t colon = error.message.find(": ");
  if (error.code != ErrorCode::kInvalidArgument || colon == std::string::npos)
    return ErrorResponse(error);
  const std::string field = error.message.substr(0, colon);
  return JsonError(400, "invalid_argument", error.message, field == "grid_code" ? "code" : field);
}

}  // namespace

void AddRegionRoutes(std::vector<Route>& routes, Services& s) {
  const std::string auth(kAuthenticated);
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/regions/{code}",
       .summary = "A region and its children",
       .tag = "regions",
       .permission = auth,
       .scope_param = "code",
       .responses = {{200, "the region and its children", schema::Ref("RegionWithChildren")},
                     ErrorAnswer(404, "no such region")},
       .handler = [&s](RequestContext& c) {
         auto region = s.regions.Get(c.Param("code"));
         if (!region.ok()) return ErrorResponse(region.error());
         auto children = s.regions.Children(c.Param("code"));
         if (!children.ok()) return ErrorResponse(children.error());
         nlohmann::json out = RegionJson(*region);
         out["children"] = nlohmann::json::array();
         for (const auto& child : *children) out["children"].push_back(RegionJson(child));
         return JsonResponse(out);
       }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/regions/{code}/tree",
       .summary = "The subtree under a region, ordered by code",
       .tag = "regions",
       .permission = auth,
       .scope_param = "code",
       .query = {{"max_level", FieldType::kString, false, "deepest level: province ... grid"}},
       .responses = {{200, "the subtree, the region first", schema::Ref("RegionList")},
                     ErrorAnswer(400, "max_level is not a level"),
                     ErrorAnswer(404, "no such region")},
       .handler = [&s](RequestContext& c) {
         std::optional<ops::RegionLevel> max_level;
         if (c.query.count("max_level")) {
           max_level = ops::ParseLevel(c.Query("max_level"));
           if (!max_level) return JsonError(400, "invalid_query", "not a level", "max_level");
         }
         return Respond(s.regions.Subtree(c.Param("code"), max_level),
                        [](const auto& tree) { return ItemsJson(tree, RegionJson); });
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/grids/{code}/staff",
                    .summary = "The grid's responsible people (leader, workers, party post)",
                    .tag = "regions",
                    .permission = auth,
                    .scope_param = "code",
                    .responses = {{200, "the grid's staff", schema::Ref("StaffList")},
                                  ErrorAnswer(400, "the region is not a grid"),
                                  ErrorAnswer(404, "no such grid")},
                    .handler = [&s](RequestContext& c) {
                      return Respond(s.regions.GridStaff(c.Param("code")), StaffJson);
                    }});
  const BodySchema staff_list{
      {{"items",
        FieldType::kObjectList,
        true,
        {},
        ops::kMaxGridStaff,
        "the whole new list: at most one leader and one party_post, any number of workers",
        {{"duty", FieldType::kString, true, {"leader", "worker", "party_post"}, 16, ""},
         {"name", FieldType::kString, true, {}, 100, "not empty"},
         {"phone",
          FieldType::kString,
          false,
          {},
          20,
          "mobile or fixed line with area code; absent or empty: none"},
         {"user_id",
          FieldType::kInteger,
          false,
          {},
          0,
          "an active grid_worker or community_officer account whose scope holds the grid",
          {},
          true}}}}};
  routes.push_back(
      {.method = "PUT",
       .pattern = "/api/v1/grids/{code}/staff",
       .summary = "Replace the grid's responsible people (audited)",
       .tag = "regions",
       .permission = "manage_regions",
       .scope_param = "code",
       .body_kind = BodyKind::kJson,
       .body = staff_list,
       .responses = {{200, "the new list", schema::Ref("StaffList")},
                     ErrorAnswer(400,
                                 "a member refused (error.field names it, e.g. items[1].phone)"),
                     ErrorAnswer(404, "no such grid")},
       .handler = [&s](RequestContext& c) {
         auto staff = StaffOfBody(c.body);
         if (!staff.ok()) return StaffError(staff.error());
         const std::string& grid = c.Param("code");
         if (auto st = s.regions.SetGridStaff(Actor(c), grid, *staff); !st.ok())
           return StaffError(st.error());
         return JsonResponse(StaffJson(*staff));
       }});
  const BodySchema region{
      {{"code", FieldType::kString, true, {}, 15, "GB/T 2260 or 9/12/15 digits"},
       {"name", FieldType::kString, true, {}, 200, ""},
       {"parent_code", FieldType::kString, false, {}, 15, ""},
       {"level",
        FieldType::kString,
        false,
        {"province", "city", "district", "street", "community", "grid"},
        16,
        "derived from the code when absent"}}};
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/regions",
                    .summary = "Add a region",
                    .tag = "regions",
                    .permission = "manage_regions",
                    .body_kind = BodyKind::kJson,
                    .body = region,
                    .responses = {{201, "added", schema::Ref("Region")},
                                  ErrorAnswer(400, "a code, level or parent that does not fit"),
                                  ErrorAnswer(404, "no such parent region"),
                                  ErrorAnswer(409, "the code exists")},
                    .handler = [&s](RequestContext& c) {
                      ops::Region r;
                      r.code = c.body["code"].get<std::string>();
                      r.name = c.body["name"].get<std::string>();
                      auto level = c.body.contains("level")
                                       ? ops::ParseLevel(c.body["level"].get<std::string>())
                                       : std::nullopt;
                      if (!level) {
                        auto derived = ops::LevelOfCode(r.code);
                        if (!derived.ok()) return ErrorResponse(derived.error());
                        level = *derived;
                      }
                      r.level = *level;
                      r.parent_code =
                          c.body.contains("parent_code") ? c.body["parent_code"].get<std::string>()
                          : r.level == ops::RegionLevel::kProvince ? ""
                                                                   : ops::ParentCode(r.code);
                      return Respond(s.regions.Create(Actor(c), r), RegionJson(r), 201);
                    }});
  routes.push_back(
      {.method = "PATCH",
       .pattern = "/api/v1/regions/{code}",
       .summary = "Rename a region (audited)",
       .tag = "regions",
       .permission = "manage_regions",
       .scope_param = "code",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, ops::kMaxRegionName, ""}}},
       .responses = {{200, "renamed", schema::Ref("Region")}, ErrorAnswer(404, "no such region")},
       .handler = [&s](RequestContext& c) {
         const std::string& code = c.Param("code");
         const std::string name = c.body["name"].get<std::string>();
         if (auto st = s.regions.Rename(Actor(c), code, name); !st.ok())
           return ErrorResponse(st.error());
         return Respond(s.regions.Get(code), RegionJson);
       }});
  routes.push_back(
      {.method = "DELETE",
       .pattern = "/api/v1/regions/{code}",
       .summary = "Delete a region made in error: no child regions, households, "
                  "grid staff, campaigns, screening records or users (audited)",
       .tag = "regions",
       .permission = "manage_regions",
       .scope_param = "code",
       .responses = {{200, "deleted", schema::Object({{"deleted", schema::Boolean()}})},
                     ErrorAnswer(404, "no such region"),
                     ErrorAnswer(409, "something hangs on the region")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.regions.Delete(Actor(c), c.Param("code")), {{"deleted", true}});
       }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/regions/import",
       .summary = "Import the region tree from CSV (code|代码, name|名称, parent_code, level)",
       .tag = "regions",
       .permission = "manage_regions",
       .body_kind = BodyKind::kCsv,
       .query = {ImportModeQuery()},
       .body_limit = kImportBodyLimit,
       .responses = {{200, "every row imported", schema::Ref("ImportReport")},
                     ErrorAnswer(400, "mode is not a mode, or the CSV has no usable header"),
                     {422, "rows rejected: none imported, or (mode=valid_rows) the others",
                      schema::Ref("ImportReport")}},
       .handler = CsvImport([&s](RequestContext& c, ops::ImportMode mode) {
         return s.regions.ImportCsv(Actor(c), c.request.body, mode);
       })});
}

}  // namespace fk::api
