// An asynchronous HTTP/1.1 server (Boost.Beast on Asio, optionally over TLS
// with OpenSSL) that protects itself from idle, slow and greedy clients: a
// header deadline for new connections, an idle deadline between keep-alive
// requests, a body deadline, a cap on open connections in total and per
// client address (extra connections get an immediate 503 and are closed),
// a handler time limit (503), and a header-stage admission: before reading
// any byte of a body the server asks `admit` (which checks the route, the
// session, the role and the scope, and gives the body limit), answers at
// once when it refuses (401, 403, 404, 405, 413), and reads the body only
// within a budget of body bytes held at once across all connections (503
// busy when that stays full). Every answer carries the security headers
// (nosniff, no-referrer, frame DENY, and Cache-Control: no-store unless the
// handler set its own). See docs/http-server.md.
//
// The handler time limit never contradicts the data: each request's outcome
// is decided once, by whichever comes first. If the handler commits a write
// transaction (store::Transaction::Commit, on the worker thread that runs
// it) or its answer is sent (see HttpResponseHold) before the limit, its own
// answer is sent, however late. If the limit passes first, the client gets
// 503 {"code":"timeout"} and every later commit by that handler is refused
// and rolled back (through a store::ScopedCommitGate installed around the
// handler call), so 503 means nothing was saved.
//
// Threads: network I/O runs on `io_threads` threads; handlers and
// admissions run on a separate pool of `worker_threads`, so a slow handler
// (or a session looked up in the database) never stalls the reading and
// writing of other connections. The handler and admit functions are called
// from several threads at once and must be thread-safe. Start/Stop are
// called from one controlling thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/server/http_message.hpp"
#include "common/result.hpp"

namespace fk::api {

// Twice the machine's cores, at least 4.
int DefaultWorkerThreads();

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see HttpServer::port()
  int io_threads = 2;
  // Handlers do not wait for audit commits (HttpResponseHold), so twice the
  // cores covers CPU work plus waits for the database: docs/http-server.md.
  int worker_threads = DefaultWorkerThreads();
  std::size_t max_connections = 1024;
  // Connections from one client address at most (trusted proxies exempt);
  // bench/ops/run-wrk.sh opens 100 from 127.0.0.1.
  std::size_t max_connections_per_address = 256;
  // Bytes of request bodies held at once, across all connections: a body
  // reserves its Content-Length (chunked: its route's limit) from the end of
  // its headers until its request has been handled. A request that does not
  // fit waits up to body_budget_wait, then gets 503 busy.
  std::size_t body_budget_bytes = std::size_t{256} << 20;
  std::chrono::milliseconds body_budget_wait{1'000};
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds header_timeout{10'000};  // connect to end of headers
  std::chrono::milliseconds idle_timeout{30'000};    // between keep-alive requests
  std::chrono::milliseconds body_timeout{60'000};    // end of headers to end of body
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds handler_timeout{15'000};
  std::chrono::milliseconds drain_timeout{5'000};  // graceful shutdown
  // Peers (addresses or CIDR blocks) whose X-Forwarded-For and
  // X-Forwarded-Proto are believed (trusted_proxies.hpp); Start fails on an
  // entry that is neither.
  std::vector<std::string> trusted_proxies;
  // PEM files: with both set the server speaks only HTTPS (TLS 1.2 and
  // later); a plain HTTP request gets 400 https_required and is closed.
  std::string tls_certificate_file;  // the certificate chain, leaf first
  std::string tls_private_key_file;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// Sends a handler's answer; see HttpResponseHold.
using HttpSend = std::function<void(HttpResponse)>;
// Optional: lets answers wait, without holding a worker thread, for work the
// handler started elsewhere (the API holds reads until their audit records
// are committed). Called on the worker thread: `run` calls the handler and
// returns its answer; the hold must call `send` exactly once, before it
// returns or later from any thread, with that answer or a replacement, and
// `send` must not be called from inside a handler. Stop waits until every
// held answer has been sent.
using HttpResponseHold =
    std::function<void(const std::function<HttpResponse()>& run, HttpSend send)>;
// Called on a worker thread once the header of a request with a body has
// arrived, with the request minus its body (method, target, headers, client
// address): the body limit, or the answer to send without reading the body.
// Requests without a body go straight to the handler.
using AdmitFn = std::function<Admission(const HttpRequest& head)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, AdmitFn admit,
             HttpResponseHold hold = {});
  ~HttpServer();  // Stops if still running.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. Fails (with the address in the
  // message) when the address cannot be bound, (kInvalidArgument) on a bad
  // trusted proxy, and (kIo, naming the file) when the TLS certificate or
  // key cannot be loaded.
  Status Start();
  // The bound port (useful after asking for port 0). Valid after Start.
  std::uint16_t port() const;
  // Stops accepting, closes idle connections, lets requests in progress
  // finish for up to drain_timeout, then stops the threads. Idempotent.
  void Stop();
  // Number of open connections (for tests and logs).
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGINT and SIGTERM in the calling thread and all threads it starts
// later; call before HttpServer::Start. Then WaitForTerminationSignal blocks
// until one arrives and returns its number.
void BlockTerminationSignals();
int WaitForTerminationSignal();

}  // namespace fk::api
