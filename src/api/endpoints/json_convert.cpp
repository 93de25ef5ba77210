#include "api/endpoints/json_convert.hpp"

namespace fk::api {

namespace {

void WriteUserFields(JsonWriter& w, const ops::User& u) {
  w.Field("id", u.id);
  w.Field("username", u.username);
  w.Field("display_name", u.display_name);
  w.Field("role", ops::RoleName(u.role));
  w.Field("scope", u.scope);
  w.Field("active", u.active);
  w.Field("password_change_required", u.password_change_required);
}

}  // namespace

void WriteJson(JsonWriter& w, const ops::User& u) {
  w.StartObject();
  WriteUserFields(w, u);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::UserRequest& r) {
  w.StartObject();
  w.Field("id", r.id);
  w.Field("kind", ops::RequestKindName(r.kind));
  w.Field("user_id", r.user_id);
  w.Field("username", r.username);
  w.Field("role", ops::RoleName(r.role));
  w.Field("scope", r.scope);
  w.Key("needs");
  w.StartArray();
  for (int i = 0; i < ops::kPermissionCount; ++i) {
    const auto permission = static_cast<ops::Permission>(i);
    if (ops::Contains(r.needs, permission)) w.String(ops::PermissionKey(permission));
  }
  w.EndArray();
  w.Field("requested_by", r.requested_by);
  w.Field("requested_at", r.requested_at);
  w.Field("status", ops::RequestStatusName(r.status));
  w.Field("decided_by", r.decided_by);
  w.Field("decided_at", r.decided_at);
  w.EndObject();
}

JsonText AccountChangeJson(const ops::AccountChange& change) {
  JsonWriter w;
  w.StartObject();
  WriteUserFields(w, change.user);
  if (!change.one_time_password.empty()) w.Field("one_time_password", change.one_time_password);
  if (change.request) {
    w.Key("request");
    WriteJson(w, *change.request);
  }
  w.EndObject();
  return w.Take();
}

void WriteJson(JsonWriter& w, const ops::Household& h) {
  w.StartObject();
  w.Field("id", h.id);
  w.Field("grid_code", h.grid_code);
  w.Field("building", h.building);
  w.Field("unit", h.unit);
  w.Field("room", h.room);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::Resident& r) {
  const auto& d = r.data;
  w.StartObject();
  w.Field("id", r.id);
  w.Field("household_id", r.household_id);
  w.Field("grid_code", r.grid_code);
  w.Field("name", d.name);
  w.Field("sex", ops::SexName(d.sex));
  w.Field("birth_date", d.birth_date);
  w.Field("id_number", d.id_number);
  w.Field("phone", d.phone);
  w.Field("elderly_alone", d.elderly_alone);
  w.Field("chronic_illness", d.chronic_illness);
  w.Field("pregnant", d.pregnant);
  w.Field("high_risk_return_date", d.high_risk_return_date);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::AuditEntry& e) {
  w.StartObject();
  w.Field("id", e.id);
  w.Field("at", e.at);
  w.Field("user_id", e.user_id);
  w.Field("action", e.action);
  w.Field("entity", e.entity);
  w.Field("entity_id", e.entity_id);
  w.Field("client_address", e.client_address);
  w.Field("detail", e.detail);
  w.Field("region", e.region);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::RegistrationConflict& c) {
  w.StartObject();
  w.Field("id", c.id);
  w.Field("id_number", c.id_number);
  w.Field("region", c.region);
  w.Field("resident_id", c.resident_id);
  w.Field("grid_code", c.grid_code);
  w.Field("other_resident_id", c.other_resident_id);
  w.Field("other_grid_code", c.other_grid_code);
  w.Field("created_at", c.created_at);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::ScreeningTask& t) {
  w.StartObject();
  w.Field("id", t.id);
  w.Field("campaign_id", t.campaign_id);
  w.Field("household_id", t.household_id);
  w.Field("grid_code", t.grid_code);
  w.Field("assignee_id", t.assignee_id);
  w.Field("residents", t.residents);
  w.Field("screened", t.screened);
  w.Field("flagged", t.flagged);
  w.Field("visited", t.visited);
  w.Field("building", t.building);
  w.Field("unit", t.unit);
  w.Field("room", t.room);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ops::FlaggedPerson& p) {
  w.StartObject();
  w.Field("visit_id", p.visit_id);
  w.Field("resident_id", p.resident_id);
  w.Field("grid_code", p.grid_code);
  w.Field("name", p.name);
  w.Key("findings");
  w.StartArray();
  for (const auto& f : p.findings) w.String(f);
  w.EndArray();
  w.EndObject();
}

nlohmann::json RegionJson(const ops::Region& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"parent_code", r.parent_code},
          {"level", ops::LevelName(r.level)}};
}

ops::ResidentInput ResidentFromJson(const nlohmann::json& b) {
  ops::ResidentInput r;
  r.name = b.value("name", "");
  r.sex = b.value("sex", "male") == "female" ? ops::Sex::kFemale : ops::Sex::kMale;
  r.birth_date = b.value("birth_date", "");
  r.id_number = b.value("id_number", "");
  r.phone = b.value("phone", "");
  r.elderly_alone = b.value("elderly_alone", false);
  r.chronic_illness = b.value("chronic_illness", false);
  r.pregnant = b.value("pregnant", false);
  if (b.contains("high_risk_return_date")) {
    r.high_risk_return_date = b["high_risk_return_date"].get<std::string>();
  }
  return r;
}

nlohmann::json ImportReportJson(const ops::ImportReport& report) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& e : report.rejected)
    rejected.push_back({{"line", e.line}, {"reason", e.reason}});
  return {{"rows", report.rows}, {"imported", report.imported}, {"rejected", rejected}};
}

nlohmann::json CampaignJson(const ops::Campaign& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"region_code", c.region_code},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"tasks", c.tasks}};
}

nlohmann::json CoverageJson(const ops::Coverage& c) {
  return {{"code", c.code},
          {"level", ops::LevelName(c.level)},
          {"households", c.households},
          {"households_visited", c.households_visited},
          {"residents", c.residents},
          {"residents_screened", c.residents_screened},
          {"flagged", c.flagged}};
}

}  // namespace fk::api
