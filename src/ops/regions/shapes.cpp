#include "ops/regions/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"
#include "ops/audit/audit.hpp"

namespace fk::ops {
namespace {

using nlohmann::json;

// The checks of one feature, accumulating the bounding box and the
// area-weighted centroid (shoelace, in degrees: a city is small enough for
// the plane).
class GeometryCheck {
 public:
  // The normalized geometry, or the first reason it is refused.
  Result<json> Check(const json& geometry) {
    if (!geometry.is_object()) return InvalidArgument("geometry: must be an object");
    const auto type = geometry.find("type");
    if (type == geometry.end() || !type->is_string())
      return InvalidArgument("geometry.type: must be Polygon or MultiPolygon");
    const auto coords = geometry.find("coordinates");
    if (coords == geometry.end() || !coords->is_array() || coords->empty())
      return InvalidArgument("geometry.coordinates: must be a non-empty array");
    const std::string kind = type->get<std::string>();
    json out;
    if (kind == "Polygon") {
      auto polygon = Polygon(*coords, "geometry.coordinates");
      if (!polygon.ok()) return polygon.error();
      out = *polygon;
    } else if (kind == "MultiPolygon") {
      out = json::array();
      for (std::size_t i = 0; i < coords->size(); ++i) {
        auto polygon = Polygon((*coords)[i], "geometry.coordinates[" + std::to_string(i) + "]");
        if (!polygon.ok()) return polygon.error();
        out.push_back(std::move(*polygon));
      }
    } else {
      return InvalidArgument("geometry.type: must be Polygon or MultiPolygon, got " +
                             json(kind).dump(-1, ' ', false, json::error_handler_t::replace));
    }
    if (!(area_ > 0)) return InvalidArgument("geometry: encloses no area");
    return json{{"type", kind}, {"coordinates", std::move(out)}};
  }

  void Fill(ShapeInput& shape) const {
    shape.centroid_lon = origin_lon_ + cx_ / (3 * area_);
    shape.centroid_lat = origin_lat_ + cy_ / (3 * area_);
    shape.min_lon = min_lon_;
    shape.min_lat = min_lat_;
    shape.max_lon = max_lon_;
    shape.max_lat = max_lat_;
  }

 private:
  Result<json> Polygon(const json& rings, const std::string& where) {
    if (!rings.is_array() || rings.empty())
      return InvalidArgument(where + ": a polygon must be a non-empty array of rings");
    json out = json::array();
    for (std::size_t r = 0; r < rings.size(); ++r) {
      const std::string at = where + "[" + std::to_string(r) + "]";
      auto ring = Ring(rings[r], at, r == 0);
      if (!ring.ok()) return ring.error();
      out.push_back(std::move(*ring));
    }
    return out;
  }

  Result<json> Ring(const json& ring, const std::string& where, bool outer) {
    if (!ring.is_array()) return InvalidArgument(where + ": a ring must be an array of positions");
    if (ring.size() < 4)
      return InvalidArgument(where + ": a ring needs at least 4 positions, got " +
                             std::to_string(ring.size()));
    json out = json::array();
    std::vector<std::pair<double, double>> points;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const json& p = ring[i];
      const std::string at = where + "[" + std::to_string(i) + "]";
      if (!p.is_array() || p.size() < 2 || p.size() > 3)
        return InvalidArgument(at + ": a position must be [longitude, latitude]");
      for (const json& n : p)
        if (!n.is_number()) return InvalidArgument(at + ": coordinates must be numbers");
      const double lon = p[0].get<double>(), lat = p[1].get<double>();
      if (!std::isfinite(lon) || !std::isfinite(lat))
        return InvalidArgument(at + ": coordinates must be finite numbers");
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return InvalidArgument(at + ": longitude must be within ±180 and latitude within ±90 " +
                               "(WGS 84 degrees, RFC 7946)");
      points.emplace_back(lon, lat);
      out.push_back({lon, lat});
    }
    if (points.front() != points.back())
      return InvalidArgument(where + ": the ring is not closed (its last position must equal " +
                             "its first)");
    if (!started_) {
      origin_lon_ = min_lon_ = max_lon_ = points[0].first;
      origin_lat_ = min_lat_ = max_lat_ = points[0].second;
      started_ = true;
    }
    double area2 = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      const double x0 = points[i].first - origin_lon_, y0 = points[i].second - origin_lat_;
      const double x1 = points[i + 1].first - origin_lon_, y1 = points[i + 1].second - origin_lat_;
      const double cross = x0 * y1 - x1 * y0;
      area2 += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
      min_lon_ = std::min(min_lon_, points[i].first);
      max_lon_ = std::max(max_lon_, points[i].first);
      min_lat_ = std::min(min_lat_, points[i].second);
      max_lat_ = std::max(max_lat_, points[i].second);
    }
    if (outer && area2 == 0) return InvalidArgument(where + ": the outer ring encloses no area");
    // Outer rings add, holes subtract, whatever their winding.
    const double sign = ((area2 > 0) == outer) ? 1 : -1;
    area_ += sign * std::abs(area2) / 2;
    cx_ += sign * (area2 > 0 ? cx : -cx) / 2;
    cy_ += sign * (area2 > 0 ? cy : -cy) / 2;
    return out;
  }

