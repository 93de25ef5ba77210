// Test helpers: the city parameters (Wuhan-like defaults) filled by hand, and
// populations built once and shared by the tests of this folder.
#pragma once

#include <cstdint>

#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim::testing {

// City parameters for `population` residents, seed 1, city 420100.
Parameters TestCityParameters(int64_t population);

// A 100,000-resident city built with TestCityParameters on 2 threads.
const Population& City100k();

}  // namespace fk::sim::testing
