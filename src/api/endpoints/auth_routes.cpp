// POST /auth/login, /auth/logout, /auth/password; GET /auth/me.
#include "api/endpoints/json_convert.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"
#include "api/routing/router.hpp"

namespace fk::api {

namespace {

std::string SessionCookie(const std::string& token, long max_age) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

}  // namespace

void AddAuthRoutes(std::vector<Route>& routes, Services& s) {
  const BodySchema login{{{"username", FieldType::kString, true, {}, 64, "user name"},
                          {"password", FieldType::kString, true, {}, 1024, "password"}}};
  routes.push_back({"POST",
                    "/api/v1/auth/login",
                    "Log in: sets an HttpOnly session cookie and returns the token for Bearer use",
                    "auth",
                    "",
                    "",
                    BodyKind::kJson,
                    login,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto result = s.users.Login(c.body["username"].get<std::string>(),
                                                  c.body["password"].get<std::string>(),
                                                  c.request.client_address);
                      if (!result.ok()) {
                        if (result.error().code == ErrorCode::kPermissionDenied) {
                          return JsonError(401, "login_failed", result.error().message);
                        }
                        return ErrorResponse(result.error());
                      }
                      JsonWriter w;
                      w.StartObject();
                      w.Field("token", result->token);
                      w.Field("expires_at", result->expires_at);
                      w.Key("user");
                      WriteJson(w, result->user);
                      w.EndObject();
                      HttpResponse response = JsonTextResponse(w.Take());
                      response.headers.emplace_back("Set-Cookie",
                                                    SessionCookie(result->token, 12 * 3600));
                      return response;
                    }});
  routes.push_back({"POST",
                    "/api/v1/auth/logout",
                    "End this session",
                    "auth",
                    std::string(kAuthenticated),
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      if (auto st = s.users.Logout(c.principal->token); !st.ok()) {
                        return ErrorResponse(st.error());
                      }
                      HttpResponse response = JsonResponse({{"logged_out", true}});
                      response.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
                      return response;
                    }});
  const BodySchema password{{{"old_password", FieldType::kString, true, {}, 1024, ""},
                             {"new_password", FieldType::kString, true, {}, 1024, ""}}};
  routes.push_back({"POST",
                    "/api/v1/auth/password",
                    "Change my password (ends all my sessions)",
                    "auth",
                    std::string(kAuthenticated),
                    "",
                    BodyKind::kJson,
                    password,
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto st = s.users.ChangePassword(Actor(c),
                                                       c.body["old_password"].get<std::string>(),
                                                       c.body["new_password"].get<std::string>());
                      if (!st.ok()) return ErrorResponse(st.error());
                      return JsonResponse({{"changed", true}});
                    }});
  routes.push_back({"GET",
                    "/api/v1/auth/me",
                    "Who am I",
                    "auth",
                    std::string(kAuthenticated),
                    "",
                    BodyKind::kNone,
                    {},
                    {},
                    kDefaultBodyLimit,
                    [&s](RequestContext& c) {
                      auto actor = Actor(c);
                      auto user = s.users.Get(actor, actor.user_id);
                      if (user.ok()) return JsonTextResponse(ItemJson(*user));
                      return JsonResponse({{"id", actor.user_id},
                                           {"role", ops::RoleName(actor.role)},
                                           {"scope", actor.scope}});
                    }});
}

}  // namespace fk::api
