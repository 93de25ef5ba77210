#include "api/endpoints/api_schemas.hpp"

#include "api/endpoints/services.hpp"
#include "api/routing/response_schema.hpp"
#include "sim/params/parameter_table.hpp"

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

std::vector<Property> DirectiveProperties() {
  return {{"id", Integer()},
          {"title", String()},
          {"text", String()},
          {"measure", Enum({"closed_management", "door_to_door_screening", "publish_notice",
                            "correction", "other"})},
          {"region_code", String()},
          {"deadline", Integer("unix seconds")},
          {"issued_at", Integer("unix seconds")},
          {"issued_by", Integer("user id")},
          {"issuer_scope", String()},
          {"units", Integer("regions that received it")}};
}

nlohmann::json Directive() { return Object(DirectiveProperties()); }

nlohmann::json DirectiveSummary() {
  auto properties = DirectiveProperties();
  properties.push_back(
      {"my_state",
       Nullable(Enum({"received", "acknowledged", "completed", "completed_late", "overdue"})),
       true});
  properties.push_back({"overdue_below", Integer("units directly below mine that are overdue")});
  return Object(properties);
}

nlohmann::json DirectiveUnit() {
  auto when = [] { return Nullable(Integer("unix seconds")); };
  return Object(
      {{"code", String()},
       {"name", String()},
       {"level", Ref("Level")},
       {"state", Enum({"received", "acknowledged", "completed", "completed_late", "overdue"})},
       {"acknowledged_at", when()},
       {"acknowledged_by", Nullable(Integer())},
       {"completed_at", when()},
       {"completed_by", Nullable(Integer())},
       {"note", String("the completion's evidence")},
       {"count", Nullable(Integer())},
       {"campaign_id", Nullable(Integer("the screening campaign it produced"))},
       {"notice_id", Nullable(Integer("the notice to residents it produced"))},
       {"escalated_to", String("overdue: the parent's code it was escalated to")}});
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

// Simulation (推演, simulation_routes.cpp): the built-in scenarios and runs.
nlohmann::json ScenarioParameter() {
  std::vector<std::string> sections;
  for (auto section : sim::ParameterSections()) sections.emplace_back(section);
  return Object({{"key", String("e.g. transmission.r0")},
                 {"section", Enum(sections)},
                 {"type", Enum({"integer", "number", "date", "number_list"})},
                 {"value", Ref("ParameterValue")},
                 {"default", Ref("ParameterValue")},
                 {"unit", String()},
                 {"description", String("English, from the parameter table")},
                 {"range", String("the bounds in words")},
                 {"min", Number(), false},
                 {"max", Number(), false},
                 {"min_exclusive", Boolean(), false},
                 {"length", Integer("entries of a number_list"), false}});
}

// The simulator's summary.json (docs/outputs.md) and the run's wall time and
// threads; null until the run has simulated a day.
nlohmann::json SimulationSummary() {
  return Nullable(Object(
      {{"scenario", Object({{"population", Integer()},
                            {"days", Integer()},
                            {"seed", Integer()},
                            {"start_date", String("YYYY-MM-DD")},
                            {"r0_target", Number()},
                            {"initial_infections", Integer()},
                            {"imports_per_day", Number()}})},
       {"agents", Integer()},
       {"days_simulated", Integer()},
       {"infections", Object({{"total", Integer()},
                              {"attack_rate", Number()},
                              {"peak_day", Integer()},
                              {"peak_date", String("YYYY-MM-DD")},
                              {"peak_new_infections_per_day", Integer()}})},
       {"infectious", Object({{"peak_day", Integer()},
                              {"peak_date", String("YYYY-MM-DD")},
                              {"peak_count", Integer()}})},
       {"deaths", Object({{"total", Integer()},
                          {"infection_fatality_ratio", Nullable(Number("null: no infection"))}})},
       {"confirmed", Object({{"total", Integer("cases confirmed by a test")},
                             {"share_of_infections", Nullable(Number("null: no infection"))},
                             {"peak_day", Integer()},
                             {"peak_date", String("YYYY-MM-DD")},
                             {"peak_new_confirmed_per_day", Integer()}})},
       {"hospital",
        Nullable(Object({{"peak_beds_used", Integer()},
                         {"peak_beds_day", Integer()},
                         {"peak_beds_date", String("YYYY-MM-DD")},
                         {"beds_capacity_at_peak", Integer()},
                         {"first_day_beds_short", Nullable(Integer("null: never short"))},
                         {"first_date_beds_short", Nullable(String("YYYY-MM-DD"))},
                         {"days_beds_short", Integer()},
                         {"peak_icu_used", Integer()},
                         {"peak_icu_day", Integer()},
                         {"peak_icu_date", String("YYYY-MM-DD")},
                         {"icu_capacity_at_peak", Integer()},
                         {"first_day_icu_short", Nullable(Integer("null: never short"))},
                         {"first_date_icu_short", Nullable(String("YYYY-MM-DD"))},
                         {"days_icu_short", Integer()},
                         {"deaths_without_care", Integer()}}))},  // null: no hospital measure
       {"supplies", Object({{"masks_run_out_day", Nullable(Integer("null: never ran out"))},
                            {"masks_run_out_date", Nullable(String("YYYY-MM-DD"))}})},
       {"by_age",
        Object({{"infections", MapOf(Integer(), "10-year band (0-9, ..., 80+) -> count")},
                {"deaths", MapOf(Integer(), "10-year band -> count")},
                {"infection_fatality_ratio",
                 MapOf(Nullable(Number()), "10-year band -> ratio (null: none infected)")}})},
       {"transmission",
        Object({{"empirical_r0", Number()},
                {"empirical_r0_ci95", Array(Number("[low, high] along the seeds' lineage"))},
                {"r0_cases", Integer()},
                {"r0_incomplete_cases", Integer("still infectious when the run ended")},
                {"mean_generation_interval_days", Number()},
                {"transmission_scale", Number()}})},
       {"calibration", Object({{"seed", Integer()},
                               {"analytic_scale", Number()},
                               {"scale", Number()},
                               {"pilots", Array(Object({{"r", Number()}, {"cases", Integer()}}))},
                               {"last_pilot_error", Number()},
                               {"converged", Boolean()}})},
       {"wall_seconds", Number()},
       {"threads", Integer()}}));
}

// Daily columns, one entry a simulated day.
nlohmann::json SimulationCurve() {
  std::vector<Property> properties = {{"start_date", String("YYYY-MM-DD")}};
  for (const char* column : {"day", "susceptible", "exposed", "infectious", "severe", "critical",
                             "recovered", "dead", "new_infections", "cumulative_infections"})
    properties.push_back({column, Array(Integer())});
  return Object(properties);
}

nlohmann::json SimulationRun() {
  return Object(
      {{"id", Integer()},
       {"scenario", String()},
       {"parameters",
        Object(
            {{"overrides", MapOf(Ref("ParameterValue"), "the parameters changed: key -> value")},
             {"values", MapOf(Ref("ParameterValue"), "every parameter of the run (not in lists)"),
              false}})},
       {"agents", Integer()},
       {"days", Integer()},
       {"status", Enum({"queued", "running", "done", "failed", "cancelled"})},
       {"progress", Number("0..1: days simulated / days")},
       {"created_at", Integer("unix seconds")},
       {"started_at", Nullable(Integer("unix seconds"))},
       {"finished_at", Nullable(Integer("unix seconds"))},
       {"error", Nullable(String("why it failed"))},
       {"summary", SimulationSummary()},
       {"curve", Ref("SimulationCurve"), false}});
}

// The forecast's pieces (forecast/live/forecast_output.hpp).
nlohmann::json Band(std::string_view what) {
  return Object({{"p05", Number(std::string(what) + ", 5th percentile of the members")},
                 {"median", Number()},
                 {"p95", Number("95th percentile")}});
}

nlohmann::json FirstDayOver() {
  auto day = [] { return Nullable(Integer("index into dates; null: never over")); };
  return Object({{"p05", day()}, {"median", day()}, {"p95", day()}});
}

nlohmann::json RunOutDay(const std::string& which) {
  return Nullable(Integer(which + " run-out day, index into dates; null: lasts the horizon"));
}

nlohmann::json WhatIfActions() {
  return Array(Object({{"kind", Enum({"closed_management", "screening"})},
                       {"grids", Array(String("grid code"))},
                       {"start", Integer("first projected day (index into dates)")},
                       {"days", Integer("days in force")}}));
}

std::vector<Property> ForecastInputProperties() {
  return {
      {"cutoff", String("YYYY-MM-DD: the data stand at this day")},
      {"first_day", String("YYYY-MM-DD: the first projected day")},
      {"city", Object({{"residents", Integer()},
                       {"households", Integer()},
                       {"split_households", Integer("households spread over several grids")}})},
      {"live_state", Object({{"open_cases", Integer("seeded")},
                             {"isolated_cases", Integer("of them, admitted or in quarantine")},
                             {"quarantined", Integer("people under an active quarantine order")},
                             {"admitted", Integer("open admissions")},
                             {"cases_ever", Integer()}})},
      {"undetected",
       Object({{"growth_rate", Number("per day")},
               {"infections_per_day", Number("all infections on the cutoff day, estimated")},
               {"total", Number("undetected infections seeded (expected)")},
               {"classes", Array(Object({{"age_days", Integer()},
                                         {"state", String("the simulator's state")},
                                         {"expected", Number()}}))}})},
      {"fit",
       Object(
           {{"rt",
             Object(
                 {{"mean", Number()}, {"lower", Number()}, {"upper", Number()}, {"cv", Number()}})},
            {"symptomatic_share", Number()},
            {"confirmed_share_of_symptomatic", Number()},
            {"susceptible_share", Number()},
            {"simulator_r", Number("the simulator's R with the growth Rt implies (its own "
                                   "generation interval)")},
            {"r0", Number()},
            {"transmission_scale", Number()},
            {"calibration_converged", Boolean()},
            {"reporting_delay_mean_days", Number()},
            {"reporting_dispersion",
             Number("1/k of the reports' negative binomial scatter, 0: Poisson")},
            {"simulated_rt", Band("R of the first week's infections")}})}};
}

nlohmann::json ForecastRegion() {
  return Object(
      {{"code", String()},
       {"name", String()},
       {"level", Ref("Level")},
       {"residents", Integer()},
       {"open_cases", Integer()},
       {"recent_cases", Number("cases in the last Rt window (nowcast)")},
       {"total_new_cases", Band("new confirmed cases over the horizon")},
       {"new_cases", Array(Band("new confirmed cases that day"))},
       {"beds", Array(Band("hospital beds needed (severe and critical)"))},
       {"icu", Array(Band("ICU beds needed (critical)"))},
       {"note", String("Chinese / English: thin data; empty otherwise")},
       {"capacity", Object({{"hospitals", Integer("designated and emergency hospitals")},
                            {"beds", Integer("staffed general and ICU beds")},
                            {"icu", Integer("staffed ICU beds")},
                            {"beds_first_day_over", FirstDayOver()},
                            {"icu_first_day_over", FirstDayOver()}})},
       {"supplies",
        Array(Object({{"item", String("supply item code")},
                      {"stock", Integer("held in the region's depots now")},
                      {"hospital_daily_use", Number("a day at hospital depots, last 7 days")},
                      {"other_daily_use", Number("a day at other depots, last 7 days")},
                      {"run_out_day", Object({{"p05", RunOutDay("earliest (5 %)")},
                                              {"median", RunOutDay("median")},
                                              {"p95", RunOutDay("latest (95 %)")}})}}))},
       {"rt", Object({{"mean", Number()}, {"lower", Number()}, {"upper", Number()}}), false}});
}

nlohmann::json ForecastResult() {
  std::vector<Property> p = ForecastInputProperties();
  p.push_back({"dates", Array(String("YYYY-MM-DD"))});
  p.push_back({"days", Integer()});
  p.push_back({"runs", Integer()});
  p.push_back({"seed", Integer()});
  p.push_back({"actions", WhatIfActions(), false});  // absent in forecasts made before what-if
  p.push_back({"regions", Array(Ref("ForecastRegion"))});
  return Object(std::move(p));
}

nlohmann::json ForecastInputs() {
  std::vector<Property> p = ForecastInputProperties();
  p.push_back({"options",
               Object({{"region", String()},
                       {"days", Integer()},
                       {"runs", Integer()},
                       {"seed", Integer()},
                       {"actions", WhatIfActions(), false},
                       {"ascertained", Number("share of infections confirmed (assumed)")},
                       {"incubation_days", Number()},
                       {"infection_days", Integer("infections of this many days are seeded")}})});
  return Object(std::move(p));
}

nlohmann::json Forecast() {
  return Object({{"id", Integer()},
                 {"username", String("who asked")},
                 {"region_code", String()},
                 {"region_name", String()},
                 {"days", Integer()},
                 {"runs", Integer()},
                 {"seed", Integer()},
                 {"status", Enum({"queued", "running", "done", "failed", "cancelled"})},
                 {"progress", Number("0..1: ensemble members run / runs")},
                 {"code_version", String("the server's version and commit")},
                 {"created_at", Integer("unix seconds")},
                 {"started_at", Nullable(Integer("unix seconds"))},
                 {"finished_at", Nullable(Integer("unix seconds"))},
                 {"error", Nullable(String("why it failed: no cases, too few days of cases..."))},
                 {"cutoff", Nullable(String("YYYY-MM-DD the data stood at"))},
                 {"open_cases", Nullable(Integer())},
                 {"quarantined", Nullable(Integer())},
                 {"seeded_undetected", Nullable(Number())},
                 {"fitted_rt", Nullable(Number())},
                 {"inputs", Ref("ForecastInputs"), false},
                 {"result", Ref("ForecastResult"), false}});
}

std::vector<Property> CaseProperties() {
  auto date = [](std::string_view what) { return Nullable(String(what)); };
  return {{"id", Integer()},
          {"resident_id", Integer()},
          {"grid_code", String("where the person lived when it was reported")},
          {"name", String("masked unless ?unmasked=true and allowed")},
          {"id_number", String("masked unless allowed")},
          {"birth_date", String("masked unless allowed")},
          {"sex", Enum({"male", "female"})},
          {"status",
           Enum({"suspected", "confirmed", "clinically_diagnosed", "asymptomatic", "excluded"})},
          {"severity", Nullable(Enum({"mild", "moderate", "severe", "critical"}))},
          {"onset_date", date("YYYY-MM-DD, symptom onset")},
          {"report_date", String("YYYY-MM-DD")},
          {"suspected_date", date("the day it became suspected")},
          {"suspected_end", date("the day it stopped being suspected")},
          {"confirmation_date", date("the day it was confirmed or clinically diagnosed")},
          {"asymptomatic_date", date("the day it was reported as an asymptomatic infection")},
          {"excluded_date", date("the day it was excluded")},
          {"basis", Nullable(Enum({"lab_test", "clinical"}, "what confirmed it"))},
          {"confirming_test_id", Nullable(Integer("the positive test that confirmed it"))},
          {"outcome", Nullable(Enum({"recovered", "died"}))},
          {"outcome_date", date("YYYY-MM-DD")},
          {"facility_id", Nullable(Integer("where the person is treated or isolated"))},
          {"created_at", Integer("unix seconds")},
          {"updated_at", Integer("unix seconds")}};
}

nlohmann::json LabTest() {
  return Object({{"id", Integer()},
                 {"resident_id", Integer()},
                 {"kind", Enum({"nucleic_acid", "antibody"})},
                 {"sample_date", String("YYYY-MM-DD")},
                 {"result", Enum({"positive", "negative", "inconclusive"})},
                 {"lab", String()},
                 {"recorded_by", Integer("user id")},
                 {"recorded_at", Integer("unix seconds")}});
}

nlohmann::json Contact() {
  return Object(
      {{"id", Integer()},
       {"case_id", Integer()},
       {"degree", Integer("1: close contact (密接), 2: contact of a contact (次密接)")},
       {"via_contact_id", Nullable(Integer("degree 2: the close contact they met"))},
       {"setting", Enum({"household", "workplace", "school", "healthcare", "transport",
                         "public_place", "other"})},
       {"last_exposure_date", String("YYYY-MM-DD")},
       {"visit_id", Nullable(Integer("the case's visit where they met"))},
       {"handed_over", Boolean("followed up by the area where the person lives")},
       {"visible", Boolean("false: handed over outside my scope; the fields below are empty")},
       {"resident_id", Nullable(Integer("null while the person is registered nowhere"))},
       {"region",
        String("the area that follows the person up: their grid once identified, else the area "
               "they were listed in or handed on to")},
       {"grid_code", String("the person's grid; empty while unidentified")},
       {"name", String("masked")},
       {"id_number", String("masked")},
       {"listed_at", Integer("unix seconds")},
       {"reached_at", Nullable(Integer("unix seconds"))},
       {"last_followup_date", Nullable(String("YYYY-MM-DD"))},
       {"lost", Boolean("lost to follow-up")}});
}

nlohmann::json CaseDetail() {
  auto properties = CaseProperties();
  properties.push_back(
      {"events", Array(Object({{"at", Integer("unix seconds")},
                               {"user_id", Integer()},
                               {"kind", Enum({"reported", "status", "severity", "outcome"})},
                               {"from", String("empty when there was none")},
                               {"to", String()},
                               {"date", String("YYYY-MM-DD, the day it took effect")},
                               {"note", String()}}))});
  properties.push_back({"tests", Array(Ref("LabTest"))});
  return Object(properties);
}

nlohmann::json CaseCounts() {
  std::vector<Property> properties{{"region_code", String()}, {"date", String("YYYY-MM-DD")}};
  for (const char* name :
       {"new_confirmed", "cumulative_confirmed", "new_suspected", "cumulative_suspected",
        "current_suspected", "new_asymptomatic", "cumulative_asymptomatic", "new_deaths",
        "cumulative_deaths", "new_recovered", "cumulative_recovered"})
    properties.push_back({name, Integer()});
  return Object(properties);
}

std::vector<std::string> SupplyItemCodes() {
  std::vector<std::string> codes;
  for (const auto& item : ops::SupplyItems()) codes.emplace_back(item.code);
  return codes;
}

nlohmann::json DaysLeftFigure() {
  return Object({{"item", Enum(SupplyItemCodes())},
                 {"quantity", Integer()},
                 {"daily_use", Number("average over the last use_window_days")},
                 {"days_left", Nullable(Number("quantity / daily_use; null without recent use"))},
                 {"status", Enum({"ok", "warning", "out"})}});
}

nlohmann::json Allocation() {
  return Object(
      {{"id", Nullable(Integer("null for a dry run"))},
       {"rule", Object({{"item", Enum(SupplyItemCodes())},
                        {"from_depot_id", Integer()},
                        {"region_code", String("the targets: depots in this subtree")},
                        {"quantity", Integer()},
                        {"hospital_days", Integer()},
                        {"per_household", Integer()}})},
       {"shares", Array(Object({{"depot_id", Integer()},
                                {"name", String()},
                                {"kind", Enum({"hospital", "community"})},
                                {"households", Integer("registered under the depot's region")},
                                {"need", Integer()},
                                {"quantity", Integer("allocated")}}))},
       {"allocated", Integer()},
       {"created_at", Integer("unix seconds")},
       {"created_by", Integer("user id")}});
}

nlohmann::json SupervisionSchemas() {
  auto revisit = [] {
    return std::vector<Property>{
        {"id", Integer()},
        {"team_id", Integer()},
        {"campaign_id", Integer()},
        {"task_id", Integer("the screening task of the household")},
        {"grid_code", String()},
        {"revisitor", Nullable(Integer("user id; null: every member visited it first"))},
        {"done", Boolean("recorded")},
        {"disagreements", Integer("people whose re-visit differs from the first visit")}};
  };
  auto task = revisit();
  for (const char* part : {"building", "unit", "room"}) task.push_back({part, String()});
  task.push_back({"household_id", Integer()});
  auto door = task;
  door.push_back({"residents", Array(Object({{"id", Integer()}, {"name", String("masked")}}))});
  auto score = [] {
    return Object({{"key", String("user id (per worker) or grid code (per grid)")},
                   {"name", String("the worker's display name when their account is in my "
                                   "scope, else empty; empty per grid")},
                   {"revisited", Integer("households re-visited")},
                   {"disagreeing", Integer("of them, with a disagreement")},
                   {"score_per_mille", Integer("1000 x (1 - disagreeing / revisited)")}});
  };
  return {
      {"SupervisionTeam",
       Object({{"id", Integer()},
               {"name", String()},
               {"region_code", String()},
               {"members", Array(Object({{"id", Integer()}, {"username", String()}}))}})},
      {"SupervisionTeamPage", PageOf("SupervisionTeam")},
      {"Revisit", Object(revisit())},
      {"RevisitPage", PageOf("Revisit")},
      {"RevisitTask", Object(task)},
      {"RevisitTaskPage", PageOf("RevisitTask")},
      {"RevisitHousehold", Object(door)},
      {"RevisitRound", ItemsOf("Revisit")},
      {"QualityReport",
       Object({{"by_worker", Array(score())},
               {"by_grid", Array(score())},
               {"corrections",
                Nullable(Object({{"issued_at", Integer("unix seconds")},
                                 {"issued_by", Integer("user id")},
                                 {"directives", Integer("correction directives issued")}})),
                true}})},
      {"DirectiveList", ItemsOf("Directive")},
  };
}

nlohmann::json SupplySchemas() {
  const auto depot_kind = Enum({"warehouse", "hospital", "community"});
  return {
      {"SupplyItem", Object({{"code", Enum(SupplyItemCodes())},
                             {"name_zh", String()},
                             {"name_en", String()},
                             {"unit", Enum({"piece", "set", "pair", "litre", "test"})}})},
      {"Depot", Object({{"id", Integer()},
                        {"name", String()},
                        {"kind", depot_kind},
                        {"region_code", String()},
                        {"stock", Array(Object({{"item", Enum(SupplyItemCodes())},
                                                {"quantity", Integer()}}))}})},
      {"Movement", Object({{"id", Integer()},
                           {"kind", Enum({"production", "donation", "receipt", "transfer",
                                          "allocation", "consumption"})},
                           {"item", Enum(SupplyItemCodes())},
                           {"from_depot_id", Nullable(Integer())},
                           {"to_depot_id", Nullable(Integer())},
                           {"quantity", Integer()},
                           {"at", Integer("unix seconds")},
                           {"by_user", Integer("user id")},
                           {"allocation_id", Nullable(Integer())},
                           {"note", String()}})},
      {"Allocation", Allocation()},
      {"DaysLeftReport",
       Object({{"region_code", String()},
               {"warn_days", Integer()},
               {"use_window_days", Integer()},
               {"warnings", Integer("depot lines with status warning or out")},
               {"regions", Array(Object({{"code", String("the region, then its children")},
                                         {"items", Array(DaysLeftFigure())}}))},
               {"depots", Array(Object({{"depot_id", Integer()},
                                        {"name", String()},
                                        {"kind", depot_kind},
                                        {"region_code", String()},
                                        {"items", Array(DaysLeftFigure())}}))}})},
      {"SupplyItemList", ItemsOf("SupplyItem")},
      {"DepotPage", PageOf("Depot")},
      {"MovementPage", PageOf("Movement")},
      {"AllocationPage", PageOf("Allocation")},
  };
}

// The schemas of regions, registry, users, audit and screening.
nlohmann::json CoreSchemas() {
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
      {"ParameterValue",
       AnyOf({Number(), String("a date, YYYY-MM-DD"), Array(Number())},
             "a number, a date or a list of numbers, as the parameter's type says")},
      {"ScenarioParameter", ScenarioParameter()},
      {"Scenario", Object({{"name", String("the file's stem")},
                           {"description", String()},
                           {"parameters", Array(Ref("ScenarioParameter"))}})},
      {"Scenarios",
       Object({{"items", Array(Ref("Scenario"))},
               {"limits", Object({{"max_agent_days", Integer("agents x days")},
                                  {"max_running", Integer("runs at once")},
                                  {"threads", Integer("simulator threads a run")}})}})},
      {"SimulationCurve", SimulationCurve()},
      {"SimulationRun", SimulationRun()},
      {"SimulationRunPage", PageOf("SimulationRun")},
      {"ForecastRegion", ForecastRegion()},
      {"ForecastResult", ForecastResult()},
      {"ForecastInputs", ForecastInputs()},
      {"Forecast", Forecast()},
      {"ForecastPage", PageOf("Forecast")},
      {"ForecastScores",
       Object({{"items",
                Array(Object(
                    {{"forecast_id", Integer()},
                     {"region_code", String()},
                     {"region_name", String()},
                     {"cutoff", String("YYYY-MM-DD the forecast's data stood at")},
                     {"what_if", Boolean("a what-if: its actions may not have been taken")},
                     {"days_total", Integer("days projected")},
                     {"days_scored", Integer("projected days that have passed")},
                     {"coverage", Number("share of scored days whose reported cases lie in the "
                                         "5-95 % band")},
                     {"interval_score", Number("mean interval score (alpha 0.1); lower is "
                                               "better")},
                     {"days", Array(Object({{"date", String()},
                                            {"reported", Integer("cases reported that day")},
                                            {"median", Number()},
                                            {"p05", Number()},
                                            {"p95", Number()},
                                            {"covered", Boolean()}}))}}))}})},
      {"GridRisk",
       Object({{"code", String("grid code")},
               {"name", String()},
               {"community", String("the grid's community's name")},
               {"cases_7d", Integer("the grid's cases reported in the last 7 days")},
               {"cases_8_14d", Integer("... in the 7 days before")},
               {"contacts", Integer("close contacts living here under follow-up")},
               {"breaches", Integer("checkpoint alerts of the last 14 days")},
               {"neighbour_cases", Integer("cases of the last 14 days in neighbouring grids")},
               {"score", Number("3 x cases_7d + cases_8_14d + 0.5 x contacts + 2 x breaches "
                                "+ 0.25 x neighbour_cases")},
               {"measure", Enum({"closed_management", "door_to_door_screening"})}})},
      {"GridRiskRanking", Object({{"region", String()},
                                  {"day", String("YYYY-MM-DD the data stand at")},
                                  {"grids", Integer("grids in the region")},
                                  {"at_risk", Integer("grids with a score above 0")},
                                  {"items", Array(Ref("GridRisk"))}})},
      {"Case", Object(CaseProperties())},
      {"CaseDetail", CaseDetail()},
      {"LabTest", LabTest()},
      {"Contact", Contact()},
      {"CaseCounts", CaseCounts()},
      {"Directive", Directive()},
      {"DirectiveSummary", DirectiveSummary()},
      {"DirectiveUnit", DirectiveUnit()},
      {"DirectiveView",
       Object({{"directive", Ref("Directive")},
               {"root", String("the top of what I see: the region, or my scope inside it")},
               {"levels", Array(Object({{"level", Ref("Level")},
                                        {"units", Integer()},
                                        {"acknowledged", Integer()},
                                        {"completed", Integer("at or before the deadline")},
                                        {"completed_late", Integer()},
                                        {"overdue", Integer("open at the deadline: escalated")}}))},
               {"mine", Nullable(DirectiveUnit())}})},
      {"DirectivePage", PageOf("DirectiveSummary")},
      {"DirectiveUnitPage",
       Object({{"items", Array(Ref("DirectiveUnit"))},
               {"next_after", Nullable(String("pass as ?after= for the next page"))}})},
      {"ReportDraft",
       Object({{"screened", Integer("people screened that day")},
               {"flagged", Integer("of them, people with findings")},
               {"quarantined", Integer("people of the grid under a quarantine order that day")},
               {"supplies", Array(Object({{"depot_id", Integer()},
                                          {"depot_name", String()},
                                          {"region_code", String("the grid or its community")},
                                          {"item", String("a supply item code")},
                                          {"quantity", Integer()},
                                          {"days_left", Nullable(Number("at the last week's use"))},
                                          {"status", Enum({"warning", "out"})}}))}})},
      {"DailyReport", Object({{"day", String("YYYY-MM-DD (UTC)")},
                              {"grid_code", String()},
                              {"screened", Integer()},
                              {"flagged", Integer()},
                              {"quarantined", Integer()},
                              {"problems", String()},
                              {"needs", String()},
                              {"submitted_at", Integer("unix seconds")},
                              {"submitted_by", Integer("user id")}})},
      {"ReportRollup",
       Object({{"code", String()},
               {"level", Ref("Level")},
               {"grids", Integer()},
               {"submitted", Integer()},
               {"missing", Integer("not submitted by the set hour (0 before it)")},
               {"screened", Integer()},
               {"flagged", Integer()},
               {"quarantined", Integer("people in quarantine, as reported")},
               {"supply_depots", Integer("depots in the region, now")},
               {"supply_short", Integer("their items short now (warning or out)")}})},
      {"DailyRollup", Object({{"day", String()},
                              {"past_missing_hour",
                               Boolean("the hour from which a grid without report is missing")},
                              {"total", Ref("ReportRollup")},
                              {"children", Array(Ref("ReportRollup"))}})},
      {"DailyReportPage",
       Object({{"items", Array(Ref("DailyReport"))},
               {"next_after", Nullable(String("pass as ?after= for the next page"))}})},
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
      {"CasePage", PageOf("Case")},
      {"LabTestList", ItemsOf("LabTest")},
      {"ContactList", ItemsOf("Contact")},
      {"ContactPage", PageOf("Contact")},
      {"CaseVisit", Object({{"id", Integer()},
                            {"case_id", Integer()},
                            {"place", String("as the case told it")},
                            {"setting", Enum({"household", "workplace", "school", "healthcare",
                                              "transport", "public_place", "other"})},
                            {"date", String("YYYY-MM-DD")},
                            {"from_time", String("HH:MM or empty")},
                            {"to_time", String("HH:MM or empty")},
                            {"note", String()},
                            {"recorded_by", Integer("user id")},
                            {"recorded_at", Integer("unix seconds")}})},
      {"CaseVisitList", ItemsOf("CaseVisit")},
      {"TransmissionChain",
       Object({{"nodes", Array(Object({{"case_id", Integer()},
                                       {"status", String("classification; empty when hidden")},
                                       {"report_date", String("YYYY-MM-DD; empty when hidden")},
                                       {"visible", Boolean("false: outside my scope")}}))},
               {"edges", Array(Object({{"from_case", Integer("the case whose contact...")},
                                       {"to_case", Integer("...became this case")},
                                       {"setting", String()},
                                       {"last_exposure_date", String("YYYY-MM-DD")}}))},
               {"source_case", Nullable(Integer("the case no edge reaches, when there is one"))}})},
      {"TracingFigures",
       Object({{"region_code", String()},
               {"date", String("YYYY-MM-DD")},
               {"new_cases", Integer("confirmed or asymptomatic that day")},
               {"new_cases_from_contacts", Integer("of whom on a contact list before")},
               {"contacts_listed", Integer("contacts listed that day")},
               {"reached_within_24h", Integer("of whom reached within 24 h of listing")},
               {"under_follow_up", Integer("within 14 days of last exposure, not lost")},
               {"followed_up_today", Integer("of whom followed up that day")},
               {"lost", Integer("lost to follow-up, within 14 days")}})},
      {"CaseCountsList", ItemsOf("CaseCounts")},
  };
}

