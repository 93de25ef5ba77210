// From what Boost.Beast parsed to the plain HttpRequest the router sees: the
// method, target and headers (names in lower case), and the client's address
// and scheme as the connection and trusted proxies give them. The server
// calls ToHttpRequest on every request header; ReadHttpRequest reads a whole
// request from bytes the same way (the HTTP fuzz target and tests use it).
// Stateless; thread-safe.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <cstddef>
#include <string_view>

#include "api/server/http_message.hpp"
#include "api/server/trusted_proxies.hpp"
#include "common/result.hpp"

namespace fk::api {

// What the server knows of a connection besides its bytes.
struct ConnectionFacts {
  std::string_view peer_address;  // IP address of the peer
  bool tls = false;               // the connection is TLS
  const TrustedProxies& proxies;  // whose X-Forwarded-* headers to believe
};

// The request of `header`, without a body: method and target as sent,
// headers in order with lower-case names, client_address and secure from
// `connection` and (from a trusted proxy only) X-Forwarded-For and
// X-Forwarded-Proto.
HttpRequest ToHttpRequest(const boost::beast::http::request_header<>& header,
                          const ConnectionFacts& connection);

// Reads one complete request (header and body) from `bytes` with the
// server's parser and limits. kInvalidArgument "http: <Beast's reason>"
// when the bytes are not one complete, well-formed request within the limits.
Result<HttpRequest> ReadHttpRequest(std::string_view bytes, std::size_t max_header_bytes,
                                    std::size_t max_body_bytes, const ConnectionFacts& connection);

}  // namespace fk::api
