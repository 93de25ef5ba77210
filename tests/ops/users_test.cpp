// UserService on both backends: login and sessions, throttling, password
// changes, the operator's accounts, account changes through the API and
// their approvals (separation of duties), and sessions shared by several
// processes (PostgreSQL).
#include "ops/users/users.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

// Waits for an asynchronous UserService call: Sync<T>([&](auto done) { ...(done); }).
template <typename T, typename Start>
T Sync(Start start) {
  std::promise<T> promise;
  start([&promise](T value) { promise.set_value(std::move(value)); });
  return promise.get_future().get();
}

UserOptions FastOptions() {
  UserOptions options;
  options.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
  options.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
  return options;
}

class UsersTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    users_ = std::make_unique<UserService>(
        db(), [this] { return now_.load(); }, FastOptions());
    admin_ = Make("admin", Role::kAdministrator, "");
    admin_ctx_ = {admin_, Role::kAdministrator, "", "10.0.0.1"};
  }

  // An account made the operator's way, with password "secret-123" (no
  // change required); its id.
  int64_t Make(const std::string& name, Role role, const std::string& scope) {
    auto u = users_->CreateBySystem({name, name, role, scope}, "secret-123", false, "test");
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? u->id : 0;
  }
  AccessContext As(int64_t id, Role role, std::string scope) {
    return {id, role, std::move(scope), "10.0.0.9"};
  }

  Checked<LoginResult> Login(UserService& users, const std::string& name,
                             const std::string& password, const std::string& address) {
    return Sync<Checked<LoginResult>>(
        [&](auto done) { users.Login(name, password, address, std::move(done)); });
  }
  Checked<LoginResult> Login(const std::string& name, const std::string& password,
                             const std::string& address = "10.0.0.2") {
    return Login(*users_, name, password, address);
  }
  Checked<User> ChangePassword(const AccessContext& ctx, const std::string& old_password,
                               const std::string& new_password) {
    return Sync<Checked<User>>([&](auto done) {
      users_->ChangePassword(ctx, old_password, new_password, std::move(done));
    });
  }
  Result<AccountChange> Create(const AccessContext& ctx, const NewUser& user) {
    return Sync<Result<AccountChange>>(
        [&](auto done) { users_->Create(ctx, user, std::move(done)); });
  }
  Result<AccountChange> Reset(const AccessContext& ctx, int64_t id) {
    return Sync<Result<AccountChange>>(
        [&](auto done) { users_->ResetPassword(ctx, id, std::move(done)); });
  }
  std::string LoginError(const std::string& name, const std::string& password,
                         const std::string& address = "10.0.0.2") {
    auto r = Login(name, password, address);
    return r.result.ok() ? "ok" : r.result.error().message;
  }
  int64_t AuditCount(const std::string& action) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "'");
  }

  std::atomic<int64_t> now_{1580000000};
  int64_t admin_ = 0;
  AccessContext admin_ctx_;
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
    Make(name, std::string(scope).size() == 12 ? Role::kCommunityOfficer : Role::kGridWorker,
         scope);
  }
  auto all = AllPages(*users_, admin_ctx_);
  ASSERT_EQ(all.size(), 7u);  // the administrator (scope "") and six more
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  EXPECT_EQ(all[0].first, "");
  EXPECT_EQ(all[6].first, kGridC);  // the smallest new id, last
  auto community = AllPages(*users_, {admin_, Role::kAdministrator, "420102001001", ""});
  ASSERT_EQ(community.size(), 5u);  // grid C is in the other community
  EXPECT_TRUE(std::is_sorted(community.begin(), community.end()));
  EXPECT_EQ(community[0].first, "420102001001");
  EXPECT_EQ(community[4].first, kGridB);
}

