#include "api/api_server.hpp"

#include <algorithm>

#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/schema.hpp"

namespace fk::api {

Result<std::unique_ptr<ApiServer>> ApiServer::Open(ApiServerOptions options) {
  store::DatabaseOptions db_options;
  // A worker holds a connection only while it reads or writes, not while it
  // waits for the audit commit; more connections would only cost memory
  // (SQLite's page cache is per connection) and PostgreSQL backends.
  db_options.pool_size = std::clamp(options.http.worker_threads, 4, 16);
  auto db = store::Database::Open(options.db_url, db_options);
  if (!db.ok()) return db.error();
  if (auto migrated = ops::MigrateOps(**db); !migrated.ok()) return migrated.error();
  std::unique_ptr<ApiServer> server(new ApiServer());
  server->db_ = std::move(*db);
  server->services_ = std::make_unique<Services>(*server->db_, options.users);
  server->policy_ = std::make_unique<OpsAccessPolicy>(server->services_->users);
  server->router_ = std::make_unique<Router>(BuildRoutes(*server->services_), *server->policy_);
  const Router* router = server->router_.get();
  server->http_ = std::make_unique<HttpServer>(
      options.http, [router](const HttpRequest& request) { return router->Handle(request); },
      [router](std::string_view method, std::string_view path) {
        return router->BodyLimit(method, path);
      });
  return server;
}

ApiServer::~ApiServer() { Stop(); }

Status ApiServer::Start() { return http_->Start(); }

void ApiServer::Stop() {
  if (http_) http_->Stop();
}

}  // namespace fk::api
