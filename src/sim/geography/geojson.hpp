// The city layout as a GeoJSON FeatureCollection (RFC 7946): one Polygon
// feature per region (the city, then its districts, streets, communities and
// grids, each level in the population's order), with its code, level, name,
// parent code, population, centroid and area. Coordinates are pseudo
// longitude/latitude: the layout's metres placed around a reference point
// near Wuhan by an equirectangular projection (docs/population.md, "The
// map"); they are not a real place. Pure functions; share freely.
#pragma once

#include <string>

#include "sim/geography/city_layout.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Where the layout's origin (the city's centre) is put on the globe.
struct GeoReference {
  double longitude = 114.3055;  // degrees east: central Wuhan
  double latitude = 30.5928;    // degrees north
};

// Longitude and latitude (degrees) of a point `p` metres from the reference
// point: 1° of latitude is 110,574 m, 1° of longitude 111,320 m × cos(latitude).
Point ToLonLat(Point p, const GeoReference& reference);

// The whole document, one feature a line, coordinates with 7 decimals
// (about 1 cm). Preconditions: `layout` was made from `pop`. The same inputs
// give the same bytes.
std::string CityGeoJson(const Population& pop, const CityLayout& layout, uint64_t seed,
                        const GeoReference& reference = {});

}  // namespace fk::sim
