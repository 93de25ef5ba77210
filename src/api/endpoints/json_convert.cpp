#include "api/endpoints/json_convert.hpp"

namespace fk::api {

nlohmann::json UserJson(const ops::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", ops::RoleName(u.role)},
          {"scope", u.scope},
          {"active", u.active}};
}

nlohmann::json RegionJson(const ops::Region& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"parent_code", r.parent_code},
          {"level", ops::LevelName(r.level)}};
}

nlohmann::json HouseholdJson(const ops::Household& h) {
  return {{"id", h.id},
          {"grid_code", h.grid_code},
          {"building", h.building},
          {"unit", h.unit},
          {"room", h.room}};
}

nlohmann::json ResidentJson(const ops::Resident& r) {
  const auto& d = r.data;
  return {{"id", r.id},
          {"household_id", r.household_id},
          {"grid_code", r.grid_code},
          {"name", d.name},
          {"sex", ops::SexName(d.sex)},
          {"birth_date", d.birth_date},
          {"id_number", d.id_number},
          {"phone", d.phone},
          {"elderly_alone", d.elderly_alone},
          {"chronic_illness", d.chronic_illness},
          {"pregnant", d.pregnant},
          {"high_risk_return_date",
           d.high_risk_return_date ? nlohmann::json(*d.high_risk_return_date) : nlohmann::json()}};
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

nlohmann::json AuditJson(const ops::AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"user_id", e.user_id},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"client_address", e.client_address},
          {"detail", e.detail}};
}

nlohmann::json CampaignJson(const ops::Campaign& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"region_code", c.region_code},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"tasks", c.tasks}};
}

nlohmann::json TaskJson(const ops::ScreeningTask& t) {
  return {{"id", t.id},
          {"campaign_id", t.campaign_id},
          {"household_id", t.household_id},
          {"grid_code", t.grid_code},
          {"assignee_id", t.assignee_id ? nlohmann::json(*t.assignee_id) : nlohmann::json()},
          {"residents", t.residents},
          {"screened", t.screened},
          {"flagged", t.flagged},
          {"visited", t.visited}};
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
