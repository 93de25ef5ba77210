// The translation unit that runs Boost.Beast's connections (heavy to
// compile; request_reader.cpp is the other one that includes Beast).
#include "api/server/http_server.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <variant>
#include <vector>

#include "api/server/body_budget.hpp"
#include "api/server/connection_limits.hpp"
#include "api/server/request_reader.hpp"
#include "api/server/trusted_proxies.hpp"
#include "store/commit_gate.hpp"

namespace fk::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How long a request waits between two tries to reserve its body's bytes.
constexpr auto kBudgetRetry = std::chrono::milliseconds(10);

// The answer to a request whose handler (or admission) threw: a generic 500
// for the client; what was thrown goes to the server's log with the method
// and the path (never the query, which may hold a searched ID number).
HttpResponse Unexpected(const HttpRequest& request, const char* what) {
  const std::string_view path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  std::fprintf(stderr, "fangkong: %s %.*s failed unexpectedly: %s\n", request.method.c_str(),
               static_cast<int>(path.size()), path.data(), what);
  return JsonError(500, "internal", "internal server error");
}

class Connection;

// Live connections, so that Stop can close the idle ones. Guarded by mu.
struct ConnectionRegistry {
  std::mutex mu;
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::weak_ptr<Connection>> connections;
};

// State shared by the acceptor and all connections of one server.
struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
  AdmitFn admit;
  HttpResponseHold hold;                   // may be empty: send the answer at once
  TrustedProxies proxies;                  // set by Start
  std::optional<ConnectionLimits> limits;  // set by Start
  BodyBudget budget;
  std::optional<ssl::context> tls;  // set by Start when serving HTTPS
  ConnectionRegistry registry;
  asio::thread_pool workers;
  std::atomic<bool> stopping{false};
  // Answers handed to the hold and not yet sent; Stop waits for zero.
  std::atomic<std::size_t> held{0};

  Shared(HttpServerOptions o, HttpHandler h, AdmitFn a, HttpResponseHold d)
      : options(std::move(o)),
        handler(std::move(h)),
        admit(std::move(a)),
        hold(std::move(d)),
        budget(options.body_budget_bytes),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}
};

// How one request ends, decided once and for all by whichever comes first:
// the handler (it reaches a commit of a write transaction, or returns) or the
// handler time limit. Shared by the handler's worker thread and the
// connection's timer; lock-free.
class RequestOutcome {
 public:
  // Handler side, called before each commit and when the handler returns.
  // True when the handler's own answer will be sent: it claimed the request
  // now or earlier. False after the time limit claimed it: do not commit.
  bool ClaimForHandler() {
    Phase expected = Phase::kRunning;
    return phase_.compare_exchange_strong(expected, Phase::kCommitting) ||
           expected == Phase::kCommitting;
  }
  // Timer side. True when the time limit claimed the request: answer 503;
  // the handler can then commit nothing and its answer is dropped.
  bool ClaimForTimeout() {
    Phase expected = Phase::kRunning;
    return phase_.compare_exchange_strong(expected, Phase::kTimedOut);
  }

 private:
  // kCommitting: the handler committed (or is committing, or has returned);
  // its answer is sent however long that takes.
  enum class Phase { kRunning, kCommitting, kTimedOut };
  std::atomic<Phase> phase_{Phase::kRunning};
};

// What Stop needs of a connection of either kind.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection if it is waiting for a request.
  virtual void CloseIfIdle() = 0;
};

