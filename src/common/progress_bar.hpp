// A one-line progress display for long runs, for example
//   模拟 simulate [##########..........] 52/120 days  infections 12,345  ETA 3s
// It draws only on a terminal (by default: stderr, when isatty says so),
// redraws at most 10 times a second, and ends its line with a newline in
// Finish(). Elsewhere (files, pipes, tests, CI logs) it writes nothing.
// One thread at a time: call it from the thread that drives the run.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace fk {

class ProgressBar {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Options {
    std::string label = "模拟 simulate";
    std::string unit = "days";
    std::ostream* out = nullptr;  // nullptr: std::cerr, drawn only if stderr is a terminal
    bool enabled = true;          // with an explicit `out`: whether to draw at all
    Clock clock{};                // empty: std::chrono::steady_clock::now
  };

  // A bar counting up to `total` units with the default options.
  explicit ProgressBar(int64_t total);
  ProgressBar(int64_t total, Options options);
  ~ProgressBar();  // Finish()
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `done` units of `total` are complete; `infections` so far. Redraws when
  // 100 ms have passed since the last drawing, on the first call and when
  // done reaches total.
  void Update(int64_t done, int64_t infections);

  // Draws the last state and ends the line; later calls do nothing.
  void Finish();

  // The text of the line, without the carriage return. eta_seconds < 0 shows
  // "ETA --".
  static std::string Line(std::string_view label, int64_t done, int64_t total,
                          std::string_view unit, int64_t infections, double eta_seconds);

 private:
  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  static constexpr int kBarWidth = 20;
  void Draw();

  // Constant after construction.
  const int64_t total_;
  const std::string label_;
  const std::string unit_;
  std::ostream* const out_;
  const bool enabled_;
  const Clock clock_;
  const std::chrono::steady_clock::time_point started_;

  int64_t done_ = 0;
  int64_t infections_ = 0;
  bool drawn_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace fk
