#include "api/routing/router.hpp"

#include <algorithm>
#include <charconv>

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
  response.body = body.dump();
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

bool IsInteger(const std::string& text) {
  if (text.empty()) return false;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
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
  // Called twice for every request (body limit, then handling): it compares
  // segments in place and decodes parameters only for the route chosen.
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

std::size_t Router::BodyLimit(std::string_view method, std::string_view path) const {
  const Route* route = Match(method, path, nullptr, nullptr);
  return route ? route->body_limit : kDefaultBodyLimit;
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  std::string_view target = request.target;
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  std::map<std::string, std::string> params;
  std::string allow;
  const Route* route = Match(request.method, path, &params, &allow);
  if (!route) {
    if (allow.empty()) return JsonError(404, "not_found", "no such endpoint: " + std::string(path));
    HttpResponse response =
        JsonError(405, "method_not_allowed", request.method + " is not allowed here; use " + allow);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  RequestContext context{request, std::move(params), {}, nullptr, std::nullopt, access_};

  if (!route->permission.empty()) {
    const std::string token = BearerOrCookie(request);
    if (!token.empty()) context.principal = access_.Authenticate(token, request.client_address);
    if (!context.principal) {
      return JsonError(401, "unauthenticated", "log in first (session cookie or Bearer token)");
    }
    if (context.principal->password_change_required && !route->before_password_change) {
      return JsonError(403, "password_change_required",
                       "change your password first (POST /api/v1/auth/password)");
    }
    if (!access_.RoleHas(context.principal->role, route->permission)) {
      return JsonError(403, "forbidden",
                       "role " + context.principal->role + " may not " + route->permission);
    }
    if (!route->scope_param.empty() && !context.InScope(context.Param(route->scope_param))) {
      return JsonError(403, "out_of_scope", "region is outside your scope", route->scope_param);
    }
  }

  if (q != std::string_view::npos) context.query = ParseQuery(target.substr(q + 1));
  for (const auto& [name, value] : context.query) {
    auto spec = std::find_if(route->query.begin(), route->query.end(),
                             [&](const QueryParam& p) { return p.name == name; });
    if (spec == route->query.end()) {
      return JsonError(400, "invalid_query", "is not a known query parameter", name);
    }
    if (spec->type == FieldType::kInteger && !IsInteger(value)) {
      return JsonError(400, "invalid_query", "must be an integer", name);
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
  return route->handler(context);
}

}  // namespace fk::api
