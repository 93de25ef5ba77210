// Regions: one region with its children, a subtree, grid staff (read and
// replace), create, CSV import.
#include <cstdint>
#include <limits>

#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json StaffJson(const std::vector<ops::GridStaffMember>& staff) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : staff) {
    items.push_back({{"duty", ops::DutyName(m.duty)},
                     {"name", m.name},
                     {"phone", m.phone},
                     {"user_id", m.user_id ? nlohmann::json(*m.user_id) : nlohmann::json()}});
  }
  return {{"items", items}};
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
  routes.push_back({"GET",
                    "/api/v1/regions/{code}",
                    "A region and its children",
                    "regions",
                    auth,
                    "code",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto region = s.regions.Get(c.Param("code"));
                      if (!region.ok()) return ErrorResponse(region.error());
                      auto children = s.regions.Children(c.Param("code"));
                      if (!children.ok()) return ErrorResponse(children.error());
                      nlohmann::json out = RegionJson(*region);
                      out["children"] = nlohmann::json::array();
                      for (const auto& child : *children)
                        out["children"].push_back(RegionJson(child));
                      return JsonResponse(out);
                    }});
  routes.push_back({"GET",
                    "/api/v1/regions/{code}/tree",
                    "The subtree under a region, ordered by code",
                    "regions",
                    auth,
                    "code",
                    BodyKind::kNone,
                    {},
                    {{"max_level", FieldType::kString, false, "deepest level: province ... grid"}},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      std::optional<ops::RegionLevel> max_level;
                      if (c.query.count("max_level")) {
                        max_level = ops::ParseLevel(c.Query("max_level"));
                        if (!max_level)
                          return JsonError(400, "invalid_query", "not a level", "max_level");
                      }
                      auto tree = s.regions.Subtree(c.Param("code"), max_level);
                      if (!tree.ok()) return ErrorResponse(tree.error());
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& r : *tree) items.push_back(RegionJson(r));
                      return JsonResponse({{"items", items}});
                    }});
  routes.push_back({"GET",
                    "/api/v1/grids/{code}/staff",
                    "The grid's responsible people (leader, workers, party post)",
                    "regions",
                    auth,
                    "code",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto staff = s.regions.GridStaff(c.Param("code"));
                      if (!staff.ok()) return ErrorResponse(staff.error());
                      return JsonResponse(StaffJson(*staff));
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
         {"phone", FieldType::kString, false, {}, 20, "11 digits; absent or empty: none"},
         {"user_id",
          FieldType::kInteger,
          false,
          {},
          0,
          "an active grid_worker or community_officer account whose scope holds the grid",
          {},
          true}}}}};
  routes.push_back({"PUT",
                    "/api/v1/grids/{code}/staff",
                    "Replace the grid's responsible people (audited)",
                    "regions",
                    "manage_regions",
                    "code",
                    BodyKind::kJson,
                    staff_list,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
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
  routes.push_back({"POST",
                    "/api/v1/regions",
                    "Add a region",
                    "regions",
                    "manage_regions",
                    "",
                    BodyKind::kJson,
                    region,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
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
                      if (auto st = s.regions.Create(Actor(c), r); !st.ok())
                        return ErrorResponse(st.error());
                      return JsonResponse(RegionJson(r), 201);
                    }});
  routes.push_back({"POST",
                    "/api/v1/regions/import",
                    "Import the region tree from CSV (code|代码, name|名称, parent_code, level)",
                    "regions",
                    "manage_regions",
                    "",
                    BodyKind::kCsv,
                    {},
                    {{"mode", FieldType::kString, false, "all_or_nothing (default) or valid_rows"}},
                    kImportBodyLimit,
                    [&s](RequestContext& c) {
                      auto mode = QueryImportMode(c);
                      if (!mode.ok())
                        return JsonError(400, "invalid_query", mode.error().message, "mode");
                      auto report = s.regions.ImportCsv(Actor(c), c.request.body, *mode);
                      if (!report.ok()) return ErrorResponse(report.error());
                      return JsonResponse(ImportReportJson(*report),
                                          report->imported < report->rows ? 422 : 200);
                    }});
}

}  // namespace fk::api
