// Administration: user accounts and the audit log.
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {

void AddAdminRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/users",
                    .summary = "User accounts in my scope",
                    .tag = "admin",
                    .permission = "manage_users",
                    .query = PageQuery(),
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.users.List(Actor(c), page.after, page.limit), AsPage);
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
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/users",
                    .summary = "Create a user account",
                    .tag = "admin",
                    .permission = "manage_users",
                    .body_kind = BodyKind::kJson,
                    .body = user,
                    .handler = [&s](RequestContext& c) {
                      ops::NewUser u{c.body["username"].get<std::string>(),
                                     c.body["display_name"].get<std::string>(),
                                     *ops::ParseRole(c.body["role"].get<std::string>()),
                                     c.body["scope"].get<std::string>(),
                                     c.body["password"].get<std::string>()};
                      return Respond(s.users.Create(Actor(c), u), AsItem, 201);
                    }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/users/{id}",
                    .summary = "A user account",
                    .tag = "admin",
                    .permission = "manage_users",
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.users.Get(Actor(c), id), AsItem);
                    })});
  std::vector<QueryParam> audit_query = PageQuery();
  audit_query.push_back({"user_id", FieldType::kInteger, false, "who"});
  audit_query.push_back({"entity", FieldType::kString, false, "resident, household, user, ..."});
  audit_query.push_back({"entity_id", FieldType::kString, false, ""});
  audit_query.push_back({"from", FieldType::kInteger, false, "unix seconds, inclusive"});
  audit_query.push_back({"to", FieldType::kInteger, false, "unix seconds, exclusive"});
  audit_query.push_back({"term", FieldType::kString, false,
                         "only searches for this ID number, phone or name (matched by its keyed "
                         "hash; the term is never stored)"});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/audit",
                    .summary = "The audit log of my scope (reads and changes of personal data, "
                               "region changes, searches); this read is itself recorded",
                    .tag = "admin",
                    .permission = "read_audit",
                    .query = audit_query,
                    .handler = [&s](RequestContext& c) {
                      ops::AuditFilter f;
                      if (c.query.count("user_id")) f.user_id = QueryInt(c, "user_id", 0);
                      f.entity = c.Query("entity");
                      f.entity_id = c.Query("entity_id");
                      f.from = QueryInt(c, "from", 0);
                      f.to = QueryInt(c, "to", INT64_MAX);
                      f.term = c.Query("term");
                      const PageRequest page = PageOf(c);
                      f.after_id = page.after;
                      f.limit = page.limit;
                      return Respond(s.audit.Query(Actor(c), f), AsPage);
                    }});
}

}  // namespace fk::api
