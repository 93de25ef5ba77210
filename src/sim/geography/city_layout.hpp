// The synthetic city laid out on a plane: every region of the population's
// tree (city > districts > streets > communities > grids) is a convex
// polygon; the grids of a community tile it exactly, the communities their
// street, the streets their district and the districts the city, and every
// region's area is proportional to its residents (uniform density).
// Method, units and limits: docs/population.md ("The map").
//
// Pure function of the population, the seed and the options: one thread,
// no shared state, so it may run on any thread and gives the same
// coordinates for the same inputs (same binary) every time.
#pragma once

#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "sim/geography/polygon.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

struct RegionShape {
  Ring ring;       // convex, counter-clockwise, metres from the city's centre
  Point centroid;  // of the area; inside the ring
  double area_m2 = 0;
  int64_t population = 0;  // residents
};

// Indexed like the population's vectors: districts[i] is pop.districts[i].
struct CityLayout {
  RegionShape city;
  std::vector<RegionShape> districts;
  std::vector<RegionShape> streets;
  std::vector<RegionShape> communities;
  std::vector<RegionShape> grids;
  double residents_per_km2 = 0;  // the density every region has
};

struct LayoutOptions {
  // Residents per square kilometre, the same everywhere (an assumption:
  // about the density of Wuhan's central districts; see docs/population.md).
  double residents_per_km2 = 10'000;
};

// Lays out `pop` (built by BuildPopulation, so every grid has residents and
// every region children), drawing the city's outline and the direction of
// every cut from `seed` (Stream::kGeography). Returns the shapes, owned by
// the caller, or kInvalidArgument naming the bad option
// ("residents_per_km2: must be a positive number, got 0") or an empty
// population ("population: has no grids").
Result<CityLayout> LayOutCity(const Population& pop, uint64_t seed,
                              const LayoutOptions& options = {});

}  // namespace fk::sim
