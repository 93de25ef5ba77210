// A list stored in fixed-size chunks: the engine's active list. Growing it
// never copies what it holds (a vector's doubling briefly holds the old and
// the new array, three times the live data), and shrinking it frees whole
// chunks, so the memory it holds is its size rounded up to a chunk plus one
// spare chunk. Indexing is one shift and one mask. Not thread-safe for
// writes; concurrent reads and writes to distinct elements are fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace fk::sim {

template <class T>
class ChunkedList {
 public:
  static constexpr size_t kShift = 14;
  static constexpr size_t kChunk = size_t{1} << kShift;  // elements a chunk

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return chunks_[i >> kShift][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & (kChunk - 1)]; }

  void push_back(const T& value) {
    if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique<T[]>(kChunk));
    (*this)[size_++] = value;
  }

  // Removes the elements for which `drop` is true, keeping the order of the
  // others, and frees the chunks no longer needed (one spare is kept).
  template <class Pred>
  void RemoveIf(Pred drop) {
    size_t kept = 0;
    for (size_t i = 0; i < size_; ++i) {
      T& item = (*this)[i];
      if (drop(item)) continue;
      if (kept != i) (*this)[kept] = item;
      ++kept;
    }
    size_ = kept;
    size_t needed = (size_ + kChunk - 1) / kChunk + 1;
    if (chunks_.size() > needed) chunks_.resize(needed);
  }

  // Bytes held: the chunks and the table of chunk pointers.
  uint64_t MemoryBytes() const {
    return chunks_.size() * (kChunk * sizeof(T)) + chunks_.capacity() * sizeof(void*);
  }

  // Bytes a list of at most `max_size` elements can hold at any time.
  static uint64_t MaxMemoryBytes(uint64_t max_size) {
    uint64_t chunks = (max_size + kChunk - 1) / kChunk + 1;
    // The pointer table doubles: at most twice the chunks, times two while
    // it is copied.
    return chunks * (kChunk * sizeof(T)) + 4 * chunks * sizeof(void*);
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace fk::sim
