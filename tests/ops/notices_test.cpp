#include "ops/notices/notices.hpp"

#include <gtest/gtest.h>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr int64_t kDay = 86400;
constexpr const char* kCommunityA = "420102001001";
constexpr const char* kCommunityB = "420102001002";

class NoticesTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    notices_ = std::make_unique<NoticeService>(db(), [this] { return now_; });
  }
  Notice Publish(const std::string& region, const std::string& title, bool pinned = false,
                 int64_t days = 7) {
    // The city's notice by the command centre, the rest by the street's officer.
    const AccessContext& by = region == kCity ? command_ : street_;
    auto n = notices_->Publish(by, {region, title, "正文\n第二行", pinned, now_ + days * kDay});
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : Notice{};
  }
  std::vector<std::string> Titles(const std::string& community) {
    auto page = notices_->ForCommunity(community);
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<std::string> out;
    if (page.ok())
      for (const auto& n : page->notices) out.push_back(n.title);
    return out;
  }
  int64_t now_ = kNow;
  std::unique_ptr<NoticeService> notices_;
  const AccessContext street_ = Actor(Role::kStreetOfficer, "420102001", 7);
  const AccessContext command_ = Actor(Role::kCommandCentre, kCity, 8);
};

TEST_P(NoticesTest, ACommunityReadsItsOwnItsGridsAndThoseAboveItPinnedFirst) {
  Publish(kCity, "全市通告");
  Publish(kCommunityA, "社区一通知");
  Publish(kGridA, "网格A通知");
  Publish(kCommunityB, "社区二通知");
  now_ += 60;
  Publish("420102001", "街道置顶", true);
  now_ += 60;
  Publish("420102001", "街道最新");
  EXPECT_EQ(Titles(kCommunityA), (std::vector<std::string>{"街道置顶", "街道最新", "网格A通知",
                                                           "社区一通知", "全市通告"}));
  EXPECT_EQ(Titles(kCommunityB),
            (std::vector<std::string>{"街道置顶", "街道最新", "社区二通知", "全市通告"}));
  auto page = notices_->ForCommunity(kCommunityA);
  EXPECT_EQ(page->community_name, "社区一");
  EXPECT_EQ(page->notices[0].body, "正文\n第二行");
}

TEST_P(NoticesTest, ExpiredAndWithdrawnNoticesAreNotShown) {
  const Notice soon = Publish(kCommunityA, "明天到期", false, 1);
  const Notice gone = Publish(kCommunityA, "撤回的");
  Publish(kCommunityA, "还在");
  auto w = notices_->Withdraw(street_, gone.id);
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->withdrawn_at, kNow);
  EXPECT_EQ(notices_->Withdraw(street_, gone.id).error().code, ErrorCode::kConflict);
  EXPECT_EQ(Titles(kCommunityA), (std::vector<std::string>{"还在", "明天到期"}));
  now_ = soon.expires_at;
  EXPECT_EQ(Titles(kCommunityA), (std::vector<std::string>{"还在"}));
  // Staff still list all three.
  auto all = notices_->List(street_, 0, 50);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 3u);
}

TEST_P(NoticesTest, MarkupIsKeptAsTextAndControlCharactersAreRefused) {
  const std::string markup = "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;";
  const Notice n = Publish(kCommunityA, markup);
  EXPECT_EQ(Titles(kCommunityA), (std::vector<std::string>{markup}));
  EXPECT_EQ(n.title, markup);
  struct Case {
    NoticeInput in;
    std::string message;
  };
  const int64_t week = kNow + 7 * kDay;
  const Case cases[] = {
      {{kCommunityA, "", "x", false, week}, "title: must not be empty"},
      {{kCommunityA, "  ", "x", false, week}, "title: must not be empty"},
      {{kCommunityA, "a\nb", "x", false, week}, "title: control characters are not allowed"},
      {{kCommunityA, "t", "x\x1b[2J", false, week}, "body: control characters are not allowed"},
      {{kCommunityA, "t", "x\xc2\x85", false, week}, "body: control characters are not allowed"},
      {{kCommunityA, "t",
        "\xe2\x80\xae"
        "txt.exe",
        false, week},
       "body: control characters are not allowed"},
      {{kCommunityA, "t", "\xff", false, week}, "body: not valid UTF-8"},
      {{kCommunityA, std::string(101, 'x'), "x", false, week}, "title: at most 100 characters"},
      {{kCommunityA, "t", "x", false, kNow}, "expires_at: must be in the future"},
      {{kCommunityA, "t", "x", false, kNow + 367 * kDay}, "expires_at: at most 366 days ahead"},
      {{"4201020", "t", "x", false, week},
       "region_code: 4201020 is not a region code (6, 9, 12 or 15 digits)"},
      {{"420102001009", "t", "x", false, week}, "region_code: region 420102001009 does not exist"},
  };
  for (const auto& c : cases) {
    auto r = notices_->Publish(street_, c.in);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, c.message);
  }
  // 100 Chinese characters (300 bytes) fit: characters are counted, not bytes.
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "通";
  EXPECT_TRUE(notices_->Publish(street_, {kCommunityA, hundred, "x", false, week}).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notices"), 2);
}

TEST_P(NoticesTest, RolesScopesAndCodes) {
  const Notice n = Publish(kCommunityA, "社区一通知");
  const AccessContext b_officer = Actor(Role::kCommunityOfficer, kCommunityB, 8);
  EXPECT_EQ(notices_->Publish(b_officer, {kCommunityA, "t", "x", false, kNow + kDay}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(notices_->Withdraw(b_officer, n.id).error().code, ErrorCode::kNotFound);
  for (Role role : {Role::kGridWorker, Role::kVolunteer, Role::kSupplyOfficer, Role::kAdministrator,
                    Role::kMedicalStaff}) {
    auto r =
        notices_->Publish(Actor(role, "420102001"), {kCommunityA, "t", "x", false, kNow + kDay});
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << RoleName(role);
  }
  EXPECT_EQ(notices_->List(b_officer, 0, 50)->items.size(), 0u);
  EXPECT_EQ(notices_->ForCommunity("420102001").error().message,
            "code: not a community code (12 digits)");
  EXPECT_EQ(notices_->ForCommunity("42010200100x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(notices_->ForCommunity("420102001009").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notices WHERE withdrawn_at IS NULL"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticesTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
