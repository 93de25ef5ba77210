#include "api/server/http_server.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "http_client.hpp"
#include "server/tls_client.hpp"
#include "store/database.hpp"

namespace fk::api {
namespace {

using namespace std::chrono_literals;
using test::Request;

// Admits every body of up to `bytes`.
AdmitFn Limit(std::size_t bytes) {
  return [bytes](const HttpRequest&) { return Admission{bytes, std::nullopt}; };
}

HttpResponse Echo(const HttpRequest& request) {
  if (request.target == "/slow") std::this_thread::sleep_for(400ms);
  if (request.target.rfind("/throw", 0) == 0)
    throw std::runtime_error("boom: table secret_column is gone");
  HttpResponse response;
  response.body = nlohmann::json{{"method", request.method},
                                 {"target", request.target},
                                 {"body_size", request.body.size()},
                                 {"client", request.client_address},
                                 {"secure", request.secure}}
                      .dump();
  return response;
}

struct ServerFixture {
  explicit ServerFixture(HttpServerOptions options)
      : server(
            [&] {
              options.port = 0;
              return options;
            }(),
            Echo,
            [](const HttpRequest& head) -> Admission {
              return {head.target == "/big" ? 10000u : 100u, std::nullopt};
            }) {
    EXPECT_TRUE(server.Start().ok());
  }
  HttpServer server;
};

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

TEST(HttpServer, AnswersAndReportsTheClientAddress) {
  ServerFixture f({});
  auto r = Request(f.server.port(), "GET", "/hello?x=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["target"], "/hello?x=1");
  EXPECT_EQ(r.Json()["client"], "127.0.0.1");
  EXPECT_EQ(r.headers["content-type"], "application/json");
}

TEST(HttpServer, ThreeHundredIdleConnectionsDoNotStopService) {
  HttpServerOptions options;
  options.max_connections_per_address = 400;  // all of them come from 127.0.0.1
  ServerFixture f(options);
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(test::Connect(f.server.port()));
  for (int fd : idle) ASSERT_GE(fd, 0);
  // Half of them are slow: they send part of a header and stall.
  for (std::size_t i = 0; i < idle.size(); i += 2) test::SendAll(idle[i], "GET /x HTTP/1.1\r\nHo");
  auto r = Request(f.server.port(), "GET", "/after");
  EXPECT_EQ(r.status, 200);
  for (int fd : idle) close(fd);
}

TEST(HttpServer, ClosesConnectionsThatSendNoCompleteHeaderInTime) {
  HttpServerOptions options;
  options.header_timeout = 300ms;
  ServerFixture f(options);
  int fd = test::Connect(f.server.port());
  test::SendAll(fd, "GET / HTTP/1.1\r\nHost: x\r\n");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(test::ReadAll(fd, 5s), "");  // closed without an answer
  EXPECT_LT(MillisSince(start), 2000.0);
  close(fd);
}

TEST(HttpServer, ClosesIdleKeepAliveConnections) {
  HttpServerOptions options;
  options.idle_timeout = 300ms;
  ServerFixture f(options);
  int fd = test::Connect(f.server.port());
  test::SendAll(fd, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  std::string got = test::ReadAll(fd, 5s);  // one answer, then closed when idle
  EXPECT_NE(got.find("200 OK"), std::string::npos);
  EXPECT_LT(MillisSince(start), 2000.0);
  close(fd);
}

TEST(HttpServer, ConnectionsAboveTheCapGet503AndOthersRecover) {
  HttpServerOptions options;
  options.max_connections = 5;
  ServerFixture f(options);
  std::vector<int> idle;
  for (int i = 0; i < 5; ++i) idle.push_back(test::Connect(f.server.port()));
  for (int i = 0; i < 200 && f.server.open_connections() < 5; ++i) std::this_thread::sleep_for(5ms);
  auto r = Request(f.server.port(), "GET", "/x");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Json()["error"]["code"], "busy");
  for (int fd : idle) close(fd);
  for (int i = 0; i < 200 && f.server.open_connections() > 0; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(Request(f.server.port(), "GET", "/x").status, 200);
}

TEST(HttpServer, RefusesBodiesAboveThePathLimitWith413) {
  ServerFixture f({});
  auto r = Request(f.server.port(), "POST", "/small", std::string(101, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json()["error"]["code"], "body_too_large");
  EXPECT_EQ(Request(f.server.port(), "POST", "/small", std::string(100, 'x')).status, 200);
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(5000, 'x')).status, 200);
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(2'000'000, 'x')).status, 413);
}

TEST(HttpServer, RefusesChunkedBodiesAboveTheLimitWith413) {
  ServerFixture f({});
  int fd = test::Connect(f.server.port());
  test::SendAll(fd,
                "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "c8\r\n" +
                    std::string(200, 'y') + "\r\n0\r\n\r\n");
  std::string got = test::ReadAll(fd, 5s);
  EXPECT_NE(got.find("413"), std::string::npos);
  close(fd);
}

TEST(HttpServer, HandlerOverTimeLimitGets503) {
  HttpServerOptions options;
  options.handler_timeout = 100ms;
  ServerFixture f(options);
  auto r = Request(f.server.port(), "GET", "/slow");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Json()["error"]["code"], "timeout");
  const auto start = std::chrono::steady_clock::now();
  f.server.Stop();  // waits for the abandoned handler, not for the drain timeout
  EXPECT_LT(MillisSince(start), 2000.0);
}

