#include "ops/declarations/declarations.hpp"

#include <gtest/gtest.h>

#include "ops/phone.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kCommunityA = "420102001001";

class DeclarationsTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    declarations_ = std::make_unique<DeclarationService>(db(), [this] { return now_; });
    // One registered household: grid A, 3-2-301.
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("INSERT INTO households (grid_code, building, unit, room, created_day) "
                         "VALUES (?, '3', '2', '301', '2020-01-01')",
                         {std::string(kGridA)})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  DeclarationInput Input(std::string room, DeclarationKind kind = DeclarationKind::kFever) {
    return {kind, kCommunityA, "3", "2", std::move(room), "张三", "13812345678", "", "发热 38.2"};
  }
  int64_t now_ = kNow;
  std::unique_ptr<DeclarationService> declarations_;
};

TEST_P(DeclarationsTest, ARegisteredAndAnUnknownAddressGetTheSameAnswer) {
  auto known = declarations_->Declare(Input("301"), "192.0.2.1");
  auto unknown = declarations_->Declare(Input("999"), "192.0.2.1");
  ASSERT_TRUE(known.ok()) << known.error().message;
  ASSERT_TRUE(unknown.ok()) << unknown.error().message;
  // Only a fresh reference and the time: nothing that depends on the registry.
  EXPECT_EQ(known->received_at, unknown->received_at);
  EXPECT_EQ(known->reference.size(), 11u);
  EXPECT_EQ(unknown->reference.size(), 11u);
  EXPECT_NE(known->reference, unknown->reference);
  // The registered address lands in its grid's queue, the other in the community's.
  auto worker = declarations_->Queue(Actor(Role::kGridWorker, kGridA), true, 0, 50);
  ASSERT_TRUE(worker.ok()) << worker.error().message;
  ASSERT_EQ(worker->items.size(), 1u);
  EXPECT_EQ(worker->items[0].room, "301");
  EXPECT_EQ(worker->items[0].grid_code, kGridA);
  EXPECT_EQ(worker->items[0].phone, "13812345678");
  auto officer = declarations_->Queue(Actor(Role::kCommunityOfficer, kCommunityA), true, 0, 50);
  ASSERT_TRUE(officer.ok());
  ASSERT_EQ(officer->items.size(), 2u);
  EXPECT_FALSE(officer->items[0].grid_code.has_value());  // the newest: 999, unmatched
  EXPECT_EQ(declarations_->Queue(Actor(Role::kGridWorker, kGridB), true, 0, 50)->items.size(), 0u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'declarations'"), 3);
}

TEST_P(DeclarationsTest, ClosingKeepsTheTimeItTook) {
  auto d = declarations_->Declare(Input("301", DeclarationKind::kNeed), "192.0.2.1");
  ASSERT_TRUE(d.ok());
  const int64_t id =
      declarations_->Queue(Actor(Role::kGridWorker, kGridA), true, 0, 1)->items[0].id;
  now_ += 95 * 60;
  EXPECT_EQ(declarations_->Close(Actor(Role::kGridWorker, kGridB), id, "x").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(declarations_->Close(Actor(Role::kGridWorker, kGridA), id, " ").error().message,
            "outcome: must not be empty");
  auto closed = declarations_->Close(Actor(Role::kGridWorker, kGridA, 5), id, "已送药上门");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->minutes_to_close, 95);
  EXPECT_EQ(closed->closed_by, 5);
  EXPECT_EQ(declarations_->Close(Actor(Role::kGridWorker, kGridA), id, "again").error().code,
            ErrorCode::kConflict);
  EXPECT_TRUE(declarations_->Queue(Actor(Role::kGridWorker, kGridA), true, 0, 50)->items.empty());
  auto all = declarations_->Queue(Actor(Role::kGridWorker, kGridA), false, 0, 50);
  ASSERT_EQ(all->items.size(), 1u);
  EXPECT_EQ(all->items[0].outcome, "已送药上门");
  EXPECT_EQ(all->items[0].minutes_to_close, 95);
}

TEST_P(DeclarationsTest, LimitedPerAddressAndInSize) {
  for (int i = 0; i < kMaxDeclarationsPerAddress; ++i)
    ASSERT_TRUE(declarations_->Declare(Input("301"), "192.0.2." + std::to_string(i)).ok());
  // The same home however it is spaced.
  auto fourth = declarations_->Declare(Input(" 301 "), "192.0.2.99");
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().code, ErrorCode::kResourceExhausted);
  // The limit is the address's, registered or not: an unknown one has its own.
  EXPECT_TRUE(declarations_->Declare(Input("302"), "192.0.2.1").ok());
  now_ += kDeclarationWindowSeconds;
  EXPECT_TRUE(declarations_->Declare(Input("301"), "192.0.2.1").ok());
  struct Case {
    DeclarationInput in;
    std::string message;
  };
  auto with = [&](auto change) {
    DeclarationInput in = Input("301");
    change(in);
    return in;
  };
  const Case cases[] = {
      {with([](auto& in) { in.community_code = "420102001"; }),
       "community_code: 420102001 is not a community code (12 digits)"},
      {with([](auto& in) { in.room = ""; }), "room: must not be empty"},
      {with([](auto& in) { in.building = std::string(21, '9'); }),
       "building: at most 20 characters"},
      {with([](auto& in) { in.detail = std::string(1001, 'x'); }),
       "detail: at most 1000 characters"},
      {with([](auto& in) { in.name = "a\x1b"; }), "name: control characters are not allowed"},
      {with([](auto& in) { in.phone = "12345"; }), "phone: " + std::string(kPhoneRule)},
      {with([](auto& in) { in.kind = DeclarationKind::kReturn; }),
       "from_area: a return needs the area returned from"},
      {with([](auto& in) {
         in.kind = DeclarationKind::kConcern;
         in.detail = "";
       }),
       "detail: say what is needed or what the concern is"},
  };
  const int64_t before = Count("SELECT COUNT(*) FROM declarations");
  for (const auto& c : cases) {
    auto r = declarations_->Declare(c.in, "192.0.2.1");
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().message, c.message);
  }
  auto nowhere = Input("301");
  nowhere.community_code = "420102001009";
  EXPECT_EQ(declarations_->Declare(nowhere, "192.0.2.1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM declarations"), before);
}

TEST_P(DeclarationsTest, OnlyTheGridsPeopleReadTheQueue) {
  ASSERT_TRUE(declarations_->Declare(Input("301"), "192.0.2.1").ok());
  for (Role role :
       {Role::kVolunteer, Role::kSupplyOfficer, Role::kAdministrator, Role::kMedicalStaff}) {
    EXPECT_EQ(declarations_->Queue(Actor(role, kCommunityA), false, 0, 50).error().code,
              ErrorCode::kPermissionDenied)
        << RoleName(role);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DeclarationsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
