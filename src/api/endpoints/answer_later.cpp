#include "api/endpoints/answer_later.hpp"

#include <future>
#include <utility>

namespace fk::api {
namespace {

thread_local AnswerDeferral* t_deferral = nullptr;

}  // namespace

void AnswerDeferral::WhenAnswered(HttpResponse returned,
                                  std::function<void(HttpResponse)> deliver) {
  std::unique_lock lock(mu_);
  sealed_ = true;
  if (!deferred_) {
    lock.unlock();
    return deliver(std::move(returned));
  }
  if (sent_) {
    HttpResponse answer = std::move(*sent_);
    lock.unlock();
    return deliver(std::move(answer));
  }
  deliver_ = std::move(deliver);
}

AnswerSender AnswerDeferral::Defer() {
  std::lock_guard lock(mu_);
  deferred_ = true;
  return [self = shared_from_this()](HttpResponse response) { self->Send(std::move(response)); };
}

void AnswerDeferral::Send(HttpResponse response) {
  std::unique_lock lock(mu_);
  if (!sealed_) {
    sent_ = std::move(response);
    return;
  }
  auto deliver = std::move(deliver_);
  lock.unlock();
  deliver(std::move(response));
}

ScopedAnswerDeferral::ScopedAnswerDeferral(std::shared_ptr<AnswerDeferral> deferral)
    : deferral_(std::move(deferral)), previous_(t_deferral) {
  t_deferral = deferral_.get();
}

ScopedAnswerDeferral::~ScopedAnswerDeferral() { t_deferral = previous_; }

AnswerDeferral* ScopedAnswerDeferral::Current() { return t_deferral; }

HttpResponse AnswerLater(const std::function<void(AnswerSender)>& start) {
  if (AnswerDeferral* deferral = ScopedAnswerDeferral::Current()) {
    start(deferral->Defer());
    return HttpResponse{};  // replaced by the answer sent
  }
  auto answer = std::make_shared<std::promise<HttpResponse>>();
  start([answer](HttpResponse response) { answer->set_value(std::move(response)); });
  return answer->get_future().get();
}

}  // namespace fk::api
