#include "sim/geography/city_layout.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <fmt/format.h>

#include "common/rng.hpp"

namespace fk::sim {
namespace {

// The "day" slot of a Stream::kGeography draw: what it shapes.
enum class Purpose : uint32_t {
  kOutline = 0,  // entity 0: the city's outline
  // 1 + level of the parent whose area is cut (1 city, 2 district, 3 street,
  // 4 community); entity = the parent's index; index = (lo << 16) | hi of
  // the children being separated.
  kCut = 1,
};

constexpr int kOutlineVertices = 32;
// Directions tried when looking for a polygon's longest extent.
constexpr int kDirections = 16;
// Largest random turn of the cuts tried away from square to that extent
// (radians), and the directions tried around it, kCandidateSpread apart.
constexpr double kMaxTurn = 0.25;
constexpr int kCandidateCuts = 7;
constexpr double kCandidateSpread = 0.2;

// The city's outline: a 32-gon on an ellipse of random elongation (1.15 to
// 1.45) and orientation, of area `area` around the origin.
Ring Outline(const Rng& rng, double area) {
  const Bits bits = rng.Draw(Stream::kGeography, static_cast<uint32_t>(Purpose::kOutline), 0, 0);
  const double ratio = 1.15 + 0.3 * Rng::ToUnit(bits[0]);
  const double turn = std::numbers::pi * Rng::ToUnit(bits[1]);
  const double step = 2 * std::numbers::pi / kOutlineVertices;
  // A regular n-gon inscribed in an ellipse of semi-axes a, b has area
  // n/2 · a·b · sin(2π/n).
  const double ab = area / (kOutlineVertices / 2.0 * std::sin(step));
  const double a = std::sqrt(ab * ratio), b = std::sqrt(ab / ratio);
  const double ct = std::cos(turn), st = std::sin(turn);
  Ring ring;
  for (int k = 0; k < kOutlineVertices; ++k) {
    const double x = a * std::cos(k * step), y = b * std::sin(k * step);
    ring.push_back({ct * x - st * y, st * x + ct * y});
  }
  return ring;
}

// The direction (radians) in which the ring is longest, among kDirections.
double LongestDirection(const Ring& ring) {
  double best_angle = 0, best_extent = -1;
  for (int k = 0; k < kDirections; ++k) {
    const double angle = k * std::numbers::pi / kDirections;
    const double ux = std::cos(angle), uy = std::sin(angle);
    double lo = INFINITY, hi = -INFINITY;
    for (const Point& p : ring) {
      const double d = ux * p.x + uy * p.y;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    if (hi - lo > best_extent) {
      best_extent = hi - lo;
      best_angle = angle;
    }
  }
  return best_angle;
}

// The offset c at which the part of `ring` with ux·x + uy·y <= c has
// `share` of its area (bisection: that area grows with c).
double CutOffset(const Ring& ring, double ux, double uy, double share) {
  double c_lo = INFINITY, c_hi = -INFINITY;
  for (const Point& p : ring) {
    const double d = ux * p.x + uy * p.y;
    c_lo = std::min(c_lo, d);
    c_hi = std::max(c_hi, d);
  }
  const double target = share * SignedArea(ring);
  for (int i = 0; i < 100; ++i) {
    const double c = c_lo + (c_hi - c_lo) / 2;
    if (c == c_lo || c == c_hi) break;
    (SignedArea(ClipHalfPlane(ring, ux, uy, c)) < target ? c_lo : c_hi) = c;
  }
  return c_lo + (c_hi - c_lo) / 2;
}

// 4π·area / perimeter²: 1 for a disc, 0.785 for a square, small for slivers.
double Compactness(const Ring& ring) {
  double perimeter = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    perimeter += std::hypot(b.x - a.x, b.y - a.y);
  }
  return perimeter > 0 ? 4 * std::numbers::pi * SignedArea(ring) / (perimeter * perimeter) : 0;
}

// Cuts `ring` among the children [lo, hi) of one parent, whose populations
// have the prefix sums `prefix` (prefix[i] - prefix[lo] = residents of
// children lo..i-1), writing child i's ring to rings[i]. Halves the children
// by population and cuts the area by a straight line, roughly across its
// longest direction, so that each side's area matches its share.
void Cut(const Ring& ring, const std::vector<int64_t>& prefix, uint32_t lo, uint32_t hi,
         const Rng& rng, uint32_t purpose, uint32_t parent, std::vector<Ring>& rings) {
  if (hi - lo == 1) {
    rings[lo] = ring;
    return;
  }
  const double total = static_cast<double>(prefix[hi] - prefix[lo]);
  uint32_t mid = lo + 1;
  double best = INFINITY;
  for (uint32_t m = lo + 1; m < hi; ++m) {
    const double gap = std::abs(static_cast<double>(prefix[m] - prefix[lo]) - total / 2);
    if (gap < best) {
      best = gap;
      mid = m;
    }
  }
  const double share = static_cast<double>(prefix[mid] - prefix[lo]) / total;
  const Bits bits = rng.Draw(Stream::kGeography, purpose, parent, (lo << 16) | hi);
  const double turn = kMaxTurn * (2 * Rng::ToUnit(bits[0]) - 1);
  // Of a few directions across the longest extent, the cut whose worse side
  // is the most compact, so that regions stay roundish, not slivers.
  const double longest = LongestDirection(ring);
  double best_score = -1, ux = 1, uy = 0, c = 0;
  for (int k = 0; k < kCandidateCuts; ++k) {
    const double angle = longest + turn + kCandidateSpread * (k - kCandidateCuts / 2);
    const double cx = std::cos(angle), cy = std::sin(angle);
    const double offset = CutOffset(ring, cx, cy, share);
    const double score = std::min(Compactness(ClipHalfPlane(ring, cx, cy, offset)),
                                  Compactness(ClipHalfPlane(ring, -cx, -cy, -offset)));
    if (score > best_score) {
      best_score = score;
      ux = cx;
      uy = cy;
      c = offset;
    }
  }
  Cut(ClipHalfPlane(ring, ux, uy, c), prefix, lo, mid, rng, purpose, parent, rings);
  Cut(ClipHalfPlane(ring, -ux, -uy, -c), prefix, mid, hi, rng, purpose, parent, rings);
}

RegionShape Shape(Ring ring, int64_t population) {
  RegionShape shape;
  shape.area_m2 = SignedArea(ring);
  shape.centroid = Centroid(ring);
  shape.ring = std::move(ring);
  shape.population = population;
  return shape;
}

// Lays out the children of every parent: parents[i]'s ring is cut among
// children [first_child, end_child), with populations `child_population`.
std::vector<RegionShape> LayOutLevel(const std::vector<const RegionShape*>& parents,
                                     const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                                     const std::vector<int64_t>& child_population, const Rng& rng,
                                     uint32_t purpose) {
  std::vector<int64_t> prefix(child_population.size() + 1, 0);
  for (std::size_t i = 0; i < child_population.size(); ++i)
    prefix[i + 1] = prefix[i] + child_population[i];
  std::vector<Ring> rings(child_population.size());
  for (std::size_t p = 0; p < parents.size(); ++p) {
    Cut(parents[p]->ring, prefix, ranges[p].first, ranges[p].second, rng, purpose,
        static_cast<uint32_t>(p), rings);
  }
  std::vector<RegionShape> out;
  out.reserve(rings.size());
  for (std::size_t i = 0; i < rings.size(); ++i)
    out.push_back(Shape(std::move(rings[i]), child_population[i]));
  return out;
}

// Residents of each region of `regions`, from the populations of the next
// level down.
std::vector<int64_t> Sum(const std::vector<Region>& regions, const std::vector<int64_t>& below) {
  std::vector<int64_t> out;
  for (const Region& r : regions) {
    int64_t sum = 0;
    for (uint32_t c = r.first_child; c < r.end_child; ++c) sum += below[c];
    out.push_back(sum);
  }
  return out;
}

std::vector<std::pair<uint32_t, uint32_t>> Ranges(const std::vector<Region>& regions) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const Region& r : regions) out.emplace_back(r.first_child, r.end_child);
  return out;
}

