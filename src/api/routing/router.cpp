#include "api/routing/router.hpp"

#include <algorithm>
#include <charconv>

#include "common/utf8.hpp"

namespace fk::api {

std::string RequestContext::Query(const std::string& name, std::string fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

bool RequestContext::InScope(std::string_view region_code) const {
  return principal && access.InScope(*principal, region_code);
}

HttpResponse JsonResponse(const nlohmann::json& body, int status) {
  HttpResponse response;
  response.status = status;
  // Text that came from storage is not always UTF-8: never throw on it.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse JsonTextResponse(JsonText body, int status) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body.text);
  return response;
}

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int value = 0;
      auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && ptr == text.data() + i + 3) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// "{name}" in a route pattern.
bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{';
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      out[UrlDecode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return out;
}

std::string BearerOrCookie(const HttpRequest& request) {
  std::string_view auth = request.Header("authorization");
  if (auth.size() > 7 && auth.substr(0, 7) == "Bearer ") return std::string(auth.substr(7));
  std::string_view cookies = request.Header("cookie");
  while (!cookies.empty()) {
    std::size_t end = cookies.find(';');
    std::string_view item = cookies.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.size() > kSessionCookie.size() &&
        item.substr(0, kSessionCookie.size()) == kSessionCookie &&
        item[kSessionCookie.size()] == '=') {
      return std::string(item.substr(kSessionCookie.size() + 1));
    }
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return {};
}

std::optional<std::int64_t> ParseInt64(const std::string& text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The 400 for an integer query value outside its parameter's range.
std::string RangeMessage(const QueryParam& spec) {
  if (spec.minimum && spec.maximum) {
    return "must be an integer from " + std::to_string(*spec.minimum) + " to " +
           std::to_string(*spec.maximum);
  }
  if (spec.minimum) return "must be an integer of at least " + std::to_string(*spec.minimum);
  return "must be an integer of at most " + std::to_string(spec.maximum.value_or(0));
}

HttpResponse InvalidEncoding(std::string_view field) {
  return JsonError(400, "invalid_encoding", "is not valid UTF-8 once percent-decoded", field);
}

// The "message" of a JSON error answer, or "".
std::string ErrorMessageOf(const HttpResponse& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return {};
  auto message = body["error"].find("message");
  return message != body["error"].end() && message->is_string() ? message->get<std::string>()
                                                                : std::string();
}

}  // namespace

Router::Router(std::vector<Route> routes, AccessPolicy& access)
    : routes_(std::move(routes)), access_(access) {
  for (const auto& route : routes_) {
    Compiled c;
    for (auto segment : SplitPath(route.pattern)) c.segments.emplace_back(segment);
    compiled_.push_back(std::move(c));
  }
}

const Route* Router::Match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>* params, std::string* allow) const {
  // Among the patterns that match the path, the most literal ones win:
  // "/residents/export" before "/residents/{id}".
  // Called for every request, and once more at the header stage for one
  // with a body (Admit, then Handle): it compares segments in place and
  // decodes parameters only for the route chosen.
  const auto segments = SplitPath(path);
  std::vector<std::size_t> matches;  // the routes with the most literal segments
  int best_literals = -1;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segments.size()) continue;
    bool ok = true;
    int literals = 0;
    for (std::size_t s = 0; s < pattern.size() && ok; ++s) {
      if (IsParameter(pattern[s])) {
        ok = !segments[s].empty();
      } else {
        ok = pattern[s] == segments[s];
        ++literals;
      }
    }
    if (!ok || literals < best_literals) continue;
    if (literals > best_literals) matches.clear();
    best_literals = literals;
    matches.push_back(i);
  }
  for (std::size_t i : matches) {
    if (routes_[i].method != method) continue;
    if (params) {
      const auto& pattern = compiled_[i].segments;
      for (std::size_t s = 0; s < pattern.size(); ++s) {
        if (IsParameter(pattern[s]))
          (*params)[pattern[s].substr(1, pattern[s].size() - 2)] = UrlDecode(segments[s], false);
      }
    }
    return &routes_[i];
  }
  for (std::size_t i : matches) {
    if (allow && allow->find(routes_[i].method) == std::string::npos) {
      *allow += (allow->empty() ? "" : ", ") + routes_[i].method;
    }
  }
  return nullptr;
}

Router::Resolved Router::Resolve(const HttpRequest& request) const {
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  Resolved out;
  std::string allow;
  out.route = Match(request.method, path, &out.params, &allow);
  if (!out.route) {
    if (allow.empty()) {
      out.answer = JsonError(404, "not_found", "no such endpoint: " + std::string(path));
    } else {
      out.answer = JsonError(405, "method_not_allowed",
                             request.method + " is not allowed here; use " + allow);
      out.answer.headers.emplace_back("Allow", allow);
    }
    return out;
  }
  for (const auto& [name, value] : out.params) {
    if (!IsValidUtf8(value)) {
      out.answer = InvalidEncoding(name);
      out.route = nullptr;
      return out;
    }
  }
  return out;
}

void Router::ReportDenied(const RequestContext& context, int status,
                          std::string_view reason) const {
  const std::string& target = context.request.target;
  access_.RecordDenied({.status = status,
                        .method = context.request.method,
                        .path = std::string_view(target).substr(0, target.find('?')),
                        .reason = reason,
                        .principal = context.principal ? &*context.principal : nullptr,
                        .client_address = context.request.client_address});
}

