// Cases and laboratory tests (ops/cases): report a case (of a registered
// resident, or one registered on the spot), list and read cases, change a
// case's classification, severity and outcome along the rules of
// ops/cases/case_rules.hpp, record and read a person's tests, and the daily
// counts of a region as a health authority reports them.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/cases/case_counts.hpp"

namespace fk::api {
namespace {

template <typename E>
nlohmann::json NameOrNull(const std::optional<E>& v) {
  return v ? nlohmann::json(std::string(ops::Name(*v))) : nlohmann::json();
}

nlohmann::json CaseJson(const ops::CaseRecord& c) {
  return {{"id", c.id},
          {"resident_id", c.resident_id},
          {"grid_code", c.grid_code},
          {"name", c.name},
          {"id_number", c.id_number},
          {"birth_date", c.birth_date},
          {"sex", std::string(ops::SexName(c.sex))},
          {"status", std::string(ops::Name(c.status))},
          {"severity", NameOrNull(c.severity)},
          {"onset_date", OrNull(c.onset_date)},
          {"report_date", c.report_date},
          {"suspected_date", OrNull(c.suspected_date)},
          {"suspected_end", OrNull(c.suspected_end)},
          {"confirmation_date", OrNull(c.confirmation_date)},
          {"asymptomatic_date", OrNull(c.asymptomatic_date)},
          {"excluded_date", OrNull(c.excluded_date)},
          {"basis", NameOrNull(c.basis)},
          {"confirming_test_id", OrNull(c.confirming_test_id)},
          {"outcome", NameOrNull(c.outcome)},
          {"outcome_date", OrNull(c.outcome_date)},
          {"facility_id", OrNull(c.facility_id)},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

nlohmann::json LabTestJson(const ops::LabTest& t) {
  return {{"id", t.id},
          {"resident_id", t.resident_id},
          {"kind", std::string(ops::Name(t.kind))},
          {"sample_date", t.sample_date},
          {"result", std::string(ops::Name(t.result))},
          {"lab", t.lab},
          {"recorded_by", t.recorded_by},
          {"recorded_at", t.recorded_at}};
}

nlohmann::json CaseDetailJson(const ops::CaseDetail& d) {
  nlohmann::json out = CaseJson(d.record);
  out["events"] = ItemsJson(d.events, [](const ops::CaseEvent& e) -> nlohmann::json {
    return {{"at", e.at}, {"user_id", e.user_id}, {"kind", e.kind}, {"from", e.from},
            {"to", e.to}, {"date", e.date},       {"note", e.note}};
  })["items"];
  out["tests"] = ItemsJson(d.tests, LabTestJson)["items"];
  return out;
}

nlohmann::json CasePageJson(const ops::Page<ops::CaseRecord>& page) {
  nlohmann::json out = ItemsJson(page.items, CaseJson);
  out["next_cursor"] = OrNull(page.next_cursor);
  return out;
}

nlohmann::json CountsJson(const std::vector<ops::CaseCounts>& rows) {
  return ItemsJson(rows, [](const ops::CaseCounts& c) -> nlohmann::json {
    return {{"region_code", c.region_code},
            {"date", c.date},
            {"new_confirmed", c.new_confirmed},
            {"cumulative_confirmed", c.cumulative_confirmed},
            {"new_suspected", c.new_suspected},
            {"cumulative_suspected", c.cumulative_suspected},
            {"current_suspected", c.current_suspected},
            {"new_asymptomatic", c.new_asymptomatic},
            {"cumulative_asymptomatic", c.cumulative_asymptomatic},
            {"new_deaths", c.new_deaths},
            {"cumulative_deaths", c.cumulative_deaths},
            {"new_recovered", c.new_recovered},
            {"cumulative_recovered", c.cumulative_recovered}};
  });
}

const std::vector<std::string> kStatuses{"suspected", "confirmed", "clinically_diagnosed",
                                         "asymptomatic", "excluded"};
const std::vector<std::string> kSeverities{"mild", "moderate", "severe", "critical"};

FieldSpec DateField(std::string name, bool required, std::string description) {
  return {std::move(name), FieldType::kString, required, {}, 10, "YYYY-MM-DD; " + description};
}

const FieldSpec kNote{"note", FieldType::kString, false, {}, 2000, "kept in the case's history"};

BodySchema NewCaseSchema() {
  return {{{"resident_id", FieldType::kInteger, false, {}, 0, "a registered resident, or:"},
           {"household_id",
            FieldType::kInteger,
            false,
            {},
            0,
            "register the person on the spot in this household (with the resident fields)"},
           {"name", FieldType::kString, false, {}, 100, "with household_id"},
           {"sex", FieldType::kString, false, {"male", "female"}, 6, "with household_id"},
           {"birth_date", FieldType::kString, false, {}, 10, "with household_id"},
           {"id_number", FieldType::kString, false, {}, 18, "with household_id; GB 11643"},
           {"phone", FieldType::kString, false, {}, 20, "with household_id"},
           {"status",
            FieldType::kString,
            true,
            {"suspected", "confirmed", "clinically_diagnosed", "asymptomatic"},
            30,
            ""},
           {"severity", FieldType::kString, false, kSeverities, 10, "not for asymptomatic"},
           DateField("onset_date", false, "symptom onset, not for asymptomatic"),
           DateField("report_date", true, "not after today"),
           {"test_id",
            FieldType::kInteger,
            false,
            {},
            0,
            "the person's positive test: required for confirmed and asymptomatic"},
           kNote}};
}

ops::NewCase NewCaseFromJson(const nlohmann::json& b) {
  ops::NewCase n;
  n.resident_id = b.value("resident_id", std::int64_t{0});
  n.household_id = b.value("household_id", std::int64_t{0});
  if (b.contains("household_id")) n.person = ResidentFromJson(b);
  n.status = *ops::ParseCaseStatus(b["status"].get<std::string>());
  if (b.contains("severity")) n.severity = ops::ParseSeverity(b["severity"].get<std::string>());
  if (b.contains("onset_date")) n.onset_date = b["onset_date"].get<std::string>();
  n.report_date = b["report_date"].get<std::string>();
  if (b.contains("test_id")) n.test_id = b["test_id"].get<std::int64_t>();
  n.note = b.value("note", "");
  return n;
}

const QueryParam kUnmaskedCases{"unmasked", FieldType::kString, false,
                                "true: names and ID numbers in clear (needs manage_cases)"};

}  // namespace

void AddCaseRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases",
       .summary = "Report a case of a registered resident, or register the person on the spot",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body = NewCaseSchema(),
       .responses = {{201, "reported (unmasked)", schema::Ref("Case")},
                     ErrorAnswer(404, "no such resident or household in my scope"),
                     ErrorAnswer(409,
                                 "the person has an open case, or the ID number is registered "
                                 "in my scope")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.cases.Report(Actor(c), NewCaseFromJson(c.body)), CaseJson, 201);
       }});
  std::vector<QueryParam> list{
      {"region", FieldType::kString, false, "region code (default: my scope)"},
      {"status", FieldType::kString, false, "one classification"},
      {"open", FieldType::kString, false, "true: only cases without outcome, not excluded"},
      kUnmaskedCases};
  for (const auto& param : PageQuery()) list.push_back(param);
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/cases",
                    .summary = "Cases in a region, masked unless asked and allowed; keyset pages",
                    .tag = "cases",
                    .permission = "read_cases",
                    .query = list,
                    .responses = {{200, "a page of cases", schema::Ref("CasePage")},
                                  ErrorAnswer(403,
                                              "a region outside my scope, or unmasked "
                                              "without manage_cases")},
                    .handler = [&s](RequestContext& c) {
                      ops::CaseQuery q;
                      q.region_code = c.Query("region");
                      if (const std::string status = c.Query("status"); !status.empty()) {
                        q.status = ops::ParseCaseStatus(status);
                        if (!q.status)
                          return ErrorResponse(
                              InvalidArgument("status: " + status + " is not a classification"));
                      }
                      q.open_only = QueryBool(c, "open");
                      q.unmasked = QueryBool(c, "unmasked");
                      const PageRequest page = PageOf(c);
                      q.after_id = page.after;
                      q.limit = page.limit;
                      return Respond(s.cases.List(Actor(c), q), CasePageJson);
                    }});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/cases/daily",
       .summary = "Daily case counts of a region (new and cumulative), rolled up its subtree",
       .tag = "cases",
       .permission = "read_stats",
       .query = {{"region", FieldType::kString, true, "region code"},
                 {"from", FieldType::kString, true, "YYYY-MM-DD"},
                 {"to", FieldType::kString, true, "YYYY-MM-DD, at most 365 days after from"},
                 {"children", FieldType::kString, false,
                  "true: also each region one level below that has a case"}},
       .responses = {{200, "one row a day (the region's, then its children's)",
                      schema::Ref("CaseCountsList")},
                     ErrorAnswer(403, "a region outside my scope")},
       .handler = [&s](RequestContext& c) {
         return Respond(s.case_counts.Daily(Actor(c), c.Query("region"), c.Query("from"),
                                            c.Query("to"), QueryBool(c, "children")),
                        CountsJson);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/cases/{id}",
                    .summary = "A case with its history and the person's tests",
                    .tag = "cases",
                    .permission = "read_cases",
                    .query = {kUnmaskedCases},
                    .responses = {{200, "the case", schema::Ref("CaseDetail")},
                                  ErrorAnswer(404, "no such case in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.cases.Get(Actor(c), id, QueryBool(c, "unmasked")),
                                     CaseDetailJson);
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases/{id}/status",
       .summary = "Change a case's classification (confirm, diagnose clinically, exclude)",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"status", FieldType::kString, true, kStatuses, 30, "the new classification"},
                 DateField("date", true, "the day it took effect, not after today"),
                 {"test_id", FieldType::kInteger, false, {}, 0, "confirmed: the positive test"},
                 DateField("onset_date", false, "asymptomatic -> confirmed: symptom onset"),
                 kNote}},
       .responses = {{200, "changed", schema::Ref("Case")},
                     ErrorAnswer(404, "no such case in my scope"),
                     ErrorAnswer(409,
                                 "the rules do not allow it, the case is closed, or it "
                                 "changed meanwhile")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         ops::StatusChange change;
         change.to = *ops::ParseCaseStatus(c.body["status"].get<std::string>());
         change.date = c.body["date"].get<std::string>();
         if (c.body.contains("test_id")) change.test_id = c.body["test_id"].get<std::int64_t>();
         if (c.body.contains("onset_date"))
           change.onset_date = c.body["onset_date"].get<std::string>();
         change.note = c.body.value("note", "");
         return Respond(s.cases.ChangeStatus(Actor(c), id, change), CaseJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases/{id}/severity",
       .summary = "Change a case's severity",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"severity", FieldType::kString, true, kSeverities, 10, ""},
                 DateField("date", true, "the day it took effect"),
                 kNote}},
       .responses = {{200, "changed", schema::Ref("Case")},
                     ErrorAnswer(404, "no such case in my scope"),
                     ErrorAnswer(409, "the case is closed or changed meanwhile")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(
             s.cases.ChangeSeverity(Actor(c), id,
                                    *ops::ParseSeverity(c.body["severity"].get<std::string>()),
                                    c.body["date"].get<std::string>(), c.body.value("note", "")),
             CaseJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/cases/{id}/outcome",
       .summary = "Close a case: recovered (two negative tests) or died",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body = {{{"outcome", FieldType::kString, true, {"recovered", "died"}, 10, ""},
                 DateField("date", true, "not after today"),
                 kNote}},
       .responses = {{200, "closed", schema::Ref("Case")},
                     ErrorAnswer(404, "no such case in my scope"),
                     ErrorAnswer(409,
                                 "the case is closed, excluded, suspected, or changed "
                                 "meanwhile")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return Respond(s.cases.RecordOutcome(
                            Actor(c), id, *ops::ParseOutcome(c.body["outcome"].get<std::string>()),
                            c.body["date"].get<std::string>(), c.body.value("note", "")),
                        CaseJson);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/lab-tests",
       .summary = "Record a person's laboratory test",
       .tag = "cases",
       .permission = "manage_cases",
       .body_kind = BodyKind::kJson,
       .body =
           {{{"resident_id", FieldType::kInteger, true, {}, 0, "the person tested"},
             {"kind", FieldType::kString, true, {"nucleic_acid", "antibody"}, 20, ""},
             DateField("sample_date", true, "not after today"),
             {"result", FieldType::kString, true, {"positive", "negative", "inconclusive"}, 20, ""},
             {"lab", FieldType::kString, true, {}, 200, "the laboratory"}}},
       .responses = {{201, "recorded", schema::Ref("LabTest")},
                     ErrorAnswer(404, "no such resident in my scope")},
       .handler = [&s](RequestContext& c) {
         ops::LabTestInput in;
         in.resident_id = c.body["resident_id"].get<std::int64_t>();
         in.kind = *ops::ParseTestKind(c.body["kind"].get<std::string>());
         in.sample_date = c.body["sample_date"].get<std::string>();
         in.result = *ops::ParseTestResult(c.body["result"].get<std::string>());
         in.lab = c.body["lab"].get<std::string>();
         return Respond(s.cases.RecordTest(Actor(c), in), LabTestJson, 201);
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/lab-tests",
                    .summary = "A person's laboratory tests, by sample date",
                    .tag = "cases",
                    .permission = "read_cases",
                    .query = {{"resident_id", FieldType::kInteger, true, "the person", 1}},
                    .responses = {{200, "the tests", schema::Ref("LabTestList")},
                                  ErrorAnswer(404, "no such resident in my scope")},
                    .handler = [&s](RequestContext& c) {
                      return Respond(
                          s.cases.Tests(Actor(c), QueryInt(c, "resident_id", 0)),
                          [](const auto& tests) { return ItemsJson(tests, LabTestJson); });
                    }});
}

}  // namespace fk::api