// One connection: reads requests and writes answers on its own strand.
// Stream is PlainStream (HTTP) or TlsStream (HTTPS).
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // A connection counted under `ticket` (no ticket: it is over a cap and
  // only gets its 503), with the bytes already read from it in `buffer`.
  Session(PlainStream stream, Shared& shared, std::optional<ConnectionLimits::Ticket> ticket,
          beast::flat_buffer buffer = {})
      : stream_(MakeStream(std::move(stream), shared)),
        timer_(stream_.get_executor()),
        buffer_(std::move(buffer)),
        shared_(shared),
        ticket_(std::move(ticket)) {}

  ~Session() override {
    if (id_ != 0) {
      std::lock_guard lock(shared_.registry.mu);
      shared_.registry.connections.erase(id_);
    }
  }

  // Serves requests until the peer leaves, a deadline passes or the server
  // stops. On an HTTPS server, a new connection first shows whether it
  // speaks TLS (then it goes on as a TLS session) or plain HTTP (refused).
  void Start() {
    if (id_ == 0) Register();
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Handshake();
      } else if (self->shared_.tls) {
        self->DetectTls();
      } else {
        self->ReadHeader(true);
      }
    });
  }

  // Answers 503 and closes: the server or the client's address is at its
  // connection cap. An HTTPS server closes without an answer (a plain HTTP
  // answer is no use to a TLS client).
  void Reject(std::string message) {
    asio::dispatch(stream_.get_executor(),
                   [self = this->shared_from_this(), message = std::move(message)] {
                     if (self->shared_.tls) return self->Close();
                     self->Respond(JsonError(503, "busy", message), false);
                   });
  }

  void CloseIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->state_ == State::kReading) self->Close();
    });
  }

 private:
  template <class>
  friend class Session;
  enum class State { kReading, kAdmitting, kHandling, kWriting, kDraining };

  static Stream MakeStream(PlainStream stream, Shared& shared) {
    if constexpr (kTls) {
      return Stream(std::move(stream), *shared.tls);
    } else {
      (void)shared;
      return stream;
    }
  }

  PlainStream& Lowest() { return beast::get_lowest_layer(stream_); }

  // Puts this connection in the registry (under the id of the connection it
  // continues, if any) so that Stop can find it.
  void Register(std::uint64_t id = 0) {
    if (!ticket_) return;
    std::lock_guard lock(shared_.registry.mu);
    id_ = id != 0 ? id : ++shared_.registry.next_id;
    shared_.registry.connections[id_] = this->weak_from_this();
  }

  // The peer's address, asked of the kernel once per connection.
  const std::string& PeerAddress() {
    if (peer_address_.empty()) {
      beast::error_code ignored;
      peer_address_ = Lowest().socket().remote_endpoint(ignored).address().to_string();
    }
    return peer_address_;
  }

  void DetectTls() {
    Lowest().expires_after(shared_.options.header_timeout);
    beast::async_detect_ssl(
        stream_, buffer_, [self = this->shared_from_this()](beast::error_code ec, bool is_tls) {
          if (ec) return self->Close();
          if (!is_tls) {
            return self->Respond(
                JsonError(400, "https_required", "this server speaks HTTPS only; use https://"),
                false);
          }
          // Go on as a TLS session with the same socket, bytes read and count.
          auto tls = std::make_shared<Session<TlsStream>>(std::move(self->stream_), self->shared_,
                                                          std::move(self->ticket_),
                                                          std::move(self->buffer_));
          tls->Register(std::exchange(self->id_, 0));
          tls->Start();
        });
  }

  void Handshake() {
    Lowest().expires_after(shared_.options.header_timeout);
    stream_.async_handshake(
        ssl::stream_base::server, buffer_.data(),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t used) {
          if (ec) return self->Close();
          self->buffer_.consume(used);
          self->ReadHeader(true);
        });
  }

  void ReadHeader(bool first) {
    state_ = State::kReading;
    if (shared_.stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    // The body limit comes from the admission, once the header is known.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    Lowest().expires_after(first ? shared_.options.header_timeout : shared_.options.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, this->shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit) {
      return Respond(JsonError(431, "headers_too_large", "the request headers are too large"),
                     false);
    }
    if (ec) return Close();  // peer left, deadline passed or malformed request
    const auto& header = parser_->get();
    keep_alive_ = header.keep_alive();
    version_ = header.version();
    head_ = ToHttpRequest(header, {PeerAddress(), kTls, shared_.proxies});
    if (parser_->is_done()) return Dispatch();  // no body
    // Ask before reading a byte of the body, on a worker: the admission may
    // look a session up in the database.
    state_ = State::kAdmitting;
    asio::post(shared_.workers, [self = this->shared_from_this()] {
      Admission admission;
      try {
        admission = self->shared_.admit(self->head_);
      } catch (const std::exception& e) {
        admission.answer = Unexpected(self->head_, e.what());
      } catch (...) {
        admission.answer = Unexpected(self->head_, "an exception of unknown type");
      }
      asio::post(self->stream_.get_executor(), [self, admission = std::move(admission)]() mutable {
        self->OnAdmitted(std::move(admission));
      });
    });
  }

  void OnAdmitted(Admission admission) {
    // The body is left unread: answer and close.
    if (admission.answer) return Respond(std::move(*admission.answer), false);
    const std::size_t limit = admission.body_limit;
    const auto length = parser_->content_length();
    if (length && *length > limit) return Respond(TooLarge(limit), false);
    parser_->body_limit(limit);
    body_limit_ = limit;
    // A chunked body may grow to its limit: it reserves all of it.
    body_bytes_ = length ? static_cast<std::size_t>(*length) : limit;
    budget_deadline_ = std::chrono::steady_clock::now() + shared_.options.body_budget_wait;
    ReserveBody();
  }

  void ReserveBody() {
    reservation_ = shared_.budget.TryReserve(body_bytes_);
    if (reservation_) return ReadBody();
    if (shared_.stopping || body_bytes_ > shared_.budget.capacity() ||
        std::chrono::steady_clock::now() + kBudgetRetry > budget_deadline_) {
      HttpResponse busy = JsonError(503, "busy",
                                    "the server is receiving too many request bodies at once; "
                                    "retry later");
      busy.headers.emplace_back("Retry-After", "1");
      return Respond(std::move(busy), false);
    }
    timer_.expires_after(kBudgetRetry);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return self->Close();
      self->ReserveBody();
    });
  }

  void ReadBody() {
    const auto& header = parser_->get();
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      // The client waits for this before it sends the body (curl does).
      continue_.emplace(http::status::continue_, version_);
      Lowest().expires_after(shared_.options.write_timeout);
      return http::async_write(
          stream_, *continue_,
          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Close();
            self->ReadRestOfBody();
          });
    }
    ReadRestOfBody();
  }

  void ReadRestOfBody() {
    Lowest().expires_after(shared_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, this->shared_from_this()));
  }

  static HttpResponse TooLarge(std::size_t limit) {
    return JsonError(413, "body_too_large",
                     "the request body is larger than this endpoint accepts (" +
                         std::to_string(limit) + " bytes)");
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return Respond(TooLarge(body_limit_), false);
    if (ec) return Close();
    Dispatch();
  }

  void Dispatch() {
    state_ = State::kHandling;
    HttpRequest request = std::move(head_);
    request.body = std::move(parser_->release().body());
    parser_.reset();
    auto outcome = std::make_shared<RequestOutcome>();
    timer_.expires_after(shared_.options.handler_timeout);
    timer_.async_wait([self = this->shared_from_this(), outcome](beast::error_code ec) {
      if (ec || !outcome->ClaimForTimeout()) return;
      self->Respond(JsonError(503, "timeout", "the request took too long to handle"), false);
    });
    // The body's bytes stay reserved until the handler is done with them.
    asio::post(shared_.workers,
               [self = this->shared_from_this(), outcome, request = std::move(request),
                reservation = std::move(reservation_)] { self->RunHandler(outcome, request); });
  }

  // On a worker thread: runs the handler (through the hold, if any) and
  // hands its answer back to the connection's strand.
  void RunHandler(const std::shared_ptr<RequestOutcome>& outcome, const HttpRequest& request) {
    Shared& shared = shared_;
    auto run = [&]() -> HttpResponse {
      // A write transaction committed by the handler on this thread first
      // claims the request; after the time limit claimed it, the commit
      // is refused and rolled back, matching the 503 already sent.
      // The gate holds its own reference to the outcome: a handler may
      // hand it to another thread (CurrentCommitGate).
      store::ScopedCommitGate gate([outcome]() -> Status {
        if (outcome->ClaimForHandler()) return Status::Ok();
        return Error{ErrorCode::kResourceExhausted,
                     "the request took too long to handle; nothing was saved"};
      });
      try {
        return shared.handler(request);
      } catch (const std::exception& e) {
        return Unexpected(request, e.what());
      } catch (...) {
        return Unexpected(request, "an exception of unknown type");
      }
    };
    shared.held.fetch_add(1);
    // May run on another thread after this worker has moved on; it gives up
    // its reference to the session before it stops counting as held, so
    // that Stop never waits less than the session lives.
    HttpSend send = [session = this->shared_from_this(), outcome](HttpResponse response) mutable {
      std::shared_ptr<Session> self = std::move(session);
      Shared& shared = self->shared_;
      if (outcome->ClaimForHandler()) {  // else the client already has its 503
        asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
          self->timer_.cancel();
          self->Respond(std::move(response), self->keep_alive_);
        });
      }
      self.reset();
      shared.held.fetch_sub(1);
    };
    if (shared.hold) {
      shared.hold(run, std::move(send));
    } else {
      send(run());
    }
  }

  void Respond(HttpResponse response, bool keep_alive) {
    state_ = State::kWriting;
    reservation_.reset();  // a body left unread holds no budget
    auto& res = response_.emplace();
    res.version(version_);
    res.result(static_cast<unsigned>(response.status));
    res.set(http::field::server, "fangkong");
    res.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res.insert(name, value);
    // The security headers of every answer, in this one place.
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set(http::field::x_frame_options, "DENY");
    if (res.find(http::field::cache_control) == res.end())
      res.set(http::field::cache_control, "no-store");
    res.body() = std::move(response.body);
    res.keep_alive(keep_alive && !shared_.stopping);
    res.prepare_payload();
    Lowest().expires_after(shared_.options.write_timeout);
    http::async_write(stream_, res,
                      beast::bind_front_handler(&Session::OnWrite, this->shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    if (response_->keep_alive()) return ReadHeader(false);
    state_ = State::kDraining;
    if constexpr (kTls) {
      // Say goodbye in TLS (close_notify) first, then as below.
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->HalfCloseAndDrain(); });
    } else {
      HalfCloseAndDrain();
    }
  }

  // Half-closes and reads what the peer still sends (an unread body would
  // make the kernel reset the connection and the peer could lose our answer).
  void HalfCloseAndDrain() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    Drain();
  }

  void Drain() {
    Lowest().expires_after(std::chrono::seconds(2));
    Lowest().async_read_some(asio::buffer(drain_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->Close();
                               self->Drain();
                             });
  }

  void Close() {
    beast::error_code ignored;
    timer_.cancel();
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().socket().close(ignored);
  }

  Stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  std::optional<http::response<http::empty_body>> continue_;
  std::array<char, 16 * 1024> drain_buffer_{};
  Shared& shared_;
  std::optional<ConnectionLimits::Ticket> ticket_;
  std::uint64_t id_ = 0;                                // in the registry; 0: not there
  std::string peer_address_;                            // PeerAddress()
  HttpRequest head_;                                    // the request being read, without body
  std::optional<BodyBudget::Reservation> reservation_;  // its body's bytes
  std::size_t body_limit_ = 0;                          // from the admission
  std::size_t body_bytes_ = 0;                          // to reserve
  std::chrono::steady_clock::time_point budget_deadline_;
  State state_ = State::kReading;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

