// AnswerLater: an answer sent from another thread reaches the client as if
// the handler had returned it, before or after the handler returns; without
// a deferral scope the handler waits for it.
#include "api/endpoints/answer_later.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace fk::api::test {
namespace {

HttpResponse Status(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

TEST(AnswerLater, AnAnswerSentAfterTheHandlerReturnedIsDelivered) {
  auto deferral = std::make_shared<AnswerDeferral>();
  AnswerSender later;
  HttpResponse returned;
  {
    ScopedAnswerDeferral scope(deferral);
    returned = AnswerLater([&](AnswerSender send) { later = std::move(send); });
  }
  int delivered = 0;
  deferral->WhenAnswered(std::move(returned), [&](HttpResponse r) { delivered = r.status; });
  EXPECT_EQ(delivered, 0);
  std::thread([&] { later(Status(429)); }).join();
  EXPECT_EQ(delivered, 429);
}

TEST(AnswerLater, AnAnswerSentBeforeTheHandlerReturnedIsDelivered) {
  auto deferral = std::make_shared<AnswerDeferral>();
  HttpResponse returned;
  {
    ScopedAnswerDeferral scope(deferral);
    returned = AnswerLater([](AnswerSender send) { std::thread(send, Status(201)).join(); });
  }
  int delivered = 0;
  deferral->WhenAnswered(std::move(returned), [&](HttpResponse r) { delivered = r.status; });
  EXPECT_EQ(delivered, 201);
}

TEST(AnswerLater, AHandlerThatDoesNotDeferIsAnsweredWithWhatItReturned) {
  auto deferral = std::make_shared<AnswerDeferral>();
  int delivered = 0;
  deferral->WhenAnswered(Status(204), [&](HttpResponse r) { delivered = r.status; });
  EXPECT_EQ(delivered, 204);
}

TEST(AnswerLater, WithoutADeferralTheHandlerWaits) {
  ASSERT_EQ(ScopedAnswerDeferral::Current(), nullptr);
  std::thread worker;
  HttpResponse r =
      AnswerLater([&](AnswerSender send) { worker = std::thread([send] { send(Status(418)); }); });
  worker.join();
  EXPECT_EQ(r.status, 418);
}

}  // namespace
}  // namespace fk::api::test
