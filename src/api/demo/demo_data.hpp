// Demo data for `fangkong demo` and the API tests: a small district of Wuhan
// (2 streets x 2 communities x 2 grids), households with 1-4 residents with
// valid synthetic resident ID numbers (GB 11643 check digit), grid staff, and
// one user of each role. Deterministic: the same data every time.
#pragma once

#include <string>
#include <vector>

#include "api/endpoints/services.hpp"
#include "common/result.hpp"

namespace fk::api {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;
};

struct DemoOptions {
  int households_per_grid = 20;
};

// Codes of the demo tree.
inline constexpr const char* kDemoDistrict = "420102";            // 江岸区
inline constexpr const char* kDemoGrid = "420102001001001";       // first grid
inline constexpr const char* kDemoOtherGrid = "420102002002002";  // a grid of the other street

// The demo logins (one per role), whether or not the data exists yet.
std::vector<DemoLogin> DemoLogins();

// Fills an empty database. kConflict when it already has users (the data is
// then assumed to be the demo's).
Status CreateDemoData(Services& services, const DemoOptions& options = {});

}  // namespace fk::api