Status LoadTls(const HttpServerOptions& options, std::optional<ssl::context>& tls) {
  if (options.tls_certificate_file.empty() && options.tls_private_key_file.empty())
    return Status::Ok();
  if (options.tls_certificate_file.empty() || options.tls_private_key_file.empty()) {
    return InvalidArgument("tls: give both a certificate and a private key");
  }
  tls.emplace(ssl::context::tls_server);
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  tls->use_certificate_chain_file(options.tls_certificate_file, ec);
  if (ec) {
    tls.reset();
    return Error{ErrorCode::kIo, "tls: cannot load the certificate " +
                                     options.tls_certificate_file + ": " + ec.message()};
  }
  tls->use_private_key_file(options.tls_private_key_file, ssl::context::pem, ec);
  if (!ec && SSL_CTX_check_private_key(tls->native_handle()) != 1)
    ec = beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
  if (ec) {
    tls.reset();
    return Error{ErrorCode::kIo, "tls: cannot load the private key " +
                                     options.tls_private_key_file + ": " + ec.message()};
  }
  return Status::Ok();
}

}  // namespace

struct HttpServer::Impl {
  Shared shared;
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_timer;
  // Keeps the I/O threads running while no socket operation is pending (a
  // handler on a worker thread will still post its answer back).
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool running = false;

