// Dispatches requests through the route table: match (404, or 405 with an
// Allow header), authenticate (401), refuse a session whose password must be
// changed first outside the routes open to it (403
// password_change_required), authorise by role (403) and by region
// scope (403), validate query and body (400 naming the field, 415), then run
// the handler. Thread-safe after construction (const); the AccessPolicy must
// outlive the Router.
#pragma once

#include <string_view>
#include <vector>

#include "api/routing/route.hpp"

namespace fk::api {

inline constexpr std::string_view kSessionCookie = "fk_session";

class Router {
 public:
  Router(std::vector<Route> routes, AccessPolicy& access);

  HttpResponse Handle(const HttpRequest& request) const;
  // Largest body accepted for a method and path (the route's limit; the
  // default limit when nothing matches, since the answer will be 404/405).
  std::size_t BodyLimit(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a parameter
  };
  const Route* Match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string>* params, std::string* allow) const;

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
  AccessPolicy& access_;
};

// Percent-decodes a URL component ('+' as space when `plus_is_space`).
std::string UrlDecode(std::string_view text, bool plus_is_space);

}  // namespace fk::api
