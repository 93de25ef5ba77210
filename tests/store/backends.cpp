#include "backends.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace fk::testing {
namespace {

std::string g_own_dir;

void StopOwnServer() {
  if (g_own_dir.empty()) return;
  std::string cmd =
      std::string("bash ") + FANGKONG_SOURCE_DIR + "/scripts/test-postgres.sh stop " + g_own_dir;
  (void)std::system(cmd.c_str());
}

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

const std::string& ServerUrl() {
  static std::once_flag once;
  static std::string url;
  std::call_once(once, [] {
    if (const char* file = std::getenv("FK_TEST_PG_URL_FILE")) url = ReadFirstLine(file);
    if (!url.empty()) return;
    g_own_dir = "/tmp/fk-pg-own-" + std::to_string(getpid());
    const std::string url_file = g_own_dir + ".url";
    std::string cmd = std::string("bash ") + FANGKONG_SOURCE_DIR +
                      "/scripts/test-postgres.sh start " + g_own_dir + " " + url_file;
    if (std::system(cmd.c_str()) == 0) {
      std::atexit(StopOwnServer);
      url = ReadFirstLine(url_file);
      std::filesystem::remove(url_file);
    }
  });
  return url;
}

std::atomic<int> g_counter{0};

}  // namespace

std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
}

TestDb::TestDb(store::Dialect dialect, store::DatabaseOptions options)
    : dialect_(dialect), options_(options) {
  const std::string tag = std::to_string(getpid()) + "_" + std::to_string(g_counter++);
  if (dialect == store::Dialect::kSqlite) {
    path_ = (std::filesystem::temp_directory_path() / ("fk_test_" + tag + ".db")).string();
    url_ = path_;
  } else {
    const std::string& server = ServerUrl();
    if (server.empty()) {
      ADD_FAILURE() << "no PostgreSQL test server";
      return;
    }
    schema_ = "t_" + tag;
    auto admin = store::Database::Open(server, {.pool_size = 1});
    if (!admin) {
      ADD_FAILURE() << admin.error().message;
      return;
    }
    auto lease = (*admin)->Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease) return;
    Status s = (*lease)->ExecScript("CREATE SCHEMA " + schema_);
    EXPECT_TRUE(s.ok()) << s.error().message;
    url_ = server + "?options=-csearch_path%3D" + schema_;
  }
  auto db = store::Database::Open(url_, options);
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return;
  }
  db_ = std::move(*db);
}

bool TestDb::Reopen() {
  db_.reset();
  auto db = store::Database::Open(url_, options_);
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return false;
  }
  db_ = std::move(*db);
  return true;
}

TestDb::~TestDb() {
  db_.reset();
  if (!path_.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  if (!schema_.empty()) {
    auto admin = store::Database::Open(ServerUrl(), {.pool_size = 1});
    if (admin) {
      auto lease = (*admin)->Acquire();
      if (lease) (void)(*lease)->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }
}

}  // namespace fk::testing