TEST_P(UsersTest, LoginAuthenticateLogout) {
  Make("wang", Role::kGridWorker, kGridA);
  auto login = Login("wang", "secret-123", "10.0.0.2");
  ASSERT_TRUE(login.result.ok()) << login.result.error().message;
  EXPECT_EQ(login.result->token.size(), 64u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + login.result->token + "'"),
            0);
  auto ctx = users_->Authenticate(login.result->token, "10.0.0.2");
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->role, Role::kGridWorker);
  EXPECT_EQ(ctx->scope, kGridA);
  EXPECT_FALSE(ctx->password_change_required);
  ASSERT_TRUE(users_->Logout(login.result->token).ok());
  EXPECT_EQ(users_->Authenticate(login.result->token, "x").error().message,
            "session: invalid or expired");
}

TEST_P(UsersTest, SessionsExpire) {
  Make("lili", Role::kVolunteer, kGridA);
  auto login = Login("lili", "secret-123");
  ASSERT_TRUE(login.result.ok());
  const std::string token = login.result->token;
  ASSERT_TRUE(users_->Authenticate(token, "").ok());  // now cached
  now_ += 12 * 3600 - 1;
  EXPECT_TRUE(users_->Authenticate(token, "").ok());
  now_ += 1;
  EXPECT_FALSE(users_->Authenticate(token, "").ok());
}

// Unknown, inactive and real users get the same answer; the one for an
// unknown user is audited with the name tried.
TEST_P(UsersTest, WrongPairsAllReadTheSame) {
  const int64_t gone = Make("gone", Role::kVolunteer, kGridA);
  ASSERT_TRUE(users_->Deactivate(admin_ctx_, gone).ok());
  Make("zhao", Role::kVolunteer, kGridA);
  EXPECT_EQ(LoginError("zhao", "wrong-pass"), "login: wrong username or password");
  EXPECT_EQ(LoginError("nobody", "secret-123"), "login: wrong username or password");
  EXPECT_EQ(LoginError("gone", "secret-123"), "login: wrong username or password");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND "
                  "detail = 'unknown username nobody'"),
            1);
}

TEST_P(UsersTest, ThrottleRefusesAPairNotTheOwnerElsewhereAndUnknownNamesAlike) {
  Make("zhao", Role::kVolunteer, kGridA);
  for (const char* name : {"zhao", "nobody"}) {
    for (int i = 0; i < 5; ++i) {
      now_ += 10;
      EXPECT_EQ(LoginError(name, "wrong-pass", "203.0.113.5"), "login: wrong username or password");
    }
    now_ += 10;
    // The right password too: the pair is refused before any password is checked.
    auto refused = Login(name, "secret-123", "203.0.113.5");
    ASSERT_FALSE(refused.result.ok()) << name;
    EXPECT_EQ(refused.result.error().message, "login: too many failed attempts; try again later");
    EXPECT_EQ(refused.retry_after, 900 - 50) << name;  // the first failure leaves the window
  }
  // The owner, from another address, logs in.
  EXPECT_TRUE(Login("zhao", "secret-123", "198.51.100.7").result.ok());
  // The window slides: once the oldest failure is 15 minutes old, one try more.
  now_ += 900 - 60;
  EXPECT_TRUE(Login("zhao", "secret-123", "203.0.113.5").result.ok());
}

TEST_P(UsersTest, ThrottleRefusesAnAddressThatTriesManyNames) {
  for (int i = 0; i < 25; ++i)
    EXPECT_EQ(LoginError("name" + std::to_string(i), "wrong-pass", "203.0.113.9"),
              "login: wrong username or password");
  auto refused = Login("admin", "secret-123", "203.0.113.9");
  EXPECT_EQ(refused.retry_after, 900);
  EXPECT_TRUE(Login("admin", "secret-123", "203.0.113.10").result.ok());
  // IPv6: a whole /64 counts as one address.
  for (int i = 0; i < 5; ++i)
    LoginError("admin", "wrong-pass", "2001:db8:1:2::" + std::to_string(i + 1));
  EXPECT_GT(Login("admin", "secret-123", "2001:db8:1:2:ffff::9").retry_after, 0);
  EXPECT_TRUE(Login("admin", "secret-123", "2001:db8:1:3::1").result.ok());
}

