// The assembled server against an attacker, on both backends: bodies
// refused from their headers, denied requests in the audit log, clean
// input (UTF-8, page sizes) and clean output (stored bytes that are not
// UTF-8, database text kept on the server), security headers, and the
// client address and scheme from a trusted proxy only.
#include "api/api_server.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <thread>

#include "common/utf8.hpp"
#include "endpoints/api_fixture.hpp"

namespace fk::api::test {
namespace {

using namespace std::chrono_literals;

// Behind a trusted proxy on 127.0.0.1 (requests without X-Forwarded-For
// are the proxy's own), and a short database wait so that "busy" comes fast.
class ApiServerTest : public ApiTest {
 protected:
  void Configure(ApiServerOptions& options) override {
    options.http.trusted_proxies = {"127.0.0.1"};
    options.http.worker_threads = 4;  // and so 4 database connections
    options.db_timeout_ms = 1000;
  }

  std::int64_t UserId(const std::string& user) {
    auto me = Call("GET", "/api/v1/auth/me", "", user);
    EXPECT_EQ(me.status, 200) << me.body;
    return me.Json()["id"].get<std::int64_t>();
  }

  // The audit records of denied requests, read from the database (the API
  // shows each reader only the records of their scope), waiting up to 5 s
  // for `count` (they are written without holding up the answer).
  nlohmann::json Denials(std::size_t count) {
    nlohmann::json items;
    for (int i = 0; i < 100; ++i) {
      items = nlohmann::json::array();
      auto lease = db().Acquire();
      EXPECT_TRUE(lease.ok());
      auto rows = (*lease)->Query(
          "SELECT user_id, client_address, entity, entity_id, detail, region FROM audit_log "
          "WHERE action = 'denied' ORDER BY id");
      EXPECT_TRUE(rows.ok()) << rows.error().message;
      for (const auto& row : *rows) {
        items.push_back({{"user_id", row.Int(0)},
                         {"client_address", row.Text(1)},
                         {"entity", row.Text(2)},
                         {"entity_id", row.Text(3)},
                         {"detail", row.Text(4)},
                         {"region", row.Text(5)}});
      }
      if (items.size() >= count) break;
      std::this_thread::sleep_for(50ms);
    }
    return items;
  }

  // Sends `text` on a new connection and returns what comes back within 2 s.
  std::string Raw(const std::string& text) {
    int fd = Connect(server_->port());
    SendAll(fd, text);
    std::string got = ReadAll(fd, 2s);
    close(fd);
    return got;
  }

