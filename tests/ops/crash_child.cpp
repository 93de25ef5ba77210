// Helper process of the crash test (crash_test.cpp), killed with SIGKILL by
// its parent. Prints each acknowledgement as one line on stdout, written with
// a single write(2) after the commit it reports.
//
//   fk_ops_crash_child import URL CSV_FILE
//     Imports the file in one transaction (all or nothing). Prints "started"
//     once kImportProgressRows rows are in the transaction, and stops before
//     the commit (waits to be killed), so the kill always lands mid-import.
//   fk_ops_crash_child write URL THREADS
//     THREADS threads each create a household and add residents to it
//     forever; prints "<resident id> <id number>" after each commit.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ops/registry/registry.hpp"
#include "store/database.hpp"
#include "synthetic.hpp"

namespace fk::ops {
namespace {

const AccessContext kOfficer{1, Role::kDistrictOfficer, "420102", "127.0.0.1:1"};

void Say(const std::string& line) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  const std::string text = line + "\n";
  if (write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    std::perror("crash_child: write");
}

int Import(store::Database& db, const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string csv = text.str();
  const int64_t total = std::count(csv.begin(), csv.end(), '\n') - 1;  // minus the header
  AuditWriter audit(db);
  RegistryService registry(db, audit);
  bool said = false;
  auto report =
      registry.ImportResidentsCsv(kOfficer, csv, ImportMode::kAllOrNothing, [&](int64_t rows) {
        if (!said) Say("started " + std::to_string(rows));
        said = true;
        while (rows >= total) pause();  // every row is in the transaction: wait for the kill
      });
  std::fprintf(stderr, "crash_child: import returned before the kill: %s\n",
               report ? "ok" : report.error().message.c_str());
  return 1;
}

int Write(store::Database& db, int threads) {
  AuditWriter audit(db);
  RegistryService registry(db, audit);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&registry, t] {
      auto household = registry.CreateHousehold(
          kOfficer, {0, "420102001001001", "crash", std::to_string(t), "101"});
      if (!household) {
        std::fprintf(stderr, "crash_child: %s\n", household.error().message.c_str());
        return;
      }
      for (int64_t i = 0;; ++i) {
        auto r =
            registry.AddResident(kOfficer, household->id, synthetic::Person(1000000 * (t + 1) + i));
        if (!r) {
          std::fprintf(stderr, "crash_child: %s\n", r.error().message.c_str());
          continue;
        }
        Say(std::to_string(r->id) + " " + r->data.id_number);
      }
    });
  }
  for (auto& th : pool) th.join();
  return 1;
}

}  // namespace
}  // namespace fk::ops

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: fk_ops_crash_child import URL CSV_FILE | write URL THREADS\n");
    return 2;
  }
  const std::string mode = argv[1];
  const int threads = mode == "write" ? std::atoi(argv[3]) : 1;
  auto db = fk::store::Database::Open(argv[2], {.pool_size = threads});
  if (!db) {
    std::fprintf(stderr, "crash_child: %s\n", db.error().message.c_str());
    return 1;
  }
  if (mode == "import") return fk::ops::Import(**db, argv[3]);
  if (mode == "write") return fk::ops::Write(**db, threads);
  std::fprintf(stderr, "crash_child: unknown mode %s\n", argv[1]);
  return 2;
}
