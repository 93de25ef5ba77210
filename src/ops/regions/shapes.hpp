// Region outlines for the map (table region_shapes, migration 10): an
// administrator imports a GeoJSON FeatureCollection (RFC 7946) of regions
// of the tree; anyone reads the shapes of the regions below a region in
// their scope. Outlines are not personal data.
//
// An import is all or nothing: every feature is checked (ValidateShapes,
// then its code in the caller's scope and in the region tree) and either
// every shape is written, replacing the region's earlier one, or nothing
// is, with a report naming each refused feature by its index and code.
// Audited: action "import" (or "import_rejected"), entity "region_shape",
// entity id "geojson", the counts as detail, under the caller's scope.
// Thread-safe: holds only a reference to the Database and a clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/regions.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// At most this many features in one import.
constexpr std::size_t kMaxShapeFeatures = 100'000;

// One feature of an import, checked and normalized.
struct ShapeInput {
  int64_t index = 0;  // 0-based place in "features"
  std::string code;
  std::string geometry;  // {"type":"Polygon"|"MultiPolygon","coordinates":...}, [lon, lat] pairs
  double centroid_lon = 0, centroid_lat = 0;  // of the area (outer rings less holes)
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  std::optional<int64_t> population;  // properties.population when given
};

struct FeatureError {
  int64_t index = 0;  // 0-based place in "features"
  std::string code;   // "" when the feature has none
  std::string reason;
};

struct ShapeImportReport {
  int64_t features = 0;
  int64_t imported = 0;  // 0 when any feature was refused
  std::vector<FeatureError> rejected;
};

// What ValidateShapes makes of a document: the good features, and the
// refused ones with their reasons.
struct ParsedShapes {
  std::vector<ShapeInput> shapes;
  std::vector<FeatureError> rejected;
  int64_t features = 0;
};

// Checks a document on its own (no database). kInvalidArgument when it is
// not a FeatureCollection at all ("geojson: not valid JSON", "geojson:
// \"features\" must be an array", no features, more than
// kMaxShapeFeatures). Each feature needs: a region code (properties.code,
// else a string "id") that is well formed and appears once in the file; a
// geometry of type Polygon or MultiPolygon whose every ring has at least 4
// positions, is closed (first position equals last) and whose positions
// are [longitude, latitude(, altitude)] of finite numbers within ±180/±90;
// outer rings that enclose an area; when given, properties.level equal to
// the code's level and properties.population a non-negative integer.
// Reasons name the place: "geometry.coordinates[0]: a ring needs at least
// 4 positions, got 3".
Result<ParsedShapes> ValidateShapes(std::string_view geojson);

// A stored shape with its region.
struct StoredShape {
  Region region;
  std::string geometry;  // GeoJSON geometry text, as stored
  double centroid_lon = 0, centroid_lat = 0;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  std::optional<int64_t> population;
};

struct ShapeSet {
  RegionLevel level = RegionLevel::kGrid;  // of the regions
  std::vector<StoredShape> shapes;         // ordered by code
  int64_t without_shape = 0;               // regions of the asked level that have none
};

class RegionShapeService {
 public:
  explicit RegionShapeService(store::Database& db, Clock clock = SystemClock())
      : db_(db), clock_(std::move(clock)) {}

  // Imports `geojson`. kPermissionDenied unless the caller is an
  // administrator (the map every user sees is theirs to change) with
  // kManageRegions; kInvalidArgument for a document that ValidateShapes
  // refuses as a whole. Otherwise a report: refused features (also those
  // outside the caller's scope, "is outside your scope", checked before
  // "does not exist in the region tree" so that nothing outside the scope
  // is revealed) mean nothing was written.
  Result<ShapeImportReport> ImportGeoJson(const AccessContext& ctx, std::string_view geojson);

  // The shapes of the regions below `code` at `level` (default: its
  // children), with their regions, and how many regions of that level there
  // have no shape. kPermissionDenied when `code` is outside the caller's
  // scope; kInvalidArgument for a malformed code or a level not below the
  // code's; kNotFound when the region does not exist.
  Result<ShapeSet> ShapesBelow(const AccessContext& ctx, std::string_view code,
                               std::optional<RegionLevel> level = {});

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