TEST_P(UsersTest, PasswordChangeChecksTheOldFirstCountsAndAuditsFailures) {
  const int64_t id = Make("qian", Role::kVolunteer, kGridA);
  const AccessContext ctx = As(id, Role::kVolunteer, kGridA);
  // A wrong old password is refused whatever the new one, and audited.
  auto wrong = ChangePassword(ctx, "bad-old-pass", "x");
  ASSERT_FALSE(wrong.result.ok());
  EXPECT_EQ(wrong.result.error().message, "old_password: wrong password");
  EXPECT_EQ(AuditCount("change_password_failed"), 1);
  for (auto [next, message] : std::vector<std::pair<std::string, std::string>>{
           {"short", "new_password: at least 8 characters"},
           {"woaini1314",
            "new_password: too common; choose one that is not on the list of the "
            "most used passwords"},
           {"QQ123456",
            "new_password: too common; choose one that is not on the list of the most "
            "used passwords"},
           {"my-QIAN-2020", "new_password: must not contain the username"},
           {"secret-123", "new_password: must differ from the old password"}}) {
    auto r = ChangePassword(ctx, "secret-123", next);
    ASSERT_FALSE(r.result.ok()) << next;
    EXPECT_EQ(r.result.error().message, message);
  }
  // Guesses of the old password are throttled like logins (one counted above).
  for (int i = 0; i < 4; ++i) ChangePassword(ctx, "guess-" + std::to_string(i), "new-secret-77");
  auto throttled = ChangePassword(ctx, "secret-123", "new-secret-77");
  EXPECT_GT(throttled.retry_after, 0);
  EXPECT_EQ(AuditCount("change_password_failed"), 5);
  // Another address may go on.
  AccessContext elsewhere = ctx;
  elsewhere.client_address = "10.9.9.9";
  EXPECT_TRUE(ChangePassword(elsewhere, "secret-123", "new-secret-77").result.ok());
}

TEST_P(UsersTest, ChangePasswordEndsSessions) {
  const int64_t id = Make("qian", Role::kVolunteer, kGridA);
  auto login = Login("qian", "secret-123");
  auto other = Login("qian", "secret-123");
  ASSERT_TRUE(login.result.ok() && other.result.ok());
  ASSERT_TRUE(users_->Authenticate(login.result->token, "").ok());  // both cached
  ASSERT_TRUE(users_->Authenticate(other.result->token, "").ok());
  ASSERT_TRUE(
      ChangePassword(As(id, Role::kVolunteer, kGridA), "secret-123", "new-secret-1").result.ok());
  EXPECT_FALSE(users_->Authenticate(login.result->token, "").ok());
  EXPECT_FALSE(users_->Authenticate(other.result->token, "").ok());
  EXPECT_EQ(LoginError("qian", "secret-123"), "login: wrong username or password");
  EXPECT_TRUE(Login("qian", "new-secret-1").result.ok());
}

TEST_P(UsersTest, AOneTimePasswordMustBeChangedAtFirstLogin) {
  const std::string first = OneTimePassword();
  EXPECT_EQ(first.size(), 19u);
  EXPECT_NE(first, OneTimePassword());
  auto made = users_->CreateBySystem({"sun", "孙", Role::kVolunteer, kGridA}, first, true, "cli");
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND user_id = 0 AND "
                  "client_address = 'cli'"),
            1);
  auto login = Login("sun", first);
  ASSERT_TRUE(login.result.ok());
  EXPECT_TRUE(login.result->user.password_change_required);
  auto ctx = users_->Authenticate(login.result->token, "");
  ASSERT_TRUE(ctx.ok());
  EXPECT_TRUE(ctx->password_change_required);
  EXPECT_EQ(ChangePassword(*ctx, first, first).result.error().message,
            "new_password: must differ from the old password");
  ASSERT_TRUE(ChangePassword(*ctx, first, "my-own-secret").result.ok());
  auto again = Login("sun", "my-own-secret");
  ASSERT_TRUE(again.result.ok());
  EXPECT_FALSE(again.result->user.password_change_required);
  // The operator's reset: a new one-time password; sessions end.
  auto reset = users_->ResetPasswordBySystem("sun", "cli");
  ASSERT_TRUE(reset.ok());
  EXPECT_FALSE(users_->Authenticate(again.result->token, "").ok());
  EXPECT_EQ(LoginError("sun", "my-own-secret"), "login: wrong username or password");
  EXPECT_TRUE(Login("sun", *reset).result->user.password_change_required);
  EXPECT_EQ(users_->ResetPasswordBySystem("nobody", "cli").error().message,
            "user nobody not found");
}

