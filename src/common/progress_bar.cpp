#include "common/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

namespace fk {

namespace {

std::string WithThousands(int64_t value) {
  std::string digits = std::to_string(value);
  size_t first = digits[0] == '-' ? 1 : 0;
  std::string grouped = digits.substr(0, first);
  for (size_t i = first; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string Duration(double seconds) {
  if (seconds < 0) return "--";
  auto s = static_cast<int64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

ProgressBar::Clock SteadyClock(ProgressBar::Clock clock) {
  if (clock) return clock;
  return [] { return std::chrono::steady_clock::now(); };
}

}  // namespace

ProgressBar::ProgressBar(int64_t total) : ProgressBar(total, Options{}) {}

ProgressBar::ProgressBar(int64_t total, Options options)
    : total_(total),
      label_(std::move(options.label)),
      unit_(std::move(options.unit)),
      out_(options.out ? options.out : &std::cerr),
      enabled_(options.out ? options.enabled : isatty(STDERR_FILENO) == 1),
      clock_(SteadyClock(std::move(options.clock))),
      started_(clock_()) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(int64_t done, int64_t infections) {
  done_ = done;
  infections_ = infections;
  if (!enabled_ || finished_) return;
  auto now = clock_();
  if (!drawn_ || now - last_draw_ >= kRedrawInterval || done >= total_) {
    last_draw_ = now;
    Draw();
  }
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_ || !drawn_) return;
  Draw();
  *out_ << '\n' << std::flush;
}

void ProgressBar::Draw() {
  double elapsed = std::chrono::duration<double>(clock_() - started_).count();
  double eta = done_ > 0 && elapsed > 0
                   ? elapsed * static_cast<double>(total_ - done_) / static_cast<double>(done_)
                   : -1;
  // "\x1b[K" clears what a longer earlier line left to the right.
  *out_ << '\r' << Line(label_, done_, total_, unit_, infections_, eta) << "\x1b[K" << std::flush;
  drawn_ = true;
}

std::string ProgressBar::Line(std::string_view label, int64_t done, int64_t total,
                              std::string_view unit, int64_t infections, double eta_seconds) {
  int64_t filled =
      total > 0 ? std::clamp<int64_t>(done * kBarWidth / total, 0, kBarWidth) : kBarWidth;
  return fmt::format("{} [{}{}] {}/{} {}  infections {}  ETA {}", label,
                     std::string(static_cast<size_t>(filled), '#'),
                     std::string(static_cast<size_t>(kBarWidth - filled), '.'), done, total, unit,
                     WithThousands(infections), Duration(eta_seconds));
}

}  // namespace fk
