// Plain HTTP request and response values passed between the network layer
// (http_server.cpp and request_reader.cpp, the only files that see
// Boost.Beast) and the router.
// Values: copy or move freely; no threads involved.
#pragma once

#include <cstddef>
#include <optional>
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
  // The client's IP address: the peer of the connection, or the address a
  // trusted proxy reported (TrustedProxies::ClientAddress).
  std::string client_address;
  // The client used HTTPS: to us (TLS), or to a trusted proxy that said so.
  bool secure = false;

  // First value of a header (name in lower case), or "" when absent.
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;
};

// What the server does with a request once its header has arrived, before
// it reads any of the body: read a body of at most `body_limit` bytes and
// then handle the request, or send `answer` at once (401, 403, 404, 405,
// ...) without reading the body.
struct Admission {
  std::size_t body_limit = 0;
  std::optional<HttpResponse> answer;
};

// The JSON error body every failure uses:
// {"error": {"code": CODE, "message": MESSAGE, "field": FIELD}}; "field" is
// left out when empty. Bytes that are not UTF-8 (a path echoed back) are
// written as U+FFFD.
HttpResponse JsonError(int status, std::string_view code, std::string_view message,
                       std::string_view field = {});

}  // namespace fk::api
