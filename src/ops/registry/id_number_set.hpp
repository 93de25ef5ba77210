// The ID numbers an import has read so far, for its in-file duplicate check.
// A valid GB 11643 number (17 digits and a digit or X, checked before it
// gets here) is kept as one 64-bit key in an open-addressing table (8 to 16
// bytes a number, against about 90 for a hash set of strings) with no
// allocation per number: an import of 11,000,000 residents holds 128 MiB
// here instead of about 1 GiB, and frees it at once (bench/README.md,
// "Megacity import").
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace fk::ops {

class IdNumberSet {
 public:
  // Adds `id_number` (18 characters: 17 digits, then a digit or 'X');
  // false if it was there already.
  bool Insert(std::string_view id_number);
  size_t size() const { return size_; }

 private:
  void Grow();
  std::vector<uint64_t> slots_;  // 0: empty; else the key + 1
  size_t size_ = 0;
};

}  // namespace fk::ops
