// Region shapes for the map: the shapes below a region as a GeoJSON
// FeatureCollection (with an ETag, so that an unchanged map costs a 304),
// and the administrator's GeoJSON import (ops/regions/shapes.hpp).
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/regions/shapes.hpp"

namespace fk::api {
namespace {

// Up to 32 MiB of GeoJSON: a city's grids with detailed outlines.
constexpr std::size_t kShapesBodyLimit = 32 << 20;

// The browser keeps the answer but asks again each time (If-None-Match);
// private: it is behind a login.
constexpr const char* kShapesCacheControl = "private, no-cache";

void Point(JsonWriter& w, double lon, double lat) {
  w.StartArray();
  w.Double(lon);
  w.Double(lat);
  w.EndArray();
}

JsonText ShapesJson(const std::string& code, const ops::ShapeSet& set) {
  JsonWriter w;
  w.StartObject();
  w.Field("type", "FeatureCollection");
  w.Field("region", code);
  w.Field("level", ops::LevelName(set.level));
  w.Field("without_shape", set.without_shape);
  if (!set.shapes.empty()) {
    double box[4] = {set.shapes[0].min_lon, set.shapes[0].min_lat, set.shapes[0].max_lon,
                     set.shapes[0].max_lat};
    for (const auto& s : set.shapes) {
      box[0] = std::min(box[0], s.min_lon);
      box[1] = std::min(box[1], s.min_lat);
      box[2] = std::max(box[2], s.max_lon);
      box[3] = std::max(box[3], s.max_lat);
    }
    w.Key("bbox");
    w.StartArray();
    for (double v : box) w.Double(v);
    w.EndArray();
  }
  w.Key("features");
  w.StartArray();
  for (const auto& s : set.shapes) {
    w.StartObject();
    w.Field("type", "Feature");
    w.Field("id", s.region.code);
    w.Key("properties");
    w.StartObject();
    w.Field("code", s.region.code);
    w.Field("name", s.region.name);
    w.Field("level", ops::LevelName(s.region.level));
    w.Field("parent_code", s.region.parent_code);
    w.Field("population", s.population);
    w.Key("centroid");
    Point(w, s.centroid_lon, s.centroid_lat);
    w.Key("bbox");
    w.StartArray();
    for (double v : {s.min_lon, s.min_lat, s.max_lon, s.max_lat}) w.Double(v);
    w.EndArray();
    w.EndObject();
    w.Key("geometry");
    w.Raw(s.geometry);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

// A strong validator of the body: the first 128 bits of its SHA-256.
std::string EntityTag(const std::string& body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  std::string out = "\"";
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out + "\"";
}

// Whether If-None-Match (a list of tags, or *) names `tag` (its weak form
// W/"..." too: RFC 9110 compares weakly here).
bool Matches(std::string_view if_none_match, const std::string& tag) {
  return if_none_match == "*" || if_none_match.find(tag) != std::string_view::npos;
}

nlohmann::json ShapeReportJson(const ops::ShapeImportReport& report) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& e : report.rejected)
    rejected.push_back({{"feature", e.index}, {"code", e.code}, {"reason", e.reason}});
  return {{"features", report.features},
          {"imported", report.imported},
          {"rejected", std::move(rejected)}};
}

// A FeatureCollection; each feature's properties as ShapesJson writes them,
// its geometry a GeoJSON Polygon or MultiPolygon (not described further).
nlohmann::json RegionShapesSchema() {
  using namespace schema;
  nlohmann::json feature = {
      {"type", "object"},
      {"required", {"type", "id", "properties", "geometry"}},
      {"properties",
       {{"type", Enum({"Feature"})},
        {"id", String("the region's code")},
        {"properties", Object({{"code", String()},
                               {"name", String()},
                               {"level", Ref("Level")},
                               {"parent_code", String()},
                               {"population", Nullable(Integer())},
                               {"centroid", Array(Number("longitude, latitude"))},
                               {"bbox", Array(Number("min lon, min lat, max lon, max lat"))}})},
        {"geometry",
         {{"type", "object"},
          {"required", {"type", "coordinates"}},
          {"properties",
           {{"type", Enum({"Polygon", "MultiPolygon"})},
            {"coordinates", {{"type", "array"}}}}}}}}}};
  return {{"type", "object"},
          {"required", {"type", "region", "level", "without_shape", "features"}},
          {"properties",
           {{"type", Enum({"FeatureCollection"})},
            {"region", String("the region asked about")},
            {"level", Ref("Level")},
            {"without_shape", Integer("regions of that level with no outline stored")},
            {"bbox", Array(Number())},
            {"features", Array(feature)}}}};
}

}  // namespace

void AddShapeRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/regions/{code}/shapes",
       .summary = "Outlines of the regions below a region (default: its children) as a GeoJSON "
                  "FeatureCollection; ETag and If-None-Match (304)",
       .tag = "regions",
       .permission = std::string(kAuthenticated),
       .scope_param = "code",
       .query = {{"level", FieldType::kString, false,
                  "the level of the regions: district ... grid, below the region's own"}},
       .responses = {{200, "the outlines (a GeoJSON FeatureCollection; ETag)",
                      RegionShapesSchema()},
                     {304, "unchanged since the ETag given in If-None-Match"},
                     ErrorAnswer(400, "not a level below the region's own (error.field: level)"),
                     ErrorAnswer(404, "no such region in my scope")},
       .handler = [&s](RequestContext& c) {
         const std::string& code = c.Param("code");
         std::optional<ops::RegionLevel> level;
         if (c.query.count("level")) {
           level = ops::ParseLevel(c.Query("level"));
           if (!level) return JsonError(400, "invalid_query", "not a level", "level");
         }
         auto set = s.shapes.ShapesBelow(Actor(c), code, level);
         if (!set.ok()) return ErrorResponse(set.error());
         HttpResponse response = JsonTextResponse(ShapesJson(code, *set));
         const std::string tag = EntityTag(response.body);
         if (Matches(c.request.Header("if-none-match"), tag)) {
           response.status = 304;
           response.body.clear();
         }
         response.headers.emplace_back("ETag", tag);
         response.headers.emplace_back("Cache-Control", kShapesCacheControl);
         return response;
       }});
  for (const char* method : {"PUT", "POST"}) {
    routes.push_back(
        {.method = method,
         .pattern = "/api/v1/regions/shapes",
         .summary = "Import region outlines from a GeoJSON FeatureCollection (administrators; "
                    "all or nothing; 422 with the refused features)",
         .tag = "regions",
         .permission = "manage_regions",
         .body_kind = BodyKind::kGeoJson,
         .body_limit = kShapesBodyLimit,
         .responses = {{200, "every feature imported", schema::Ref("ShapeImportReport")},
                       {422, "nothing imported: the features refused and why",
                        schema::Ref("ShapeImportReport")},
                       ErrorAnswer(400, "not a GeoJSON FeatureCollection")},
         .handler = [&s](RequestContext& c) {
           auto report = s.shapes.ImportGeoJson(Actor(c), c.request.body);
           if (!report.ok()) return ErrorResponse(report.error());
           return JsonResponse(ShapeReportJson(*report), report->rejected.empty() ? 200 : 422);
         }});
  }
}

}  // namespace fk::api
