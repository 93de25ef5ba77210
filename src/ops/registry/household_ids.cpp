#include "ops/registry/household_ids.hpp"

#include <functional>

namespace fk::ops {

// The slot of `key` in `slots` (a power of two long, never full), or of the
// empty slot where it would go.
size_t HouseholdIds::Locate(const std::vector<Slot>& slots, std::string_view key,
                            uint64_t hash) const {
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots[i];
    if (s.id == 0) return i;
    if (s.hash == static_cast<uint32_t>(hash) && s.length == key.size() &&
        std::string_view(keys_).substr(s.offset, s.length) == key)
      return i;
  }
}

int64_t HouseholdIds::Find(std::string_view key) const {
  if (slots_.empty()) return 0;
  return slots_[Locate(slots_, key, std::hash<std::string_view>{}(key))].id;
}

void HouseholdIds::Insert(std::string_view key, int64_t id) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();  // at most three quarters full
  const uint64_t hash = std::hash<std::string_view>{}(key);
  Slot& s = slots_[Locate(slots_, key, hash)];
  if (s.id != 0) return;
  s = {keys_.size(), static_cast<uint32_t>(key.size()), static_cast<uint32_t>(hash), id};
  keys_.append(key);
  ++size_;
}

void HouseholdIds::Grow() {
  std::vector<Slot> bigger(slots_.empty() ? 1024 : slots_.size() * 2, Slot{0, 0, 0, 0});
  for (const Slot& s : slots_) {
    if (s.id == 0) continue;
    const std::string_view key = std::string_view(keys_).substr(s.offset, s.length);
    bigger[Locate(bigger, key, std::hash<std::string_view>{}(key))] = s;
  }
  slots_.swap(bigger);
}

}  // namespace fk::ops