// The attack of issue 11: an administrator (no personal data) creates a
// district officer and logs in as it. Refused until someone who holds the
// officer's data permissions approves, and never by the administrator.
TEST_P(UsersTest, AnAdministratorCannotMakeItselfAnOfficer) {
  const AccessContext admin{admin_, Role::kAdministrator, "420102", "10.0.0.1"};
  auto made = Create(admin, {"fake", "冒充", Role::kDistrictOfficer, "420102"});
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(made->request.has_value());
  EXPECT_FALSE(made->user.active);
  EXPECT_EQ(made->request->needs,
            PermissionsOf(Role::kDistrictOfficer) & ~PermissionsOf(Role::kAdministrator));
  const std::string password = made->one_time_password;
  EXPECT_EQ(LoginError("fake", password), "login: wrong username or password");
  // Not the requester, not a role without the permissions, not out of scope.
  EXPECT_EQ(users_->Approve(admin, made->request->id).error().message,
            "request: you made it; another person must approve it");
  const int64_t command = Make("command", Role::kCommandCentre, "420100");
  EXPECT_EQ(users_->Approve(As(command, Role::kCommandCentre, "420100"), made->request->id)
                .error()
                .message,
            "request: approving it needs write registry data, manage cases, which role "
            "command_centre does not hold");
  const int64_t other_district = Make("hanyang", Role::kDistrictOfficer, "420105");
  EXPECT_EQ(users_->Approve(As(other_district, Role::kDistrictOfficer, "420105"), made->request->id)
                .error()
                .code,
            ErrorCode::kNotFound);
  // Whom it is shown to: the officer of the district, not the others.
  const int64_t district = Make("district", Role::kDistrictOfficer, "420102");
  const AccessContext officer = As(district, Role::kDistrictOfficer, "420102");
  ASSERT_EQ(users_->Requests(officer, 0, 50)->items.size(), 1u);
  EXPECT_TRUE(users_->Requests(admin, 0, 50)->items.empty());
  EXPECT_TRUE(users_->Requests(As(command, Role::kCommandCentre, "420100"), 0, 50)->items.empty());
  auto approved = users_->Approve(officer, made->request->id);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->status, RequestStatus::kApproved);
  EXPECT_EQ(users_->Approve(officer, made->request->id).error().message,
            "request: already approved");
  auto login = Login("fake", password);
  ASSERT_TRUE(login.result.ok());
  EXPECT_TRUE(login.result->user.password_change_required);
  EXPECT_EQ(AuditCount("approve"), 1);
}