// A handler that writes one row in a write transaction, sleeping before or
// after its commit, and remembers what the commit said.
class HandlerDeadlineTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDb>(GetParam());
    ASSERT_TRUE(db_->ok());
    auto lease = db_->db().Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->ExecScript("CREATE TABLE notes (text TEXT NOT NULL)").ok());
    HttpServerOptions options;
    options.port = 0;
    options.handler_timeout = 100ms;
    server_ = std::make_unique<HttpServer>(
        options, [this](const HttpRequest& request) { return Write(request); }, Limit(100));
    ASSERT_TRUE(server_->Start().ok());
  }

  HttpResponse Write(const HttpRequest& request) {
    const bool sleep_first = request.target == "/sleep-then-write";
    if (sleep_first) std::this_thread::sleep_for(400ms);
    auto tx = db_->db().Begin();
    if (!tx) return JsonError(500, "internal", tx.error().message);
    if (!tx->Exec("INSERT INTO notes (text) VALUES (?)", {request.target}).ok())
      return JsonError(500, "internal", "insert failed");
    Status committed = tx->Commit();
    commit_error_ = committed.ok() ? "" : committed.error().message;
    commit_done_ = true;
    if (!committed) return JsonError(503, "busy", committed.error().message);
    if (!sleep_first) std::this_thread::sleep_for(400ms);
    HttpResponse response;
    response.status = 201;
    response.body = R"({"saved":true})";
    return response;
  }

  int64_t CountNotes() {
    auto tx = db_->db().Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = tx->QueryOne("SELECT COUNT(*) FROM notes", {});
    EXPECT_TRUE(row.ok());
    return row->Int(0);
  }

  std::unique_ptr<testing::TestDb> db_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> commit_done_{false};
  std::string commit_error_;  // written by the handler before commit_done_
};

TEST_P(HandlerDeadlineTest, TimedOutHandlerCommitsNothing) {
  auto r = Request(server_->port(), "POST", "/sleep-then-write");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Json()["error"]["code"], "timeout");
  server_->Stop();  // waits for the handler, which tries to commit after the 503
  ASSERT_TRUE(commit_done_);
  EXPECT_EQ(commit_error_, "the request took too long to handle; nothing was saved");
  EXPECT_EQ(CountNotes(), 0);
}