nlohmann::json NoticeSchemas() {
  auto notice = [](bool staff) {
    std::vector<Property> p = {{"id", Integer()},
                               {"region_code", String("who it is for: this subtree")},
                               {"title", String("plain text: show as text, never as markup")},
                               {"body", String("plain text with line breaks")},
                               {"pinned", Boolean()},
                               {"published_at", Integer("unix seconds")},
                               {"expires_at", Integer("unix seconds")}};
    if (staff) {
      p.push_back({"published_by", Integer("user id")});
      p.push_back({"withdrawn_at", Nullable(Integer("unix seconds"))});
    }
    return Object(p);
  };
  return {
      {"Notice", notice(true)},
      {"PublicNotice", notice(false)},
      {"NoticePage", PageOf("Notice")},
      {"CommunityNotices", Object({{"community_code", String()},
                                   {"community_name", String()},
                                   {"notices", Array(Ref("PublicNotice"))}})},
      {"DeclarationReceipt", Object({{"reference", String("to quote when calling")},
                                     {"received_at", Integer("unix seconds")}})},
      {"Declaration",
       Object({{"id", Integer()},
               {"reference", String()},
               {"kind", Enum({"return", "fever", "symptoms", "need", "concern"})},
               {"community_code", String()},
               {"grid_code", Nullable(String("null: no registered household at the address"))},
               {"building", String()},
               {"unit", String()},
               {"room", String()},
               {"name", String("as given; masked without see_unmasked")},
               {"phone", String("as given; masked without see_unmasked")},
               {"from_area", String()},
               {"detail", String()},
               {"created_at", Integer("unix seconds")},
               {"status", Enum({"open", "closed"})},
               {"closed_at", Nullable(Integer("unix seconds"))},
               {"closed_by", Nullable(Integer("user id"))},
               {"outcome", String()},
               {"minutes_to_close", Nullable(Integer())}})},
      {"DeclarationPage", PageOf("Declaration")},
  };
}

