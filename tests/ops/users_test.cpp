#include "ops/users/users.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

class UsersTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    users_ = std::make_unique<UserService>(
        db(), [this] { return now_; },
        UserOptions{.ops_limit = crypto_pwhash_OPSLIMIT_MIN,
                    .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    auto admin = users_->Bootstrap({"admin", "管理员", Role::kAdministrator, "", "admin-pass-1"});
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    admin_ = {admin->id, Role::kAdministrator, "", "10.0.0.1:1"};
  }
  int64_t now_ = 1580000000;
  AccessContext admin_;
  std::unique_ptr<UserService> users_;
};

// Every user in scope exactly once, in (scope, id) order, whatever the ids.
std::vector<std::pair<std::string, int64_t>> AllPages(UserService& users,
                                                      const AccessContext& ctx) {
  std::vector<std::pair<std::string, int64_t>> keys;
  int64_t after = 0;
  while (true) {
    auto page = users.List(ctx, after, 2);
    EXPECT_TRUE(page.ok()) << page.error().message;
    if (!page.ok()) break;
    for (const auto& u : page->items) keys.emplace_back(u.scope, u.id);
    if (!page->next_cursor) break;
    after = *page->next_cursor;
  }
  return keys;
}

TEST_P(UsersTest, ListPagesAcrossScopesInScopeOrder) {
  int n = 0;
  for (const char* scope : {kGridC, kGridB, kGridA, kGridB, "420102001001", kGridA}) {
    const std::string name = "user" + std::to_string(++n);
    const Role role = std::string(scope).size() == 12 ? Role::kCommunityOfficer : Role::kGridWorker;
    auto u = users_->Create(admin_, {name, name, role, scope, "secret-123"});
    ASSERT_TRUE(u.ok()) << u.error().message;
  }
  auto all = AllPages(*users_, admin_);
  ASSERT_EQ(all.size(), 7u);  // the administrator (scope "") and six more
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  EXPECT_EQ(all[0].first, "");
  EXPECT_EQ(all[6].first, kGridC);  // the smallest new id, last
  auto community = AllPages(*users_, {admin_.user_id, Role::kAdministrator, "420102001001", ""});
  ASSERT_EQ(community.size(), 5u);  // grid C is in the other community
  EXPECT_TRUE(std::is_sorted(community.begin(), community.end()));
  EXPECT_EQ(community[0].first, "420102001001");
  EXPECT_EQ(community[4].first, kGridB);
}

TEST_P(UsersTest, LoginAuthenticateLogout) {
  auto u = users_->Create(admin_, {"wang", "王网格员", Role::kGridWorker, kGridA, "secret-123"});
  ASSERT_TRUE(u.ok()) << u.error().message;
  auto login = users_->Login("wang", "secret-123", "10.0.0.2:3");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + login->token + "'"), 0);
  auto ctx = users_->Authenticate(login->token, "10.0.0.2:3");
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->role, Role::kGridWorker);
  EXPECT_EQ(ctx->scope, kGridA);
  ASSERT_TRUE(users_->Logout(login->token).ok());
  EXPECT_EQ(users_->Authenticate(login->token, "x").error().message, "session: invalid or expired");
}

TEST_P(UsersTest, SessionsExpire) {
  ASSERT_TRUE(users_->Create(admin_, {"lili", "李", Role::kVolunteer, kGridA, "secret-123"}).ok());
  auto login = users_->Login("lili", "secret-123", "");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(users_->Authenticate(login->token, "").ok());  // now cached
  now_ += 12 * 3600 - 1;
  EXPECT_TRUE(users_->Authenticate(login->token, "").ok());
  now_ += 1;
  EXPECT_FALSE(users_->Authenticate(login->token, "").ok());
}

// A session ended behind this process's back (another server process on the
// same database, or SQL by hand) is still honoured from the cache, but only
// for the cache's TTL.
TEST_P(UsersTest, SessionCacheHonoursOutsideChangesOnlyWithinItsTtl) {
  ASSERT_TRUE(users_->Create(admin_, {"sun", "孙", Role::kVolunteer, kGridA, "secret-123"}).ok());
  auto short_ttl = UserOptions{.ops_limit = crypto_pwhash_OPSLIMIT_MIN,
                               .mem_limit = crypto_pwhash_MEMLIMIT_MIN,
                               .session_cache_ttl = std::chrono::milliseconds(50)};
  UserService fast_expiry(
      db(), [this] { return now_; }, short_ttl);
  auto login = users_->Login("sun", "secret-123", "");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(users_->Authenticate(login->token, "").ok());
  ASSERT_TRUE(fast_expiry.Authenticate(login->token, "").ok());
  {
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Exec("DELETE FROM sessions").ok());
  }
  // users_ has a 2 s TTL: still cached (this is what the cache saves).
  EXPECT_TRUE(users_->Authenticate(login->token, "").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(fast_expiry.Authenticate(login->token, "").error().message,
            "session: invalid or expired");
  // With the cache off every request reads the database.
  auto no_cache = short_ttl;
  no_cache.session_cache_ttl = std::chrono::milliseconds(0);
  UserService uncached(
      db(), [this] { return now_; }, no_cache);
  EXPECT_FALSE(uncached.Authenticate(login->token, "").ok());
}

