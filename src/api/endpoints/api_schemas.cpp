#include "api/endpoints/api_schemas.hpp"

#include "api/endpoints/services.hpp"
#include "api/routing/response_schema.hpp"

namespace fk::api {

std::vector<std::string> RoleNames() {
  std::vector<std::string> roles;
  for (auto role :
       {ops::Role::kCommandCentre, ops::Role::kDistrictOfficer, ops::Role::kStreetOfficer,
        ops::Role::kCommunityOfficer, ops::Role::kGridWorker, ops::Role::kMedicalStaff,
        ops::Role::kSupplyOfficer, ops::Role::kVolunteer, ops::Role::kAdministrator}) {
    roles.emplace_back(ops::RoleName(role));
  }
  return roles;
}

namespace {

using namespace schema;

std::vector<std::string> PermissionKeys() {
  std::vector<std::string> keys;
  for (int i = 0; i < ops::kPermissionCount; ++i)
    keys.emplace_back(ops::PermissionKey(static_cast<ops::Permission>(i)));
  return keys;
}

std::vector<std::string> Levels() {
  std::vector<std::string> levels;
  for (auto level :
       {ops::RegionLevel::kProvince, ops::RegionLevel::kCity, ops::RegionLevel::kDistrict,
        ops::RegionLevel::kStreet, ops::RegionLevel::kCommunity, ops::RegionLevel::kGrid}) {
    levels.emplace_back(ops::LevelName(level));
  }
  return levels;
}

std::vector<Property> UserProperties() {
  return {{"id", Integer()},
          {"username", String()},
          {"display_name", String()},
          {"role", Ref("Role")},
          {"scope", String("region code of the subtree the account may see")},
          {"active", Boolean()},
          {"password_change_required",
           Boolean("a one-time password: only /auth/* until it is changed")}};
}

nlohmann::json Me() {
  auto properties = UserProperties();
  properties.push_back({"permissions", Array(Ref("Permission"))});
  return Object(properties);
}

nlohmann::json AccountChange() {
  auto properties = UserProperties();
  properties.push_back(
      {"one_time_password", String("a new account or a reset: shown this once"), false});
  properties.push_back({"request", Ref("UserRequest"), false});
  return Object(properties);
}

nlohmann::json UserRequest() {
  return Object({{"id", Integer()},
                 {"kind", Enum({"create", "change", "reset_password", "reactivate"})},
                 {"user_id", Integer("the account concerned")},
                 {"username", String()},
                 {"role", Ref("Role")},
                 {"scope", String()},
                 {"needs", Array(Ref("Permission"))},
                 {"requested_by", Integer()},
                 {"requested_at", Integer("unix seconds")},
                 {"status", Enum({"pending", "approved", "rejected", "cancelled"})},
                 {"decided_by", Nullable(Integer())},
                 {"decided_at", Nullable(Integer("unix seconds"))}});
}

nlohmann::json Resident() {
  return Object({{"id", Integer()},
                 {"household_id", Integer()},
                 {"grid_code", String()},
                 {"name", String("masked unless ?unmasked=true and allowed")},
                 {"sex", Enum({"male", "female"})},
                 {"birth_date", String("YYYY-MM-DD; masked unless allowed")},
                 {"id_number", String("masked unless allowed")},
                 {"phone", String("masked unless allowed")},
                 {"elderly_alone", Boolean()},
                 {"chronic_illness", Boolean()},
                 {"pregnant", Boolean()},
                 {"high_risk_return_date", Nullable(String("YYYY-MM-DD"))}});
}

}  // namespace

nlohmann::json ApiSchemas() {
  return {
      {"Role", Enum(RoleNames())},
      {"Permission", Enum(PermissionKeys())},
      {"Level", Enum(Levels())},
      {"Health", Object({{"status", Enum({"ok"})}})},
      {"OpenApiDocument", {{"type", "object"}, {"description", "this document"}}},
      {"User", Object(UserProperties())},
      {"Me", Me()},
      {"Login", Object({{"token", String("send as Authorization: Bearer TOKEN")},
                        {"expires_at", Integer("unix seconds")},
                        {"user", Ref("User")}})},
      {"UserRequest", UserRequest()},
      {"AccountChange", AccountChange()},
      {"Region", Object({{"code", String()},
                         {"name", String()},
                         {"parent_code", String("empty for a province")},
                         {"level", Ref("Level")}})},
      {"RegionWithChildren", Object({{"code", String()},
                                     {"name", String()},
                                     {"parent_code", String()},
                                     {"level", Ref("Level")},
                                     {"children", Array(Ref("Region"))}})},
      {"StaffMember", Object({{"duty", Enum({"leader", "worker", "party_post"})},
                              {"name", String()},
                              {"phone", String("empty: none")},
                              {"user_id", Nullable(Integer("the member's account"))}})},
      {"Household", Object({{"id", Integer()},
                            {"grid_code", String()},
                            {"building", String()},
                            {"unit", String()},
                            {"room", String()}})},
      {"HouseholdMove", Object({{"from_grid", String()},
                                {"to_grid", String()},
                                {"moved_at", Integer("unix seconds")},
                                {"moved_by", Integer("user id")},
                                {"reason", String()}})},
      {"Resident", Resident()},
      {"RegistrationConflict", Object({{"id", Integer()},
                                       {"id_number", String("masked")},
                                       {"region", String("the smallest region holding both grids")},
                                       {"resident_id", Integer()},
                                       {"grid_code", String()},
                                       {"other_resident_id", Integer()},
                                       {"other_grid_code", String()},
                                       {"created_at", Integer("unix seconds")}})},
      {"ImportReport",
       Object({{"rows", Integer()},
               {"imported", Integer()},
               {"rejected", Array(Object({{"line", Integer()}, {"reason", String()}}))}})},
      {"AuditEntry",
       Object({{"id", Integer()},
               {"at", Integer("unix seconds")},
               {"user_id", Integer()},
               {"action", String("read, create, update, move, import, export, search, ...")},
               {"entity", String("resident, household, user, ...")},
               {"entity_id", String()},
               {"client_address", String()},
               {"detail", String()},
               {"region", String("the region concerned; empty: the whole tree")}})},
      {"Campaign", Object({{"id", Integer()},
                           {"name", String()},
                           {"region_code", String()},
                           {"start_date", String("YYYY-MM-DD")},
                           {"end_date", String("YYYY-MM-DD, inclusive")},
                           {"tasks", Integer("households to visit")}})},
      {"Task", Object({{"id", Integer()},
                       {"campaign_id", Integer()},
                       {"household_id", Integer()},
                       {"grid_code", String()},
                       {"building", String()},
                       {"unit", String()},
                       {"room", String()},
                       {"assignee_id", Nullable(Integer())},
                       {"residents", Integer()},
                       {"screened", Integer()},
                       {"flagged", Integer()},
                       {"visited", Boolean()},
                       {"building", String()},
                       {"unit", String()},
                       {"room", String()}})},
      {"ShapeImportReport",
       Object({{"features", Integer("features in the file")},
               {"imported", Integer("outlines stored (0 when any feature was refused)")},
               {"rejected", Array(Object({{"feature", Integer("its index in the file")},
                                          {"code", String()},
                                          {"reason", String()}}))}})},
      {"Visit",
       Object({{"visit_id", Integer()},
               {"flagged", Boolean("needs follow-up")},
               {"findings", Array(String("e.g. temperature 37.8, symptoms"))},
               {"client_id", String("the device's id of the visit, when it sent one"), false}})},
      {"Coverage", Object({{"code", String()},
                           {"level", Ref("Level")},
                           {"households", Integer()},
                           {"households_visited", Integer()},
                           {"residents", Integer()},
                           {"residents_screened", Integer()},
                           {"flagged", Integer()}})},
      {"FlaggedPerson", Object({{"visit_id", Integer()},
                                {"resident_id", Integer()},
                                {"grid_code", String()},
                                {"name", String("masked")},
                                {"findings", Array(String())}})},
      {"DailyStat", Object({{"date", String("YYYY-MM-DD")},
                            {"residents", Integer()},
                            {"households", Integer()},
                            {"screened", Integer()},
                            {"flagged", Integer()}})},
      {"Beds", Object({{"kind", Enum({"general", "icu", "quarantine_room"})},
                       {"beds", Integer("physical beds")},
                       {"staffed", Integer("beds the present staff can run")},
                       {"occupied", Integer("patients in them now")},
                       {"free", Integer("staffed - occupied")}})},
      {"Facility", Object({{"id", Integer()},
                           {"name", String()},
                           {"kind", Enum({"designated_hospital", "emergency_hospital",
                                          "shelter_hospital", "quarantine_site"})},
                           {"region_code", String()},
                           {"address", String()},
                           {"beds", Array(Ref("Beds"))}})},
      {"FacilityStaff",
       Object({{"user_id", Integer()}, {"username", String()}, {"display_name", String()}})},
      {"Admission",
       Object({{"id", Integer()},
               {"resident_id", Integer()},
               {"name", String("masked")},
               {"grid_code", String("the resident's grid")},
               {"facility_id", Integer()},
               {"bed_kind", Enum({"general", "icu", "quarantine_room"})},
               {"severity", Enum({"mild", "moderate", "severe", "critical"})},
               {"case_id", Nullable(Integer("the case, when known"))},
               {"admitted_on", String("YYYY-MM-DD")},
               {"discharged_on", Nullable(String("YYYY-MM-DD; null while in a bed"))},
               {"outcome", Enum({"", "recovered", "died", "transferred", "other"})},
               {"transferred_to", Nullable(Integer("the admission at the next facility"))}})},
      {"Suggestion",
       Object({{"facility_id", Integer()},
               {"name", String()},
               {"kind", Enum({"designated_hospital", "emergency_hospital", "shelter_hospital",
                              "quarantine_site"})},
               {"region_code", String()},
               {"bed_kind", Enum({"general", "icu", "quarantine_room"})},
               {"free_beds", Integer()},
               {"tree_distance", Integer("levels up to the region holding both (0: same)")},
               {"distance_km", Nullable(Number("between region centroids, when known"))}})},
      {"Dispatch", Object({{"id", Integer()},
                           {"rank", Integer("the facility's place in the suggestions; 0: none")},
                           {"admission", Ref("Admission")}})},
      {"MedicalTeam", Object({{"id", Integer()},
                              {"name", String()},
                              {"origin", String()},
                              {"size", Integer("people")},
                              {"arrival_date", String("YYYY-MM-DD")},
                              {"facility_id", Integer()},
                              {"bed_kind", Enum({"general", "icu", "quarantine_room"})},
                              {"beds_staffed", Integer("staffed beds its arrival adds")},
                              {"arrived", Boolean()},
                              {"raised_by", Integer("staffed beds its arrival added")}})},
      {"QuarantineOrder",
       Object({{"id", Integer()},
               {"resident_id", Integer()},
               {"name", String("masked")},
               {"grid_code", String("the person's grid when ordered")},
               {"place", Enum({"home", "site"})},
               {"facility_id", Nullable(Integer("the quarantine site"))},
               {"room", String("at the site")},
               {"start_date", String("YYYY-MM-DD: the last exposure")},
               {"days", Integer()},
               {"end_date", String("YYYY-MM-DD: start + days, release due from then")},
               {"status", Enum({"active", "released", "converted"})},
               {"contact_id", Nullable(Integer())},
               {"case_id", Nullable(Integer())},
               {"ended_on", Nullable(String("YYYY-MM-DD"))},
               {"release_test_date", Nullable(String("YYYY-MM-DD: the negative test"))},
               {"release_test_lab", String()},
               {"checks", Integer("checks recorded")},
               {"missed_days", Integer("past days of the period without a check")},
               {"last_check_date", Nullable(String("YYYY-MM-DD"))}})},
      {"QuarantineChange", Object({{"old_days", Integer()},
                                   {"new_days", Integer()},
                                   {"reason", String()},
                                   {"changed_by", Integer("user id")},
                                   {"changed_at", Integer("unix seconds")}})},
      {"QuarantineCheck", Object({{"id", Integer()},
                                  {"order_id", Integer()},
                                  {"date", String("YYYY-MM-DD")},
                                  {"temperature", Nullable(Number("°C"))},
                                  {"symptoms", Boolean()},
                                  {"fever", Boolean("temperature >= 37.3 °C")},
                                  {"note", String()},
                                  {"checked_by", Integer("user id")}})},
      {"QuarantineOrderPage", PageOf("QuarantineOrder")},
      {"QuarantineChangeList", ItemsOf("QuarantineChange")},
      {"QuarantineCheckList", ItemsOf("QuarantineCheck")},
      {"FacilityPage", PageOf("Facility")},
      {"AdmissionPage", PageOf("Admission")},
      {"MedicalTeamPage", PageOf("MedicalTeam")},
      {"FacilityStaffList", ItemsOf("FacilityStaff")},
      {"SuggestionList", ItemsOf("Suggestion")},
      {"UserPage", PageOf("User")},
      {"UserRequestPage", PageOf("UserRequest")},
      {"ResidentPage", PageOf("Resident")},
      {"RegistrationConflictPage", PageOf("RegistrationConflict")},
      {"AuditPage", PageOf("AuditEntry")},
      {"CampaignPage", PageOf("Campaign")},
      {"TaskPage", PageOf("Task")},
      {"FlaggedPage", PageOf("FlaggedPerson")},
      {"RegionList", ItemsOf("Region")},
      {"StaffList", ItemsOf("StaffMember")},
      {"MoveList", ItemsOf("HouseholdMove")},
      {"ResidentList", ItemsOf("Resident")},
      {"CoverageList", ItemsOf("Coverage")},
      {"DailyStatList", ItemsOf("DailyStat")},
  };
}

}  // namespace fk::api
