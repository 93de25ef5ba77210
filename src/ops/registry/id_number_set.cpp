#include "ops/registry/id_number_set.hpp"

namespace fk::ops {
namespace {

// 17 digits times 11 and the last character (0-9, X as 10): below 1.1e18,
// one key per number and no two numbers on one key.
uint64_t Key(std::string_view id) {
  uint64_t k = 0;
  for (size_t i = 0; i < 17; ++i) k = k * 10 + static_cast<uint64_t>(id[i] - '0');
  return k * 11 + (id[17] == 'X' ? 10 : static_cast<uint64_t>(id[17] - '0'));
}

// A 64-bit mix (splitmix64's finalizer): numbers share long prefixes.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool Place(std::vector<uint64_t>& slots, uint64_t stored) {
  const size_t mask = slots.size() - 1;
  for (size_t i = Mix(stored) & mask;; i = (i + 1) & mask) {
    if (slots[i] == stored) return false;
    if (slots[i] == 0) {
      slots[i] = stored;
      return true;
    }
  }
}

}  // namespace

bool IdNumberSet::Insert(std::string_view id_number) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();  // at most three quarters full
  if (!Place(slots_, Key(id_number) + 1)) return false;
  ++size_;
  return true;
}

void IdNumberSet::Grow() {
  std::vector<uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  for (uint64_t stored : slots_)
    if (stored) Place(bigger, stored);
  slots_.swap(bigger);
}

}  // namespace fk::ops
