// RegionShapeService: the checks of a GeoJSON import (document, feature,
// geometry, code in scope and in the tree), that an import is all or nothing
// and audited, that only administrators import, and the scope of reading the
// shapes below a region. On SQLite and PostgreSQL.
#include "ops/regions/shapes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1'580'000'000;

// A square feature of side `d` degrees at (lon, lat), closed.
std::string Square(const std::string& code, double lon, double lat, double d = 0.01,
                   const std::string& extra = "") {
  auto p = [](double x, double y) {
    return "[" + std::to_string(x) + "," + std::to_string(y) + "]";
  };
  return R"({"type":"Feature","properties":{"code":")" + code + "\"" + extra +
         R"(},"geometry":{"type":"Polygon","coordinates":[[)" + p(lon, lat) + "," +
         p(lon + d, lat) + "," + p(lon + d, lat + d) + "," + p(lon, lat + d) + "," + p(lon, lat) +
         "]]}}";
}

std::string Collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

// The reasons of a parsed document's refused features, "index code: reason".
std::vector<std::string> Reasons(const std::vector<FeatureError>& rejected) {
  std::vector<std::string> out;
  for (const auto& e : rejected)
    out.push_back(std::to_string(e.index) + " " + e.code + ": " + e.reason);
  return out;
}

std::string Feature(const std::string& geometry, const std::string& code = kGridA) {
  return R"({"type":"Feature","properties":{"code":")" + code + R"("},"geometry":)" + geometry +
         "}";
}

TEST(ShapeValidation, RefusesADocumentThatIsNotAFeatureCollection) {
  for (const char* doc : {"", "{", "[]", R"({"type":"Feature"})", R"({"type":"FeatureCollection"})",
                          R"({"type":"FeatureCollection","features":{}})",
                          R"({"type":"FeatureCollection","features":[]})"}) {
    auto parsed = ValidateShapes(doc);
    ASSERT_FALSE(parsed.ok()) << doc;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().message.rfind("geojson: ", 0), 0u) << parsed.error().message;
  }
}

TEST(ShapeValidation, NamesEachBadFeatureAndWhatIsWrong) {
  const std::string good = Square(kGridA, 114.3, 30.6);
  auto parsed = ValidateShapes(Collection({
      good,
      Feature(R"({"type":"Polygon","coordinates":[[[114,30],[114.1,30],[114,30]]]})", kGridB),
      Feature(R"({"type":"Polygon","coordinates":[[[114,30],[114.1,30],[114.1,30.1],[114,30.1]]]})",
              kGridC),
      Feature(R"({"type":"Point","coordinates":[114,30]})", "420102001001"),
      Feature(R"({"type":"Polygon","coordinates":[[[114,30],["114.1",30],[114.1,30.1],[114,30]]]})",
              "420102001002"),
      Feature(R"({"type":"Polygon","coordinates":[[[114,30],[200,30],[114.1,30.1],[114,30]]]})",
              "420102001"),
      Feature(R"({"type":"Polygon","coordinates":[[[114,30],[114.1,30],[114.2,30],[114,30]]]})",
              "420102"),
      Square("12345", 114, 30),
      Square(kGridA, 114, 30),
      R"({"type":"Feature","properties":{},"geometry":null})",
      Square("420100", 114, 30, 0.1, R"(,"level":"district")"),
      Square("420000", 114, 30, 0.1, R"(,"population":-3)"),
      Feature(
          R"({"type":"MultiPolygon","coordinates":[[[[114,30],[114.1,30],[114.1,30.1],[114,30]]],[]]})",
          "420200"),
  }));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->features, 13);
  ASSERT_EQ(parsed->shapes.size(), 1u);
  EXPECT_EQ(parsed->shapes[0].code, kGridA);
  const std::string b(kGridB), c(kGridC);
  EXPECT_EQ(
      Reasons(parsed->rejected),
      (std::vector<std::string>{
          "1 " + b + ": geometry.coordinates[0]: a ring needs at least 4 positions, got 3",
          "2 " + c +
              ": geometry.coordinates[0]: the ring is not closed (its last position must equal "
              "its first)",
          "3 420102001001: geometry.type: must be Polygon or MultiPolygon, got \"Point\"",
          "4 420102001002: geometry.coordinates[0][1]: coordinates must be numbers",
          "5 420102001: geometry.coordinates[0][1]: longitude must be within ±180 and latitude "
          "within ±90 (WGS 84 degrees, RFC 7946)",
          "6 420102: geometry.coordinates[0]: the outer ring encloses no area",
          "7 12345: properties.code: 12345 must have 6 (province, city, district), 9 (street), 12 "
          "(community) or 15 (grid) digits",
          "8 " + std::string(kGridA) + ": properties.code: " + kGridA +
              " appears twice in the file",
          "9 : properties.code: a region code (string) is required",
          "10 420100: properties.level: does not match code 420100 (city)",
          "11 420000: properties.population: must be a non-negative integer",
          "12 420200: geometry.coordinates[1]: a polygon must be a non-empty array of rings",
      }));
}

