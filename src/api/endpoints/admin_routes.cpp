// Administration: user accounts, their approvals and the audit log.
#include "api/endpoints/answer_later.hpp"
#include "api/endpoints/api_schemas.hpp"
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"

namespace fk::api {
namespace {

// `applied_status` (200, 201 for a new account) when the change was made,
// 202 when it waits for approval; the body as AccountChangeJson.
HttpResponse AccountChangeAnswer(const Result<ops::AccountChange>& change, int applied_status) {
  if (!change.ok()) return ErrorResponse(change.error());
  return JsonTextResponse(AccountChangeJson(*change), change->request ? 202 : applied_status);
}

}  // namespace

void AddAdminRoutes(std::vector<Route>& routes, Services& s) {
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/users",
                    .summary = "User accounts in my scope",
                    .tag = "admin",
                    .permission = "manage_users",
                    .query = PageQuery(),
                    .responses = {{200, "a page of accounts", schema::Ref("UserPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.users.List(Actor(c), page.after, page.limit), AsPage);
                    }});
  const std::vector<std::string> roles = RoleNames();
  const BodySchema user{
      {{"username", FieldType::kString, true, {}, 64, "[A-Za-z0-9_.-], 3..64"},
       {"display_name", FieldType::kString, true, {}, 200, ""},
       {"role", FieldType::kString, true, roles, 32, ""},
       {"scope", FieldType::kString, true, {}, 15, "region code of the subtree"}}};
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/users",
       .summary = "Create a user account with a one-time password (201; 202 with a pending "
                  "request when the account would hold a permission I lack)",
       .tag = "admin",
       .permission = "manage_users",
       .body_kind = BodyKind::kJson,
       .body = user,
       .responses = {{201, "created, with its one-time password", schema::Ref("AccountChange")},
                     {202, "waits for approval: request holds the pending request",
                      schema::Ref("AccountChange")},
                     ErrorAnswer(400, "a username or scope that does not fit"),
                     ErrorAnswer(409, "the username exists")},
       .handler = [&s](RequestContext& c) {
         ops::NewUser u{c.body["username"].get<std::string>(),
                        c.body["display_name"].get<std::string>(),
                        *ops::ParseRole(c.body["role"].get<std::string>()),
                        c.body["scope"].get<std::string>()};
         return AnswerLater([&](AnswerSender answer) {
           s.users.Create(Actor(c), u, [answer](Result<ops::AccountChange> change) {
             answer(AccountChangeAnswer(change, 201));
           });
         });
       }});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/users/{id}",
                    .summary = "A user account",
                    .tag = "admin",
                    .permission = "manage_users",
                    .responses = {{200, "the account", schema::Ref("User")},
                                  ErrorAnswer(404, "no such user in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.users.Get(Actor(c), id), AsItem);
                    })});
  routes.push_back(
      {.method = "PATCH",
       .pattern = "/api/v1/users/{id}",
       .summary = "Change a user's role and/or scope (202 with a pending request when it gives a "
                  "permission I lack)",
       .tag = "admin",
       .permission = "manage_users",
       .body_kind = BodyKind::kJson,
       .body = {{{"role", FieldType::kString, false, roles, 32, ""},
                 {"scope", FieldType::kString, false, {}, 15, "region code of the subtree"}}},
       .responses = {{200, "changed", schema::Ref("AccountChange")},
                     {202, "waits for approval: request holds the pending request",
                      schema::Ref("AccountChange")},
                     ErrorAnswer(400, "a scope that does not fit"),
                     ErrorAnswer(404, "no such user in my scope"),
                     ErrorAnswer(409, "a change of it waits for approval")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         std::optional<ops::Role> role;
         std::optional<std::string> scope;
         if (c.body.contains("role")) role = ops::ParseRole(c.body["role"].get<std::string>());
         if (c.body.contains("scope")) scope = c.body["scope"].get<std::string>();
         return AccountChangeAnswer(s.users.ChangeRoleScope(Actor(c), id, role, scope), 200);
       })});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/users/{id}/deactivate",
                    .summary = "Deactivate a user: their sessions end at once",
                    .tag = "admin",
                    .permission = "manage_users",
                    .responses = {{200, "deactivated", schema::Ref("User")},
                                  ErrorAnswer(404, "no such user in my scope")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.users.Deactivate(Actor(c), id), AsItem);
                    })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/users/{id}/reactivate",
       .summary = "Reactivate a user (202 with a pending request when they hold a permission I "
                  "lack)",
       .tag = "admin",
       .permission = "manage_users",
       .responses = {{200, "reactivated", schema::Ref("AccountChange")},
                     {202, "waits for approval: request holds the pending request",
                      schema::Ref("AccountChange")},
                     ErrorAnswer(404, "no such user in my scope"),
                     ErrorAnswer(409, "a change of it waits for approval")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return AccountChangeAnswer(s.users.Reactivate(Actor(c), id), 200);
       })});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/users/{id}/reset-password",
       .summary = "Give a user a one-time password, returned this once (202 with a pending "
                  "request when they hold a permission I lack: unusable until approved)",
       .tag = "admin",
       .permission = "manage_users",
       .responses = {{200, "reset: one_time_password holds the new one",
                      schema::Ref("AccountChange")},
                     {202, "waits for approval: request holds the pending request",
                      schema::Ref("AccountChange")},
                     ErrorAnswer(404, "no such user in my scope"),
                     ErrorAnswer(409, "a change of it waits for approval")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         return AnswerLater([&](AnswerSender answer) {
           s.users.ResetPassword(Actor(c), id, [answer](Result<ops::AccountChange> change) {
             answer(AccountChangeAnswer(change, 200));
           });
         });
       })});
  routes.push_back(
      {.method = "DELETE",
       .pattern = "/api/v1/users/{id}/sessions",
       .summary = "End all of a user's sessions at once",
       .tag = "admin",
       .permission = "manage_users",
       .responses = {{200, "the number of sessions ended",
                      schema::Object({{"ended", schema::Integer()}})},
                     ErrorAnswer(404, "no such user in my scope")},
       .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
         auto ended = s.users.EndSessions(Actor(c), id);
         return Respond(ended, [](std::int64_t n) { return nlohmann::json{{"ended", n}}; });
       })});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/user-requests",
                    .summary = "Pending account changes that I may approve",
                    .tag = "admin",
                    .permission = std::string(kAuthenticated),
                    .query = PageQuery(),
                    .responses = {{200, "a page of pending requests I may approve",
                                   schema::Ref("UserRequestPage")}},
                    .handler = [&s](RequestContext& c) {
                      const PageRequest page = PageOf(c);
                      return Respond(s.users.Requests(Actor(c), page.after, page.limit), AsPage);
                    }});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/user-requests/{id}/approve",
                    .summary = "Approve a pending account change (not my own request, not about "
                               "my account, and I hold every permission it gives)",
                    .tag = "admin",
                    .permission = std::string(kAuthenticated),
                    .responses = {{200, "approved and applied", schema::Ref("UserRequest")},
                                  ErrorAnswer(404, "no such request in my scope"),
                                  ErrorAnswer(409, "no longer pending")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.users.Approve(Actor(c), id), AsItem);
                    })});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/user-requests/{id}/reject",
                    .summary = "Reject a pending account change (or withdraw my own request)",
                    .tag = "admin",
                    .permission = std::string(kAuthenticated),
                    .responses = {{200, "rejected (or withdrawn)", schema::Ref("UserRequest")},
                                  ErrorAnswer(404, "no such request in my scope"),
                                  ErrorAnswer(409, "no longer pending")},
                    .handler = WithIntParam("id", [&s](RequestContext& c, std::int64_t id) {
                      return Respond(s.users.Reject(Actor(c), id), AsItem);
                    })});
  std::vector<QueryParam> audit_query = PageQuery();
  audit_query.push_back({"user_id", FieldType::kInteger, false, "who"});
  audit_query.push_back({"entity", FieldType::kString, false, "resident, household, user, ..."});
  audit_query.push_back({"entity_id", FieldType::kString, false, ""});
  audit_query.push_back({"action", FieldType::kString, false,
                         "one action: read, read_unmasked, search, export, approve, ... "
                         "(a-z and _, at most 32)"});
  audit_query.push_back({"from", FieldType::kInteger, false, "unix seconds, inclusive"});
  audit_query.push_back({"to", FieldType::kInteger, false, "unix seconds, exclusive"});
  audit_query.push_back({"term", FieldType::kString, false,
                         "only searches for this ID number, phone or name (matched by its keyed "
                         "hash; the term is never stored)"});
  routes.push_back(
      {.method = "GET",
       .pattern = "/api/v1/audit",
       .summary = "The audit log of my scope (reads and changes of personal data, "
                  "region changes, searches); this read is itself recorded",
       .tag = "admin",
       .permission = "read_audit",
       .query = audit_query,
       .responses = {{200, "a page of entries, newest first", schema::Ref("AuditPage")}},
       .handler = [&s](RequestContext& c) {
         ops::AuditFilter f;
         if (c.query.count("user_id")) f.user_id = QueryInt(c, "user_id", 0);
         f.entity = c.Query("entity");
         f.entity_id = c.Query("entity_id");
         f.action = c.Query("action");
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
