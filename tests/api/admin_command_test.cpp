// `fangkong admin` and `fangkong demo` as an operator runs them (issue 11):
// the first administrator of a new database with a one-time password, a
// reset, and demo refusing a database it did not make and never printing
// the logins of one it reuses.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <future>
#include <regex>

#include "api/api_server.hpp"
#include "fangkong_process.hpp"
#include "http_client.hpp"
#include "ops/schema.hpp"
#include "ops/users/users.hpp"
#include "store/database.hpp"

namespace fk::api::test {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;
};

Outcome RunFangkong(const std::string& args) {
  const std::string cmd = std::string(FANGKONG_BINARY) + " " + args + " 2>&1";
  Outcome o;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) o.output.append(buf.data(), n);
  const int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

std::string OneTimePasswordIn(const std::string& output) {
  std::smatch m;
  static const std::regex line("One-time password for [a-z_]+: ([A-Za-z0-9-]+)");
  return std::regex_search(output, m, line) ? m[1].str() : "";
}

// Logs in through the service, as the server would: the login's outcome.
ops::Checked<ops::LoginResult> Login(const std::string& db, const std::string& username,
                                     const std::string& password) {
  auto opened = store::Database::Open(db);
  EXPECT_TRUE(opened.ok());
  ops::UserService users(**opened);
  std::promise<ops::Checked<ops::LoginResult>> done;
  users.Login(username, password, "127.0.0.1",
              [&done](ops::Checked<ops::LoginResult> r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

class AdminCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fk-admin-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AdminCommandTest, TheFirstAdministratorGetsAOneTimePassword) {
  const std::string db = (dir_ / "city.db").string();
  Outcome made =
      RunFangkong("admin create --db " + db +
                  " --username root --role administrator --scope 420100 --display-name 管理员");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string first = OneTimePasswordIn(made.output);
  ASSERT_EQ(first.size(), 19u) << made.output;
  auto login = Login(db, "root", first);
  ASSERT_TRUE(login.result.ok());
  EXPECT_TRUE(login.result->user.password_change_required);
  EXPECT_EQ(login.result->user.scope, "420100");
  EXPECT_EQ(
      RunFangkong("admin create --db " + db + " --username root --role volunteer --scope 420100")
          .output,
      "fangkong: username: already taken\n");
  EXPECT_EQ(RunFangkong("admin create --db " + db + " --username x1 --role root --scope 420100")
                .exit_code,
            2);
  Outcome reset = RunFangkong("admin reset-password --db " + db + " --username root");
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  const std::string second = OneTimePasswordIn(reset.output);
  EXPECT_NE(second, first);
  EXPECT_FALSE(Login(db, "root", first).result.ok());
  EXPECT_TRUE(Login(db, "root", second).result->user.password_change_required);
  EXPECT_EQ(RunFangkong("admin reset-password --db " + db + " --username nobody").output,
            "fangkong: user nobody not found\n");
}

// The README's first run, as a newcomer does it: `serve` on a new database
// (no account can log in), `admin create` beside the running server, the
// first login with the one-time password, which opens only /auth/* until
// the password is changed; then the new password opens the rest.
TEST_F(AdminCommandTest, ANewCitysFirstAdministratorLogsInThroughServeAndChangesThePassword) {
  const std::string db = (dir_ / "city.db").string();
  FangkongProcess serve({"serve", "--db", db, "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve.port(), 0) << serve.Output();
  auto login = [&](const std::string& password) {
    return Request(serve.port(), "POST", "/api/v1/auth/login",
                   nlohmann::json{{"username", "zhang_admin"}, {"password", password}}.dump());
  };
  EXPECT_EQ(login("fangkong-demo").status, 401);
  Outcome made = RunFangkong("admin create --db " + db +
                             " --username zhang_admin --role administrator --scope 420100 "
                             "--display-name 张管理员");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string one_time = OneTimePasswordIn(made.output);
  auto first = login(one_time);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["user"]["password_change_required"], true);
  const Headers bearer = {{"Authorization", "Bearer " + first.Json()["token"].get<std::string>()}};
  auto refused = Request(serve.port(), "GET", "/api/v1/users", "", bearer);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Json()["error"]["code"], "password_change_required");
  EXPECT_EQ(Request(serve.port(), "GET", "/api/v1/auth/me", "", bearer).status, 200);
  const std::string chosen = "Wuhan-spring-2026-cmd";
  auto changed =
      Request(serve.port(), "POST", "/api/v1/auth/password",
              nlohmann::json{{"old_password", one_time}, {"new_password", chosen}}.dump(), bearer);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(login(one_time).status, 401);
  auto again = login(chosen);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["user"]["password_change_required"], false);
  auto users = Request(serve.port(), "GET", "/api/v1/users", "",
                       {{"Authorization", "Bearer " + again.Json()["token"].get<std::string>()}});
  EXPECT_EQ(users.status, 200) << users.body;
}

TEST_F(AdminCommandTest, DemoRefusesADatabaseItDidNotMake) {
  const std::string db = (dir_ / "city.db").string();
  ASSERT_EQ(
      RunFangkong("admin create --db " + db + " --username root --role administrator --scope ''")
          .exit_code,
      0);
  FangkongProcess demo({"demo", "--db", db, "--listen", "127.0.0.1:0", "--population", "1000"});
  EXPECT_EQ(demo.port(), 0);
  EXPECT_EQ(demo.exit_code(), 1);
  EXPECT_NE(demo.Output().find("was not made by `fangkong demo`"), std::string::npos)
      << demo.Output();
  EXPECT_EQ(demo.Output().find("fangkong-demo"), std::string::npos);
  EXPECT_FALSE(Login(db, "admin", "fangkong-demo").result.ok());
}

TEST_F(AdminCommandTest, DemoPrintsItsLoginsOnlyWhenItMakesTheDatabase) {
  const std::string db = (dir_ / "demo.db").string();
  {
    FangkongProcess first({"demo", "--db", db, "--listen", "127.0.0.1:0", "--population", "1000"});
    ASSERT_NE(first.port(), 0) << first.Output();
    EXPECT_NE(first.Output().find("(created)"), std::string::npos);
    EXPECT_NE(first.Output().find("fangkong-demo"), std::string::npos);
  }
  FangkongProcess again({"demo", "--db", db, "--listen", "127.0.0.1:0"});
  ASSERT_NE(again.port(), 0) << again.Output();
  EXPECT_NE(again.Output().find("reused as it is"), std::string::npos) << again.Output();
  EXPECT_EQ(again.Output().find("fangkong-demo"), std::string::npos) << again.Output();
  EXPECT_EQ(again.Output().find("Demo logins"), std::string::npos);
}

}  // namespace
}  // namespace fk::api::test