// The same through every other way an account can be changed.
TEST_P(UsersTest, ResetRoleScopeAndReactivationWaitForApprovalToo) {
  const AccessContext admin{admin_, Role::kAdministrator, "420102", "10.0.0.1"};
  const int64_t officer_id = Make("officer", Role::kStreetOfficer, "420102001");
  const int64_t approver_id = Make("district", Role::kDistrictOfficer, "420102");
  const AccessContext approver = As(approver_id, Role::kDistrictOfficer, "420102");
  // A reset: the one-time password is unusable until approved; the old one works.
  auto reset = Reset(admin, officer_id);
  ASSERT_TRUE(reset.ok()) << reset.error().message;
  ASSERT_TRUE(reset->request.has_value());
  EXPECT_EQ(LoginError("officer", reset->one_time_password), "login: wrong username or password");
  EXPECT_EQ(LoginError("officer", "secret-123"), "ok");
  EXPECT_EQ(users_->Deactivate(admin, officer_id).ok(), true);  // cancels the request
  EXPECT_EQ(users_->Approve(approver, reset->request->id).error().message,
            "request: already cancelled");
  // A reactivation.
  auto back = users_->Reactivate(admin, officer_id);
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->request.has_value());
  EXPECT_EQ(LoginError("officer", "secret-123"), "login: wrong username or password");
  ASSERT_TRUE(users_->Approve(approver, back->request->id).ok());
  EXPECT_EQ(LoginError("officer", "secret-123"), "ok");
  // A role change from a volunteer (no unmasked data) to an officer.
  const int64_t volunteer_id = Make("helper", Role::kVolunteer, "420102001001001");
  auto promoted = users_->ChangeRoleScope(admin, volunteer_id, Role::kStreetOfficer, "420102001");
  ASSERT_TRUE(promoted.ok());
  ASSERT_TRUE(promoted->request.has_value());
  EXPECT_EQ(users_->Get(admin, volunteer_id)->role, Role::kVolunteer);
  EXPECT_EQ(users_->ChangeRoleScope(admin, volunteer_id, Role::kSupplyOfficer, std::nullopt)
                .error()
                .message,
            "user: has a pending request " + std::to_string(promoted->request->id) +
                "; approve or reject it first");
  // The requester withdraws it.
  ASSERT_EQ(users_->Reject(admin, promoted->request->id)->status, RequestStatus::kRejected);
  // A scope widening of a grid worker (same role, more residents).
  const int64_t worker_id = Make("worker", Role::kGridWorker, kGridA);
  auto wider = users_->ChangeRoleScope(admin, worker_id, std::nullopt, "420102001");
  ASSERT_TRUE(wider.ok());
  ASSERT_TRUE(wider->request.has_value());
  EXPECT_EQ(users_->Get(admin, worker_id)->scope, kGridA);
  // A grid worker of that street, not the district officer (no record visits), may approve.
  EXPECT_EQ(users_->Approve(approver, wider->request->id).error().message,
            "request: approving it needs record visits, record quarantine checks, which role "
            "district_officer does not hold");
  const int64_t community_id = Make("community", Role::kCommunityOfficer, "420102001001");
  EXPECT_EQ(
      users_->Approve(As(community_id, Role::kCommunityOfficer, "420102001001"), wider->request->id)
          .error()
          .code,
      ErrorCode::kNotFound);  // the new scope is the street: outside the community
  // What gives nothing the actor lacks is applied at once.
  auto narrower = users_->ChangeRoleScope(admin, worker_id, Role::kSupplyOfficer, std::nullopt);
  EXPECT_EQ(narrower.error().code, ErrorCode::kConflict);  // still pending
  ASSERT_TRUE(users_->Reject(admin, wider->request->id).ok());
  // (A supply officer moves stock, manage_supplies, which administrators
  // lack: that change would wait too.)
  auto supply = users_->ChangeRoleScope(admin, worker_id, Role::kAdministrator, std::nullopt);
  ASSERT_TRUE(supply.ok());
  EXPECT_FALSE(supply->request.has_value());
  EXPECT_EQ(supply->user.role, Role::kAdministrator);
  auto another_admin = Create(admin, {"admin2", "管理员二", Role::kAdministrator, "420102001"});
  ASSERT_TRUE(another_admin.ok());
  EXPECT_FALSE(another_admin->request.has_value());
  EXPECT_TRUE(another_admin->user.active);
}

TEST_P(UsersTest, TheTargetMayNotApproveAChangeOfItsOwnAccount) {
  const AccessContext admin{admin_, Role::kAdministrator, "420102", "10.0.0.1"};
  const int64_t officer_id = Make("officer", Role::kDistrictOfficer, "420102");
  auto wider = users_->ChangeRoleScope(admin, officer_id, std::nullopt, "420102");
  ASSERT_TRUE(wider.ok());
  EXPECT_FALSE(wider->request.has_value());  // the same scope: nothing gained
  const int64_t worker_id = Make("worker", Role::kGridWorker, kGridA);
  auto promoted = users_->ChangeRoleScope(admin, worker_id, Role::kCommunityOfficer, std::nullopt);
  ASSERT_TRUE(promoted->request.has_value());
  EXPECT_EQ(users_->Approve(As(worker_id, Role::kCommunityOfficer, "420102"), promoted->request->id)
                .error()
                .message,
            "request: it is about your own account; another person must approve it");
}

