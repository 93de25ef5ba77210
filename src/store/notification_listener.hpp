// A dedicated PostgreSQL connection that LISTENs on one channel, so that a
// process learns at once what other processes sharing the database have
// changed (the session caches of several `fangkong serve` processes,
// ops/users). Senders notify inside the transaction of their change
// (`SELECT pg_notify(channel, payload)`); PostgreSQL delivers at commit.
//
// CaughtUp() is called before trusting anything cached: without blocking it
// reads what has arrived on the socket and hands each payload to
// `on_message`, and says whether the listener is healthy: connected,
// listening, and its last heartbeat (a query sent every second by the
// listener's own thread) answered less than 3 s ago. While it is not, the
// caller must not trust its cache. Whenever the connection is lost (or a
// heartbeat goes unanswered for 3 s) and again when it is back, `on_reset`
// is called: notifications may have been missed meanwhile, so everything
// cached must go. The thread reconnects every second while the server is
// unreachable.
//
// Thread-safe: CaughtUp may be called from any number of threads (one
// mutex); the callbacks run under that mutex, on the caller's thread or the
// listener's own, and must not call back into the listener.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace fk::store {

class NotificationListener {
 public:
  struct Callbacks {
    std::function<void(std::string_view payload)> on_message;
    std::function<void()> on_reset;
  };

  // Starts the listener's thread, which connects to `url` (a libpq URI) and
  // runs LISTEN `channel` (a plain identifier). Returns at once: until the
  // first connection succeeds CaughtUp() is false.
  NotificationListener(std::string url, std::string channel, Callbacks callbacks);
  ~NotificationListener();  // stops and joins the thread, closes the connection
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

  // Non-blocking; see above.
  bool CaughtUp();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fk::store
