// Dispatches requests through the route table: match (404, or 405 with an
// Allow header), check that path parameters decode to UTF-8 (400
// invalid_encoding), authenticate (401), refuse a session whose password
// must be changed first outside the routes open to it (403
// password_change_required), authorise by role (403) and by region scope
// (403), validate query (UTF-8, type, range) and body (400 naming the
// field, 415), then run the handler. The same match and authorisation run
// at the header stage (Admit), before the server reads a body. Every 403
// (the router's or a handler's) and every 401 of a request that carried a
// session token is reported once to AccessPolicy::RecordDenied.
// Thread-safe after construction (const); the AccessPolicy must outlive the
// Router.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/routing/route.hpp"

namespace fk::api {

inline constexpr std::string_view kSessionCookie = "fk_session";

class Router {
 public:
  Router(std::vector<Route> routes, AccessPolicy& access);

  HttpResponse Handle(const HttpRequest& request) const;
  // The header stage (HttpServer's AdmitFn), given the request without its
  // body: the route's body limit when Handle would go on to read the body,
  // else the answer Handle would give before that (404, 405, 400
  // invalid_encoding, 401, 403). Handle checks all of it again.
  Admission Admit(const HttpRequest& head) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a parameter
  };
  // The request's route and its decoded path parameters, or (route null)
  // the answer: 404, 405 with Allow, or 400 invalid_encoding.
  struct Resolved {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    HttpResponse answer;
  };
  Resolved Resolve(const HttpRequest& request) const;
  const Route* Match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string>* params, std::string* allow) const;
  // Sets context.principal when the route needs a permission and the caller
  // holds it in scope; else the 401 or 403 answer (reported as denied).
  std::optional<HttpResponse> Authorize(const Route& route, RequestContext& context) const;
  void ReportDenied(const RequestContext& context, int status, std::string_view reason) const;

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
  AccessPolicy& access_;
};

// Percent-decodes a URL component ('+' as space when `plus_is_space`).
std::string UrlDecode(std::string_view text, bool plus_is_space);

}  // namespace fk::api
