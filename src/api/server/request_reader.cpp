#include "api/server/request_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <string>

namespace fk::api {

namespace http = boost::beast::http;

HttpRequest ToHttpRequest(const http::request_header<>& header, const ConnectionFacts& connection) {
  HttpRequest request;
  request.method.assign(header.method_string().data(), header.method_string().size());
  request.target.assign(header.target().data(), header.target().size());
  std::string forwarded_for;
  std::string_view forwarded_proto;
  for (const auto& field : header) {
    std::string name(field.name_string().data(), field.name_string().size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value(field.value().data(), field.value().size());
    if (name == "x-forwarded-for") {
      // Several headers are one list, in order (RFC 9110, 5.3).
      if (!forwarded_for.empty()) forwarded_for += ',';
      forwarded_for += value;
    } else if (name == "x-forwarded-proto") {
      forwarded_proto = value;
    }
    request.headers.emplace_back(std::move(name), std::string(value));
  }
  request.client_address = connection.proxies.ClientAddress(connection.peer_address, forwarded_for);
  request.secure =
      connection.proxies.ClientUsedHttps(connection.tls, connection.peer_address, forwarded_proto);
  return request;
}

Result<HttpRequest> ReadHttpRequest(std::string_view bytes, std::size_t max_header_bytes,
                                    std::size_t max_body_bytes, const ConnectionFacts& connection) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(max_header_bytes));
  parser.body_limit(max_body_bytes);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < bytes.size()) {
    const std::size_t n =
        parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == http::error::need_more) ec = {};
    if (ec || n == 0) break;
  }
  if (!parser.got_some()) return InvalidArgument("http: no request");
  if (!ec && !parser.is_done()) parser.put_eof(ec);  // precondition: got_some
  if (ec) return InvalidArgument("http: " + ec.message());
  if (!parser.is_done()) return InvalidArgument("http: incomplete request");
  auto message = parser.release();
  HttpRequest request = ToHttpRequest(message.base(), connection);
  request.body = std::move(message.body());
  return request;
}

}  // namespace fk::api