TEST_P(HandlerDeadlineTest, HandlerThatCommittedInTimeIsAnsweredAfterTheLimit) {
  auto r = Request(server_->port(), "POST", "/write-then-sleep");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.Json()["saved"], true);
  server_->Stop();
  EXPECT_EQ(commit_error_, "");
  EXPECT_EQ(CountNotes(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, HandlerDeadlineTest, testing::AllDialects(),
                         testing::DialectName);

// An unexpected failure answers a generic 500: what was thrown goes to the
// log with the method and path, never to the client, and the query (which
// may hold a searched ID number) goes nowhere.
TEST(HttpServer, HandlerExceptionGives500JsonWithoutItsTextAndLogsIt) {
  ServerFixture f({});
  ::testing::internal::CaptureStderr();
  auto r = Request(f.server.port(), "GET", "/throw?id_number=110105194912310021");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.Json()["error"]["code"], "internal");
  EXPECT_EQ(r.Json()["error"]["message"], "internal server error");
  EXPECT_EQ(r.body.find("secret_column"), std::string::npos) << r.body;
  EXPECT_NE(log.find("GET /throw failed unexpectedly: boom: table secret_column is gone"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("110105194912310021"), std::string::npos) << log;
}

TEST(HttpServer, StopLetsARequestInProgressFinish) {
  ServerFixture f({});
  test::ClientResponse r;
  std::thread client([&] { r = Request(f.server.port(), "GET", "/slow"); });
  std::this_thread::sleep_for(100ms);
  f.server.Stop();
  client.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(test::Connect(f.server.port()), -1);
}

// A hold that sends each answer from a thread of its own, once `release`
// says so for that request's target.
struct DeferredSender {
  std::function<bool(const std::string& target)> release;
  std::mutex mu;
  std::vector<std::thread> threads;
  std::atomic<int> sent = 0;

  HttpResponseHold Hold() {
    return [this](const std::function<HttpResponse()>& run, HttpSend send) {
      HttpResponse response = run();
      const std::string target = nlohmann::json::parse(response.body)["target"];
      std::lock_guard lock(mu);
      threads.emplace_back(
          [this, target, response = std::move(response), send = std::move(send)]() mutable {
            if (!release(target)) response = JsonError(500, "not_released", target);
            response.headers.emplace_back("X-Held", "yes");
            ++sent;
            send(std::move(response));
          });
    };
  }
  ~DeferredSender() {
    for (auto& t : threads) t.join();
  }
};

// With one worker thread, the answer to /a waits until /b has been handled:
// only possible if holding /a's answer does not hold the worker.
TEST(HttpServer, AHeldAnswerDoesNotHoldItsWorkerThread) {
  std::promise<void> b_handled;
  auto b_done = b_handled.get_future().share();
  DeferredSender sender;
  sender.release = [&](const std::string& target) {
    if (target == "/b") return true;
    return b_done.wait_for(10s) == std::future_status::ready;
  };
  HttpServerOptions options;
  options.port = 0;
  options.worker_threads = 1;
  HttpServer server(
      options,
      [&](const HttpRequest& request) {
        HttpResponse response = Echo(request);
        if (request.target == "/b") b_handled.set_value();
        return response;
      },
      Limit(100), sender.Hold());
  ASSERT_TRUE(server.Start().ok());
  test::ClientResponse a;
  std::thread client([&] { a = Request(server.port(), "GET", "/a"); });
  std::this_thread::sleep_for(100ms);
  auto b = Request(server.port(), "GET", "/b");
  client.join();
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.headers["x-held"], "yes");
  server.Stop();
}

// Stop returns only after every held answer has been handed to send, even
// when that takes longer than the drain timeout (the answer may then never
// reach the client, but nothing touches the stopped server afterwards).
TEST(HttpServer, StopWaitsForHeldAnswersEvenPastTheDrainTimeout) {
  DeferredSender sender;
  sender.release = [](const std::string&) {
    std::this_thread::sleep_for(300ms);
    return true;
  };
  HttpServerOptions options;
  options.port = 0;
  options.drain_timeout = 10ms;
  HttpServer server(options, Echo, Limit(100), sender.Hold());
  ASSERT_TRUE(server.Start().ok());
  test::ClientResponse r;
  std::thread client([&] { r = Request(server.port(), "GET", "/x"); });
  std::this_thread::sleep_for(100ms);
  server.Stop();
  EXPECT_EQ(sender.sent, 1);
  client.join();
  EXPECT_TRUE(r.status == 200 || r.status == 0) << r.status;
}