nlohmann::json CheckpointSchemas() {
  return {
      {"Checkpoint",
       Object(
           {{"id", Integer()},
            {"name", String()},
            {"kind", Enum({"gate", "traffic"})},
            {"region_code", String()},
            {"region_name", String("shown to all who may use the checkpoint, also a grid "
                                   "worker below the region (region names are not personal data)")},
            {"created_at", Integer("unix seconds")}})},
      {"CheckpointPage", PageOf("Checkpoint")},
      {"PassageReceipt", Object({{"id", Integer()},
                                 {"at", Integer("unix seconds")},
                                 {"alert", Nullable(Enum({"quarantine", "isolation"}))}})},
      {"Passage", Object({{"id", Integer()},
                          {"checkpoint_id", Integer()},
                          {"at", Integer("unix seconds")},
                          {"direction", Enum({"in", "out"})},
                          {"subject", Enum({"person", "vehicle"})},
                          {"id_number", String("masked without see_unmasked; empty for a vehicle")},
                          {"plate", String("empty for a person")},
                          {"resident_id", Nullable(Integer("the registered person"))},
                          {"temperature", Nullable(Number("°C"))},
                          {"result", Enum({"pass", "refused", "held"})},
                          {"health_code", Enum({"green", "yellow", "red", "none"})},
                          {"recorded_by", Integer("user id")}})},
      {"PassagePage", PageOf("Passage")},
      {"CheckpointAlert", Object({{"id", Integer()},
                                  {"passage_id", Integer()},
                                  {"checkpoint_id", Integer()},
                                  {"checkpoint_region", String()},
                                  {"resident_id", Integer()},
                                  {"grid_code", String("the resident's grid")},
                                  {"kind", Enum({"quarantine", "isolation"})},
                                  {"at", Integer("unix seconds")},
                                  {"acknowledged_at", Nullable(Integer("unix seconds"))},
                                  {"acknowledged_by", Nullable(Integer("user id"))}})},
      {"CheckpointAlertPage", PageOf("CheckpointAlert")},
  };
}

