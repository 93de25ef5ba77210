// Demo data for `fangkong demo` and the API tests: the simulator's synthetic
// city (sim::BuildPopulation) stored through the operations services: the
// region tree 湖北省 > 武汉市 > districts > streets > communities > grids with
// their outlines for the map (sim::LayOutCity from the seed), grid staff, households with
// addresses, residents with names, birth dates, valid resident ID numbers (GB 11643), phones and
// categories, and one user of each role. Deterministic: the same options give the same data. The
// public demo password exists only in databases made here.
// One thread at a time per Services (the services themselves are thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"
#include "sim/population/population.hpp"

namespace fk::api {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;
};

inline constexpr int64_t kDefaultDemoPopulation = 20'000;
inline constexpr int64_t kMaxDemoPopulation = 1'000'000;

struct DemoOptions {
  int64_t population = kDefaultDemoPopulation;  // residents, 1,000 .. kMaxDemoPopulation
  uint64_t seed = 1;
  int households_per_grid = 0;  // 0: the simulator's default (city.households_per_grid)
  int threads = 1;              // threads that build the city (same city at any count)
  int supply_days = 30;         // days of supply movements up to now (demo_supplies.hpp); 0: none
  bool notices = true;          // notices of the city, districts, communities (demo_notices.hpp)
  bool volunteers = true;       // volunteers, teams, duty posts and shifts (demo_volunteers.hpp)
  bool command = true;          // directives, daily reports, a supervision round (demo_command.hpp)
  bool checkpoints =
      true;  // gates, a traffic checkpoint, a day of passages, one alert (demo_checkpoints.hpp)
  bool outbreak =
      true;  // cases, contacts, quarantine, hospitals and admissions (demo_outbreak.hpp)
};

// What CreateDemoData made and how long it took.
struct DemoSummary {
  int64_t residents = 0;
  int64_t households = 0;
  int64_t grids = 0;
  int64_t districts = 0;
  double build_seconds = 0;  // building the synthetic city
  // Writing regions, users, staff, residents and all but the outbreak.
  double store_seconds = 0;
  int64_t cases = 0;  // the outbreak's (0 without it)
  int64_t quarantine_orders = 0;
  double outbreak_seconds = 0;  // writing the outbreak
};

// Codes of the demo tree. The logins' scopes and kDemoGrid exist in every
// demo city; kDemoOtherGrid (a grid of the district's second street) once the
// city has 8 grids or more.
inline constexpr const char* kDemoProvince = "420000";            // 湖北省
inline constexpr const char* kDemoCity = "420100";                // 武汉市
inline constexpr const char* kDemoDistrict = "420102";            // 江岸区
inline constexpr const char* kDemoGrid = "420102001001001";       // first grid
inline constexpr const char* kDemoOtherGrid = "420102002002002";  // a grid of the other street

// The demo logins (one per role), whether or not the data exists yet.
std::vector<DemoLogin> DemoLogins();

// The demo's synthetic city for `options` (what CreateDemoData stores),
// owned by the caller. kInvalidArgument naming the bad option.
Result<sim::Population> BuildDemoCity(const DemoOptions& options);

// Fills an empty database and says what it made: first a mark that the
// database is the demo's (see ClassifyDemoDatabase), then the users, made
// the operator's way (UserService::CreateBySystem, audited as from "demo",
// with the public password `fangkong-demo` and no approvals), then the
// city. kConflict "demo: the database has users" when it has any (nothing
// is written); kInvalidArgument for options out of range. A failure after
// the mark leaves a partial database.
Result<DemoSummary> CreateDemoData(Services& services, const DemoOptions& options = {});

// What a database is to `fangkong demo`, which creates new databases and
// reuses its own but refuses every other (a real city's database must never
// receive the demo's public logins).
enum class DemoDatabase {
  kNew,    // no schema yet: demo may create it
  kDemo,   // made by CreateDemoData (it carries the demo's mark): reuse as it is
  kOther,  // anything else
};
Result<DemoDatabase> ClassifyDemoDatabase(store::Database& db);

}  // namespace fk::api
