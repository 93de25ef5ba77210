// POST /auth/login, /auth/logout, /auth/password; GET /auth/me. Login and
// the password change hash on the users service's own threads: their
// handlers answer later (answer_later.hpp) and free their worker at once.
#include "api/endpoints/answer_later.hpp"
#include "api/endpoints/handler_steps.hpp"
#include "api/endpoints/routes.hpp"
#include "api/routing/router.hpp"

namespace fk::api {

namespace {

// Secure when the client used HTTPS (to us, or to a trusted proxy): the
// browser then never sends the cookie over plain HTTP.
std::string SessionCookie(const std::string& token, long max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

// 429 with Retry-After for a throttled password check; nullopt otherwise.
template <typename T>
std::optional<HttpResponse> TooManyAttempts(const ops::Checked<T>& checked) {
  if (checked.retry_after <= 0) return std::nullopt;
  HttpResponse response = JsonError(429, "too_many_attempts", checked.result.error().message);
  response.headers.emplace_back("Retry-After", std::to_string(checked.retry_after));
  return response;
}

HttpResponse LoginAnswer(const ops::Checked<ops::LoginResult>& login, bool secure) {
  if (auto refused = TooManyAttempts(login)) return *refused;
  const auto& result = login.result;
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
  response.headers.emplace_back("Set-Cookie", SessionCookie(result->token, 12 * 3600, secure));
  return response;
}

}  // namespace

void AddAuthRoutes(std::vector<Route>& routes, Services& s) {
  const std::string auth(kAuthenticated);
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .summary = "Log in: sets an HttpOnly session cookie and returns the token for Bearer use "
                  "(429 with Retry-After while throttled)",
       .tag = "auth",
       .body_kind = BodyKind::kJson,
       .body = {{{"username", FieldType::kString, true, {}, 64, "user name"},
                 {"password", FieldType::kString, true, {}, 1024, "password"}}},
       // Open to anyone, so its bodies must not eat the body budget: with
       // at most max_connections of them, 16 MiB at most.
       .body_limit = 16 << 10,
       .responses = {{200, "logged in (and the fk_session cookie set)", schema::Ref("Login")},
                     ErrorAnswer(401, "login_failed: wrong username or password"),
                     ServerAnswerRef(429)},
       .handler = [&s](RequestContext& c) {
         return AnswerLater([&](AnswerSender answer) {
           s.users.Login(c.body["username"].get<std::string>(),
                         c.body["password"].get<std::string>(), c.request.client_address,
                         [answer, secure = c.request.secure](ops::Checked<ops::LoginResult> login) {
                           answer(LoginAnswer(login, secure));
                         });
         });
       }});
  routes.push_back({.method = "POST",
                    .pattern = "/api/v1/auth/logout",
                    .summary = "End this session",
                    .tag = "auth",
                    .permission = auth,
                    .responses = {{200, "the session ended (and the cookie cleared)",
                                   schema::Object({{"logged_out", schema::Boolean()}})}},
                    .handler =
                        [&s](RequestContext& c) {
                          if (auto st = s.users.Logout(c.principal->token); !st.ok()) {
                            return ErrorResponse(st.error());
                          }
                          HttpResponse response = JsonResponse({{"logged_out", true}});
                          response.headers.emplace_back("Set-Cookie",
                                                        SessionCookie("", 0, c.request.secure));
                          return response;
                        },
                    .before_password_change = true});
  routes.push_back(
      {.method = "POST",
       .pattern = "/api/v1/auth/password",
       .summary = "Change my password (the old one is checked first; failures are throttled like "
                  "logins; ends all my sessions)",
       .tag = "auth",
       .permission = auth,
       .body_kind = BodyKind::kJson,
       .body = {{{"old_password", FieldType::kString, true, {}, 1024, ""},
                 {"new_password",
                  FieldType::kString,
                  true,
                  {},
                  1024,
                  "at least 8 characters, not a common password, not containing the username"}}},
       .responses = {{200, "changed; every session of mine ended",
                      schema::Object({{"changed", schema::Boolean()}})},
                     ErrorAnswer(400,
                                 "new_password too short, common, containing the username "
                                 "or equal to the old one"),
                     ErrorAnswer(403, "the old password is wrong"),
                     ServerAnswerRef(429)},
       .handler =
           [&s](RequestContext& c) {
             return AnswerLater([&](AnswerSender answer) {
               s.users.ChangePassword(
                   Actor(c), c.body["old_password"].get<std::string>(),
                   c.body["new_password"].get<std::string>(),
                   [answer, secure = c.request.secure](ops::Checked<ops::User> changed) {
                     if (auto refused = TooManyAttempts(changed)) return answer(*refused);
                     HttpResponse response = Respond(changed.result, [](const ops::User&) {
                       return nlohmann::json{{"changed", true}};
                     });
                     if (changed.result.ok())
                       response.headers.emplace_back("Set-Cookie", SessionCookie("", 0, secure));
                     answer(std::move(response));
                   });
             });
           },
       .before_password_change = true});
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/auth/me",
                    .summary = "Who am I, and the permissions of my role "
                               "(password_change_required: only /auth/* until the password "
                               "is changed)",
                    .tag = "auth",
                    .permission = auth,
                    .responses = {{200, "my account and my role's permissions", schema::Ref("Me")}},
                    .handler =
                        [&s](RequestContext& c) {
                          auto actor = Actor(c);
                          auto user = s.users.Get(actor, actor.user_id);
                          if (!user.ok()) return ErrorResponse(user.error());
                          nlohmann::json me = nlohmann::json::parse(ItemJson(*user).text);
                          me["permissions"] = PermissionNames(actor.role);
                          return JsonResponse(me);
                        },
                    .before_password_change = true});
}

}  // namespace fk::api
