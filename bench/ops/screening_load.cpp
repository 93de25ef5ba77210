// Load generator of the screening replay through HTTP (issue 18,
// bench/ops/run-screening-http.sh): the grid workers of a plan
// (screening_setup.cpp) log in to a `fangkong serve` on 127.0.0.1:PORT and
// record visits with POST /api/v1/campaigns/{id}/visits, open loop at a fixed
// RATE (visit i is due at i / RATE seconds; its latency counts from then, so
// a slow server cannot slow the load down; the time from the send is printed
// too), at most CONNECTIONS in flight, bounded by VISITS and by SECONDS (due
// visits not yet sent when SECONDS have passed are counted, not sent).
// Visit i is for worker i % workers, who goes through the people of its grid
// in task order, each visit with a client-made id; a send that gets no answer
// (or 503) is sent again with the same id, at most 3 times. One person in 50
// has a fever (flagged). Meanwhile the district officer asks for the coverage
// of every level of the city every COVERAGE_EVERY seconds. At the end the
// coverage of every grid, community, street, district and the city must
// equal what the server acknowledged (201, or 200 for a repeated send):
// people screened, households visited, people flagged.
// Prints the latency percentiles of the visits and of the coverage; exits 1
// when the count check fails or a visit was never acknowledged.
// Uses the API tests' client (tests/api/http_client.hpp): a connection a request.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using fk::api::test::ClientResponse;
using fk::api::test::Request;

struct Person {
  std::string grid;
  long long task = 0, resident = 0;
};

struct Worker {
  std::string username, token;
  std::vector<Person> people;
};

struct Plan {
  long long campaign = 0;
  std::vector<Worker> workers;
};

struct Flags {
  std::uint16_t port = 0;
  std::string plan, password;
  double rate = 325;  // 4.21 million visits in three days, 20 times as fast
  long long visits = 0;
  double seconds = 600;
  int connections = 32;
  double coverage_every = 1;
};

bool ReadPlan(const std::string& path, Plan& plan) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word >> plan.campaign) || word != "campaign") return false;
  std::map<std::string, size_t> index;
  std::string user;
  Person p;
  while (in >> user >> p.grid >> p.task >> p.resident) {
    auto [it, added] = index.emplace(user, plan.workers.size());
    if (added) plan.workers.push_back({user, "", {}});
    plan.workers[it->second].people.push_back(p);
  }
  return !plan.workers.empty();
}

