#include "sim/geography/polygon.hpp"

#include <cmath>
#include <cstddef>

namespace fk::sim {

double SignedArea(const Ring& ring) {
  double twice = 0;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

Point Centroid(const Ring& ring) {
  // Relative to the first vertex, so that coordinates far from the origin
  // lose no precision in the cross products.
  const Point o = ring.front();
  double cx = 0, cy = 0, twice = 0;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[(i + 1) % n].x - o.x, by = ring[(i + 1) % n].y - o.y;
    const double cross = ax * by - bx * ay;
    twice += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  return {o.x + cx / (3 * twice), o.y + cy / (3 * twice)};
}

Ring ClipHalfPlane(const Ring& ring, double nx, double ny, double c) {
  Ring out;
  const std::size_t n = ring.size();
  out.reserve(n + 1);
  auto push = [&out](Point p) {
    if (out.empty() || out.back().x != p.x || out.back().y != p.y) out.push_back(p);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Point& p = ring[i];
    const Point& q = ring[(i + 1) % n];
    // Signed distances (times |n|) from the line; <= 0 is kept.
    const double dp = nx * p.x + ny * p.y - c;
    const double dq = nx * q.x + ny * q.y - c;
    if (dp <= 0) push(p);
    if ((dp < 0 && dq > 0) || (dp > 0 && dq < 0)) {
      // The same edge crossed from the other side gives the same t: both
      // numerator and denominator only change sign.
      const double t = dp / (dp - dq);
      push({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
    }
  }
  if (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y)
    out.pop_back();
  if (out.size() < 3) out.clear();
  return out;
}

bool ConvexContains(const Ring& ring, Point p, double tolerance) {
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    const double ex = b.x - a.x, ey = b.y - a.y;
    const double length = std::hypot(ex, ey);
    if (length == 0) continue;
    // Distance of p to the left of edge a->b (inside is left for CCW).
    const double left = (ex * (p.y - a.y) - ey * (p.x - a.x)) / length;
    if (left < -tolerance) return false;
  }
  return true;
}

}  // namespace fk::sim
