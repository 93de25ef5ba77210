#include "api/api_server.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "api/endpoints/answer_later.hpp"
#include "api/endpoints/ops_access.hpp"
#include "api/endpoints/routes.hpp"
#include "ops/audit/audit_deferral.hpp"
#include "ops/schema.hpp"

namespace fk::api {
namespace {

// A read's answer waits for its audit records to be committed, and an
// answer that a handler handed to the password-hashing pool (AnswerLater)
// waits for that work, but no worker thread waits with them: the thread
// that finishes (the hashing pool's, then the audit writer's) sends it, or,
// if the audit records could not be written, the error in its place.
void HoldUntilAnsweredAndAudited(const std::function<HttpResponse()>& run, HttpSend send) {
  auto audit = std::make_shared<ops::AuditDeferral>();
  auto answer = std::make_shared<AnswerDeferral>();
  HttpResponse response;
  {
    ops::ScopedAuditDeferral audit_scope(audit);
    ScopedAnswerDeferral answer_scope(answer);
    response = run();
  }
  answer->WhenAnswered(std::move(response), [audit, send = std::move(send)](HttpResponse final) {
    audit->WhenCommitted([send, final = std::move(final)](const Status& audited) mutable {
      send(audited ? std::move(final) : ErrorResponse(audited.error()));
    });
  });
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Open(ApiServerOptions options) {
  store::DatabaseOptions db_options;
  // A worker holds a connection only while it reads or writes, not while it
  // waits for the audit commit; more connections would only cost memory
  // (SQLite's page cache is per connection) and PostgreSQL backends.
  db_options.pool_size = std::clamp(options.http.worker_threads, 4, 16);
  db_options.timeout_ms = options.db_timeout_ms;
  auto db = store::Database::Open(options.db_url, db_options);
  if (!db.ok()) return db.error();
  if (auto migrated = ops::MigrateOps(**db); !migrated.ok()) return migrated.error();
  std::unique_ptr<ApiServer> server(new ApiServer());
  server->db_ = std::move(*db);
  server->services_ =
      std::make_unique<Services>(*server->db_, options.users, std::move(options.simulation));
  // Runs left queued or running by a process that stopped will never end.
  if (auto recovered = server->services_->simulation.RecoverInterrupted(); !recovered.ok())
    return recovered.error();
  server->policy_ =
      std::make_unique<OpsAccessPolicy>(server->services_->users, server->services_->audit_writer);
  server->router_ = std::make_unique<Router>(BuildRoutes(*server->services_), *server->policy_);
  const Router* router = server->router_.get();
  if (!options.web_root.empty()) server->web_ = std::make_unique<StaticFiles>(options.web_root);
  const StaticFiles* web = server->web_.get();
  server->http_ = std::make_unique<HttpServer>(
      options.http,
      [router, web](const HttpRequest& request) {
        if (web && StaticFiles::Handles(request)) return web->Serve(request);
        return router->Handle(request);
      },
      [router, web](const HttpRequest& head) {
        if (web && StaticFiles::Handles(head)) return Admission{kDefaultBodyLimit, std::nullopt};
        return router->Admit(head);
      },
      HoldUntilAnsweredAndAudited);
  return server;
}

ApiServer::~ApiServer() { Stop(); }

Status ApiServer::Start() {
  // Serve with an empty write-ahead log: a log left by a bulk load (the demo
  // city) would otherwise be copied and synced while the first requests'
  // audit commits wait behind that sync (stalls of 100-300 ms under load).
  // Busy (another process reading) only means the log stays for the
  // background checkpoints; a failure to read or write the file stops us.
  if (Status s = db_->CheckpointWal(); !s && s.error().code != ErrorCode::kResourceExhausted)
    return s;
  return http_->Start();
}

void ApiServer::Stop() {
  if (http_) http_->Stop();
}

}  // namespace fk::api