  bool started_ = false;
  double origin_lon_ = 0, origin_lat_ = 0;
  double min_lon_ = 0, min_lat_ = 0, max_lon_ = 0, max_lat_ = 0;
  double area_ = 0, cx_ = 0, cy_ = 0;  // area, and its first moments times 3
};

// The feature's region code: properties.code, else properties.adcode (the
// name in common Chinese GeoJSON files), else a string id; a string or a
// non-negative integer. "" when there is none.
std::string CodeOf(const json& feature, const json* properties) {
  auto as_code = [](const json& v) -> std::string {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    return "";
  };
  if (properties) {
    for (const char* key : {"code", "adcode"}) {
      auto it = properties->find(key);
      if (it != properties->end()) return as_code(*it);
    }
  }
  auto id = feature.find("id");
  return id != feature.end() ? as_code(*id) : "";
}

// Checks one feature; fills `shape` or answers the reason it is refused.
Status CheckFeature(const json& feature, ShapeInput& shape) {
  if (!feature.is_object()) return InvalidArgument("must be an object");
  auto type = feature.find("type");
  if (type == feature.end() || *type != "Feature") return InvalidArgument("type: must be Feature");
  const json* properties = nullptr;
  if (auto p = feature.find("properties"); p != feature.end() && p->is_object()) properties = &*p;
  shape.code = CodeOf(feature, properties);
  if (shape.code.empty())
    return InvalidArgument("properties.code: a region code (string) is required");
  if (!IsValidUtf8(shape.code) || shape.code.size() > 15) {
    shape.code.clear();  // not quoted back
    return InvalidArgument("properties.code: not a region code");
  }
  auto level = LevelOfCode(shape.code);
  if (!level)  // "code: 12345 must have ..." as "properties.code: 12345 must have ..."
    return InvalidArgument("properties." + level.error().message);
  if (properties) {
    if (auto l = properties->find("level"); l != properties->end() && !l->is_null()) {
      auto given = l->is_string() ? ParseLevel(l->get<std::string>()) : std::nullopt;
      if (given != *level)
        return InvalidArgument("properties.level: does not match code " + shape.code + " (" +
                               std::string(LevelName(*level)) + ")");
    }
    if (auto p = properties->find("population"); p != properties->end() && !p->is_null()) {
      if (!p->is_number_integer() || p->get<int64_t>() < 0 ||
          (p->is_number_unsigned() && p->get<std::uint64_t>() > INT64_MAX))
        return InvalidArgument("properties.population: must be a non-negative integer");
      shape.population = p->get<int64_t>();
    }
  }
  auto geometry = feature.find("geometry");
  if (geometry == feature.end()) return InvalidArgument("geometry: is required");
  GeometryCheck check;
  auto normalized = check.Check(*geometry);
  if (!normalized.ok()) return normalized.error();
  shape.geometry = normalized->dump();
  check.Fill(shape);
  return Status::Ok();
}

StoredShape ShapeOf(const store::Row& r) {
  StoredShape s;
  s.region = {r.Text(0), r.Text(1), r.Text(2), static_cast<RegionLevel>(r.Int(3))};
  s.geometry = r.Text(4);
  s.centroid_lon = r.Real(5);
  s.centroid_lat = r.Real(6);
  s.min_lon = r.Real(7);
  s.min_lat = r.Real(8);
  s.max_lon = r.Real(9);
  s.max_lat = r.Real(10);
  if (!r.IsNull(11)) s.population = r.Int(11);
  return s;
}

std::string Counts(const ShapeImportReport& report) {
  return std::to_string(report.imported) + " imported, " + std::to_string(report.rejected.size()) +
         " rejected of " + std::to_string(report.features) + " features";
}

}  // namespace

Result<ParsedShapes> ValidateShapes(std::string_view geojson) {
  const json doc = json::parse(geojson, nullptr, false);
  if (doc.is_discarded()) return InvalidArgument("geojson: not valid JSON");
  if (!doc.is_object() || doc.value("type", json()) != "FeatureCollection")
    return InvalidArgument("geojson: must be a FeatureCollection");
  const auto features = doc.find("features");
  if (features == doc.end() || !features->is_array())
    return InvalidArgument("geojson: \"features\" must be an array");
  if (features->empty()) return InvalidArgument("geojson: has no features");
  if (features->size() > kMaxShapeFeatures)
    return InvalidArgument("geojson: at most " + std::to_string(kMaxShapeFeatures) +
                           " features, got " + std::to_string(features->size()));
  ParsedShapes out;
  out.features = static_cast<int64_t>(features->size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < features->size(); ++i) {
    ShapeInput shape;
    shape.index = static_cast<int64_t>(i);
    Status s = CheckFeature((*features)[i], shape);
    if (s && !seen.insert(shape.code).second)
      s = InvalidArgument("properties.code: " + shape.code + " appears twice in the file");
    if (!s) {
      out.rejected.push_back({static_cast<int64_t>(i), shape.code, s.error().message});
      continue;
    }
    out.shapes.push_back(std::move(shape));
  }
  return out;
}

