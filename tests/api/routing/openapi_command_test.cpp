// `fangkong openapi` prints, without a database server, the document the
// server serves at /api/v1/openapi.json: the web front end's API types are
// generated from it (web/package.json, "gen:api").
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "api/api_server.hpp"
#include "http_client.hpp"

namespace fk::api {
namespace {

TEST(OpenApiCommand, PrintsTheDocumentTheServerServes) {
  // A private TMPDIR, to see that the command leaves nothing behind.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fangkong-openapi-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "tmp");
  std::string printed;
  FILE* pipe =
      popen(("TMPDIR=" + (dir / "tmp").string() + " " FANGKONG_BINARY " openapi").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) printed.append(buffer.data(), n);
  const int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir / "tmp"));

  ApiServerOptions options;
  options.db_url = (dir / "api.db").string();
  options.http.port = 0;
  auto server = ApiServer::Open(options);
  ASSERT_TRUE(server.ok()) << server.error().message;
  ASSERT_TRUE((*server)->Start().ok());
  auto served = test::Request((*server)->port(), "GET", "/api/v1/openapi.json");
  (*server)->Stop();
  std::filesystem::remove_all(dir);
  ASSERT_EQ(served.status, 200);
  const auto document = nlohmann::json::parse(printed);
  EXPECT_EQ(document, served.Json());
  EXPECT_TRUE(document["paths"].contains("/api/v1/campaigns"));
}

}  // namespace
}  // namespace fk::api