TEST(HttpServer, StartFailsWithTheAddressWhenThePortIsTaken) {
  ServerFixture f({});
  HttpServerOptions options;
  options.port = f.server.port();
  HttpServer second(options, Echo, Limit(1));
  Status status = second.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("cannot listen on 127.0.0.1:"), std::string::npos);
}

// The header of a POST of `length` bytes to `target`, as a client that has
// not sent its body yet.
std::string PostHeader(const std::string& target, std::size_t length,
                       const std::string& extra = {}) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) +
         "\r\n" + extra + "\r\n";
}

// An admission that refuses /locked with 401 and counts its calls.
struct CountingAdmission {
  std::atomic<int> calls = 0;
  AdmitFn Fn() {
    return [this](const HttpRequest& head) {
      ++calls;
      if (head.target == "/locked") {
        return Admission{0, JsonError(401, "unauthenticated", "log in first")};
      }
      return Admission{1 << 20, std::nullopt};
    };
  }
};

// Three anonymous 60 MiB uploads once took the server from 40 to 204 MB: the
// refusal now comes from the header, and not a byte of the body is read.
TEST(HttpServer, ARefusedRequestIsAnsweredBeforeItsBodyIsSent) {
  CountingAdmission admission;
  std::atomic<int> handled = 0;
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(
      options,
      [&](const HttpRequest& r) {
        ++handled;
        return Echo(r);
      },
      admission.Fn());
  ASSERT_TRUE(server.Start().ok());
  int fd = test::Connect(server.port());
  test::SendAll(fd, PostHeader("/locked", 60 << 20));  // and never the body
  const auto start = std::chrono::steady_clock::now();
  const std::string got = test::ReadAll(fd, 5s);
  EXPECT_LT(MillisSince(start), 2000.0);
  EXPECT_NE(got.find("HTTP/1.1 401"), std::string::npos) << got;
  EXPECT_NE(got.find("Connection: close"), std::string::npos) << got;
  close(fd);
  EXPECT_EQ(handled, 0);
  EXPECT_EQ(admission.calls, 1);
}

TEST(HttpServer, RequestsWithoutABodyGoStraightToTheHandler) {
  CountingAdmission admission;
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(options, Echo, admission.Fn());
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(Request(server.port(), "GET", "/locked").status, 200);  // the handler decides
  EXPECT_EQ(admission.calls, 0);
  EXPECT_EQ(Request(server.port(), "POST", "/open", "{}").status, 200);
  EXPECT_EQ(admission.calls, 1);
}

// curl waits for "100 Continue" before sending a large body: it comes once
// the request is admitted, and a refusal comes instead of it.
TEST(HttpServer, ExpectContinueIsAnsweredAfterTheAdmission) {
  CountingAdmission admission;
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(options, Echo, admission.Fn());
  ASSERT_TRUE(server.Start().ok());
  int fd = test::Connect(server.port());
  test::SendAll(fd, PostHeader("/open", 5, "Expect: 100-continue\r\nConnection: close\r\n"));
  char interim[64] = {};
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const ssize_t n = recv(fd, interim, sizeof interim - 1, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(interim, static_cast<std::size_t>(n)).rfind("HTTP/1.1 100 Continue", 0),
            0u);
  test::SendAll(fd, "hello");
  const std::string got = test::ReadAll(fd, 5s);
  EXPECT_NE(got.find("HTTP/1.1 200"), std::string::npos) << got;
  EXPECT_NE(got.find("\"body_size\":5"), std::string::npos) << got;
  close(fd);

  fd = test::Connect(server.port());
  test::SendAll(fd, PostHeader("/locked", 5, "Expect: 100-continue\r\n"));
  const std::string refused = test::ReadAll(fd, 5s);
  EXPECT_EQ(refused.rfind("HTTP/1.1 401", 0), 0u) << refused;
  close(fd);
}

