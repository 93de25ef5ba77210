// A dedicated PostgreSQL connection that LISTENs on one channel and also
// sends on it, so that the processes sharing a database learn at once what
// the others have changed (the session caches of several `fangkong serve`
// processes, ops/users). Senders of changes notify inside the transaction
// of their change (`SELECT pg_notify(channel, payload)`; PostgreSQL
// delivers at commit); Send() is for messages about the listeners
// themselves (greetings, acknowledgements), sent in order on this
// connection.
//
// CaughtUp() is called before trusting anything cached: without blocking it
// reads what has arrived on the socket and hands each payload to
// `on_message`, and says whether the listener is healthy: connected,
// listening, and its last answered command (a heartbeat query every
// second, or a Send) sent less than kHealthyFor (3 s) ago. An answer comes
// after the notifications of every transaction committed before its
// command was sent, so a listener healthy at time t has heard every change
// committed before t - kHealthyFor. While it is not, the caller must not
// trust its cache. When the connection is lost (or a command goes
// unanswered for 3 s) and again each time it is (re)established,
// `on_reset` is called: notifications may have been missed meanwhile, so
// everything cached must go. The thread reconnects every second while the
// server is unreachable. The destructor sends what Send() queued before it
// closes the connection.
//
// Thread-safe: CaughtUp and Send may be called from any number of threads.
// The callbacks run under the listener's mutex, on the caller's thread or
// the listener's own; they may call Send but nothing else of the listener.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace fk::store {

class NotificationListener {
 public:
  static constexpr std::chrono::seconds kHealthyFor{3};

  // Each gets the listener itself (for Send), also while its constructor
  // has not yet returned.
  struct Callbacks {
    std::function<void(NotificationListener& self, std::string_view payload)> on_message;
    std::function<void(NotificationListener& self)> on_reset;
  };

  // Starts the listener's thread, which connects to `url` (a libpq URI) and
  // runs LISTEN `channel` (a plain identifier). Returns at once: until the
  // first connection succeeds CaughtUp() is false.
  NotificationListener(std::string url, std::string channel, Callbacks callbacks);
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

  // Non-blocking; see above.
  bool CaughtUp();
  // Queues a notification with `payload` on the channel (sent by the
  // listener's thread, in order; dropped if the connection is lost first).
  void Send(std::string_view payload);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fk::store
