#include "common/progress_bar.hpp"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

namespace fk {
namespace {

using std::chrono::milliseconds;

TEST(ProgressBar, LineShowsBarCountsInfectionsAndEta) {
  EXPECT_EQ(ProgressBar::Line("模拟 simulate", 52, 120, "days", 12345, 3.2),
            "模拟 simulate [########............] 52/120 days  infections 12,345  ETA 3s");
  EXPECT_EQ(ProgressBar::Line("x", 0, 10, "days", 0, -1),
            "x [....................] 0/10 days  infections 0  ETA --");
  EXPECT_EQ(ProgressBar::Line("x", 10, 10, "days", 1234567, 0),
            "x [####################] 10/10 days  infections 1,234,567  ETA 0s");
  EXPECT_EQ(ProgressBar::Line("x", 1, 2, "days", 0, 125),
            "x [##########..........] 1/2 days  infections 0  ETA 2m05s");
  EXPECT_EQ(ProgressBar::Line("x", 1, 2, "days", 0, 3725),
            "x [##########..........] 1/2 days  infections 0  ETA 1h02m");
}

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  ProgressBar::Clock Get() {
    return [this] { return now; };
  }
};

TEST(ProgressBar, RedrawsAtMostTenTimesASecondAndEndsWithANewline) {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressBar bar(4, {"x", "days", &out, true, clock.Get()});
    bar.Update(1, 10);  // first call draws
    clock.now += milliseconds(50);
    bar.Update(2, 20);  // too soon
    EXPECT_EQ(out.str(), "\rx [#####...............] 1/4 days  infections 10  ETA --\x1b[K");
    clock.now += milliseconds(60);
    bar.Update(3, 30);  // 110 ms after the first drawing
    clock.now += milliseconds(10);
    bar.Update(4, 40);  // done: drawn at once
    bar.Finish();
    bar.Finish();  // once only
  }
  std::string text = out.str();
  size_t draws = 0;
  for (char c : text) draws += c == '\r';
  EXPECT_EQ(draws, 4u);  // updates 1, 3 and 4, then Finish
  EXPECT_NE(text.find("3/4 days  infections 30"), std::string::npos);
  EXPECT_EQ(text.find("2/4 days"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(ProgressBar, WritesNothingWhenDisabled) {
  std::ostringstream out;
  {
    ProgressBar bar(3, {"x", "days", &out, false, {}});
    bar.Update(1, 1);
    bar.Update(3, 2);
  }
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace fk
