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
//   fk_ops_crash_child cases URL THREADS
//     THREADS threads each create a household, then forever report a case
//     of a person registered on the spot (one request: the person, the case,
//     its history) and list three contacts of it by ID number (a request
//     each); prints "case <id>" or "contact <id>" after each commit.
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

#include "ops/cases/cases.hpp"
#include "ops/contacts/contacts.hpp"
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

int Cases(store::Database& db, int threads) {
  AuditWriter audit(db);
  RegistryService registry(db, audit);
  CaseService cases(db, audit);
  ContactService contacts(db, audit);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto household = registry.CreateHousehold(
          kOfficer, {0, "420102001001001", "crash", std::to_string(t), "101"});
      if (!household) {
        std::fprintf(stderr, "crash_child: %s\n", household.error().message.c_str());
        return;
      }
      for (int64_t i = 0;; ++i) {
        const int64_t n = 2000000 * (t + 1) + 4 * i;
        NewCase report;
        report.household_id = household->id;
        report.person = synthetic::Person(n);
        report.report_date = "2020-02-10";
        auto c = cases.Report(kOfficer, report);
        if (!c) {
          std::fprintf(stderr, "crash_child: %s\n", c.error().message.c_str());
          continue;
        }
        Say("case " + std::to_string(c->id));
        for (int k = 1; k <= 3; ++k) {
          const ResidentInput met = synthetic::Person(n + k);
          ContactInput in;
          in.id_number = met.id_number;
          in.name = met.name;
          in.phone = met.phone;
          in.last_exposure_date = "2020-02-09";
          auto contact = contacts.AddContact(kOfficer, c->id, in);
          if (!contact) {
            std::fprintf(stderr, "crash_child: %s\n", contact.error().message.c_str());
            continue;
          }
          Say("contact " + std::to_string(contact->id));
        }
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
    std::fprintf(stderr,
                 "usage: fk_ops_crash_child import URL CSV_FILE | write URL THREADS | cases URL "
                 "THREADS\n");
    return 2;
  }
  const std::string mode = argv[1];
  const int threads = mode == "import" ? 1 : std::atoi(argv[3]);
  auto db = fk::store::Database::Open(argv[2], {.pool_size = threads});
  if (!db) {
    std::fprintf(stderr, "crash_child: %s\n", db.error().message.c_str());
    return 1;
  }
  if (mode == "import") return fk::ops::Import(**db, argv[3]);
  if (mode == "write") return fk::ops::Write(**db, threads);
  if (mode == "cases") return fk::ops::Cases(**db, threads);
  std::fprintf(stderr, "crash_child: unknown mode %s\n", argv[1]);
  return 2;
}
