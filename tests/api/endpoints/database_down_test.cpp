// PostgreSQL stopped under a running `fangkong serve` (issue 11): requests
// get 503 unavailable with a generic message, never the database's own
// text, conforming to the OpenAPI document; the cause is in the server's
// log; once PostgreSQL is back the same process answers again, without a
// restart. The test runs a PostgreSQL server of its own
// (scripts/test-postgres.sh), since it stops it.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fangkong_process.hpp"
#include "http_client.hpp"
#include "openapi_conformance.hpp"
#include "ops/schema.hpp"
#include "ops/users/users.hpp"
#include "store/database.hpp"

namespace fk::api::test {
namespace {

// A throwaway PostgreSQL server; stopped and removed when destroyed.
class OwnPostgres {
 public:
  OwnPostgres()
      : dir_(std::filesystem::temp_directory_path() / ("fk-pg-down-" + std::to_string(getpid()))) {
    if (Script("start " + dir_.string() + " " + dir_.string() + ".url")) {
      std::ifstream in(dir_.string() + ".url");
      std::getline(in, url_);
    }
  }
  ~OwnPostgres() {
    Script("stop " + dir_.string());
    std::filesystem::remove(dir_.string() + ".url");
  }
  const std::string& url() const { return url_; }  // empty: it did not start
  bool Pause() const { return Script("pause " + dir_.string()); }
  bool Resume() const { return Script("resume " + dir_.string()); }

 private:
  static bool Script(const std::string& args) {
    const std::string command =
        "bash " FANGKONG_SOURCE_DIR "/scripts/test-postgres.sh " + args + " >&2";
    return std::system(command.c_str()) == 0;
  }
  std::filesystem::path dir_;
  std::string url_;
};

TEST(DatabaseDown, PostgresStoppedUnderARunningServerAnswers503ThenRecovers) {
  OwnPostgres postgres;
  ASSERT_FALSE(postgres.url().empty()) << "could not start PostgreSQL";
  {
    auto db = store::Database::Open(postgres.url());
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE(ops::MigrateOps(**db).ok());
    ops::UserOptions fast;
    fast.ops_limit = crypto_pwhash_OPSLIMIT_MIN;  // the server verifies with the hash's own cost
    fast.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    ops::UserService users(**db, ops::SystemClock(), fast);
    ASSERT_TRUE(users
                    .CreateBySystem({"admin", "管理员", ops::Role::kAdministrator, ""},
                                    "secret-2020", false, "test")
                    .ok());
  }
  FangkongProcess server({"serve", "--db", postgres.url(), "--listen", "127.0.0.1:0"});
  ASSERT_NE(server.port(), 0) << server.Output();
  const auto document = Request(server.port(), "GET", "/api/v1/openapi.json").Json();
  auto login = Request(server.port(), "POST", "/api/v1/auth/login",
                       R"({"username":"admin","password":"secret-2020"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const Headers bearer = {{"Authorization", "Bearer " + login.Json()["token"].get<std::string>()}};
  const std::string users = "/api/v1/users?limit=5";
  ASSERT_EQ(Request(server.port(), "GET", users, "", bearer).status, 200);

  ASSERT_TRUE(postgres.Pause());
  // A read with a session, a login (no session) and a read after the
  // session cache has forgotten the session (2 s): all the same answer.
  std::vector<std::pair<std::string, ClientResponse>> answers;
  answers.emplace_back(users, Request(server.port(), "GET", users, "", bearer));
  answers.emplace_back("/api/v1/auth/login",
                       Request(server.port(), "POST", "/api/v1/auth/login",
                               R"({"username":"admin","password":"secret-2020"})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  answers.emplace_back("/api/v1/auth/me",
                       Request(server.port(), "GET", "/api/v1/auth/me", "", bearer));
  for (const auto& [target, answer] : answers) {
    EXPECT_EQ(answer.status, 503) << target << ": " << answer.body;
    const auto error = answer.Json()["error"];
    EXPECT_EQ(error["code"], "unavailable") << target;
    EXPECT_EQ(error["message"], "the database is unavailable; retry later") << target;
    for (const char* word : {"connect", "PostgreSQL", "terminating", "refused", "database: "})
      EXPECT_EQ(answer.body.find(word), std::string::npos) << word << " in " << answer.body;
    const std::string method = target == "/api/v1/auth/login" ? "POST" : "GET";
    EXPECT_EQ(AnswerProblem(document, method, target, answer), "");
  }
  EXPECT_NE(server.Output().find("answered as \"the database is unavailable; retry later\""),
            std::string::npos)
      << server.Output();

  // Back: each pooled connection opens a new session when it is next used,
  // so the server answers again (a few answers may still be 503 meanwhile).
  ASSERT_TRUE(postgres.Resume());
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = Request(server.port(), "GET", users, "", bearer).status;
    if (status != 200) {
      EXPECT_EQ(status, 503);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status, 200) << "the server did not answer again within a minute";
}

}  // namespace
}  // namespace fk::api::test
