// An in-process operations server on a free port over a fresh SQLite file
// with the demo data (3 households a grid), and a Bearer token per demo user.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "api/api_server.hpp"
#include "api/demo/demo_data.hpp"
#include "http_client.hpp"

namespace fk::api::test {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fk_api_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    ApiServerOptions options;
    options.db_url = (dir_ / "ops.db").string();
    options.http.port = 0;
    options.users.ops_limit = 1;     // crypto_pwhash_OPSLIMIT_MIN: fast tests
    options.users.mem_limit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
    auto server = ApiServer::Open(options);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    DemoOptions demo;
    demo.households_per_grid = 3;
    Status created = CreateDemoData(server_->services(), demo);
    ASSERT_TRUE(created.ok()) << created.error().message;
    ASSERT_TRUE(server_->Start().ok());
    for (const auto& login : DemoLogins()) Login(login);
  }

  // Logs the demo user in and keeps their token for Call.
  void Login(const DemoLogin& login) {
    auto r =
        Call("POST", "/api/v1/auth/login",
             nlohmann::json{{"username", login.username}, {"password", login.password}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    tokens_[login.username] = r.Json()["token"];
  }

  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  ClientResponse Call(const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& user = {},
                      Headers headers = {}) {
    if (!user.empty()) headers.emplace_back("Authorization", "Bearer " + tokens_.at(user));
    return Request(server_->port(), method, target, body, headers);
  }

  inline static int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<ApiServer> server_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace fk::api::test
