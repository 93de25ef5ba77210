// Supplies through the API: a supply officer sets up depots and moves stock,
// a refused movement changes nothing, other roles and areas are refused,
// allocations and days left answer as documented (the fixture checks every
// answer against the OpenAPI document).
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

class SuppliesApiTest : public ApiTest {
 protected:
  std::int64_t NewDepot(const std::string& name, const std::string& kind, const std::string& region,
                        const std::string& user = "supply") {
    auto r =
        Call("POST", "/api/v1/supplies/depots",
             nlohmann::json{{"name", name}, {"kind", kind}, {"region_code", region}}.dump(), user);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json()["id"].get<std::int64_t>() : 0;
  }
  ClientResponse Move(const nlohmann::json& body, const std::string& user = "supply") {
    return Call("POST", "/api/v1/supplies/movements", body.dump(), user);
  }
  std::int64_t Stock(std::int64_t depot, const std::string& item = "mask") {
    auto r = Call("GET", "/api/v1/supplies/depots/" + std::to_string(depot), "", "supply");
    EXPECT_EQ(r.status, 200) << r.body;
    const nlohmann::json body = r.Json();  // keep the parsed body alive
    for (const auto& line : body["stock"])
      if (line["item"] == item) return line["quantity"];
    return -1;
  }
};

