// The only translation unit that includes Boost.Beast (heavy to compile).
#include "api/server/http_server.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <csignal>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/commit_gate.hpp"

namespace fk::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// State shared by the acceptor and all sessions of one server.
struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
  BodyLimitFn body_limit;
  HttpResponseHold hold;  // may be empty: send the answer at once
  asio::thread_pool workers;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  // Answers handed to the hold and not yet sent; Stop waits for zero.
  std::atomic<std::size_t> held{0};

  Shared(HttpServerOptions o, HttpHandler h, BodyLimitFn b, HttpResponseHold d)
      : options(std::move(o)),
        handler(std::move(h)),
        body_limit(std::move(b)),
        hold(std::move(d)),
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

class Session;

// Live sessions, so that Stop can close the idle ones. Guarded by mu.
struct SessionRegistry {
  std::mutex mu;
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared, SessionRegistry& registry, bool counted)
      : stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        shared_(shared),
        registry_(registry),
        counted_(counted) {}

  ~Session() {
    if (counted_) {
      shared_.connections.fetch_sub(1);
      std::lock_guard lock(registry_.mu);
      registry_.sessions.erase(id_);
    }
  }

  void set_id(std::uint64_t id) { id_ = id; }

  // Serves requests until the peer leaves, a deadline passes or the server stops.
  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(true); });
  }

  // Answers 503 and closes: the server is at its connection cap.
  void Reject() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->Respond(JsonError(503, "busy", "the server has too many open connections; retry later"),
                    false);
    });
  }

  // Closes the connection if it is waiting for a request (used by Stop).
  void CloseIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kReading) self->Close();
    });
  }

 private:
  enum class State { kReading, kHandling, kWriting, kDraining };

  // The peer's address, asked of the kernel once per connection.
  const std::string& ClientAddress() {
    if (client_address_.empty()) {
      beast::error_code ignored;
      client_address_ = stream_.socket().remote_endpoint(ignored).address().to_string();
    }
    return client_address_;
  }

  void ReadHeader(bool first) {
    state_ = State::kReading;
    if (shared_.stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    // The body limit depends on the path: OnHeader sets it once the path is known.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(first ? shared_.options.header_timeout : shared_.options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit) {
      return Respond(JsonError(431, "headers_too_large", "the request headers are too large"),
                     false);
    }
    if (ec) return Close();  // peer left, deadline passed or malformed request
    const auto& header = parser_->get();
    std::string_view target(header.target().data(), header.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    std::string_view method(header.method_string().data(), header.method_string().size());
    const std::size_t limit = shared_.body_limit(method, path);
    if (auto length = parser_->content_length(); length && *length > limit) {
      return Respond(TooLarge(limit), false);
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return Dispatch();
    stream_.expires_after(shared_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  static HttpResponse TooLarge(std::size_t limit) {
    return JsonError(413, "body_too_large",
                     "the request body is larger than this endpoint accepts (" +
                         std::to_string(limit) + " bytes)");
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit)
      return Respond(TooLarge(parser_->get().body().size()), false);
    if (ec) return Close();
    Dispatch();
  }

  void Dispatch() {
    state_ = State::kHandling;
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    HttpRequest request;
    request.method.assign(message.method_string().data(), message.method_string().size());
    request.target.assign(message.target().data(), message.target().size());
    for (const auto& field : message) {
      std::string name(field.name_string().data(), field.name_string().size());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name),
                                   std::string(field.value().data(), field.value().size()));
    }
    request.body = std::move(message.body());
    request.client_address = ClientAddress();

    auto outcome = std::make_shared<RequestOutcome>();
    timer_.expires_after(shared_.options.handler_timeout);
    timer_.async_wait([self = shared_from_this(), outcome](beast::error_code ec) {
      if (ec || !outcome->ClaimForTimeout()) return;
      self->Respond(JsonError(503, "timeout", "the request took too long to handle"), false);
    });
    asio::post(shared_.workers, [self = shared_from_this(), outcome, request = std::move(request)] {
      Shared& shared = self->shared_;
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
        } catch (const std::exception&) {
          return JsonError(500, "internal", "internal server error");
        }
      };
      shared.held.fetch_add(1);
      // May run on another thread after this worker has moved on; it gives up
      // its reference to the session before it stops counting as held, so
      // that Stop never waits less than the session lives.
      HttpSend send = [session = self, outcome](HttpResponse response) mutable {
        std::shared_ptr<Session> self = std::move(session);
        Shared& shared = self->shared_;
        if (outcome->ClaimForHandler()) {  // else the client already has its 503
          asio::post(self->stream_.get_executor(),
                     [self, response = std::move(response)]() mutable {
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
    });
  }

  void Respond(HttpResponse response, bool keep_alive) {
    state_ = State::kWriting;
    auto& res = response_.emplace();
    res.version(version_);
    res.result(static_cast<unsigned>(response.status));
    res.set(http::field::server, "fangkong");
    res.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res.insert(name, value);
    res.body() = std::move(response.body);
    res.keep_alive(keep_alive && !shared_.stopping);
    res.prepare_payload();
    stream_.expires_after(shared_.options.write_timeout);
    http::async_write(stream_, res,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    if (response_->keep_alive()) return ReadHeader(false);
    // Half-close and read what the peer still sends (an unread body would make
    // the kernel reset the connection and the peer could lose our answer).
    state_ = State::kDraining;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    Drain();
  }

  void Drain() {
    stream_.expires_after(std::chrono::seconds(2));
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  std::array<char, 16 * 1024> drain_buffer_{};
  Shared& shared_;
  SessionRegistry& registry_;
  const bool counted_;
  std::uint64_t id_ = 0;
  std::string client_address_;  // ClientAddress()
  State state_ = State::kReading;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

}  // namespace

struct HttpServer::Impl {
  Shared shared;
  SessionRegistry registry;
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_timer;
  // Keeps the I/O threads running while no socket operation is pending (a
  // handler on a worker thread will still post its answer back).
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool running = false;

  Impl(HttpServerOptions o, HttpHandler h, BodyLimitFn b, HttpResponseHold d)
      : shared(std::move(o), std::move(h), std::move(b), std::move(d)) {}

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
      if (shared.connections.load() >= shared.options.max_connections) {
        std::make_shared<Session>(std::move(s), shared, registry, false)->Reject();
      } else {
        shared.connections.fetch_add(1);
        auto session = std::make_shared<Session>(std::move(s), shared, registry, true);
        {
          std::lock_guard lock(registry.mu);
          session->set_id(++registry.next_id);
          registry.sessions.emplace(registry.next_id, session);
        }
        session->Start();
      }
      Accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, BodyLimitFn body_limit,
                       HttpResponseHold hold)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(body_limit),
                                   std::move(hold))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  Impl& s = *impl_;
  const auto& options = s.shared.options;
  const std::string where = options.host + ":" + std::to_string(options.port);
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

std::size_t HttpServer::open_connections() const { return impl_->shared.connections.load(); }

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
  // Take the live sessions out under the lock, but close (and possibly drop
  // the last reference to) them outside it: ~Session takes the same lock.
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(s.registry.mu);
    for (auto& [id, weak] : s.registry.sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->CloseIfIdle();
  live.clear();
  const auto deadline = std::chrono::steady_clock::now() + s.shared.options.drain_timeout;
  while (s.shared.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
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