  Impl(HttpServerOptions o, HttpHandler h, AdmitFn a, HttpResponseHold d)
      : shared(std::move(o), std::move(h), std::move(a), std::move(d)) {}

  void Accept() {
    acceptor->async_accept(asio::make_strand(*io), [this](beast::error_code ec, tcp::socket s) {
      if (!acceptor->is_open()) return;
      if (ec) {  // e.g. out of file descriptors: wait a little, then go on
        retry_timer->expires_after(std::chrono::milliseconds(50));
        retry_timer->async_wait([this](beast::error_code e) {
          if (!e) Accept();
        });
        return;
      }
      s.set_option(tcp::no_delay(true), ec);
      const std::string peer = s.remote_endpoint(ec).address().to_string();
      auto opened = shared.limits->TryOpen(peer);
      if (auto* refusal = std::get_if<ConnectionLimits::Refusal>(&opened)) {
        std::make_shared<Session<PlainStream>>(PlainStream(std::move(s)), shared, std::nullopt)
            ->Reject(*refusal == ConnectionLimits::Refusal::kAddressFull
                         ? "too many open connections from your address; retry later"
                         : "the server has too many open connections; retry later");
      } else {
        std::make_shared<Session<PlainStream>>(
            PlainStream(std::move(s)), shared,
            std::move(std::get<ConnectionLimits::Ticket>(opened)))
            ->Start();
      }
      Accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, AdmitFn admit,
                       HttpResponseHold hold)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(admit),
                                   std::move(hold))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  Impl& s = *impl_;
  const auto& options = s.shared.options;
  const std::string where = options.host + ":" + std::to_string(options.port);
  auto proxies = TrustedProxies::Parse(options.trusted_proxies);
  if (!proxies.ok()) return proxies.error();
  s.shared.proxies = *proxies;
  s.shared.limits.emplace(options.max_connections, options.max_connections_per_address, *proxies);
  if (Status loaded = LoadTls(options, s.shared.tls); !loaded) return loaded;
  // Each connection is a file descriptor: allow as many as the hard limit.
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) return Error{ErrorCode::kInvalidArgument, "not an IP address: " + options.host};
  s.io.emplace(std::max(1, options.io_threads));
  s.acceptor.emplace(*s.io);
  s.retry_timer.emplace(*s.io);
  s.work.emplace(s.io->get_executor());
  const tcp::endpoint endpoint(address, options.port);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{ErrorCode::kIo, "cannot listen on " + where + ": " + ec.message()};
  s.port = s.acceptor->local_endpoint().port();
  s.Accept();
  for (int i = 0; i < std::max(1, options.io_threads); ++i) {
    s.threads.emplace_back([&s] { s.io->run(); });
  }
  s.running = true;
  return Status::Ok();
}

std::uint16_t HttpServer::port() const { return impl_->port; }

std::size_t HttpServer::open_connections() const {
  return impl_->shared.limits ? impl_->shared.limits->open() : 0;
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (!s.running) return;
  s.running = false;
  s.shared.stopping = true;
  asio::post(*s.io, [&s] {
    beast::error_code ignored;
    s.acceptor->close(ignored);
    s.retry_timer->cancel();
  });
  // Take the live connections out under the lock, but close (and possibly
  // drop the last reference to) them outside it: ~Session takes the same lock.
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(s.shared.registry.mu);
    for (auto& [id, weak] : s.shared.registry.connections) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) connection->CloseIfIdle();
  live.clear();
  const auto deadline = std::chrono::steady_clock::now() + s.shared.options.drain_timeout;
  while (s.shared.limits->open() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  s.work.reset();
  s.io->stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.shared.workers.join();
  // Held answers are sent (into the stopped io_context) once what they wait
  // for is done: the audit writer finishes every record it has queued.
  while (s.shared.held.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Destroy pending handlers (and the sessions they hold) while Impl lives.
  s.retry_timer.reset();
  s.acceptor.reset();
  s.io.reset();
}

int DefaultWorkerThreads() {
  return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace fk::api
