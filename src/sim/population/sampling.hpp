// Sampling helpers for the population builder: named random purposes,
// a per-entity word stream over fk::Rng, low-discrepancy (Weyl) sequences and
// inverse-CDF tables. Pure functions of their arguments; share freely.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "common/rng.hpp"

namespace fk::sim::population_detail {

// The "day" slot of a Stream::kPopulation draw names what the draw is for, so
// draws of different purposes never collide: (seed, kPopulation, purpose,
// entity, index).
enum class Purpose : uint32_t {
  kOffsets = 0,           // entity 0: offsets of the Weyl sequences
  kHouseholdShuffle = 1,  // entity = grid: order of the grid's household sizes
  kHouseholdFill = 2,     // entity = grid: who lives in which household
  kSex = 3,               // entity = agent
  kEmployment = 4,        // entity = agent: employed?, health worker?, order key
  kEnrolment = 5,         // entity = agent: enrolled in school?
};

// Successive 32-bit words of the draws (purpose, entity, 0), (purpose, entity,
// 1), ...: a deterministic stream private to one entity.
class WordStream {
 public:
  WordStream(const Rng& rng, Purpose purpose, uint32_t entity)
      : rng_(rng), purpose_(purpose), entity_(entity) {}

  uint32_t Next() {
    if (used_ == 4) {
      bits_ = rng_.Draw(Stream::kPopulation, static_cast<uint32_t>(purpose_), entity_, block_++);
      used_ = 0;
    }
    return bits_[used_++];
  }
  // Uniform integer in [0, n).
  uint32_t Index(uint32_t n) { return Rng::ToIndex(Next(), n); }
  // Uniform integer in [lo, hi].
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Index(static_cast<uint32_t>(hi - lo + 1)));
  }

 private:
  const Rng& rng_;
  Purpose purpose_;
  uint32_t entity_;
  uint32_t block_ = 0;
  Bits bits_{};
  int used_ = 4;
};

// Weyl sequence x_i = frac(offset + i * alpha) in 64-bit fixed point: any run
// of consecutive indices is spread evenly over [0, 1) (discrepancy
// O(log n / n)), so quotas drawn from it match their targets closely in every
// grid and in the whole city.
inline constexpr uint64_t kGoldenAlpha = 0x9E3779B97F4A7C15ull;  // frac((sqrt 5 - 1) / 2)
inline constexpr uint64_t kSqrt2Alpha = 0x6A09E667F3BCC908ull;   // frac(sqrt 2)
inline constexpr uint64_t kSqrt3Alpha = 0xBB67AE8584CAA73Bull;   // frac(sqrt 3)

inline double WeylUnit(uint64_t offset, uint64_t alpha, uint64_t i) {
  return static_cast<double>((offset + i * alpha) >> 11) * (1.0 / 9007199254740992.0);
}

// Cumulative table of normalised weights: cdf[0] = 0, cdf.back() = 1.
inline std::vector<double> Cumulative(std::span<const double> weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<double> cdf(weights.size() + 1, 0.0);
  double acc = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    acc += weights[i];
    cdf[i + 1] = acc / sum;
  }
  cdf.back() = 1.0;
  return cdf;
}

// Index i with cdf[i] <= u < cdf[i + 1] (skipping empty bins).
inline int InverseCdf(const std::vector<double>& cdf, double u) {
  auto it = std::upper_bound(cdf.begin() + 1, cdf.end() - 1, u);
  return static_cast<int>(it - cdf.begin()) - 1;
}

}  // namespace fk::sim::population_detail