TEST_P(UsersTest, AccountChangesNeedScopeAndNeverTouchOneself) {
  const AccessContext street_admin{admin_, Role::kAdministrator, "420102001001", "10.0.0.1"};
  const int64_t outside = Make("outside", Role::kVolunteer, kGridC);
  EXPECT_EQ(users_->Deactivate(street_admin, outside).error().message,
            "user " + std::to_string(outside) + " not found");
  const int64_t inside = Make("inside", Role::kSupplyOfficer, kGridA);
  EXPECT_EQ(users_->ChangeRoleScope(street_admin, inside, std::nullopt, kGridC).error().message,
            std::string("region ") + kGridC + " is outside your scope 420102001001");
  EXPECT_EQ(users_->Deactivate(admin_ctx_, admin_).error().message,
            "user: not allowed on your own account");
  EXPECT_EQ(users_->ChangeRoleScope(admin_ctx_, admin_, Role::kCommandCentre, std::nullopt)
                .error()
                .message,
            "user: not allowed on your own account");
  const AccessContext officer = As(inside, Role::kStreetOfficer, "420102001");
  EXPECT_EQ(users_->EndSessions(officer, outside).error().message,
            "role street_officer may not manage users");
  EXPECT_EQ(Create(street_admin, {"xiao", "X", Role::kSupplyOfficer, kGridC}).error().message,
            std::string("region ") + kGridC + " is outside your scope 420102001001");
  EXPECT_EQ(Create(admin_ctx_, {"xiao", "X", Role::kAdministrator, kGridA})->user.active, true);
  EXPECT_EQ(Create(admin_ctx_, {"xiao", "X", Role::kSupplyOfficer, kGridA}).error().message,
            "username: already taken");
  // A supply officer moves stock (manage_supplies), which administrators
  // lack: the account waits for someone who holds it.
  auto supply = Create(admin_ctx_, {"gong", "G", Role::kSupplyOfficer, kGridA});
  ASSERT_TRUE(supply.ok()) << supply.error().message;
  EXPECT_FALSE(supply->user.active);
  ASSERT_TRUE(supply->request.has_value());
  EXPECT_EQ(supply->request->needs,
            PermissionSet{1} << static_cast<int>(Permission::kManageSupplies));
}

TEST_P(UsersTest, DeactivationAndEndedSessionsTakeEffectAtOnce) {
  const int64_t id = Make("wu_li", Role::kVolunteer, kGridA);
  auto first = Login("wu_li", "secret-123");
  auto second = Login("wu_li", "secret-123");
  ASSERT_TRUE(users_->Authenticate(first.result->token, "").ok());  // cached
  ASSERT_TRUE(users_->Authenticate(second.result->token, "").ok());
  EXPECT_EQ(*users_->EndSessions(admin_ctx_, id), 2);
  EXPECT_FALSE(users_->Authenticate(first.result->token, "").ok());
  auto third = Login("wu_li", "secret-123");
  ASSERT_TRUE(users_->Authenticate(third.result->token, "").ok());
  auto off = users_->Deactivate(admin_ctx_, id);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->active);
  EXPECT_FALSE(users_->Authenticate(third.result->token, "").ok());
  EXPECT_EQ(LoginError("wu_li", "secret-123"), "login: wrong username or password");
  EXPECT_EQ(AuditCount("deactivate"), 1);
  EXPECT_EQ(AuditCount("end_sessions"), 1);
}

