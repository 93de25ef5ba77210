// The web root served beside the API: content types, caching, gzip, the
// page fallback, and every way out of the root we could think of.
#include "api/static/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/api_server.hpp"
#include "http_client.hpp"

namespace fk::api {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string HeaderOf(const HttpResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("fangkong-static-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    Write(root_ / "index.html", "<!doctype html><title>防控</title>");
    Write(root_ / "assets" / "index-3f2a9c.js", "console.log('plain')");
    Write(root_ / "assets" / "index-3f2a9c.js.gz", "GZIPPED-BYTES");
    Write(root_ / "favicon.svg", "<svg/>");
    Write(root_ / ".hidden", "HIDDEN-CONTENT");
    Write(base_ / "secret.txt", "TOP-SECRET");
    Write(base_ / "outside" / "secret.txt", "TOP-SECRET");
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
    fs::create_directory_symlink(base_ / "outside", root_ / "linkdir");
    fs::create_symlink(root_ / "favicon.svg", root_ / "alias.svg");  // stays inside
  }
  void TearDown() override { fs::remove_all(base_); }

  HttpResponse Get(const std::string& target, const std::string& accept_encoding = {}) {
    HttpRequest request{"GET", target, {}, "", "127.0.0.1"};
    if (!accept_encoding.empty()) request.headers.emplace_back("accept-encoding", accept_encoding);
    return StaticFiles(root_).Serve(request);
  }

  fs::path base_, root_;
};

TEST_F(StaticFilesTest, IndexWithItsHeaders) {
  for (const char* target : {"/", "/index.html", "/?lang=en"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.body, "<!doctype html><title>防控</title>");
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
    EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kWebContentSecurityPolicy);
    EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
    EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "no-referrer");
  }
}

TEST_F(StaticFilesTest, PagesOfTheRouterAreTheIndex) {
  for (const char* target : {"/login", "/residents/123", "/registry/households/7?x=1", "/assets"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.body, "<!doctype html><title>防控</title>") << target;
  }
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYearAndGzippedWhenAccepted) {
  HttpResponse plain = Get("/assets/index-3f2a9c.js");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "console.log('plain')");
  EXPECT_EQ(plain.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  for (const char* accept : {"gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "deflate,gzip"}) {
    HttpResponse gz = Get("/assets/index-3f2a9c.js", accept);
    EXPECT_EQ(gz.body, "GZIPPED-BYTES") << accept;
    EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");
  }
  for (const char* accept : {"gzip;q=0", "gzip; q=0.000", "deflate", "x-gzip2"}) {
    HttpResponse refused = Get("/assets/index-3f2a9c.js", accept);
    EXPECT_EQ(refused.body, "console.log('plain')") << accept;
    EXPECT_EQ(HeaderOf(refused, "Content-Encoding"), "") << accept;
  }
  // No .gz beside it: the file itself.
  EXPECT_EQ(Get("/favicon.svg", "gzip").body, "<svg/>");
  EXPECT_EQ(Get("/favicon.svg").content_type, "image/svg+xml");
  EXPECT_EQ(HeaderOf(Get("/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MissingFilesAre404NotTheIndex) {
  for (const char* target : {"/assets/gone-123.js", "/robots.txt", "/favicon.ico"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(r.body.find("<!doctype"), std::string::npos);
  }
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsEverRead) {
  for (const char* target : {"/../secret.txt",
                             "/%2e%2e/secret.txt",
                             "/%2E%2E/secret.txt",
                             "/.%2e/secret.txt",
                             "/assets/../../secret.txt",
                             "/assets/%2e%2e/%2e%2e/secret.txt",
                             "/assets/..%2f..%2fsecret.txt",
                             "/assets/..%2F..%2Fsecret.txt",
                             "/..%5csecret.txt",
                             "/..\\secret.txt",
                             "/%2fsecret.txt",
                             "//../secret.txt",
                             "/./index.html",
                             "/.hidden",
                             "/%2ehidden",
                             "/index.html%00.js",
                             "/link.txt",
                             "/linkdir/secret.txt",
                             "/linkdir/../../secret.txt",
                             "/%252e%252e/secret.txt",
                             "http://x/../secret.txt"}) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("HIDDEN-CONTENT"), std::string::npos) << target;
    EXPECT_EQ(r.status, 404) << target << " -> " << r.body;
  }
  // A symlink that stays inside the root is followed.
  EXPECT_EQ(Get("/alias.svg").body, "<svg/>");
}

TEST_F(StaticFilesTest, AFrontEndNotBuiltSaysHowToBuildIt) {
  fs::remove(root_ / "index.html");
  const HttpResponse r = Get("/");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("The web front end is not built"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("cmake --build --preset release"), std::string::npos);
  EXPECT_EQ(StaticFiles(base_ / "never-made").Serve({"GET", "/", {}, "", ""}).status, 404);
}

TEST(StaticFiles, HandlesGetsOutsideTheApiOnly) {
  auto handles = [](const char* method, const char* target) {
    return StaticFiles::Handles({method, target, {}, "", ""});
  };
  EXPECT_TRUE(handles("GET", "/"));
  EXPECT_TRUE(handles("GET", "/residents"));
  EXPECT_TRUE(handles("GET", "/apix"));
  EXPECT_TRUE(handles("GET", "/healthz/x"));
  EXPECT_FALSE(handles("GET", "/api"));
  EXPECT_FALSE(handles("GET", "/api/"));
  EXPECT_FALSE(handles("GET", "/api/v1/nope"));
  EXPECT_FALSE(handles("GET", "/api?x=1"));
  EXPECT_FALSE(handles("GET", "/healthz"));
  EXPECT_FALSE(handles("GET", "/healthz?full=1"));
  EXPECT_FALSE(handles("POST", "/"));
  EXPECT_FALSE(handles("HEAD", "/"));
}

TEST(StaticFiles, ContentTypes) {
  EXPECT_EQ(ContentTypeOf("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(ContentTypeOf("city.geojson"), "application/geo+json");
  EXPECT_EQ(ContentTypeOf("README"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf("a.js.gz"), "application/octet-stream");
}

// Through the server: the front end at /, the API's JSON answers under /api
// and at /healthz, as before.
TEST_F(StaticFilesTest, ServedBesideTheApi) {
  ApiServerOptions options;
  options.db_url = (base_ / "api.db").string();
  options.web_root = root_.string();
  options.http.port = 0;
  auto server = ApiServer::Open(options);
  ASSERT_TRUE(server.ok()) << server.error().message;
  ASSERT_TRUE((*server)->Start().ok());
  const auto port = (*server)->port();
  auto page = test::Request(port, "GET", "/residents");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page.headers["content-security-policy"], kWebContentSecurityPolicy);
  auto gz =
      test::Request(port, "GET", "/assets/index-3f2a9c.js", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.body, "GZIPPED-BYTES");
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  auto api = test::Request(port, "GET", "/api/v1/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Json()["error"]["code"], "not_found");
  EXPECT_EQ(test::Request(port, "GET", "/healthz").Json()["status"], "ok");
  auto post = test::Request(port, "POST", "/", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(post.Json()["error"]["code"], "not_found");
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/linkdir/secret.txt"}) {
    auto r = test::Request(port, "GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
  }
  (*server)->Stop();
}

}  // namespace
}  // namespace fk::api
