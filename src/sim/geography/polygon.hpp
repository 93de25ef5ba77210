// Convex polygons in a plane (metres): area, centroid, containment and the
// cut by a straight line that the city layout is made of. Pure functions of
// their arguments; share freely between threads.
//
// A Ring is a convex polygon's vertices in counter-clockwise order, the first
// vertex not repeated at the end (GeoJSON's closing vertex is added only
// when writing, see geojson.hpp).
#pragma once

#include <vector>

namespace fk::sim {

struct Point {
  double x = 0;  // metres east
  double y = 0;  // metres north
};

using Ring = std::vector<Point>;

// Signed area by the shoelace formula: positive when counter-clockwise.
double SignedArea(const Ring& ring);

// The centroid of the polygon's area (not the mean of its vertices). For a
// convex polygon it lies inside. Precondition: non-zero area.
Point Centroid(const Ring& ring);

// The part of the convex `ring` where nx·x + ny·y <= c, counter-clockwise,
// without consecutive duplicate vertices; empty when nothing is left. The
// two halves of a cut, ClipHalfPlane(r, n, c) and ClipHalfPlane(r, -n, -c),
// get bit-identical vertices on the cut line.
Ring ClipHalfPlane(const Ring& ring, double nx, double ny, double c);

// Whether `p` lies inside the convex counter-clockwise `ring` or within
// `tolerance` metres of its boundary.
bool ConvexContains(const Ring& ring, Point p, double tolerance);

}  // namespace fk::sim
