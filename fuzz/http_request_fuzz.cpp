// Fuzz target: the HTTP request reader and the router in front of the
// handlers. The first byte sets the connection (bit 0: the peer is a trusted
// proxy, bit 1: TLS; bit 2: the router's policy knows the session token
// "fuzz"); the rest is one request as sent on a connection. ReadHttpRequest
// reads it with the server's header limit and a 64 KiB body limit; the
// router of the real route table, with every handler replaced by a stub
// answering 200, takes it through Admit (the header stage) and Handle
// (path, authentication, role and scope, query, body). Checks beyond not
// crashing:
// - a refusal's message starts "http: ";
// - a request read has a method and a target, lower-case header names, a
//   body within the limit, and the peer's address unless a trusted proxy
//   forwarded another;
// - every error answer is a JSON error body that parses (so valid UTF-8)
//   with a code and a message;
// - Handle answers what Admit answered, and when Admit let the request on,
//   Handle does not answer 401, 403, 404 or 405.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routing/router.hpp"
#include "api/server/request_reader.hpp"
#include "fuzz_check.hpp"
#include "route_table.hpp"

namespace {

using fk::api::HttpResponse;

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // HttpServerOptions' default
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
constexpr std::string_view kTrustedPeer = "10.1.2.3";
constexpr std::string_view kPeer = "192.0.2.1";

// Knows one session token, "fuzz" (when `knows_session`), of an officer of
// region 42 who holds every permission.
class FuzzPolicy : public fk::api::AccessPolicy {
 public:
  bool knows_session = false;
  fk::Result<fk::api::Principal> Authenticate(std::string_view token, std::string_view) override {
    if (!knows_session || token != "fuzz")
      return fk::Error{fk::ErrorCode::kPermissionDenied, "not a session"};
    return fk::api::Principal{.user_id = 7,
                              .username = "fuzz",
                              .role = "admin",
                              .scope_region = "42",
                              .token = std::string(token)};
  }
  bool RoleHas(std::string_view, std::string_view) const override { return true; }
  bool InScope(const fk::api::Principal& p, std::string_view region) const override {
    return region.starts_with(p.scope_region);
  }
  void RecordDenied(const fk::api::DeniedRequest& denied) override {
    FUZZ_CHECK(denied.status == 401 || denied.status == 403);
  }
};

struct Fixture {
  FuzzPolicy policy;
  fk::api::TrustedProxies proxies = *fk::api::TrustedProxies::Parse({"10.0.0.0/8"});
  fk::api::Router router{StubbedRoutes(), policy};

  static std::vector<fk::api::Route> StubbedRoutes() {
    std::vector<fk::api::Route> routes = fk::fuzz::RouteTable();
    for (auto& route : routes)
      route.handler = [](fk::api::RequestContext&) {
        return fk::api::JsonResponse({{"stub", true}});
      };
    return routes;
  }
};

void CheckAnswer(const HttpResponse& response) {
  if (response.status == 200) return;
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  FUZZ_CHECK(!body.is_discarded());
  FUZZ_CHECK(body.contains("error") && body["error"].is_object());
  FUZZ_CHECK(body["error"].value("code", "") != "" && body["error"].value("message", "") != "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static Fixture* fixture = new Fixture;
  const bool trusted = data[0] & 1, tls = data[0] & 2;
  fixture->policy.knows_session = data[0] & 4;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view peer = trusted ? kTrustedPeer : kPeer;

  auto request = fk::api::ReadHttpRequest(bytes, kMaxHeaderBytes, kMaxBodyBytes,
                                          {peer, tls, fixture->proxies});
  if (!request) {
    FUZZ_CHECK(request.error().message.rfind("http: ", 0) == 0);
    return 0;
  }
  FUZZ_CHECK(!request->method.empty() && !request->target.empty());
  FUZZ_CHECK(request->body.size() <= kMaxBodyBytes);
  for (const auto& [name, value] : request->headers) {
    FUZZ_CHECK(!name.empty());
    for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  }
  if (!trusted) FUZZ_CHECK(request->client_address == peer && request->secure == tls);
  if (tls) FUZZ_CHECK(request->secure);

  fk::api::HttpRequest head = *request;
  head.body.clear();
  const fk::api::Admission admission = fixture->router.Admit(head);
  const HttpResponse response = fixture->router.Handle(*request);
  CheckAnswer(response);
  if (admission.answer) {
    CheckAnswer(*admission.answer);
    FUZZ_CHECK(response.status == admission.answer->status);
  } else {
    for (int refused : {401, 403, 404, 405}) FUZZ_CHECK(response.status != refused);
  }
  return 0;
}