TEST_P(SuppliesApiTest, StockMovesOnlyThroughTheLedger) {
  const auto store = NewDepot("江岸区仓库", "warehouse", kDemoDistrict);
  const auto community = NewDepot("社区物资点", "community", "420102001001");
  ASSERT_EQ(Move({{"kind", "donation"},
                  {"item", "mask"},
                  {"to_depot_id", store},
                  {"quantity", 1000},
                  {"note", "捐赠"}})
                .status,
            201);
  auto t = Move({{"kind", "transfer"},
                 {"item", "mask"},
                 {"from_depot_id", store},
                 {"to_depot_id", community},
                 {"quantity", 300}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.Json()["kind"], "transfer");
  // More than the depot holds: 409 naming the quantity, nothing changed.
  auto over = Move(
      {{"kind", "consumption"}, {"item", "mask"}, {"from_depot_id", community}, {"quantity", 301}});
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_EQ(over.Json()["error"]["message"],
            "quantity: depot " + std::to_string(community) + " holds 300 mask, fewer than 301");
  EXPECT_EQ(over.Json()["error"]["field"], "quantity");
  // Bad input, refused by the router or the service, naming the field.
  for (auto [body, field] :
       {std::pair{nlohmann::json{
                      {"kind", "theft"}, {"item", "mask"}, {"to_depot_id", store}, {"quantity", 1}},
                  "kind"},
        {nlohmann::json{
             {"kind", "receipt"}, {"item", "soap"}, {"to_depot_id", store}, {"quantity", 1}},
         "item"},
        {nlohmann::json{
             {"kind", "receipt"}, {"item", "mask"}, {"to_depot_id", store}, {"quantity", -1}},
         "quantity"},
        {nlohmann::json{{"kind", "receipt"},
                        {"item", "mask"},
                        {"to_depot_id", store},
                        {"quantity", "1; DROP TABLE supply_stock"}},
         "quantity"},
        {nlohmann::json{
             {"kind", "transfer"}, {"item", "mask"}, {"from_depot_id", store}, {"quantity", 1}},
         "to_depot_id"}}) {
    auto r = Move(body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  }
  EXPECT_EQ(Stock(store), 700);
  EXPECT_EQ(Stock(community), 300);
  auto page =
      Call("GET", "/api/v1/supplies/movements?depot=" + std::to_string(store), "", "supply");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.Json()["items"].size(), 2u);
  EXPECT_EQ(page.Json()["items"][0]["kind"], "transfer");
  EXPECT_EQ(page.Json()["items"][1]["note"], "捐赠");
}

TEST_P(SuppliesApiTest, RolesAndAreas) {
  const auto ours = NewDepot("社区一", "community", "420102001001");
  const auto theirs = NewDepot("另一街道", "community", "420102002002");
  ASSERT_EQ(Move({{"kind", "receipt"}, {"item", "n95"}, {"to_depot_id", theirs}, {"quantity", 50}})
                .status,
            201);
  // The community officer reads their own depot; the other street's is 404
  // (its existence is not revealed) and cannot be drained.
  EXPECT_EQ(Call("GET", "/api/v1/supplies/depots/" + std::to_string(ours), "", "community").status,
            200);
  EXPECT_EQ(
      Call("GET", "/api/v1/supplies/depots/" + std::to_string(theirs), "", "community").status,
      404);
  auto steal = Move({{"kind", "transfer"},
                     {"item", "n95"},
                     {"from_depot_id", theirs},
                     {"to_depot_id", ours},
                     {"quantity", 50}},
                    "community");
  EXPECT_EQ(steal.status, 404) << steal.body;
  EXPECT_EQ(Stock(theirs, "n95"), 50);
  // A region outside the scope: 403.
  auto report = Call("GET", "/api/v1/supplies/days-left?region=420102002", "", "community");
  EXPECT_EQ(report.status, 403) << report.body;
  auto outside =
      Call("POST", "/api/v1/supplies/depots",
           R"({"name": "x", "kind": "warehouse", "region_code": "420102002"})", "community");
  EXPECT_EQ(outside.status, 403) << outside.body;
  // Roles without manage_supplies: 403, nothing written.
  for (const char* user : {"grid", "medical", "volunteer", "admin"}) {
    auto r =
        Move({{"kind", "receipt"}, {"item", "n95"}, {"to_depot_id", ours}, {"quantity", 5}}, user);
    EXPECT_EQ(r.status, 403) << user << " " << r.body;
  }
  EXPECT_EQ(Stock(ours, "n95"), 0);
  EXPECT_EQ(Call("GET", "/api/v1/supplies/days-left", "", "volunteer").status, 403);
}

TEST_P(SuppliesApiTest, AllocationAndDaysLeft) {
  const auto store = NewDepot("仓库", "warehouse", "420102001");
  const auto hospital = NewDepot("医院", "hospital", "420102001");
  const auto community = NewDepot("社区一", "community", "420102001001");
  ASSERT_EQ(
      Move({{"kind", "receipt"}, {"item", "mask"}, {"to_depot_id", store}, {"quantity", 5000}})
          .status,
      201);
  ASSERT_EQ(
      Move({{"kind", "receipt"}, {"item", "mask"}, {"to_depot_id", hospital}, {"quantity", 70}})
          .status,
      201);
  ASSERT_EQ(Move({{"kind", "consumption"},
                  {"item", "mask"},
                  {"from_depot_id", hospital},
                  {"quantity", 70}})
                .status,
            201);
  const nlohmann::json rule{
      {"item", "mask"},   {"from_depot_id", store}, {"region_code", "420102001"},
      {"quantity", 1000}, {"per_household", 20},    {"dry_run", true}};
  auto dry = Call("POST", "/api/v1/supplies/allocations", rule.dump(), "street");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_TRUE(dry.Json()["id"].is_null());
  EXPECT_EQ(Stock(store), 5000);
  nlohmann::json real = rule;
  real.erase("dry_run");
  auto made = Call("POST", "/api/v1/supplies/allocations", real.dump(), "street");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto shares = made.Json()["shares"];
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(shares[0]["depot_id"], hospital);
  EXPECT_EQ(shares[0]["quantity"], 140);  // 14 days of 10 a day
  EXPECT_EQ(shares[1]["depot_id"], community);
  // 20 masks for each of the community's households (10 a grid, 2 grids).
  EXPECT_EQ(shares[1]["households"], 20);
  EXPECT_EQ(shares[1]["quantity"], 400);
  EXPECT_EQ(dry.Json()["shares"], shares);
  EXPECT_EQ(Stock(store), 5000 - 540);
  auto kept = Call("GET", "/api/v1/supplies/allocations/" + made.Json()["id"].dump(), "", "street");
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.Json()["shares"], shares);
  EXPECT_EQ(kept.Json()["rule"]["per_household"], 20);
  auto report =
      Call("GET", "/api/v1/supplies/days-left?region=420102001&warn_days=30", "", "street");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto body = report.Json();
  EXPECT_EQ(body["regions"][0]["code"], "420102001");
  bool found = false;
  for (const auto& d : body["depots"]) {
    if (d["depot_id"] != hospital) continue;
    found = true;
    EXPECT_EQ(d["items"][0]["quantity"], 140);
    EXPECT_DOUBLE_EQ(d["items"][0]["days_left"].get<double>(), 14.0);
    EXPECT_EQ(d["items"][0]["status"], "warning");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(Call("GET", "/api/v1/supplies/days-left?warn_days=0", "", "street").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, SuppliesApiTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