  store::Database& db() { return server_->services().db; }
  bool postgres() const { return GetParam() == store::Dialect::kPostgres; }
};

std::string UploadHeader(const std::string& extra) {
  return "POST /api/v1/residents/import?mode=valid_rows HTTP/1.1\r\nHost: x\r\n"
         "Content-Type: text/csv\r\nContent-Length: 62914560\r\n" +
         extra + "\r\n";
}

// Three anonymous 60 MiB uploads once took the server from 40 to 204 MB
// (bench/README.md): the session, role and scope are now checked on the
// header, and the body is never read.
TEST_P(ApiServerTest, AnUploadIsRefusedOnItsHeaderBeforeAnyBodyByte) {
  const auto start = std::chrono::steady_clock::now();
  const std::string anonymous = Raw(UploadHeader(""));
  EXPECT_EQ(anonymous.rfind("HTTP/1.1 401", 0), 0u) << anonymous;
  const std::string volunteer =
      Raw(UploadHeader("Authorization: Bearer " + tokens_.at("volunteer") + "\r\n"));
  EXPECT_EQ(volunteer.rfind("HTTP/1.1 403", 0), 0u) << volunteer;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);  // neither waited for a body
  // A grid worker may import: told to go on (curl waits for this).
  const std::string grid = Raw(
      UploadHeader("Authorization: Bearer " + tokens_.at("grid") + "\r\nExpect: 100-continue\r\n"));
  EXPECT_EQ(grid.rfind("HTTP/1.1 100 Continue", 0), 0u) << grid;
}

// The only route with a body open to anyone takes small bodies: anonymous
// clients trickling large ones cannot hold the body budget.
TEST_P(ApiServerTest, TheLoginTakesAtMost16KiB) {
  auto r = Call("POST", "/api/v1/auth/login", "{\"username\":\"" + std::string(17000, 'a') + "\"}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json()["error"]["message"],
            "the request body is larger than this endpoint accepts (16384 bytes)");
}

TEST_P(ApiServerTest, DeniedRequestsAreAuditedWithWhoAndWhere) {
  const std::int64_t volunteer = UserId("volunteer");
  // Not recorded: no credential at all.
  EXPECT_EQ(Call("GET", "/api/v1/users").status, 401);
  // A made-up token, through the proxy for 198.51.100.7.
  EXPECT_EQ(Call("GET", "/api/v1/users", "", "",
                 {{"Authorization", "Bearer forged"}, {"X-Forwarded-For", "198.51.100.7"}})
                .status,
            401);
  // The router's 403 (role), and the header stage's (an upload).
  EXPECT_EQ(Call("GET", "/api/v1/users", "", "volunteer").status, 403);
  Raw(UploadHeader("Authorization: Bearer " + tokens_.at("volunteer") + "\r\n"));
  // A handler's 403: unmasked data for a role that may only see it masked.
  auto unmasked =
      Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&unmasked=true", "",
           "volunteer");
  EXPECT_EQ(unmasked.status, 403) << unmasked.body;

  const nlohmann::json items = Denials(4);
  ASSERT_EQ(items.size(), 4u) << items.dump(1);
  EXPECT_EQ(items[0]["entity"], "request");
  EXPECT_EQ(items[0]["user_id"], 0);
  EXPECT_EQ(items[0]["region"], "");  // nobody known: the whole tree's
  EXPECT_EQ(items[0]["client_address"], "198.51.100.7");
  EXPECT_EQ(items[0]["entity_id"], "/api/v1/users");
  EXPECT_EQ(items[0]["detail"],
            "GET /api/v1/users: 401 log in first (session cookie or Bearer token)");
  EXPECT_EQ(items[1]["user_id"], volunteer);
  EXPECT_EQ(items[1]["client_address"], "127.0.0.1");
  EXPECT_EQ(items[1]["detail"], "GET /api/v1/users: 403 role volunteer may not manage_users");
  EXPECT_EQ(items[2]["user_id"], volunteer);
  EXPECT_EQ(items[2]["detail"],
            "POST /api/v1/residents/import: 403 role volunteer may not write_registry");
  EXPECT_EQ(items[3]["user_id"], volunteer);
  EXPECT_EQ(items[3]["detail"].get<std::string>().rfind("GET /api/v1/residents: 403 ", 0), 0u)
      << items[3]["detail"];
  // The volunteer's denials are in the volunteer's region: the demo's
  // administrator reads them through the API.
  EXPECT_EQ(items[1]["region"], kDemoGrid);
  auto log = Call("GET", "/api/v1/audit?entity=request&limit=200", "", "admin");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.Json()["items"].size(), 3u) << log.body;
}

TEST_P(ApiServerTest, EveryApiAnswerCarriesNoStoreAndNosniff) {
  for (const auto& r : {Call("GET", "/healthz"), Call("GET", "/api/v1/auth/me", "", "grid"),
                        Call("GET", "/api/v1/users"), Call("GET", "/api/v1/nope"),
                        Call("POST", "/api/v1/auth/login", "{")}) {
    EXPECT_EQ(r.headers.at("cache-control"), "no-store") << r.status;
    EXPECT_EQ(r.headers.at("x-content-type-options"), "nosniff") << r.status;
    EXPECT_EQ(r.headers.at("referrer-policy"), "no-referrer") << r.status;
    EXPECT_EQ(r.headers.at("x-frame-options"), "DENY") << r.status;
  }
}

