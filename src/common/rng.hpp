// Counter-based random numbers (Random123 Philox4x32-10).
//
// A draw is a pure function of (seed, stream, day, agent, index): the same
// arguments give the same bits on any thread, in any order, on any machine.
// There is no generator state to share or to advance, so parallel code never
// needs locks or per-thread streams. Stateless; share freely.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace fk {

// What a draw is for. Each purpose is its own independent stream, so adding
// draws for one purpose never shifts the numbers of another.
enum class Stream : uint32_t {
  kPopulation = 1,      // building the synthetic city
  kSeeding = 2,         // choosing the initial infections
  kProgression = 3,     // disease course of an infected agent
  kInfectiousness = 4,  // individual infectiousness multiplier
  kTransmission = 5,    // who infects whom
  kImports = 6,         // infections imported from outside the city
  kCalibration = 7,     // pilot runs that calibrate transmission
  kIntervention = 8,    // testing, tracing, compliance
  kGeography = 9,       // laying the synthetic city out on a map
};

// Four 32-bit words of one Philox block.
using Bits = std::array<uint32_t, 4>;

class Rng {
 public:
  explicit Rng(uint64_t seed) : seed_(seed) {}

  uint64_t seed() const { return seed_; }

  // Raw 128 bits for (stream, day, agent, index).
  Bits Draw(Stream stream, uint32_t day, uint32_t agent, uint32_t index) const {
    r123::Philox4x32 gen;
    r123::Philox4x32::key_type key = {
        {static_cast<uint32_t>(seed_), static_cast<uint32_t>(seed_ >> 32)}};
    r123::Philox4x32::ctr_type ctr = {{static_cast<uint32_t>(stream), day, agent, index}};
    auto out = gen(ctr, key);
    return {out[0], out[1], out[2], out[3]};
  }

  // Like Draw, for 64-bit agent ids (populations beyond 4 billion are not
  // supported; agent ids are 32-bit everywhere).
  double Uniform(Stream stream, uint32_t day, uint32_t agent, uint32_t index) const {
    return ToUnit(Draw(stream, day, agent, index)[0]);
  }

  // A uniform double in [0, 1) from 32 bits (never exactly 1).
  static double ToUnit(uint32_t bits) { return (bits + 0.5) * (1.0 / 4294967296.0); }

  // A uniform integer in [0, n) from 32 bits (Lemire's multiply-shift; the
  // bias is below n / 2^32, negligible for n up to 10^8).
  static uint32_t ToIndex(uint32_t bits, uint32_t n) {
    return static_cast<uint32_t>((static_cast<uint64_t>(bits) * n) >> 32);
  }

  // A standard normal from two 32-bit words (Box-Muller).
  static double ToNormal(uint32_t a, uint32_t b) {
    double u1 = ToUnit(a), u2 = ToUnit(b);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t seed_;
};

}  // namespace fk