TEST_P(UsersTest, LockoutAfterFiveFailures) {
  ASSERT_TRUE(users_->Create(admin_, {"zhao", "赵", Role::kVolunteer, kGridA, "secret-123"}).ok());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(users_->Login("zhao", "wrong-pass", "").error().message,
              "login: wrong username or password");
  auto locked = users_->Login("zhao", "secret-123", "");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().message, "login: account locked until " + std::to_string(now_ + 900));
  now_ += 901;
  EXPECT_TRUE(users_->Login("zhao", "secret-123", "").ok());
  EXPECT_EQ(users_->Login("nobody", "secret-123", "").error().message,
            "login: wrong username or password");
}

TEST_P(UsersTest, ChangePasswordEndsSessions) {
  auto u = users_->Create(admin_, {"qian", "钱", Role::kVolunteer, kGridA, "secret-123"});
  ASSERT_TRUE(u.ok());
  auto login = users_->Login("qian", "secret-123", "");
  ASSERT_TRUE(login.ok());
  auto other = users_->Login("qian", "secret-123", "");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(users_->Authenticate(login->token, "").ok());  // both cached
  ASSERT_TRUE(users_->Authenticate(other->token, "").ok());
  AccessContext ctx{u->id, Role::kVolunteer, kGridA, ""};
  EXPECT_EQ(users_->ChangePassword(ctx, "bad", "new-secret-1").error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(users_->ChangePassword(ctx, "secret-123", "new-secret-1").ok());
  EXPECT_FALSE(users_->Authenticate(login->token, "").ok());
  EXPECT_FALSE(users_->Authenticate(other->token, "").ok());
  EXPECT_FALSE(users_->Login("qian", "secret-123", "").ok());
  EXPECT_TRUE(users_->Login("qian", "new-secret-1", "").ok());
}

TEST_P(UsersTest, CreationNeedsPermissionAndScope) {
  EXPECT_EQ(
      users_->Create(admin_, {"wang", "王", Role::kGridWorker, kGridA, "short"}).error().message,
      "password: at least 8 characters");
  ASSERT_TRUE(users_->Create(admin_, {"dup", "D", Role::kGridWorker, kGridA, "secret-123"}).ok());
  EXPECT_EQ(
      users_->Create(admin_, {"dup", "D", Role::kGridWorker, kGridA, "secret-123"}).error().code,
      ErrorCode::kConflict);
  AccessContext street_admin{admin_.user_id, Role::kAdministrator, "420102001001", ""};
  EXPECT_EQ(users_->Create(street_admin, {"out", "O", Role::kGridWorker, kGridC, "secret-123"})
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  AccessContext officer{admin_.user_id, Role::kStreetOfficer, "420102001", ""};
  EXPECT_EQ(users_->Create(officer, {"xian", "X", Role::kGridWorker, kGridA, "secret-123"})
                .error()
                .message,
            "role street_officer may not manage users");
  EXPECT_EQ(users_->Bootstrap({"again", "A", Role::kAdministrator, "", "secret-123"}).error().code,
            ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersTest, testing::AllDialects(), testing::DialectName);

TEST(Access, ScopeIsAPrefixOfTheSubtree) {
  EXPECT_TRUE(InScope("420100", "420102001001001"));
  EXPECT_TRUE(InScope("420000", "420100"));
  EXPECT_FALSE(InScope("420100", "420200"));
  EXPECT_TRUE(InScope(kGridA, kGridA));
  EXPECT_FALSE(InScope(kGridA, kGridB));
  EXPECT_TRUE(InScope("", kGridB));
}

TEST(Access, MatrixSpotChecks) {
  EXPECT_TRUE(HasPermission(Role::kGridWorker, Permission::kWriteRegistry));
  EXPECT_FALSE(HasPermission(Role::kGridWorker, Permission::kManageUsers));
  EXPECT_FALSE(HasPermission(Role::kVolunteer, Permission::kSeeUnmasked));
  EXPECT_TRUE(HasPermission(Role::kAdministrator, Permission::kReadAudit));
  EXPECT_FALSE(HasPermission(Role::kAdministrator, Permission::kReadRegistry));
  EXPECT_TRUE(HasPermission(Role::kCommandCentre, Permission::kRunScreening));
  for (Role r : {Role::kCommandCentre, Role::kDistrictOfficer, Role::kStreetOfficer,
                 Role::kCommunityOfficer, Role::kGridWorker, Role::kMedicalStaff,
                 Role::kSupplyOfficer, Role::kVolunteer, Role::kAdministrator})
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("root").has_value());
}

}  // namespace
}  // namespace fk::ops