// A page size of 2^32 + 1 once wrapped to 1.
TEST_P(ApiServerTest, PageSizesAreCheckedAs64BitValues) {
  for (const auto& [target, user] : std::vector<std::pair<std::string, std::string>>{
           {std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=4294967297", "grid"},
           {"/api/v1/users?limit=4294967297", "admin"},
           {"/api/v1/audit?limit=0", "admin"},
           {"/api/v1/users?limit=-1", "admin"}}) {
    auto r = Call("GET", target, "", user);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.Json()["error"]["field"], "limit") << target;
    EXPECT_EQ(r.Json()["error"]["message"], "must be an integer from 1 to 200") << target;
  }
  auto page =
      Call("GET", std::string("/api/v1/residents?region=") + kDemoGrid + "&limit=200", "", "grid");
  EXPECT_EQ(page.status, 200) << page.body;
}

// A byte 0xFF in a query value or path once gave a 500 and landed in the
// audit log, which then no longer read as UTF-8.
TEST_P(ApiServerTest, BytesThatAreNotUtf8InPathOrQueryAre400AndNeverStored) {
  auto query = Call("GET", "/api/v1/residents?name=%FF", "", "district");
  EXPECT_EQ(query.status, 400);
  EXPECT_EQ(query.Json()["error"]["code"], "invalid_encoding");
  EXPECT_EQ(query.Json()["error"]["field"], "name");
  auto path = Call("GET", "/api/v1/regions/4201%FF", "", "district");
  EXPECT_EQ(path.status, 400);
  EXPECT_EQ(path.Json()["error"]["field"], "code");
  auto json =
      Call("POST", "/api/v1/households",
           "{\"grid_code\":\"420102001001001\",\"building\":\"\xFF\",\"room\":\"1\"}", "grid");
  EXPECT_EQ(json.status, 400);
  EXPECT_EQ(json.Json()["error"]["code"], "malformed_json");
  auto log = Call("GET", "/api/v1/audit?limit=200", "", "admin");
  EXPECT_EQ(log.status, 200);
  EXPECT_TRUE(IsValidUtf8(log.body));
}

// Text stored before imports checked it (or by another program) is read
// back with U+FFFD in place of its broken bytes; the views above it once
// answered 500. PostgreSQL refuses such bytes itself.
TEST_P(ApiServerTest, StoredBytesThatAreNotUtf8AreReadBackAsReplacementCharacters) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx.ok());
  const std::string broken = "\xE7\xBD\x91\xFF\xFE";  // 网, then two bytes that are not UTF-8
  auto region = tx->Exec("UPDATE regions SET name = ? WHERE code = ?", {broken, kDemoGrid});
  if (postgres()) {
    EXPECT_FALSE(region.ok());
    return;
  }
  ASSERT_TRUE(region.ok()) << region.error().message;
  auto resident = tx->Exec(
      "UPDATE residents SET name = ? WHERE id = (SELECT MIN(id) FROM residents)", {broken});
  ASSERT_TRUE(resident.ok()) << resident.error().message;
  ASSERT_TRUE(tx->Commit().ok());

  auto community = Call("GET", "/api/v1/regions/420102001001", "", "district");
  ASSERT_EQ(community.status, 200) << community.body;
  EXPECT_TRUE(IsValidUtf8(community.body));
  EXPECT_NE(community.body.find("网\uFFFD\uFFFD"), std::string::npos) << community.body;
  auto tree = Call("GET", "/api/v1/regions/420102/tree", "", "district");
  ASSERT_EQ(tree.status, 200);
  EXPECT_TRUE(IsValidUtf8(tree.body));

  std::string id;
  {
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    auto rows = (*lease)->Query("SELECT MIN(id) FROM residents");
    ASSERT_TRUE(rows.ok());
    id = std::to_string((*rows)[0].Int(0));
  }
  for (const char* query : {"", "?unmasked=true"}) {
    auto r = Call("GET", "/api/v1/residents/" + id + query, "", "command");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(IsValidUtf8(r.body)) << query;
  }
  auto unmasked = Call("GET", "/api/v1/residents/" + id + "?unmasked=true", "", "command");
  EXPECT_EQ(unmasked.Json()["name"], "网\uFFFD\uFFFD");
}