std::string Login(std::uint16_t port, const std::string& user, const std::string& password) {
  const nlohmann::json body{{"username", user}, {"password", password}};
  for (int attempt = 0; attempt < 20; ++attempt) {
    ClientResponse r =
        Request(port, "POST", "/api/v1/auth/login", body.dump(), {}, std::chrono::seconds(60));
    if (r.status == 200) return r.Json().value("token", "");
    if (r.status != 503 && r.status != 0) break;  // the hash queue full: wait, retry
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return "";
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void PrintLatency(const char* what, const std::vector<double>& ms) {
  std::printf("%s: %zu, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, ms.size(),
              Percentile(ms, 0.50), Percentile(ms, 0.95), Percentile(ms, 0.99),
              ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()));
}

// What the server acknowledged, for the count check.
struct Acknowledged {
  std::mutex mu;
  std::map<std::string, long long> screened, flagged;     // by grid
  std::map<std::string, std::set<long long>> households;  // tasks visited, by grid
};

int Run(const Flags& f) {
  Plan plan;
  if (!ReadPlan(f.plan, plan)) {
    std::fprintf(stderr, "fk_screening_load: cannot read the plan %s\n", f.plan.c_str());
    return 2;
  }
  // Logins, a few at a time (each costs the server an Argon2id check).
  auto t0 = Clock::now();
  std::atomic<size_t> next_login{0};
  std::atomic<int> failed_logins{0};
  std::vector<std::thread> loggers;
  for (int k = 0; k < 4; ++k) {
    loggers.emplace_back([&] {
      for (size_t w; (w = next_login++) < plan.workers.size();) {
        plan.workers[w].token = Login(f.port, plan.workers[w].username, f.password);
        if (plan.workers[w].token.empty()) ++failed_logins;
      }
    });
  }
  for (auto& t : loggers) t.join();
  const std::string officer = Login(f.port, "bench-officer", f.password);
  if (failed_logins > 0 || officer.empty()) {
    std::fprintf(stderr, "fk_screening_load: %d logins failed\n",
                 failed_logins.load() + (officer.empty() ? 1 : 0));
    return 1;
  }
  std::printf("logins: %zu grid workers and the officer, %.1f s\n", plan.workers.size(),
              std::chrono::duration<double>(Clock::now() - t0).count());

  // Visit i: worker i % W, that worker's (i / W)-th person; workers whose
  // grid is done drop out of the rotation.
  std::vector<const Worker*> by_visit_worker;
  std::vector<const Person*> by_visit_person;
  for (size_t round = 0;; ++round) {
    bool any = false;
    for (const Worker& w : plan.workers) {
      if (round >= w.people.size()) continue;
      any = true;
      by_visit_worker.push_back(&w);
      by_visit_person.push_back(&w.people[round]);
    }
    if (!any) break;
  }
  long long total = static_cast<long long>(by_visit_person.size());
  if (f.visits > 0) total = std::min(total, f.visits);
  total = std::min(total, static_cast<long long>(f.rate * f.seconds));
  std::printf("replay: %lld visits at %.0f a second (%.0f s), %d connections, campaign %lld\n",
              total, f.rate, static_cast<double>(total) / f.rate, f.connections, plan.campaign);

  const std::string path = "/api/v1/campaigns/" + std::to_string(plan.campaign);
  Acknowledged acked;
  std::mutex lat_mu;
  std::vector<double> visit_ms, service_ms, coverage_ms;
  std::atomic<long long> next{0}, refused{0}, unanswered{0}, resent{0};
  std::atomic<bool> running{true};
  std::atomic<int> coverage_errors{0};
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(f.seconds));
  std::atomic<long long> late{0};
  std::vector<std::thread> senders;
  for (int c = 0; c < f.connections; ++c) {
    senders.emplace_back([&] {
      std::vector<double> mine, mine_service;
      for (long long i; (i = next++) < total;) {
        if (Clock::now() > deadline) {  // the server fell behind: stop at the time bound
          ++late;
          continue;
        }
        const auto due =
            start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(i) / f.rate));
        std::this_thread::sleep_until(due);
        const Worker& w = *by_visit_worker[i];
        const Person& p = *by_visit_person[i];
        const bool fever = p.resident % 50 == 0;
        char temperature[16];
        std::snprintf(temperature, sizeof temperature, "%.1f",
                      fever ? 37.8 : 36.0 + static_cast<double>(p.resident % 9) / 10);
        const std::string body = "{\"task_id\":" + std::to_string(p.task) +
                                 ",\"resident_id\":" + std::to_string(p.resident) +
                                 ",\"present\":true,\"temperature\":" + temperature +
                                 ",\"client_id\":\"replay-" + std::to_string(i) + "\"}";
        const fk::api::test::Headers headers{{"Authorization", "Bearer " + w.token}};
        ClientResponse r;
        const auto sent = Clock::now();
        for (int attempt = 0; attempt < 3; ++attempt) {
          if (attempt > 0) ++resent;
          r = Request(f.port, "POST", path + "/visits", body, headers);
          if (r.status != 0 && r.status != 503) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        const auto answered_at = Clock::now();
        mine.push_back(std::chrono::duration<double, std::milli>(answered_at - due).count());
        mine_service.push_back(
            std::chrono::duration<double, std::milli>(answered_at - sent).count());
        if (r.status == 201 || r.status == 200) {
          std::lock_guard lock(acked.mu);
          ++acked.screened[p.grid];
          if (fever) ++acked.flagged[p.grid];
          acked.households[p.grid].insert(p.task);
        } else if (r.status == 0) {
          ++unanswered;
        } else if (refused++ == 0) {
          std::fprintf(stderr, "first refusal: %d %s\n", r.status, r.body.c_str());
        }
      }
      std::lock_guard lock(lat_mu);
      visit_ms.insert(visit_ms.end(), mine.begin(), mine.end());
      service_ms.insert(service_ms.end(), mine_service.begin(), mine_service.end());
    });
  }
  const fk::api::test::Headers officer_headers{{"Authorization", "Bearer " + officer}};
  std::thread sampler([&] {
    for (auto due = Clock::now(); running; due += std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(f.coverage_every))) {
      std::this_thread::sleep_until(due);
      const auto asked = Clock::now();
      ClientResponse r = Request(f.port, "GET", path + "/coverage", "", officer_headers);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - asked).count();
      if (r.status != 200) ++coverage_errors;
      std::lock_guard lock(lat_mu);
      coverage_ms.push_back(ms);
    }
  });
  for (auto& t : senders) t.join();
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  running = false;
  sampler.join();

  const long long sent = total - late;
  const long long answered = sent - refused - unanswered;
  std::printf(
      "visits: %lld sent, %lld not sent (due when SECONDS had passed), %lld acknowledged, %lld "
      "refused, %lld unanswered, %lld sent again; %.1f s, %.1f acknowledged a second\n",
      sent, late.load(), answered, refused.load(), unanswered.load(), resent.load(), took,
      static_cast<double>(answered) / took);
  PrintLatency("visit latency (from when due)", visit_ms);
  PrintLatency("visit latency (from when sent)", service_ms);
  PrintLatency("coverage during the run", coverage_ms);
  if (coverage_errors > 0)
    std::printf("coverage answers other than 200: %d\n", coverage_errors.load());

  // The count check: every level equals the sums of what was acknowledged.
  ClientResponse final_coverage =
      Request(f.port, "GET", path + "/coverage", "", officer_headers, std::chrono::seconds(60));
  const nlohmann::json rows = final_coverage.Json();
  if (final_coverage.status != 200 || !rows.contains("items")) {
    std::printf("count check: FAILED, coverage answered %d\n", final_coverage.status);
    return 1;
  }
  struct Want {
    long long screened = 0, households = 0, flagged = 0;
  };
  std::map<std::string, Want> want;
  for (const auto& [grid, n] : acked.screened) {
    for (const std::string& code :
         {grid, grid.substr(0, 12), grid.substr(0, 9), grid.substr(0, 6), std::string("420100")}) {
      want[code].screened += n;
      want[code].households += static_cast<long long>(acked.households[grid].size());
      want[code].flagged += acked.flagged[grid];
    }
  }
  long long checked = 0, wrong = 0;
  std::set<std::string> seen;
  for (const auto& row : rows["items"]) {
    const std::string code = row.value("code", "");
    const Want w = want.count(code) ? want[code] : Want{};
    seen.insert(code);
    ++checked;
    if (row.value("residents_screened", -1LL) != w.screened ||
        row.value("households_visited", -1LL) != w.households ||
        row.value("flagged", -1LL) != w.flagged) {
      if (wrong++ < 5) {
        std::printf(
            "  %s: screened %lld (want %lld), households %lld (want %lld), flagged %lld "
            "(want %lld)\n",
            code.c_str(), row.value("residents_screened", -1LL), w.screened,
            row.value("households_visited", -1LL), w.households, row.value("flagged", -1LL),
            w.flagged);
      }
    }
  }
  for (const auto& [code, w] : want)
    if (!seen.count(code)) ++wrong;  // an acknowledged region missing from the coverage
  std::printf("count check: %s, %lld regions of every level, %lld differ; city: %lld screened\n",
              wrong == 0 ? "ok" : "FAILED", checked, wrong, want["420100"].screened);
  return wrong == 0 && answered == sent ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Flags f;
  CLI::App app{"Screening replay through HTTP: grid workers recording visits (issue 18)"};
  app.add_option("--port", f.port, "the server's port on 127.0.0.1")->required();
  app.add_option("--plan", f.plan, "the plan fk_screening_setup wrote")->required();
  app.add_option("--password", f.password, "the accounts' password")->required();
  app.add_option("--rate", f.rate, "visits a second")->capture_default_str();
  app.add_option("--visits", f.visits, "visits at most (0: the plan's)")->capture_default_str();
  app.add_option("--seconds", f.seconds, "seconds of visits at most")->capture_default_str();
  app.add_option("--connections", f.connections, "visits in flight at most")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  app.add_option("--coverage-every", f.coverage_every, "seconds between coverage queries")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return Run(f);
}
