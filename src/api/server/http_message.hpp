// Plain HTTP request and response values passed between the network layer
// (http_server.cpp, the only file that sees Boost.Beast) and the router.
// Values: copy or move freely; no threads involved.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fk::api {

struct HttpRequest {
  std::string method;  // upper case, as sent: "GET", "POST", ...
  std::string target;  // path and query as sent: "/api/v1/x?y=1"
  // Header names in lower case, values as sent, in order of arrival.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string client_address;  // peer IP address of the connection

  // First value of a header (name in lower case), or "" when absent.
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;
};

// The JSON error body every failure uses:
// {"error": {"code": CODE, "message": MESSAGE, "field": FIELD}}; "field" is
// left out when empty.
HttpResponse JsonError(int status, std::string_view code, std::string_view message,
                       std::string_view field = {});

}  // namespace fk::api