// Store errors carry SQLite's or PostgreSQL's own text: the client gets a
// generic one, the server's log the real one.
TEST_P(ApiServerTest, DatabaseTextNeverReachesTheClient) {
  {
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    const Status trigger =
        postgres()
            ? (*lease)->ExecScript(
                  "CREATE FUNCTION refuse_households() RETURNS trigger LANGUAGE plpgsql AS $$ "
                  "BEGIN RAISE EXCEPTION 'secret detail 42' USING ERRCODE = '23514'; END $$; "
                  "CREATE TRIGGER refuse BEFORE INSERT ON households "
                  "FOR EACH ROW EXECUTE FUNCTION refuse_households();")
            : (*lease)->ExecScript(
                  "CREATE TRIGGER refuse BEFORE INSERT ON households "
                  "BEGIN SELECT RAISE(ABORT, 'secret detail 42'); END;");
    ASSERT_TRUE(trigger.ok()) << trigger.error().message;
  }
  const std::string household =
      nlohmann::json{{"grid_code", kDemoGrid}, {"building", "9"}, {"room", "901"}}.dump();
  auto refused = Call("POST", "/api/v1/households", household, "grid");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(refused.Json()["error"]["message"], "the database refused the change");
  EXPECT_EQ(refused.body.find("secret"), std::string::npos) << refused.body;

  // Busy: every connection is taken for longer than a request waits.
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", "grid").status, 200);  // the session is cached
  std::vector<store::Lease> held;
  for (int i = 0; i < 4; ++i) {
    auto taken = db().Acquire();
    ASSERT_TRUE(taken.ok()) << taken.error().message;
    held.push_back(std::move(*taken));
  }
  auto busy = Call("POST", "/api/v1/households", household, "grid");
  held.clear();
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.Json()["error"]["code"], "busy");
  EXPECT_EQ(busy.Json()["error"]["message"], "the database is busy; retry later");
  EXPECT_EQ(busy.body.find("connection"), std::string::npos) << busy.body;
}

// The session cookie carries Secure when the client used HTTPS, which a
// trusted proxy may say (X-Forwarded-Proto) and nobody else.
TEST_P(ApiServerTest, TheCookieIsSecureWhenATrustedProxySaysHttps) {
  const std::string login = R"({"username":"grid","password":"fangkong-demo"})";
  auto https = Call("POST", "/api/v1/auth/login", login, "", {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(https.status, 200) << https.body;
  EXPECT_NE(https.headers["set-cookie"].find("; Secure"), std::string::npos);
  auto plain = Call("POST", "/api/v1/auth/login", login);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.headers["set-cookie"].find("Secure"), std::string::npos);
}

// Without --trusted-proxy the forwarded headers are anyone's to write: they
// are ignored.
TEST_P(ApiTest, ForwardedHeadersFromAnUntrustedPeerAreIgnored) {
  auto r = Call("POST", "/api/v1/auth/login", R"({"username":"grid","password":"fangkong-demo"})",
                "", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["set-cookie"].find("Secure"), std::string::npos);
  auto forged = Call("GET", "/api/v1/users", "", "",
                     {{"Authorization", "Bearer forged"}, {"X-Forwarded-For", "198.51.100.7"}});
  EXPECT_EQ(forged.status, 401);
  std::string address;
  for (int i = 0; i < 100 && address.empty(); ++i) {
    auto lease = server_->services().db.Acquire();
    ASSERT_TRUE(lease.ok());
    auto rows = (*lease)->Query("SELECT client_address FROM audit_log WHERE action = 'denied'");
    ASSERT_TRUE(rows.ok());
    if (!rows->empty()) address = (*rows)[0].Text(0);
    if (address.empty()) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(address, "127.0.0.1");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiServerTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