TEST(ShapeValidation, ComputesTheCentroidAndBoxAndKeepsOnlyLongitudeLatitude) {
  // A 2 x 1 rectangle with a hole in its right half, altitudes dropped.
  auto parsed = ValidateShapes(Collection({Feature(
      R"({"type":"Polygon","coordinates":[)"
      R"([[114,30,5],[116,30,5],[116,31,5],[114,31,5],[114,30,5]],)"
      R"([[115.25,30.25],[115.75,30.25],[115.75,30.75],[115.25,30.75],[115.25,30.25]]]})")}));
  ASSERT_TRUE(parsed.ok());
  ASSERT_TRUE(parsed->rejected.empty()) << Reasons(parsed->rejected)[0];
  const ShapeInput& s = parsed->shapes.at(0);
  // Area 2 - 0.25; the hole's centre (115.5) pulls the centroid left of 115.
  EXPECT_NEAR(s.centroid_lon, (2 * 115 - 0.25 * 115.5) / 1.75, 1e-9);
  EXPECT_NEAR(s.centroid_lat, 30.5, 1e-9);
  EXPECT_EQ(s.min_lon, 114);
  EXPECT_EQ(s.max_lon, 116);
  EXPECT_EQ(s.min_lat, 30);
  EXPECT_EQ(s.max_lat, 31);
  EXPECT_EQ(s.geometry.find(",5]"), std::string::npos) << s.geometry;
  EXPECT_EQ(s.geometry.rfind(R"({"coordinates":[[[114.0,30.0],)", 0), 0u) << s.geometry;
}

TEST(ShapeValidation, AcceptsNumericAdcodesAndIds) {
  auto parsed = ValidateShapes(Collection(
      {R"({"type":"Feature","properties":{"adcode":420102},"geometry":{"type":"Polygon",)"
       R"("coordinates":[[[114,30],[114.1,30],[114.1,30.1],[114,30]]]}})",
       R"({"type":"Feature","id":"420103","geometry":{"type":"Polygon",)"
       R"("coordinates":[[[114,30],[114.1,30],[114.1,30.1],[114,30]]]}})"}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->rejected.empty());
  ASSERT_EQ(parsed->shapes.size(), 2u);
  EXPECT_EQ(parsed->shapes[0].code, "420102");
  EXPECT_EQ(parsed->shapes[1].code, "420103");
}

class ShapesTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    shapes_ = std::make_unique<RegionShapeService>(db(), [] { return kNow; });
  }
  std::unique_ptr<RegionShapeService> shapes_;
  const AccessContext admin_ = Actor(Role::kAdministrator, "420000", 1);
};

