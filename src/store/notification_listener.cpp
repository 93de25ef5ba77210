#include "store/notification_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

namespace fk::store {

using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kHeartbeatEvery = std::chrono::seconds(1);
constexpr auto kHealthyFor = NotificationListener::kHealthyFor;
constexpr auto kReconnectEvery = std::chrono::seconds(1);

}  // namespace

struct NotificationListener::Impl {
  // Constant after construction.
  const std::string url;
  const std::string channel;
  const Callbacks callbacks;
  const int wake_fd;  // eventfd: wakes the thread (stop, something to send)
  NotificationListener* const owner;

  // Guarded by mu.
  std::mutex mu;
  PGconn* conn = nullptr;
  bool broken = false;
  bool in_flight = false;             // a command was sent and its results not all read
  Clock::time_point sent_at{};        // of the command in flight
  Clock::time_point answered_sent{};  // when the last answered command was sent
  Clock::time_point last_heartbeat{};
  bool stopping = false;

  // Guarded by outbox_mu (taken after mu when both are held): payloads to send.
  std::mutex outbox_mu;
  std::deque<std::string> outbox;

  std::thread thread;  // started last

  Impl(std::string u, std::string c, Callbacks cb, NotificationListener* o)
      : url(std::move(u)),
        channel(std::move(c)),
        callbacks(std::move(cb)),
        wake_fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
        owner(o) {}

  void Wake() {
    const uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  }

  // Under mu: reads what arrived, hands notifications on, collects the
  // answer of the command in flight. Marks the connection broken on failure.
  void ConsumeLocked() {
    if (!conn || broken) return;
    if (PQconsumeInput(conn) == 0) {
      broken = true;
      return;
    }
    while (PGnotify* n = PQnotifies(conn)) {
      if (callbacks.on_message) callbacks.on_message(*owner, n->extra);
      PQfreemem(n);
    }
    while (in_flight && PQisBusy(conn) == 0) {
      PGresult* r = PQgetResult(conn);
      if (r == nullptr) {
        in_flight = false;
        answered_sent = sent_at;
        break;
      }
      if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        broken = true;
      PQclear(r);
    }
  }

  bool HealthyLocked() const {
    return conn && !broken && Clock::now() - answered_sent < kHealthyFor;
  }

  // Under mu: sends the next queued payload, or a heartbeat when due.
  void SendNextLocked() {
    if (!conn || broken || in_flight) return;
    std::string sql;
    {
      std::lock_guard lock(outbox_mu);
      if (!outbox.empty()) {
        char* literal = PQescapeLiteral(conn, outbox.front().data(), outbox.front().size());
        if (literal == nullptr) {
          broken = true;
          return;
        }
        sql = "SELECT pg_notify('" + channel + "', " + literal + ")";
        PQfreemem(literal);
        outbox.pop_front();
      }
    }
    if (sql.empty()) {
      if (Clock::now() - last_heartbeat < kHeartbeatEvery) return;
      sql = "SELECT 1";
      last_heartbeat = Clock::now();
    }
    if (PQsendQuery(conn, sql.c_str()) != 1) {
      broken = true;
      return;
    }
    in_flight = true;
    sent_at = Clock::now();
    PQflush(conn);
  }

  // Under mu: drops a broken or silent connection and tells the owner.
  void DropIfDeadLocked() {
    if (!conn) return;
    const bool silent = in_flight && Clock::now() - sent_at >= kHealthyFor;
    if (!broken && !silent) return;
    PQfinish(conn);
    conn = nullptr;
    broken = false;
    in_flight = false;
    if (callbacks.on_reset) callbacks.on_reset(*owner);
  }

  PGconn* Connect() const {
    // The URL's own parameters, and a bound on the wait for an unreachable
    // server (the destructor joins this thread).
    const char* keys[] = {"dbname", "connect_timeout", nullptr};
    const char* values[] = {url.c_str(), "2", nullptr};
    PGconn* c = PQconnectdbParams(keys, values, 1);
    if (PQstatus(c) != CONNECTION_OK) {
      PQfinish(c);
      return nullptr;
    }
    const std::string listen = "LISTEN " + channel;
    PGresult* r = PQexec(c, listen.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok || PQsetnonblocking(c, 1) != 0) {
      PQfinish(c);
      return nullptr;
    }
    return c;
  }

  // Waits up to `timeout` for a wake-up or (when connected) data on the socket.
  void Wait(int socket, std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wake_fd, POLLIN, 0}, {socket, POLLIN, 0}};
    ::poll(fds, socket >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
    uint64_t drained = 0;
    (void)!::read(wake_fd, &drained, sizeof drained);
  }

  void Run() {
    while (true) {
      int socket = -1;
      {
        std::lock_guard lock(mu);
        if (stopping) return;
        if (conn) socket = PQsocket(conn);
      }
      if (socket < 0) {
        const Clock::time_point listen_sent = Clock::now();
        PGconn* c = Connect();  // blocking, outside the lock
        std::lock_guard lock(mu);
        if (stopping) {
          if (c) PQfinish(c);
          return;
        }
        if (c) {
          conn = c;
          answered_sent = listen_sent;  // LISTEN answered
          // Anything cached while we were away may have missed a change.
          if (callbacks.on_reset) callbacks.on_reset(*owner);
          SendNextLocked();
          continue;
        }
      }
      if (socket < 0) {
        Wait(-1, std::chrono::duration_cast<std::chrono::milliseconds>(kReconnectEvery));
        continue;
      }
      Wait(socket, std::chrono::milliseconds(250));
      std::lock_guard lock(mu);
      if (stopping) return;
      ConsumeLocked();
      SendNextLocked();
      DropIfDeadLocked();
    }
  }

  // After the thread stopped: sends what is still queued, blocking.
  void Flush() {
    if (!conn || broken) return;
    PQsetnonblocking(conn, 0);
    while (PGresult* r = PQgetResult(conn)) PQclear(r);
    std::lock_guard lock(outbox_mu);
    for (const auto& payload : outbox) {
      char* literal = PQescapeLiteral(conn, payload.data(), payload.size());
      if (literal == nullptr) return;
      const std::string sql = "SELECT pg_notify('" + channel + "', " + literal + ")";
      PQfreemem(literal);
      PQclear(PQexec(conn, sql.c_str()));
    }
    outbox.clear();
  }
};

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           Callbacks callbacks)
    : impl_(
          std::make_unique<Impl>(std::move(url), std::move(channel), std::move(callbacks), this)) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->Run(); });
}

NotificationListener::~NotificationListener() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->Wake();
  impl_->thread.join();
  impl_->Flush();
  if (impl_->conn) PQfinish(impl_->conn);
  ::close(impl_->wake_fd);
}

bool NotificationListener::CaughtUp() {
  std::lock_guard lock(impl_->mu);
  impl_->ConsumeLocked();
  return impl_->HealthyLocked();
}

void NotificationListener::Send(std::string_view payload) {
  {
    std::lock_guard lock(impl_->outbox_mu);
    impl_->outbox.emplace_back(payload);
  }
  impl_->Wake();
}

}  // namespace fk::store
