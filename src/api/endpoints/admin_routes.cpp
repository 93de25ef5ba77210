// Administration: user accounts and the audit log.
#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {

void AddAdminRoutes(std::vector<Route>& routes, Services& s) {
  const std::vector<QueryParam> paging{
      {"after", FieldType::kInteger, false, "cursor: next_cursor of the previous page"},
      {"limit", FieldType::kInteger, false, "1..200, default 50"}};
  routes.push_back({"GET",
                    "/api/v1/users",
                    "User accounts in my scope",
                    "admin",
                    "manage_users",
                    "",
                    BodyKind::kNone,
                    {},
                    paging,
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto page = s.users.List(Actor(c), QueryInt(c, "after", 0),
                                               static_cast<int>(QueryInt(c, "limit", 50)));
                      if (!page.ok()) return ErrorResponse(page.error());
                      return JsonTextResponse(PageJson(*page));
                    }});
  std::vector<std::string> roles;
  for (auto role :
       {ops::Role::kCommandCentre, ops::Role::kDistrictOfficer, ops::Role::kStreetOfficer,
        ops::Role::kCommunityOfficer, ops::Role::kGridWorker, ops::Role::kMedicalStaff,
        ops::Role::kSupplyOfficer, ops::Role::kVolunteer, ops::Role::kAdministrator}) {
    roles.emplace_back(ops::RoleName(role));
  }
  const BodySchema user{
      {{"username", FieldType::kString, true, {}, 64, "[A-Za-z0-9_.-], 3..64"},
       {"display_name", FieldType::kString, true, {}, 200, ""},
       {"role", FieldType::kString, true, roles, 32, ""},
       {"scope", FieldType::kString, true, {}, 15, "region code of the subtree"},
       {"password", FieldType::kString, true, {}, 1024, "at least 8 characters"}}};
  routes.push_back({"POST",
                    "/api/v1/users",
                    "Create a user account",
                    "admin",
                    "manage_users",
                    "",
                    BodyKind::kJson,
                    user,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      ops::NewUser u{c.body["username"].get<std::string>(),
                                     c.body["display_name"].get<std::string>(),
                                     *ops::ParseRole(c.body["role"].get<std::string>()),
                                     c.body["scope"].get<std::string>(),
                                     c.body["password"].get<std::string>()};
                      auto created = s.users.Create(Actor(c), u);
                      if (!created.ok()) return ErrorResponse(created.error());
                      return JsonTextResponse(ItemJson(*created), 201);
                    }});
  routes.push_back({"GET",
                    "/api/v1/users/{id}",
                    "A user account",
                    "admin",
                    "manage_users",
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto id = IntParam(c, "id");
                      if (!id.ok()) return ErrorResponse(id.error());
                      auto u = s.users.Get(Actor(c), *id);
                      if (!u.ok()) return ErrorResponse(u.error());
                      return JsonTextResponse(ItemJson(*u));
                    }});
  std::vector<QueryParam> audit_query = paging;
  audit_query.push_back({"user_id", FieldType::kInteger, false, "who"});
  audit_query.push_back({"entity", FieldType::kString, false, "resident, household, user, ..."});
  audit_query.push_back({"entity_id", FieldType::kString, false, ""});
  audit_query.push_back({"from", FieldType::kInteger, false, "unix seconds, inclusive"});
  audit_query.push_back({"to", FieldType::kInteger, false, "unix seconds, exclusive"});
  routes.push_back({"GET",
                    "/api/v1/audit",
                    "The audit log of reads and changes of personal data",
                    "admin",
                    "read_audit",
                    "",
                    BodyKind::kNone,
                    {},
                    audit_query,
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      ops::AuditFilter f;
                      if (c.query.count("user_id")) f.user_id = QueryInt(c, "user_id", 0);
                      f.entity = c.Query("entity");
                      f.entity_id = c.Query("entity_id");
                      f.from = QueryInt(c, "from", 0);
                      f.to = QueryInt(c, "to", INT64_MAX);
                      f.after_id = QueryInt(c, "after", 0);
                      f.limit = static_cast<int>(QueryInt(c, "limit", 50));
                      auto page = s.audit.Query(Actor(c), f);
                      if (!page.ok()) return ErrorResponse(page.error());
                      return JsonTextResponse(PageJson(*page));
                    }});
}

}  // namespace fk::api