Result<ShapeImportReport> RegionShapeService::ImportGeoJson(const AccessContext& ctx,
                                                            std::string_view geojson) {
  if (Status s = Require(ctx, Permission::kManageRegions); !s) return s.error();
  if (ctx.role != Role::kAdministrator)
    return Error{ErrorCode::kPermissionDenied, "only an administrator may import region shapes"};
  auto parsed = ValidateShapes(geojson);
  if (!parsed.ok()) return parsed.error();
  ShapeImportReport report;
  report.features = parsed->features;
  report.rejected = std::move(parsed->rejected);
  const int64_t now = clock_();
  {
    auto tx = db_.Begin();
    if (!tx) return tx.error();
    for (const ShapeInput& shape : parsed->shapes) {
      const int64_t at = shape.index;
      if (!InScope(ctx, shape.code)) {
        report.rejected.push_back({at, shape.code, "properties.code: is outside your scope"});
        continue;
      }
      auto exists = tx->Query("SELECT 1 FROM regions WHERE code = ?", {shape.code});
      if (!exists) return exists.error();
      if (exists->empty()) {
        report.rejected.push_back({at, shape.code, "properties.code: is not in the region tree"});
        continue;
      }
      if (!report.rejected.empty()) continue;  // nothing will be written: only check the rest
      store::Params params{shape.code,
                           shape.geometry,
                           shape.centroid_lon,
                           shape.centroid_lat,
                           shape.min_lon,
                           shape.min_lat,
                           shape.max_lon,
                           shape.max_lat,
                           store::OrNull(shape.population),
                           now};
      auto del = tx->Exec("DELETE FROM region_shapes WHERE code = ?", {shape.code});
      if (!del) return del.error();
      auto ins = tx->Exec(
          "INSERT INTO region_shapes (code, geometry, centroid_lon, centroid_lat, min_lon, "
          "min_lat, max_lon, max_lat, population, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)",
          params);
      if (!ins) return ins.error();
      ++report.imported;
    }
    std::sort(report.rejected.begin(), report.rejected.end(),
              [](const FeatureError& a, const FeatureError& b) { return a.index < b.index; });
    if (report.rejected.empty()) {
      if (Status s =
              AppendAudit(*tx, ctx, now, "import", "region_shape", "geojson", Counts(report));
          !s)
        return s.error();
      if (Status s = tx->Commit(); !s) return s.error();
      return report;
    }
    report.imported = 0;
  }  // nothing written: the transaction rolls back here
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  if (Status s =
          AppendAudit(*tx, ctx, now, "import_rejected", "region_shape", "geojson", Counts(report));
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return report;
}

Result<ShapeSet> RegionShapeService::ShapesBelow(const AccessContext& ctx, std::string_view code,
                                                 std::optional<RegionLevel> level) {
  auto own = LevelOfCode(code);
  if (!own) return own.error();
  if (!InScope(ctx, code))
    return Error{ErrorCode::kPermissionDenied,
                 "region " + std::string(code) + " is outside your scope"};
  if (*own == RegionLevel::kGrid) return InvalidArgument("code: a grid has no regions below it");
  const RegionLevel want = level.value_or(static_cast<RegionLevel>(static_cast<int>(*own) + 1));
  if (want <= *own)
    return InvalidArgument("level: must be below " + std::string(LevelName(*own)) + ", got " +
                           std::string(LevelName(want)));
  const std::string c(code), prefix = SubtreePrefix(code), end = PrefixEnd(prefix);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto found =
      tx->QueryOne("SELECT 1 FROM regions WHERE code = ?", {c}, "region " + c + " not found");
  if (!found) return found.error();
  // Children by parent_code (a province's cities share no code range with
  // some of its districts), deeper levels by the code range.
  const bool children = static_cast<int>(want) == static_cast<int>(*own) + 1;
  const std::string where = children ? "r.parent_code = ?" : "r.code >= ? AND r.code < ?";
  store::Params params = children ? store::Params{c} : store::Params{prefix, end};
  params.push_back(static_cast<int64_t>(want));
  auto rows = tx->Query(
      "SELECT r.code, r.name, COALESCE(r.parent_code, ''), r.level, s.geometry, s.centroid_lon, "
      "s.centroid_lat, s.min_lon, s.min_lat, s.max_lon, s.max_lat, s.population "
      "FROM regions r JOIN region_shapes s ON s.code = r.code WHERE " +
          where + " AND r.level = ? ORDER BY r.code",
      params);
  if (!rows) return rows.error();
  auto all =
      tx->QueryOne("SELECT COUNT(*) FROM regions r WHERE " + where + " AND r.level = ?", params);
  if (!all) return all.error();
  ShapeSet out;
  out.level = want;
  for (const auto& r : *rows) out.shapes.push_back(ShapeOf(r));
  out.without_shape = all->Int(0) - static_cast<int64_t>(out.shapes.size());
  return out;
}

}  // namespace fk::ops
