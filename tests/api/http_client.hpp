// A minimal blocking HTTP/1.1 client over POSIX sockets for the API tests:
// one request per connection ("Connection: close"), and raw sockets for the
// idle and slow client tests. One thread at a time per call; no shared state.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace fk::api::test {

struct ClientResponse {
  int status = 0;  // 0 when the connection failed or closed without an answer
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

ClientResponse Request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = {}, const Headers& headers = {},
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A connected socket (blocking) to 127.0.0.1:port, or -1.
int Connect(std::uint16_t port);
// Sends all of `data`; false on error.
bool SendAll(int fd, const std::string& data);
// Reads until the peer closes or `timeout` passes; returns what arrived.
std::string ReadAll(int fd, std::chrono::milliseconds timeout);

}  // namespace fk::api::test
