// The households an import knows (registered before it, or made by it), by
// key (the grid's number in the import and the address): the keys back to
// back in one string and an open-addressing table of their places and ids.
// Two allocations in all instead of one or two per household: the
// 4,200,000 households of the city take about 250 MB (2^23 slots of
// 24 bytes and the keys) and are freed at once, where freeing a node per
// household was a fifth of the end of an import (bench/README.md,
// "Megacity import").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fk::ops {

class HouseholdIds {
 public:
  // The id of the household with `key`, 0 if none (ids start at 1).
  int64_t Find(std::string_view key) const;
  // Adds `key` with `id` (> 0) unless the key is there already.
  void Insert(std::string_view key, int64_t id);

 private:
  struct Slot {
    uint64_t offset;  // of the key in keys_
    uint32_t length;
    uint32_t hash;  // its low 32 bits, to skip most comparisons
    int64_t id;     // 0: empty
  };
  size_t Locate(const std::vector<Slot>& slots, std::string_view key, uint64_t hash) const;
  void Grow();
  std::string keys_;
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace fk::ops