nlohmann::json VolunteerSchemas() {
  return {
      {"Volunteer",
       Object({{"id", Integer()},
               {"resident_id", Integer()},
               {"name", String("the resident's; masked without see_unmasked")},
               {"phone", String("the resident's; masked without see_unmasked")},
               {"grid_code", String("where the resident lives")},
               {"pledge", String("请战书: plain text with line breaks")},
               {"skills", String()},
               {"availability", String()},
               {"party_member", Boolean()},
               {"team_id", Nullable(Integer())},
               {"team_name", Nullable(String("the team's, also of a team above my scope"))},
               {"created_at", Integer("unix seconds")},
               {"minutes_worked", Integer("on shifts, up to now")},
               {"minutes_last_24h", Integer("on shifts, in the 24 hours up to now")}})},
      {"VolunteerPage", PageOf("Volunteer")},
      {"VolunteerTeam", Object({{"id", Integer()},
                                {"name", String()},
                                {"kind", Enum({"commando", "vanguard"})},
                                {"region_code", String()},
                                {"leader_id", Nullable(Integer("a volunteer"))},
                                {"leader_name", String("masked without see_unmasked")},
                                {"members", Integer()},
                                {"created_at", Integer("unix seconds")}})},
      {"VolunteerTeamPage", PageOf("VolunteerTeam")},
      {"DutyPost", Object({{"id", Integer()},
                           {"name", String()},
                           {"kind", Enum({"grid", "checkpoint", "hospital"})},
                           {"title", Enum({"pioneer", "responsibility"})},
                           {"region_code", String("the grid, or the checkpoint's or facility's")},
                           {"checkpoint_id", Nullable(Integer())},
                           {"facility_id", Nullable(Integer())},
                           {"on_duty", Integer("volunteers on shift there now")},
                           {"created_at", Integer("unix seconds")}})},
      {"DutyPostPage", PageOf("DutyPost")},
      {"DutyShift", Object({{"id", Integer()},
                            {"post_id", Integer()},
                            {"post_name", String()},
                            {"post_kind", Enum({"grid", "checkpoint", "hospital"})},
                            {"post_title", Enum({"pioneer", "responsibility"})},
                            {"region_code", String("the post's")},
                            {"volunteer_id", Integer()},
                            {"volunteer_name", String("masked without see_unmasked")},
                            {"volunteer_phone", String("masked without see_unmasked")},
                            {"party_member", Boolean()},
                            {"starts_at", Integer("unix seconds")},
                            {"ends_at", Integer("unix seconds")}})},
      {"DutyShiftPage", PageOf("DutyShift")},
      {"DutyShiftList", ItemsOf("DutyShift")},
  };
}

}  // namespace

nlohmann::json ApiSchemas() {
  nlohmann::json all = CoreSchemas();
  all.update(SupplySchemas());
  all.update(NoticeSchemas());
  all.update(CheckpointSchemas());
  all.update(VolunteerSchemas());
  all.update(SupervisionSchemas());
  return all;
}

}  // namespace fk::api
