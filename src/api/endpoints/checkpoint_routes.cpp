// Checkpoints (第一道防线): create and list checkpoints, the guard's phone
// posting passages (group-committed by PassageWriter; the answer says when
// the person is under quarantine or isolation), the passage log, the alerts
// and their acknowledgement. ops/checkpoints.
#include <cmath>
#include <map>
#include <string>

#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

// The names of the regions the checkpoints of one answer stand in, each
// read once. Shown to everyone who may use the checkpoint, also to a grid
// worker below its region, whose scope does not reach it (GET
// /regions/{code} answers them 403, as it also lists the region's children
// and staff): region names are not personal data (ops/regions/regions.hpp).
// A name that cannot be read stays the code.
class RegionNames {
 public:
  explicit RegionNames(ops::RegionService& regions) : regions_(regions) {}
  const std::string& Of(const std::string& code) {
    auto [it, added] = names_.try_emplace(code, code);
    if (added)
      if (auto region = regions_.Get(code); region.ok()) it->second = region->name;
    return it->second;
  }

 private:
  ops::RegionService& regions_;
  std::map<std::string, std::string> names_;
};

nlohmann::json CheckpointJson(const ops::Checkpoint& c, RegionNames& names) {
  return {{"id", c.id},
          {"name", c.name},
          {"kind", c.kind},
          {"region_code", c.region_code},
          {"region_name", names.Of(c.region_code)},
          {"created_at", c.created_at}};
}

nlohmann::json PassageJson(const ops::Passage& p) {
  return {{"id", p.id},
          {"checkpoint_id", p.checkpoint_id},
          {"at", p.at},
          {"direction", p.direction},
          {"subject", p.subject},
          {"id_number", p.id_number},
          {"plate", p.plate},
          {"resident_id", OrNull(p.resident_id)},
          {"temperature",
           p.temperature_tenths ? nlohmann::json(*p.temperature_tenths / 10.0) : nlohmann::json()},
          {"result", p.result},
          {"health_code", p.health_code},
          {"recorded_by", p.recorded_by}};
}

nlohmann::json AlertJson(const ops::CheckpointAlert& a) {
  return {{"id", a.id},
          {"passage_id", a.passage_id},
          {"checkpoint_id", a.checkpoint_id},
          {"checkpoint_region", a.checkpoint_region},
          {"resident_id", a.resident_id},
          {"grid_code", a.grid_code},
          {"kind", a.kind},
          {"at", a.at},
          {"acknowledged_at", OrNull(a.acknowledged_at)},
          {"acknowledged_by", OrNull(a.acknowledged_by)}};
}

}  // namespace

void AddCheckpointRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/checkpoints",
       .summary = "Set up a community gate or a traffic checkpoint in a region",
       .tag = "checkpoints",
       .permission = "issue_directives",
       .body_kind = BodyKind::kJson,
       .body = {{{"name", FieldType::kString, true, {}, 400, "1..100 characters"},
                 {"kind", FieldType::kString, true, {"gate", "traffic"}, 10, ""},
                 {"region_code", FieldType::kString, true, {}, 15, "where it stands"}}},
       .responses = {{201, "created", schema::Ref("Checkpoint")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)")},
       .handler = [&s](RequestContext& c) {
         return Respond(
             s.checkpoints.Create(Actor(c), c.body["name"].get<std::string>(),
                                  c.body["kind"].get<std::string>(),
                                  c.body["region_code"].get<std::string>()),
             [&s](const ops::Checkpoint& cp) {
               RegionNames names(s.regions);
               return CheckpointJson(cp, names);
             },
             201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/checkpoints",
                    .summary = "The checkpoints I may use: in my area and above it",
                    .tag = "checkpoints",
                    .permission = "read_registry",
                    .query = PageQuery(),
                    .responses = {{200, "a page of checkpoints", schema::Ref("CheckpointPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      RegionNames names(s.regions);
                      return Respond(s.checkpoints.List(Actor(c), page.after, page.limit),
                                     [&names](const auto& p) {
                                       return PageOfJson(p, [&names](const ops::Checkpoint& cp) {
                                         return CheckpointJson(cp, names);
                                       });
                                     });
                    }});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/checkpoints/{id}/passages",
       .summary = "The guard's phone: log a passage (the answer's alert says to hold the person)",
       .tag = "checkpoints",
       .permission = "record_visits",
       .body_kind = BodyKind::kJson,
       .body =
           {{{"direction", FieldType::kString, true, {"in", "out"}, 3, ""},
             {"subject", FieldType::kString, true, {"person", "vehicle"}, 10, ""},
             {"id_number", FieldType::kString, false, {}, 18, "a person's"},
             {"plate", FieldType::kString, false, {}, 40, "a vehicle's"},
             {"temperature", FieldType::kNumber, false, {}, 0, "°C, 34.0..43.0"},
             {"result", FieldType::kString, false, {"pass", "refused", "held"}, 10, "default pass"},
             {"health_code",
              FieldType::kString,
              false,
              {"green", "yellow", "red", "none"},
              10,
              "default none"},
             {"client_id",
              FieldType::kString,
              false,
              {},
              64,
              "an id the phone made (8..64 of A-Z a-z 0-9 - _): a repeated send answers 200 "
              "with the first answer, other content 409"}}},
       .body_limit = 4 << 10,
       .responses = {{201, "logged", schema::Ref("PassageReceipt")},
                     {200, "a repeated send (same client_id): the first answer",
                      schema::Ref("PassageReceipt")},
                     ErrorAnswer(400, "a value that does not fit (error.field names it)"),
                     ErrorAnswer(404, "no such checkpoint for me"),
                     ErrorAnswer(409, "client_id sent before with other content")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::PassageInput in;
         in.checkpoint_id = id;
         in.direction = c.body["direction"].get<std::string>();
         in.subject = c.body["subject"].get<std::string>();
         in.id_number = c.body.value("id_number", "");
         in.plate = c.body.value("plate", "");
         if (c.body.contains("temperature") && !c.body["temperature"].is_null())
           in.temperature_tenths =
               static_cast<int>(std::lround(c.body["temperature"].get<double>() * 10));
         in.result = c.body.value("result", "pass");
         in.health_code = c.body.value("health_code", "none");
         in.client_id = c.body.value("client_id", "");
         auto recorded = s.passages.Record(Actor(c), in);
         const int status = recorded.ok() && recorded->replayed ? 200 : 201;
         return Respond(
             recorded,
             [](const ops::PassageReceipt& r) -> nlohmann::json {
               return {{"id", r.id},
                       {"at", r.at},
                       {"alert", r.alert ? nlohmann::json(*r.alert) : nlohmann::json()}};
             },
             status);
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/checkpoints/{id}/passages",
                    .summary =
                        "A checkpoint's passage log, newest first (audited; ID numbers masked "
                        "without see_unmasked)",
                    .tag = "checkpoints",
                    .permission = "read_registry",
                    .query = PageQuery(),
                    .responses = {{200, "a page of passages", schema::Ref("PassagePage")},
                                  ErrorAnswer(404, "no such checkpoint for me")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.checkpoints.Passages(Actor(c), id, page.after, page.limit),
                                     [](const auto& p) { return PageOfJson(p, PassageJson); });
                    })});
  auto alert_query = PageQuery();
  alert_query.push_back({"open", FieldType::kString, false, "true: not acknowledged only"});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/checkpoint-alerts",
       .summary = "Alerts of people under quarantine passing a checkpoint of my area or "
                  "living in it, newest first (audited)",
       .tag = "checkpoints",
       .permission = "read_registry",
       .query = alert_query,
       .responses = {{200, "a page of alerts", schema::Ref("CheckpointAlertPage")}},
       .handler = [&s](RequestContext& c) {
         const PageRequest page = PageOf(c);
         return Respond(
             s.checkpoints.Alerts(Actor(c), QueryBool(c, "open"), page.after, page.limit),
             [](const auto& p) { return PageOfJson(p, AlertJson); });
       }});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/checkpoint-alerts/{id}/acknowledge",
                    .summary = "Acknowledge an alert (the grid or the checkpoint has acted)",
                    .tag = "checkpoints",
                    .permission = "record_visits",
                    .responses = {{200, "acknowledged", schema::Ref("CheckpointAlert")},
                                  ErrorAnswer(404, "no such alert in my area"),
                                  ErrorAnswer(409, "already acknowledged")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.checkpoints.Acknowledge(Actor(c), id), AlertJson);
                    })});
}

}  // namespace fk::api
