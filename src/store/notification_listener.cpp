#include "store/notification_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace fk::store {

using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kHeartbeatEvery = std::chrono::seconds(1);
constexpr auto kHealthyFor = std::chrono::seconds(3);  // since the last heartbeat's answer
constexpr auto kReconnectEvery = std::chrono::seconds(1);

}  // namespace

struct NotificationListener::Impl {
  // Constant after construction.
  const std::string url;
  const std::string channel;
  const Callbacks callbacks;
  const int wake_fd;  // eventfd: wakes the thread to stop

  // Guarded by mu.
  std::mutex mu;
  PGconn* conn = nullptr;
  bool broken = false;
  bool heartbeat_pending = false;
  Clock::time_point heartbeat_sent{};
  Clock::time_point last_answer{};

  std::thread thread;  // started last
  bool stopping = false;  // guarded by mu

  Impl(std::string u, std::string c, Callbacks cb)
      : url(std::move(u)),
        channel(std::move(c)),
        callbacks(std::move(cb)),
        wake_fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

  // Under mu: reads what arrived, hands notifications on, collects the
  // heartbeat's answer. Marks the connection broken on any failure.
  void ConsumeLocked() {
    if (!conn || broken) return;
    if (PQconsumeInput(conn) == 0) {
      broken = true;
      return;
    }
    while (PGnotify* n = PQnotifies(conn)) {
      if (callbacks.on_message) callbacks.on_message(n->extra);
      PQfreemem(n);
    }
    while (heartbeat_pending && PQisBusy(conn) == 0) {
      PGresult* r = PQgetResult(conn);
      if (r == nullptr) {
        heartbeat_pending = false;
        last_answer = Clock::now();
        break;
      }
      if (PQresultStatus(r) != PGRES_TUPLES_OK) broken = true;
      PQclear(r);
    }
  }

  bool HealthyLocked() const {
    return conn && !broken && Clock::now() - last_answer < kHealthyFor;
  }

  // Under mu: drops a broken or silent connection and tells the owner.
  void DropIfDeadLocked() {
    if (!conn) return;
    const bool silent = heartbeat_pending && Clock::now() - heartbeat_sent >= kHealthyFor;
    if (!broken && !silent) return;
    PQfinish(conn);
    conn = nullptr;
    broken = false;
    heartbeat_pending = false;
    if (callbacks.on_reset) callbacks.on_reset();
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

  // Waits up to `timeout` for the stop signal or (when connected) data on
  // the connection's socket.
  void Wait(int socket, std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wake_fd, POLLIN, 0}, {socket, POLLIN, 0}};
    ::poll(fds, socket >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
  }

  void Run() {
    while (true) {
      int socket = -1;
      {
        std::unique_lock lock(mu);
        if (stopping) return;
        if (conn) socket = PQsocket(conn);
      }
      if (socket < 0) {
        PGconn* c = Connect();  // blocking, outside the lock
        std::unique_lock lock(mu);
        if (stopping) {
          if (c) PQfinish(c);
          return;
        }
        if (c) {
          conn = c;
          last_answer = Clock::now();  // LISTEN answered just now
          // Anything cached while we were away may have missed a change.
          if (callbacks.on_reset) callbacks.on_reset();
          continue;
        }
        lock.unlock();
        Wait(-1, std::chrono::duration_cast<std::chrono::milliseconds>(kReconnectEvery));
        continue;
      }
      Wait(socket, std::chrono::milliseconds(250));
      std::lock_guard lock(mu);
      if (stopping) return;
      ConsumeLocked();
      if (conn && !broken && !heartbeat_pending &&
          Clock::now() - heartbeat_sent >= kHeartbeatEvery) {
        if (PQsendQuery(conn, "SELECT 1") == 1) {
          heartbeat_pending = true;
          heartbeat_sent = Clock::now();
          PQflush(conn);
        } else {
          broken = true;
        }
      }
      DropIfDeadLocked();
    }
  }
};

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           Callbacks callbacks)
    : impl_(std::make_unique<Impl>(std::move(url), std::move(channel), std::move(callbacks))) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->Run(); });
}

NotificationListener::~NotificationListener() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  const uint64_t one = 1;
  (void)!::write(impl_->wake_fd, &one, sizeof one);
  impl_->thread.join();
  if (impl_->conn) PQfinish(impl_->conn);
  ::close(impl_->wake_fd);
}

bool NotificationListener::CaughtUp() {
  std::lock_guard lock(impl_->mu);
  impl_->ConsumeLocked();
  return impl_->HealthyLocked();
}

}  // namespace fk::store
