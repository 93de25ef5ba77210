// Lets a handler hand its answer to another thread and return at once, so
// that no HTTP worker waits while a password is hashed (the hashing pool of
// ops/users/password_hasher.hpp): the handler calls AnswerLater, starts the
// work with the sender it is given, and returns; whoever finishes the work
// sends the answer, from any thread.
//
// The API server's HttpResponseHold (api_server.cpp) installs a
// ScopedAnswerDeferral around each handler call and then asks the deferral
// for the handler's answer (WhenAnswered): the one the handler returned, or
// the one sent later. Deferred work keeps the handler's commit gate (the
// hashing pool installs it on its thread), so the handler time limit still
// decides: after a 503 the deferred work commits nothing and its answer is
// dropped.
//
// Threads: the sender may be called on any thread, exactly once, also before
// the handler returns. ScopedAnswerDeferral is thread-local and RAII like
// ops::ScopedAuditDeferral.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "api/server/http_message.hpp"

namespace fk::api {

// Sends a deferred answer; call exactly once.
using AnswerSender = std::function<void(HttpResponse)>;

// Always held by a std::shared_ptr (the sender keeps it alive).
class AnswerDeferral : public std::enable_shared_from_this<AnswerDeferral> {
 public:
  // After the handler returned `returned`: calls `deliver` with the
  // handler's answer: `returned` when it did not defer, else the deferred
  // answer, at once if it was already sent, or later on the sending thread.
  // Call once.
  void WhenAnswered(HttpResponse returned, std::function<void(HttpResponse)> deliver);

  // Handler side (through AnswerLater): marks the answer as deferred and
  // returns its sender.
  AnswerSender Defer();

 private:
  void Send(HttpResponse response);

  std::mutex mu_;  // guards every member below
  bool deferred_ = false;
  bool sealed_ = false;  // WhenAnswered was called
  std::optional<HttpResponse> sent_;
  std::function<void(HttpResponse)> deliver_;
};

class ScopedAnswerDeferral {
 public:
  explicit ScopedAnswerDeferral(std::shared_ptr<AnswerDeferral> deferral);
  ~ScopedAnswerDeferral();
  ScopedAnswerDeferral(const ScopedAnswerDeferral&) = delete;
  ScopedAnswerDeferral& operator=(const ScopedAnswerDeferral&) = delete;

  // The innermost deferral on this thread, or null.
  static AnswerDeferral* Current();

 private:
  std::shared_ptr<AnswerDeferral> deferral_;
  AnswerDeferral* previous_;
};

// In a handler: calls `start` with a sender for the answer and returns a
// placeholder that the hold replaces with the answer sent. Without a
// ScopedAnswerDeferral on this thread (a Router called directly, as some
// tests do) it waits here for the answer and returns it.
HttpResponse AnswerLater(const std::function<void(AnswerSender)>& start);

}  // namespace fk::api
