// GET /api/v1/regions/{code}/shapes and PUT/POST /api/v1/regions/shapes:
// the demo's outlines as a FeatureCollection with an ETag (304 when
// unchanged); reading is scope-checked (a street officer cannot read another
// street's shapes); only administrators import, all or nothing, with a 422
// report naming each refused feature and a 400 for a document that is not a
// FeatureCollection.
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class ShapesApiTest : public ApiTest {
 protected:
  static Headers GeoJson() { return {{"Content-Type", "application/geo+json"}}; }
  static std::string Square(const std::string& code, double lon, double lat) {
    const nlohmann::json ring = {
        {lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}};
    return nlohmann::json{
        {"type", "Feature"},
        {"properties", {{"code", code}}},
        {"geometry", {{"type", "Polygon"}, {"coordinates", nlohmann::json::array({ring})}}}}
        .dump();
  }
  static std::string Collection(const std::string& features) {
    return R"({"type":"FeatureCollection","features":[)" + features + "]}";
  }
};

TEST_P(ShapesApiTest, TheDemoCityHasItsOutlinesWithAnETag) {
  auto r = Call("GET", "/api/v1/regions/420100/shapes", "", "command");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json doc = r.Json();
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_EQ(doc["level"], "district");
  EXPECT_EQ(doc["without_shape"], 0);
  ASSERT_FALSE(doc["features"].empty());
  const nlohmann::json& first = doc["features"][0];
  EXPECT_EQ(first["properties"]["code"], kDemoDistrict);
  EXPECT_EQ(first["properties"]["name"], "江岸区");
  EXPECT_EQ(first["properties"]["level"], "district");
  EXPECT_GT(first["properties"]["population"].get<int64_t>(), 0);
  EXPECT_EQ(first["properties"]["centroid"].size(), 2u);
  EXPECT_EQ(first["geometry"]["type"], "Polygon");
  EXPECT_EQ(doc["bbox"].size(), 4u);
  EXPECT_EQ(r.headers["cache-control"], "private, no-cache");
  const std::string tag = r.headers["etag"];
  ASSERT_EQ(tag.size(), 34u) << tag;

  auto again =
      Call("GET", "/api/v1/regions/420100/shapes", "", "command", {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.headers["etag"], tag);

  // Every grid of the district at once, and what a street officer sees.
  auto grids = Call("GET", std::string("/api/v1/regions/") + kDemoDistrict + "/shapes?level=grid",
                    "", "district");
  ASSERT_EQ(grids.status, 200) << grids.body;
  const auto tree =
      Call("GET", std::string("/api/v1/regions/") + kDemoDistrict + "/tree", "", "district");
  ASSERT_EQ(tree.status, 200) << tree.body;
  const nlohmann::json items = tree.Json()["items"];
  std::size_t grid_count = 0;
  for (const auto& region : items) grid_count += region["level"] == "grid";
  ASSERT_GT(grid_count, 0u);
  EXPECT_EQ(grids.Json()["features"].size(), grid_count);
  EXPECT_EQ(Call("GET", "/api/v1/regions/420100/shapes?level=town", "", "command").status, 400);
  auto street = Call("GET", "/api/v1/regions/420102001/shapes", "", "street");
  ASSERT_EQ(street.status, 200) << street.body;
  EXPECT_EQ(street.Json()["level"], "community");
}

TEST_P(ShapesApiTest, AStreetOfficerCannotReadAnotherStreetsShapes) {
  auto other = Call("GET", "/api/v1/regions/420102002/shapes", "", "street");
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.Json()["error"]["code"], "out_of_scope");
  auto district = Call("GET", "/api/v1/regions/420102/shapes", "", "street");
  EXPECT_EQ(district.status, 403) << district.body;
  auto deep = Call("GET", "/api/v1/regions/420102002/shapes?level=grid", "", "grid");
  EXPECT_EQ(deep.status, 403) << deep.body;
}

TEST_P(ShapesApiTest, OnlyAnAdministratorImports) {
  const std::string doc = Collection(Square(kDemoGrid, 114.3, 30.6));
  for (const char* user : {"district", "street", "community", "command", "grid"}) {
    for (const char* method : {"PUT", "POST"}) {
      auto r = Call(method, "/api/v1/regions/shapes", doc, user, GeoJson());
      EXPECT_EQ(r.status, 403) << user << " " << r.body;
    }
  }
  auto r = Call("PUT", "/api/v1/regions/shapes", doc, "admin", GeoJson());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["imported"], 1);
  auto grids = Call("GET", "/api/v1/regions/420102001001/shapes", "", "community");
  ASSERT_EQ(grids.status, 200);
  EXPECT_NEAR(grids.Json()["features"][0]["properties"]["bbox"][0].get<double>(), 114.3, 1e-9);
}

TEST_P(ShapesApiTest, ABadImportIsAClearReportAndChangesNothing) {
  const std::string before = Call("GET", "/api/v1/regions/420100/shapes", "", "command").body;
  auto r =
      Call("PUT", "/api/v1/regions/shapes",
           Collection(Square(kDemoDistrict, 114.3, 30.6) + "," + Square("420199", 114.3, 30.6) +
                      R"(,{"type":"Feature","properties":{"code":"420103"},"geometry":)"
                      R"({"type":"Polygon","coordinates":[[[114,30],[115,30],[114,30]]]}})"),
           "admin", GeoJson());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Json(), nlohmann::json::parse(R"({"features":3,"imported":0,"rejected":[
    {"feature":1,"code":"420199","reason":"properties.code: is not in the region tree"},
    {"feature":2,"code":"420103",
     "reason":"geometry.coordinates[0]: a ring needs at least 4 positions, got 3"}]})"));
  EXPECT_EQ(Call("GET", "/api/v1/regions/420100/shapes", "", "command").body, before);

  auto not_json = Call("PUT", "/api/v1/regions/shapes", "{", "admin", GeoJson());
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  EXPECT_EQ(not_json.Json()["error"]["message"], "geojson: not valid JSON");
  auto csv =
      Call("PUT", "/api/v1/regions/shapes", "code,name", "admin", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(csv.status, 415) << csv.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ShapesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
