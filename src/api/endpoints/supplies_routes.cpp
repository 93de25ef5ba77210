// Supplies (物资): the item list, depots with their stock, the ledger of
// movements, allocations by rule, and days of supply left by depot and
// region (ops/supplies). Reads need read_stats, changes manage_supplies;
// every depot and region is checked against the caller's scope.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

nlohmann::json DepotJson(const ops::Depot& d) {
  nlohmann::json stock = nlohmann::json::array();
  for (const auto& line : d.stock)
    stock.push_back({{"item", line.item}, {"quantity", line.quantity}});
  return {{"id", d.id},
          {"name", d.name},
          {"kind", ops::DepotKindName(d.kind)},
          {"region_code", d.region_code},
          {"stock", std::move(stock)}};
}

nlohmann::json MovementJson(const ops::Movement& m) {
  return {{"id", m.id},
          {"kind", ops::MovementKindName(m.kind)},
          {"item", m.item},
          {"from_depot_id", OrNull(m.from_depot_id)},
          {"to_depot_id", OrNull(m.to_depot_id)},
          {"quantity", m.quantity},
          {"at", m.at},
          {"by_user", m.by_user},
          {"allocation_id", OrNull(m.allocation_id)},
          {"note", m.note}};
}

nlohmann::json AllocationJson(const ops::Allocation& a) {
  nlohmann::json shares = nlohmann::json::array();
  for (const auto& s : a.shares)
    shares.push_back({{"depot_id", s.depot_id},
                      {"name", s.name},
                      {"kind", ops::DepotKindName(s.kind)},
                      {"households", s.households},
                      {"need", s.need},
                      {"quantity", s.quantity}});
  const auto& r = a.rule;
  return {{"id", a.id ? nlohmann::json(a.id) : nlohmann::json()},
          {"rule",
           {{"item", r.item},
            {"from_depot_id", r.from_depot_id},
            {"region_code", r.region_code},
            {"quantity", r.quantity},
            {"hospital_days", r.hospital_days},
            {"per_household", r.per_household}}},
          {"shares", std::move(shares)},
          {"allocated", a.allocated},
          {"created_at", a.created_at},
          {"created_by", a.created_by}};
}

nlohmann::json FiguresJson(const std::vector<ops::DaysLeft>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : items)
    out.push_back({{"item", d.item},
                   {"quantity", d.quantity},
                   {"daily_use", d.daily_use},
                   {"days_left", d.days_left ? nlohmann::json(*d.days_left) : nlohmann::json()},
                   {"status", d.status}});
  return out;
}

nlohmann::json DaysLeftJson(const ops::DaysLeftReport& r) {
  nlohmann::json regions = nlohmann::json::array(), depots = nlohmann::json::array();
  for (const auto& g : r.regions)
    regions.push_back({{"code", g.code}, {"items", FiguresJson(g.items)}});
  for (const auto& d : r.depots)
    depots.push_back({{"depot_id", d.depot_id},
                      {"name", d.name},
                      {"kind", ops::DepotKindName(d.kind)},
                      {"region_code", d.region_code},
                      {"items", FiguresJson(d.items)}});
  return {{"region_code", r.region_code},           {"warn_days", r.warn_days},
          {"use_window_days", ops::kUseWindowDays}, {"warnings", r.warnings},
          {"regions", std::move(regions)},          {"depots", std::move(depots)}};
}

std::vector<std::string> ItemCodes() {
  std::vector<std::string> out;
  for (const auto& item : ops::SupplyItems()) out.emplace_back(item.code);
  return out;
}

std::optional<std::int64_t> OptionalInt(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  return body[name].get<std::int64_t>();
}

}  // namespace

void AddSupplyRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/items",
                    .summary = "The supply items, with their names and units",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .responses = {{200, "the items", schema::Ref("SupplyItemList")}},
                    .handler = [](RequestContext&) {
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& i : ops::SupplyItems())
                        items.push_back({{"code", i.code},
                                         {"name_zh", i.name_zh},
                                         {"name_en", i.name_en},
                                         {"unit", i.unit}});
                      return JsonResponse({{"items", std::move(items)}});
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supplies/depots",
       .summary = "Create a depot (warehouse, hospital or community) in a region",
       .tag = "supplies",
       .permission = "manage_supplies",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 200, ""},
                 {"kind", FieldType::kString, true, {"warehouse", "hospital", "community"}, 20, ""},
                 {"region_code", FieldType::kString, true, {}, 15, "where it stands"}}},
       .responses = {{201, "created", schema::Ref("Depot")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.supplies.CreateDepot(Actor(c), c.body["name"].get<std::string>(),
                                               c.body["kind"].get<std::string>(),
                                               c.body["region_code"].get<std::string>()),
                        DepotJson, 201);
       }});
  auto depot_query = PageQuery();
  depot_query.push_back({"region", FieldType::kString, false, "default: my scope"});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/depots",
                    .summary = "Depots under a region with their stock, by id",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .query = depot_query,
                    .responses = {{200, "a page of depots", schema::Ref("DepotPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(
                          s.supplies.Depots(Actor(c), c.Query("region"), page.after, page.limit),
                          [](const auto& p) { return PageOfJson(p, DepotJson); });
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/depots/{id}",
                    .summary = "A depot with its stock",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .responses = {{200, "the depot", schema::Ref("Depot")},
                                  ErrorAnswer(404, "no such depot in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.supplies.GetDepot(Actor(c), id), DepotJson);
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supplies/movements",
       .summary = "Record a movement of stock (the only way stock changes)",
       .tag = "supplies",
       .permission = "manage_supplies",
       .body_kind = BodyKind::kJson,
       .body =
           {{{"kind",
              FieldType::kString,
              true,
              {"production", "donation", "receipt", "transfer", "consumption"},
              20,
              "into a depot: production, donation, receipt; out: consumption; both: transfer"},
             {"item", FieldType::kString, true, ItemCodes(), 40, ""},
             {"from_depot_id", FieldType::kInteger, false, {}, 0, "transfer, consumption"},
             {"to_depot_id", FieldType::kInteger, false, {}, 0, "all but consumption"},
             {"quantity", FieldType::kInteger, true, {}, 0, "1..1000000000, in the item's unit"},
             {"note", FieldType::kString, false, {}, 500, ""}}},
       .responses = {{201, "recorded", schema::Ref("Movement")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such depot in my scope"),
                     ErrorAnswer(409, "the source depot holds less than the quantity")},
       .handler = [&s](RequestContext& c) {
         ops::MovementInput in;
         in.kind = *ops::ParseMovementKind(c.body["kind"].get<std::string>());
         in.item = c.body["item"].get<std::string>();
         in.from_depot_id = OptionalInt(c.body, "from_depot_id");
         in.to_depot_id = OptionalInt(c.body, "to_depot_id");
         in.quantity = c.body["quantity"].get<std::int64_t>();
         in.note = c.body.value("note", "");
         return Respond(s.supplies.Record(Actor(c), in), MovementJson, 201);
       }});
  auto movement_query = PageQuery();
  movement_query.push_back({"depot", FieldType::kInteger, true, "a depot id", 1, std::nullopt});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/movements",
                    .summary = "Movements into or out of a depot, newest first",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .query = movement_query,
                    .responses = {{200, "a page of movements", schema::Ref("MovementPage")},
                                  ErrorAnswer(404, "no such depot in my scope")},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.supplies.Movements(Actor(c), QueryInt(c, "depot", 0),
                                                          page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, MovementJson); });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/supplies/allocations",
       .summary = "Allocate stock by rule: hospitals first, then per-household rations",
       .tag = "supplies",
       .permission = "manage_supplies",
       .body_kind = BodyKind::kJson,
       .body = {{{"item", FieldType::kString, true, ItemCodes(), 40, ""},
                 {"from_depot_id", FieldType::kInteger, true, {}, 0, "the source"},
                 {"region_code", FieldType::kString, false, {}, 15, "default: the source's region"},
                 {"quantity", FieldType::kInteger, true, {}, 0, "at most what the source holds"},
                 {"hospital_days",
                  FieldType::kInteger,
                  false,
                  {},
                  0,
                  "hospitals get enough for this many days of recent use (default 14)"},
                 {"per_household",
                  FieldType::kInteger,
                  false,
                  {},
                  0,
                  "ration per registered household for community depots (default 20)"},
                 {"dry_run", FieldType::kBoolean, false, {}, 0, "compute only: nothing moves"}}},
       .responses = {{201, "allocated", schema::Ref("Allocation")},
                     {200, "a dry run: what would be allocated", schema::Ref("Allocation")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such depot in my scope"),
                     ErrorAnswer(409, "the source depot holds less than the quantity")},
       .handler = [&s](RequestContext& c) {
         ops::AllocationRule rule;
         rule.item = c.body["item"].get<std::string>();
         rule.from_depot_id = c.body["from_depot_id"].get<std::int64_t>();
         rule.region_code = c.body.value("region_code", "");
         rule.quantity = c.body["quantity"].get<std::int64_t>();
         rule.hospital_days = c.body.value("hospital_days", std::int64_t{14});
         rule.per_household = c.body.value("per_household", std::int64_t{20});
         const bool dry_run = c.body.value("dry_run", false);
         return Respond(s.supplies.Allocate(Actor(c), rule, dry_run), AllocationJson,
                        dry_run ? 200 : 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/allocations",
                    .summary = "Allocations to regions in my scope, newest first",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .query = PageQuery(),
                    .responses = {{200, "a page of allocations", schema::Ref("AllocationPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.supplies.Allocations(Actor(c), page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, AllocationJson); });
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/allocations/{id}",
                    .summary = "An allocation: its rule and result",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .responses = {{200, "the allocation", schema::Ref("Allocation")},
                                  ErrorAnswer(404, "no such allocation in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.supplies.GetAllocation(Actor(c), id), AllocationJson);
                    })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/supplies/days-left",
                    .summary = "Days of supply left per depot and region, with warnings",
                    .tag = "supplies",
                    .permission = "read_stats",
                    .query = {{"region", FieldType::kString, false, "default: my scope"},
                              {"warn_days", FieldType::kInteger, false,
                               "warn below this (1..90, default 7)", 1, 90}},
                    .responses = {{200, "the figures", schema::Ref("DaysLeftReport")}},
                    .handler = [&s](RequestContext& c) {
                      return Respond(
                          s.supplies.DaysLeftOf(Actor(c), c.Query("region"),
                                                static_cast<int>(QueryInt(c, "warn_days", 7))),
                          DaysLeftJson);
                    }});
}

}  // namespace fk::api