std::optional<HttpResponse> Router::Authorize(const Route& route, RequestContext& context) const {
  if (route.permission.empty()) return std::nullopt;
  const std::string token = BearerOrCookie(context.request);
  if (!token.empty()) {
    auto who = access_.Authenticate(token, context.request.client_address);
    if (who.ok()) {
      context.principal = std::move(*who);
    } else if (who.error().code == ErrorCode::kResourceExhausted) {
      return JsonError(503, "busy", PublicMessage(who.error()));
    } else if (who.error().code == ErrorCode::kUnavailable) {
      return JsonError(503, "unavailable", PublicMessage(who.error()));
    } else if (who.error().code != ErrorCode::kPermissionDenied) {
      return JsonError(500, "internal", "internal error");
    }
  }
  if (!context.principal) {
    constexpr std::string_view kLogIn = "log in first (session cookie or Bearer token)";
    // A request without any token is not recorded: an anonymous flood must
    // not be able to fill the audit log (docs/http-server.md).
    if (!token.empty()) ReportDenied(context, 401, kLogIn);
    return JsonError(401, "unauthenticated", kLogIn);
  }
  if (context.principal->password_change_required && !route.before_password_change) {
    constexpr std::string_view kChangeFirst =
        "change your password first (POST /api/v1/auth/password)";
    ReportDenied(context, 403, kChangeFirst);
    return JsonError(403, "password_change_required", kChangeFirst);
  }
  if (!access_.RoleHas(context.principal->role, route.permission)) {
    const std::string reason = "role " + context.principal->role + " may not " + route.permission;
    ReportDenied(context, 403, reason);
    return JsonError(403, "forbidden", reason);
  }
  if (!route.scope_param.empty() && !context.InScope(context.Param(route.scope_param))) {
    constexpr std::string_view kOutOfScope = "region is outside your scope";
    ReportDenied(context, 403, kOutOfScope);
    return JsonError(403, "out_of_scope", kOutOfScope, route.scope_param);
  }
  return std::nullopt;
}

Admission Router::Admit(const HttpRequest& head) const {
  Resolved resolved = Resolve(head);
  if (!resolved.route) return {0, std::move(resolved.answer)};
  RequestContext context{head, std::move(resolved.params), {}, nullptr, std::nullopt, access_};
  if (auto denied = Authorize(*resolved.route, context)) return {0, std::move(*denied)};
  return {resolved.route->body_limit, std::nullopt};
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  Resolved resolved = Resolve(request);
  if (!resolved.route) return std::move(resolved.answer);
  const Route* route = resolved.route;
  RequestContext context{request, std::move(resolved.params), {}, nullptr, std::nullopt, access_};
  if (auto denied = Authorize(*route, context)) return std::move(*denied);

  const std::size_t q = request.target.find('?');
  if (q != std::string::npos) {
    context.query = ParseQuery(std::string_view(request.target).substr(q + 1));
  }
  for (const auto& [name, value] : context.query) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) return InvalidEncoding(name);
    // An init-capture: clang before 16 (the fuzz build) cannot capture a
    // structured binding.
    auto spec = std::find_if(route->query.begin(), route->query.end(),
                             [&n = name](const QueryParam& p) { return p.name == n; });
    if (spec == route->query.end()) {
      return JsonError(400, "invalid_query", "is not a known query parameter", name);
    }
    if (spec->type == FieldType::kInteger) {
      const auto number = ParseInt64(value);
      if (!number) return JsonError(400, "invalid_query", "must be an integer", name);
      if ((spec->minimum && *number < *spec->minimum) ||
          (spec->maximum && *number > *spec->maximum)) {
        return JsonError(400, "invalid_query", RangeMessage(*spec), name);
      }
    }
  }
  for (const auto& spec : route->query) {
    if (spec.required && !context.query.count(spec.name)) {
      return JsonError(400, "invalid_query", "is required", spec.name);
    }
  }

  if (route->body_kind == BodyKind::kJson) {
    std::string_view type = request.Header("content-type");
    if (!request.body.empty() && type.substr(0, 16) != "application/json") {
      return JsonError(415, "unsupported_media_type", "send the body as application/json");
    }
    context.body = nlohmann::json::parse(
        request.body.empty() ? std::string_view("{}") : std::string_view(request.body), nullptr,
        false);
    if (context.body.is_discarded()) {
      return JsonError(400, "malformed_json", "the body is not valid JSON");
    }
    if (auto error = ValidateBody(route->body, context.body)) {
      return JsonError(400, "invalid_field",
                       error->field.empty() ? error->message : error->field + " " + error->message,
                       error->field);
    }
  }
  if (route->body_kind == BodyKind::kGeoJson) {
    std::string_view type = request.Header("content-type");
    if (type.substr(0, 16) != "application/json" && type.substr(0, 20) != "application/geo+json")
      return JsonError(415, "unsupported_media_type",
                       "send the body as application/geo+json or application/json");
  }
  HttpResponse response = route->handler(context);
  if (response.status == 403) ReportDenied(context, 403, ErrorMessageOf(response));
  return response;
}

}  // namespace fk::api