TEST_P(ShapesTest, AdministratorImportsAndEveryoneInScopeReadsTheChildren) {
  auto report = shapes_->ImportGeoJson(
      admin_, Collection({Square("420102001001", 114.30, 30.60, 0.02, R"(,"population":1200)"),
                          Square(kGridA, 114.30, 30.60), Square(kGridB, 114.31, 30.60),
                          Square("420102001002", 114.32, 30.60)}));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->imported, 4);
  EXPECT_TRUE(report->rejected.empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM region_shapes"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND entity = "
                  "'region_shape' AND detail = '4 imported, 0 rejected of 4 features'"),
            1);

  const AccessContext street = Actor(Role::kStreetOfficer, "420102001", 5);
  auto children = shapes_->ShapesBelow(street, "420102001");
  ASSERT_TRUE(children.ok()) << children.error().message;
  ASSERT_EQ(children->shapes.size(), 2u);
  EXPECT_EQ(children->shapes[0].region.code, "420102001001");
  EXPECT_EQ(children->shapes[0].region.name, "社区一");
  EXPECT_EQ(children->shapes[0].population, 1200);
  EXPECT_NEAR(children->shapes[0].centroid_lon, 114.31, 1e-9);
  EXPECT_EQ(children->shapes[1].population, std::nullopt);
  EXPECT_EQ(children->without_shape, 0);

  auto grids = shapes_->ShapesBelow(street, "420102001", RegionLevel::kGrid);
  ASSERT_TRUE(grids.ok());
  EXPECT_EQ(grids->shapes.size(), 2u);
  EXPECT_EQ(grids->without_shape, 1);  // kGridC

  // A second import replaces a region's shape and leaves the others.
  report = shapes_->ImportGeoJson(admin_, Collection({Square(kGridA, 114.40, 30.70)}));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->imported, 1);
  grids = shapes_->ShapesBelow(street, "420102001", RegionLevel::kGrid);
  ASSERT_TRUE(grids.ok());
  EXPECT_NEAR(grids->shapes.at(0).min_lon, 114.40, 1e-9);
  EXPECT_EQ(grids->shapes.size(), 2u);
}

TEST_P(ShapesTest, ReadingIsScopeChecked) {
  const AccessContext community = Actor(Role::kCommunityOfficer, "420102001001", 5);
  auto other = shapes_->ShapesBelow(community, "420102001002");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  auto above = shapes_->ShapesBelow(community, "420102001");
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().code, ErrorCode::kPermissionDenied);
  auto own = shapes_->ShapesBelow(community, "420102001001");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->without_shape, 2);
  auto up = shapes_->ShapesBelow(community, "420102001001", RegionLevel::kStreet);
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().code, ErrorCode::kInvalidArgument);
  auto missing = shapes_->ShapesBelow(Actor(Role::kCommandCentre, "420000"), "420103");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(ShapesTest, OnlyAdministratorsImport) {
  const std::string doc = Collection({Square(kGridA, 114.3, 30.6)});
  for (const AccessContext& ctx :
       {Actor(Role::kStreetOfficer, "420102001", 5), Actor(Role::kCommandCentre, "420000", 6),
        Actor(Role::kGridWorker, kGridA, 7)}) {
    auto report = shapes_->ImportGeoJson(ctx, doc);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM region_shapes"), 0);
}

TEST_P(ShapesTest, AnyBadFeatureMeansNothingIsWrittenAndScopeIsCheckedBeforeExistence) {
  ASSERT_TRUE(shapes_->ImportGeoJson(admin_, Collection({Square(kGridB, 114.5, 30.5)})).ok());
  const AccessContext district_admin = Actor(Role::kAdministrator, "420102", 2);
  auto report = shapes_->ImportGeoJson(
      district_admin,
      Collection({Square(kGridA, 114.3, 30.6), Square(kGridB, 114.3, 30.6),
                  Square("420103001", 114.3, 30.6), Square("420102009", 114.3, 30.6),
                  Feature(R"({"type":"Polygon","coordinates":[[[114,30],[114.1,30],[114,30]]]})",
                          kGridC)}));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->imported, 0);
  EXPECT_EQ(report->features, 5);
  EXPECT_EQ(Reasons(report->rejected),
            (std::vector<std::string>{
                "2 420103001: properties.code: is outside your scope",
                "3 420102009: properties.code: is not in the region tree",
                "4 " + std::string(kGridC) +
                    ": geometry.coordinates[0]: a ring needs at least 4 positions, got 3"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM region_shapes"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM region_shapes WHERE min_lon > 114.4"), 1);  // kept
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'import_rejected' AND entity = "
                  "'region_shape' AND detail = '0 imported, 3 rejected of 5 features'"),
            1);
  auto bad = shapes_->ImportGeoJson(admin_, "not json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "geojson: not valid JSON");
}

INSTANTIATE_TEST_SUITE_P(Backends, ShapesTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