std::vector<const RegionShape*> Pointers(const std::vector<RegionShape>& shapes) {
  std::vector<const RegionShape*> out;
  for (const RegionShape& s : shapes) out.push_back(&s);
  return out;
}

}  // namespace

Result<CityLayout> LayOutCity(const Population& pop, uint64_t seed, const LayoutOptions& options) {
  if (!(options.residents_per_km2 > 0) || !std::isfinite(options.residents_per_km2)) {
    return InvalidArgument(fmt::format("residents_per_km2: must be a positive number, got {}",
                                       options.residents_per_km2));
  }
  if (pop.grids.empty() || pop.districts.empty()) {
    return InvalidArgument("population: has no grids");
  }
  const Rng rng(seed);
  std::vector<int64_t> grid_population;
  for (uint32_t g = 0; g < pop.grid_count(); ++g)
    grid_population.push_back(pop.grid_agent_start[g + 1] - pop.grid_agent_start[g]);
  const auto community_population = Sum(pop.communities, grid_population);
  const auto street_population = Sum(pop.streets, community_population);
  const auto district_population = Sum(pop.districts, street_population);
  int64_t city_population = 0;
  for (int64_t p : district_population) city_population += p;

  CityLayout layout;
  layout.residents_per_km2 = options.residents_per_km2;
  const double area = static_cast<double>(city_population) / options.residents_per_km2 * 1e6;
  layout.city = Shape(Outline(rng, area), city_population);
  const uint32_t cut = static_cast<uint32_t>(Purpose::kCut);
  layout.districts = LayOutLevel({&layout.city}, {{0, static_cast<uint32_t>(pop.districts.size())}},
                                 district_population, rng, cut);
  layout.streets = LayOutLevel(Pointers(layout.districts), Ranges(pop.districts), street_population,
                               rng, cut + 1);
  layout.communities = LayOutLevel(Pointers(layout.streets), Ranges(pop.streets),
                                   community_population, rng, cut + 2);
  layout.grids = LayOutLevel(Pointers(layout.communities), Ranges(pop.communities), grid_population,
                             rng, cut + 3);
  return layout;
}

}  // namespace fk::sim
