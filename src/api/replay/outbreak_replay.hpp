// Replays an outbreak plan (outbreak_plan.hpp) through the HTTP API, as a
// city's staff would enter it, and reads back the daily counts the API
// reports. Requests go through a Caller (the tests' client with its OpenAPI
// checks, or the bench's), with real logins; a day's work is shared by
// `lanes` client threads (phases in the plan's order, a barrier between
// phases and days). The server's clock is moved to each day by `set_day`
// before its writes (ops/clock_override.hpp), so dates "not after today"
// hold; the staff log in again each day.
// The counts read back (ReadCounts):
//  - new and cumulative confirmed: GET /cases/daily for the region;
//  - contacts listed and new cases from contacts: GET /contacts/figures a day;
//  - active orders and beds occupied: read after each day's writes
//    (GET /quarantine-orders?status=active, GET /facilities);
//  - orders by start day and checks by day: from every order's start date,
//    check count and last check day (the replay checks an order every day
//    from its first, so the count and last day give the days).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/replay/outbreak_plan.hpp"
#include "common/result.hpp"

namespace fk::api::replay {

struct Answer {
  int status = 0;  // 0: no answer
  nlohmann::json body;
};
// One request; `token` empty or a session token (Bearer). Called from
// several threads at once.
using Caller = std::function<Answer(const std::string& method, const std::string& target,
                                    const std::string& body, const std::string& token)>;

struct Login {
  std::string username, password;
};

struct ReplayOptions {
  std::string region;  // the city: residents read, facilities registered, counts asked
  Login officer;       // reports cases, lists contacts, orders, admits (manage_* in region)
  Login checker;       // records quarantine checks in region
  int lanes = 1;       // client threads
  std::function<void(int64_t day)> set_day;  // the server's clock to `day` (days since 1970)
};

struct ReplayReport {
  std::vector<DayCounts> observed;  // what the API reports, a day each
  std::vector<std::string> errors;  // unexpected answers (the first 20); empty: as planned
  int64_t writes = 0;               // write requests made
  double write_seconds = 0;         // the days' writes (no reads)
  double read_seconds = 0;          // the daily snapshots and the final counts
};

// A session token for `login`.
Result<std::string> LogIn(const Caller& call, const Login& login);

// The residents of `region` in id order (GET /residents, pages of 200).
Result<std::vector<Resident>> ReadResidents(const Caller& call, const std::string& token,
                                            const std::string& region);

// Registers the plan's facilities, replays its days and reads the counts.
// Setup failures (login, facilities) are errors of the result; unexpected
// answers during the days are listed in the report.
Result<ReplayReport> Replay(const Caller& call, const Plan& plan,
                            const std::vector<Resident>& residents, const ReplayOptions& options);

}  // namespace fk::api::replay