// Bodies being read hold their bytes of the budget; a body that does not
// fit waits a little, then gets 503 busy; once the first is handled, there
// is room again.
TEST(HttpServer, BodiesBeyondTheBudgetWaitThenGet503) {
  HttpServerOptions options;
  options.body_budget_bytes = 1000;
  options.body_budget_wait = 200ms;
  ServerFixture f(options);  // "/big" takes 10,000 bytes, the rest 100
  int slow = test::Connect(f.server.port());
  test::SendAll(slow, PostHeader("/big", 800) + std::string(10, 'x'));  // holds 800 bytes
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  auto refused = Request(f.server.port(), "POST", "/big", std::string(500, 'y'));
  EXPECT_GE(MillisSince(start), 150.0);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.Json()["error"]["code"], "busy");
  EXPECT_EQ(refused.headers["retry-after"], "1");
  // What fits still goes through.
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(200, 'z')).status, 200);
  // The held body arrives and is handled: its bytes come back.
  test::SendAll(slow, std::string(790, 'x'));
  EXPECT_NE(test::ReadAll(slow, 1s).find("\"body_size\":800"), std::string::npos);
  close(slow);
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(500, 'y')).status, 200);
}

// A chunked body may grow to its route's limit, so it reserves all of it.
TEST(HttpServer, AChunkedBodyReservesItsWholeLimit) {
  HttpServerOptions options;
  options.body_budget_bytes = 15000;
  options.body_budget_wait = 100ms;
  ServerFixture f(options);
  int chunked = test::Connect(f.server.port());
  test::SendAll(
      chunked, "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(6000, 'y')).status, 503);
  EXPECT_EQ(Request(f.server.port(), "POST", "/big", std::string(5000, 'y')).status, 200);
  test::SendAll(chunked, "0\r\n\r\n");
  EXPECT_NE(test::ReadAll(chunked, 1s).find("\"body_size\":5"), std::string::npos);
  close(chunked);
}

TEST(HttpServer, OneAddressCannotHoldEveryConnection) {
  HttpServerOptions options;
  options.max_connections_per_address = 3;
  ServerFixture f(options);
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(test::Connect(f.server.port()));
  for (int i = 0; i < 200 && f.server.open_connections() < 3; ++i) std::this_thread::sleep_for(5ms);
  auto r = Request(f.server.port(), "GET", "/x");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Json()["error"]["message"],
            "too many open connections from your address; retry later");
  close(idle.back());
  idle.pop_back();
  for (int i = 0; i < 200 && f.server.open_connections() > 2; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(Request(f.server.port(), "GET", "/x").status, 200);
  for (int fd : idle) close(fd);
}

TEST(HttpServer, ATrustedProxyIsExemptFromThePerAddressCap) {
  HttpServerOptions options;
  options.max_connections_per_address = 3;
  options.trusted_proxies = {"127.0.0.1"};
  ServerFixture f(options);
  std::vector<int> idle;
  for (int i = 0; i < 5; ++i) idle.push_back(test::Connect(f.server.port()));
  for (int i = 0; i < 200 && f.server.open_connections() < 5; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(Request(f.server.port(), "GET", "/x").status, 200);
  for (int fd : idle) close(fd);
}

TEST(HttpServer, ForwardedHeadersAreBelievedOnlyFromATrustedProxy) {
  const test::Headers forwarded = {{"X-Forwarded-For", "203.0.113.1, 198.51.100.7"},
                                   {"X-Forwarded-Proto", "https"}};
  {
    ServerFixture f({});  // 127.0.0.1 is not trusted
    auto r = Request(f.server.port(), "GET", "/x", "", forwarded);
    EXPECT_EQ(r.Json()["client"], "127.0.0.1");
    EXPECT_EQ(r.Json()["secure"], false);
  }
  HttpServerOptions options;
  options.trusted_proxies = {"127.0.0.0/8"};
  ServerFixture f(options);
  auto r = Request(f.server.port(), "GET", "/x", "", forwarded);
  EXPECT_EQ(r.Json()["client"], "198.51.100.7");
  EXPECT_EQ(r.Json()["secure"], true);
  EXPECT_EQ(Request(f.server.port(), "GET", "/x").Json()["secure"], false);
}

TEST(HttpServer, StartRefusesABadTrustedProxy) {
  HttpServerOptions options;
  options.port = 0;
  options.trusted_proxies = {"proxy.example"};
  HttpServer server(options, Echo, Limit(1));
  Status status = server.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "trusted_proxy: not an IP address or CIDR block: proxy.example");
}

TEST(HttpServer, EveryAnswerCarriesTheSecurityHeaders) {
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(
      options,
      [](const HttpRequest& request) {
        HttpResponse response = Echo(request);
        if (request.target == "/cached")
          response.headers.emplace_back("Cache-Control", "max-age=60");
        return response;
      },
      Limit(100));
  ASSERT_TRUE(server.Start().ok());
  for (const auto& r : {Request(server.port(), "GET", "/x"),  // the handler's
                        Request(server.port(), "POST", "/x", std::string(101, 'x')),  // 413
                        Request(server.port(), "GET", "/cached")}) {
    EXPECT_EQ(r.headers.at("x-content-type-options"), "nosniff") << r.status;
    EXPECT_EQ(r.headers.at("referrer-policy"), "no-referrer") << r.status;
    EXPECT_EQ(r.headers.at("x-frame-options"), "DENY") << r.status;
  }
  EXPECT_EQ(Request(server.port(), "GET", "/x").headers["cache-control"], "no-store");
  EXPECT_EQ(Request(server.port(), "POST", "/x", std::string(101, 'x')).headers["cache-control"],
            "no-store");
  EXPECT_EQ(Request(server.port(), "GET", "/cached").headers["cache-control"], "max-age=60");
}

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fk-tls-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    cert_ = test::MakeSelfSignedCertificate(dir_);
    HttpServerOptions options;
    options.port = 0;
    options.tls_certificate_file = cert_.certificate_file;
    options.tls_private_key_file = cert_.private_key_file;
    server_ = std::make_unique<HttpServer>(options, Echo, Limit(100));
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  test::TestCertificate cert_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(TlsServerTest, AnswersOverTls) {
  auto r = test::TlsExchange(server_->port(), cert_.certificate_file,
                             "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(r.handshake_ok);
  EXPECT_EQ(r.protocol, "TLSv1.3");
  EXPECT_EQ(r.response.rfind("HTTP/1.1 200 OK", 0), 0u) << r.response;
  EXPECT_NE(r.response.find("\"secure\":true"), std::string::npos) << r.response;
  // Keep-alive over TLS: two requests on one connection.
  r = test::TlsExchange(server_->port(), cert_.certificate_file,
                        "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                        "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n"
                        "\r\nabc");
  EXPECT_NE(r.response.find("\"target\":\"/a\""), std::string::npos) << r.response;
  EXPECT_NE(r.response.find("\"body_size\":3"), std::string::npos) << r.response;
}

TEST_F(TlsServerTest, RefusesTlsOlderThan12) {
  auto old = test::TlsExchange(server_->port(), cert_.certificate_file,
                               "GET / HTTP/1.1\r\nHost: x\r\n\r\n", TLS1_1_VERSION);
  EXPECT_FALSE(old.handshake_ok);
  // The same client offering TLS 1.2 gets in.
  auto tls12 =
      test::TlsExchange(server_->port(), cert_.certificate_file,
                        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", TLS1_2_VERSION);
  ASSERT_TRUE(tls12.handshake_ok);
  EXPECT_EQ(tls12.protocol, "TLSv1.2");
  EXPECT_EQ(tls12.response.rfind("HTTP/1.1 200", 0), 0u);
}

TEST_F(TlsServerTest, PlainHttpToTheTlsPortGetsAClear400) {
  auto r = Request(server_->port(), "GET", "/hello");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["code"], "https_required");
  EXPECT_EQ(r.headers["connection"], "close");
}

TEST(HttpServer, StartFailsNamingAMissingCertificate) {
  HttpServerOptions options;
  options.port = 0;
  options.tls_certificate_file = "/nonexistent/cert.pem";
  options.tls_private_key_file = "/nonexistent/key.pem";
  HttpServer server(options, Echo, Limit(1));
  Status status = server.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      status.error().message.rfind("tls: cannot load the certificate /nonexistent/cert.pem: ", 0),
      0u)
      << status.error().message;
}

}  // namespace
}  // namespace fk::api