// Two services on one database stand for two server processes. On
// PostgreSQL a logout, password change, deactivation or role change through
// one is honoured by the other at once, however long it may cache: the
// change is answered once the other has acknowledged it; on SQLite (one
// process) within the cache's TTL.
TEST_P(UsersTest, AnotherProcessHonoursChangesAtOnceOnPostgres) {
  if (GetParam() != store::Dialect::kPostgres) GTEST_SKIP() << "SQLite serves one process";
  UserOptions long_cache = FastOptions();
  long_cache.session_cache_ttl = std::chrono::minutes(10);
  UserService a(
      db(), [this] { return now_.load(); }, long_cache);
  UserService b(
      db(), [this] { return now_.load(); }, long_cache);
  const int64_t id = Make("zhou", Role::kGridWorker, kGridA);
  // Wait until b trusts its cache (its listener is up): a session deleted
  // by hand in SQL, which tells no one, is then still honoured by b.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool trusted = false;
  while (!trusted && std::chrono::steady_clock::now() < deadline) {
    auto probe = Login(a, "zhou", "secret-123", "10.0.0.3");
    ASSERT_TRUE(probe.result.ok());
    ASSERT_TRUE(b.Authenticate(probe.result->token, "").ok());
    {
      auto lease = db().Acquire();
      ASSERT_TRUE(lease.ok());
      ASSERT_TRUE((*lease)->Exec("DELETE FROM sessions").ok());
    }
    trusted = b.Authenticate(probe.result->token, "").ok();
    if (!trusted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(trusted) << "b's listener never caught up";
  // A logout through a: b, which cached the session, refuses it at once.
  auto login = Login(a, "zhou", "secret-123", "10.0.0.3");
  ASSERT_TRUE(login.result.ok());
  const std::string token = login.result->token;
  ASSERT_TRUE(b.Authenticate(token, "").ok());
  ASSERT_TRUE(a.Logout(token).ok());
  EXPECT_FALSE(b.Authenticate(token, "").ok());
  // A role change: b sees the new role on the next request; a deactivation ends it.
  auto again = Login(a, "zhou", "secret-123", "10.0.0.3");
  ASSERT_TRUE(b.Authenticate(again.result->token, "").ok());
  ASSERT_TRUE(a.ChangeRoleScope(admin_ctx_, id, Role::kAdministrator, std::nullopt).ok());
  EXPECT_EQ(b.Authenticate(again.result->token, "")->role, Role::kAdministrator);
  ASSERT_TRUE(a.Deactivate(admin_ctx_, id).ok());
  EXPECT_FALSE(b.Authenticate(again.result->token, "").ok());
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
  EXPECT_TRUE(HasPermission(Role::kSupplyOfficer, Permission::kManageSupplies));
  EXPECT_FALSE(HasPermission(Role::kGridWorker, Permission::kManageSupplies));
  EXPECT_FALSE(HasPermission(Role::kAdministrator, Permission::kManageSupplies));
  EXPECT_TRUE(HasPermission(Role::kCommunityOfficer, Permission::kPublishNotices));
  EXPECT_FALSE(HasPermission(Role::kGridWorker, Permission::kPublishNotices));
  EXPECT_TRUE(HasPermission(Role::kGridWorker, Permission::kHandleDeclarations));
  EXPECT_FALSE(HasPermission(Role::kVolunteer, Permission::kHandleDeclarations));
  EXPECT_FALSE(HasPermission(Role::kAdministrator, Permission::kHandleDeclarations));
  EXPECT_TRUE(HasPermission(Role::kCommunityOfficer, Permission::kManageVolunteers));
  EXPECT_TRUE(HasPermission(Role::kCommandCentre, Permission::kManageVolunteers));
  EXPECT_FALSE(HasPermission(Role::kGridWorker, Permission::kManageVolunteers));
  EXPECT_FALSE(HasPermission(Role::kVolunteer, Permission::kManageVolunteers));
  EXPECT_FALSE(HasPermission(Role::kAdministrator, Permission::kManageVolunteers));
  for (Role r : {Role::kCommandCentre, Role::kDistrictOfficer, Role::kStreetOfficer,
                 Role::kCommunityOfficer, Role::kGridWorker, Role::kMedicalStaff,
                 Role::kSupplyOfficer, Role::kVolunteer, Role::kAdministrator})
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("root").has_value());
  for (int i = 0; i < kPermissionCount; ++i) {
    const auto p = static_cast<Permission>(i);
    EXPECT_EQ(ParsePermissionKey(PermissionKey(p)), p);
  }
  EXPECT_EQ(DescribePermissions(PermissionsOf(Role::kAdministrator)),
            "manage regions, manage users, read the audit log, read statistics");
}

}  // namespace
}  // namespace fk::ops
