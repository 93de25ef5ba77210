#include "sim/geography/polygon.hpp"

#include <gtest/gtest.h>

namespace fk::sim {
namespace {

const Ring kSquare = {{0, 0}, {2, 0}, {2, 2}, {0, 2}};

TEST(Polygon, SignedAreaIsPositiveCounterClockwise) {
  EXPECT_DOUBLE_EQ(SignedArea(kSquare), 4);
  EXPECT_DOUBLE_EQ(SignedArea({{0, 0}, {0, 2}, {2, 2}, {2, 0}}), -4);
}

TEST(Polygon, CentroidOfAreaNotOfVertices) {
  // A triangle with extra vertices crowded near one corner: the mean of the
  // vertices moves, the area's centroid does not.
  const Ring triangle = {{0, 0}, {0.001, 0}, {0.002, 0}, {3, 0}, {0, 3}};
  const Point c = Centroid(triangle);
  EXPECT_NEAR(c.x, 1, 1e-12);
  EXPECT_NEAR(c.y, 1, 1e-12);
  const Point far = Centroid({{1e6, 1e6}, {1e6 + 2, 1e6}, {1e6 + 2, 1e6 + 2}, {1e6, 1e6 + 2}});
  EXPECT_DOUBLE_EQ(far.x, 1e6 + 1);
  EXPECT_DOUBLE_EQ(far.y, 1e6 + 1);
}

TEST(Polygon, ClipKeepsTheLowSideCounterClockwise) {
  const Ring left = ClipHalfPlane(kSquare, 1, 0, 0.5);  // x <= 0.5
  EXPECT_DOUBLE_EQ(SignedArea(left), 1);
  for (const Point& p : left) EXPECT_LE(p.x, 0.5);
  EXPECT_TRUE(ClipHalfPlane(kSquare, 1, 0, -1).empty());
  EXPECT_DOUBLE_EQ(SignedArea(ClipHalfPlane(kSquare, 1, 0, 5)), 4);
}

TEST(Polygon, TheTwoHalvesOfACutShareBitIdenticalVertices) {
  const Ring ring = {{0.1, 0.3}, {7.7, -1.9}, {9.3, 4.1}, {2.2, 6.6}};
  const double nx = 0.6123, ny = 0.7906, c = 3.14159;
  const Ring a = ClipHalfPlane(ring, nx, ny, c);
  const Ring b = ClipHalfPlane(ring, -nx, -ny, -c);
  EXPECT_NEAR(SignedArea(a) + SignedArea(b), SignedArea(ring), 1e-12);
  int shared = 0;
  for (const Point& p : a)
    for (const Point& q : b) shared += p.x == q.x && p.y == q.y;
  EXPECT_EQ(shared, 2);
}

TEST(Polygon, ClipThroughAVertexLeavesNoDuplicate) {
  const Ring half = ClipHalfPlane(kSquare, 1, 1, 2);  // the diagonal x + y <= 2
  ASSERT_EQ(half.size(), 3u);
  EXPECT_DOUBLE_EQ(SignedArea(half), 2);
}

TEST(Polygon, ConvexContainsWithTolerance) {
  EXPECT_TRUE(ConvexContains(kSquare, {1, 1}, 0));
  EXPECT_TRUE(ConvexContains(kSquare, {2, 1}, 0));
  EXPECT_FALSE(ConvexContains(kSquare, {2.001, 1}, 0));
  EXPECT_TRUE(ConvexContains(kSquare, {2.001, 1}, 0.01));
  EXPECT_FALSE(ConvexContains(kSquare, {-1, -1}, 0.01));
}

}  // namespace
}  // namespace fk::sim
