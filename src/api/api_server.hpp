// The operations server assembled: a Database (SQLite path or postgresql://
// URL) migrated to the newest schema, the ops services, the route table and
// the HTTP server. Start/Stop from one controlling thread; the services are
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/endpoints/services.hpp"
#include "api/routing/router.hpp"
#include "api/server/http_server.hpp"
#include "api/static/static_files.hpp"
#include "common/result.hpp"

namespace fk::api {

struct ApiServerOptions {
  std::string db_url;  // SQLite file path, or postgresql://...
  // The built web front end served at / (static/static_files.hpp); empty:
  // none, every path outside the API is a JSON 404.
  std::string web_root;
  // How long a request waits for a database connection (and SQLite for a
  // lock) before it gets 503 busy.
  int db_timeout_ms = 10'000;
  HttpServerOptions http;
  ops::UserOptions users;
  ops::SimulationOptions simulation;  // `serve --sim-*` flags
};

class ApiServer {
 public:
  // Opens and migrates the database and builds the routes; does not listen yet.
  static Result<std::unique_ptr<ApiServer>> Open(ApiServerOptions options);
  ~ApiServer();

  Status Start();  // binds and serves (see HttpServer::Start)
  std::uint16_t port() const { return http_->port(); }
  void Stop();  // graceful; idempotent

  Services& services() { return *services_; }
  const Router& router() const { return *router_; }

 private:
  ApiServer() = default;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<AccessPolicy> policy_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<StaticFiles> web_;  // null without a web root
  std::unique_ptr<HttpServer> http_;
};

}  // namespace fk::api
